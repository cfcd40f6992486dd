use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `pip install` without `--no-cache-dir`. Not reported when `PIP_NO_CACHE_DIR` is set (by
ENV, ARG or on the command line), when a cache or tmpfs mount covers `~/.cache/pip`, nor in
build stages whose layers do not reach the image (hadolint reports those too). The finding's
effect is the measured cache size (catalog candidate SZ-07).

## Why it matters
pip keeps every wheel it downloads or builds in `~/.cache/pip`. In an image nothing reinstalls
them, so the cache is pure weight: a few MB for small packages, gigabytes for PyTorch-class
dependencies.

## Example
```dockerfile
RUN pip install -r requirements.txt
```
Use instead:
```dockerfile
RUN pip install --no-cache-dir -r requirements.txt
```
or, to speed up rebuilds as well:
```dockerfile
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
```

## Fix
Inserts `--no-cache-dir` after `install`. Safe: it only stops pip writing its cache.
"#;

pub const RULE: Rule = Rule {
    code: "LL3207",
    name: "pip-cache-not-disabled",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3042")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if !context.is_shipped(index) || helpers::has_cache_mount(context, index, |t| t.ends_with(".cache/pip") || t.ends_with("/.cache")) {
            continue;
        }
        let script = context.run_script(instruction);
        // Looked up at the first `pip install` only: most RUNs have none.
        let mut env_disables = None;
        for command in context.commands(index) {
            let Some(arguments) = helpers::pip_arguments(command) else { continue };
            if !arguments.iter().any(|a| a == "install") || arguments.iter().any(|a| a == "--no-cache-dir" || a == "--no-cache") {
                continue;
            }
            if command.assignments().any(|(name, _)| name == "PIP_NO_CACHE_DIR") {
                continue;
            }
            if *env_disables.get_or_insert_with(|| env_disables_cache(context, index)) {
                break;
            }
            let finding = findings.report(
                helpers::command_span(context, instruction, command),
                "`pip install` without `--no-cache-dir`: downloaded wheels stay in the layer",
            );
            if let Some(at) = helpers::offset_after_word(instruction, &script, command, "install") {
                finding.with_fix("Add `--no-cache-dir`", Applicability::Safe, vec![Edit::insert(at, " --no-cache-dir")]);
            }
        }
    }
}

/// Whether an ENV or ARG before the RUN at `index`, in its stage, sets `PIP_NO_CACHE_DIR`.
fn env_disables_cache(context: &RuleContext, index: usize) -> bool {
    let stage = context.stage_of(index).unwrap_or(usize::MAX);
    context.stage_instructions(stage).any(|(i, s)| {
        i < index && matches!(s.command.keyword, Keyword::Env | Keyword::Arg) && s.command.args.iter().any(|a| a.value == "PIP_NO_CACHE_DIR" || a.value.starts_with("PIP_NO_CACHE_DIR="))
    })
}
