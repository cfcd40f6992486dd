use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `pip install` in a shipped stage built on a `python` image when neither
`PYTHONDONTWRITEBYTECODE` nor `PIP_NO_COMPILE` is set in the stage's environment and the command
does not pass `--no-compile`. Catalog candidate SZ-09.

## Why it matters
pip byte-compiles every module it installs into `__pycache__/*.pyc` files, which ship in the
layer next to the sources; Python scripts run during the build write more of them. Python
regenerates them on first import when they are missing, so for most services they are extra
bytes in every pull.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt
```
Use instead:
```dockerfile
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1
RUN pip install --no-cache-dir --no-compile -r requirements.txt
```

## Fix
Adds `--no-compile` after `install`. Unsafe: the first import of each module is slower, and a
read-only root filesystem can never cache the compiled files; images that care about start-up
time keep the `.pyc` files on purpose. Setting `PYTHONDONTWRITEBYTECODE=1` (which also keeps the
running container from writing `.pyc` files into its writable layer) silences the rule; whether
pip's own compile step honours it is not checked here, `--no-compile` is the explicit switch.
"#;

pub const RULE: Rule = Rule {
    code: "LL3308",
    name: "python-bytecode-shipped",
    category: Category::Size,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if !context.is_shipped(index) {
            continue;
        }
        let Some(stage) = context.stage_of(index) else { continue };
        let Some(reference) = helpers::root_image(context, stage) else { continue };
        let repository = reference.split(['@']).next().unwrap_or(reference).rsplit_once(':').map_or(reference, |(r, _)| r);
        if !matches!(helpers::official_name(repository), "python" | "pypy") {
            continue;
        }
        let state = context.step(stage, index).map(|s| &s.state);
        if state.is_some_and(|s| s.get("PYTHONDONTWRITEBYTECODE").is_some() || s.get("PIP_NO_COMPILE").is_some()) {
            continue;
        }
        for command in context.commands(index) {
            let Some(pip) = helpers::pip_arguments(command) else { continue };
            if pip.first().is_none_or(|a| a != "install") || pip.iter().any(|a| a == "--no-compile") {
                continue;
            }
            if command.assignments().any(|(n, _)| n == "PYTHONDONTWRITEBYTECODE" || n == "PIP_NO_COMPILE") {
                continue;
            }
            let finding = findings.report(
                helpers::command_span(context, instruction, command),
                "`pip install` byte-compiles every installed module into `.pyc` files that ship in this layer; set `PYTHONDONTWRITEBYTECODE=1` or pass `--no-compile`",
            );
            let script = context.run_script(instruction);
            if let Some(at) = helpers::offset_after_word(instruction, &script, command, "install") {
                finding.with_fix("Install without byte-compiling", Applicability::Unsafe, vec![Edit::insert(at, " --no-compile")]);
            }
            break;
        }
    }
}
