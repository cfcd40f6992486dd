use crate::rules::helpers;
use crate::rules::{transform, Applicability, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
In a shipped stage, flags `pip install` into the system site-packages (no virtual environment)
when the stage also carries a compiler: a full `python` base image (gcc and headers included) or
an `apt-get`/`apk` install of `build-essential`, `gcc`, `build-base` or `*-dev` packages that the
same `RUN` does not remove. Catalog candidate SZ-08.

## Why it matters
The compilers are only needed to build wheels, yet they ship with the application: hundreds of
MB. A virtual environment built in a builder stage can be copied alone into `python:*-slim`.

## Example
```dockerfile
FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "app.py"]
```
Use instead:
```dockerfile
FROM python:3.12 AS build
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt

FROM python:3.12-slim
WORKDIR /app
ENV PATH="/opt/venv/bin:$PATH"
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
CMD ["python", "app.py"]
```

## Fix
For a single-stage file, the rewrite above, to review: shared libraries the wheels link against
(`libpq5` for `psycopg2`) must be installed in the runtime stage by hand.
"#;

pub const RULE: Rule = Rule {
    code: "LL3310",
    name: "python-build-tools-shipped",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn is_build_tool(package: &str) -> bool {
    let name = package.split(['=', '<', '>']).next().unwrap_or(package);
    matches!(name, "build-essential" | "build-base" | "gcc" | "g++" | "make" | "clang") || name.ends_with("-dev") || name.ends_with("-devel")
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        if !context.stage_is_shipped(stage.index) {
            continue;
        }
        // Only a system `pip install` is reported: stages without one skip the scans below.
        if !context.stage_instructions(stage.index).any(|(index, _)| context.commands(index).iter().any(system_pip_install)) {
            continue;
        }
        let full_python = helpers::root_image(context, stage.index).is_some_and(|r| {
            let name = helpers::official_name(r);
            name.strip_prefix("python").is_some_and(|tag| tag.is_empty() || tag.starts_with(':') && !tag.contains("slim") && !tag.contains("alpine"))
        });
        let mut compiler: Option<String> = full_python.then(|| "the full `python` image's gcc and headers".to_owned());
        let mut venv = false;
        for (index, instruction) in context.stage_instructions(stage.index) {
            if instruction.is(Keyword::Env) && instruction.command.args.iter().any(|a| a.value == "VIRTUAL_ENV" || a.value.contains("venv")) {
                venv = true;
            }
            if !instruction.is(Keyword::Run) {
                continue;
            }
            let commands = context.commands(index);
            if commands.iter().any(|c| c.has_word("venv") || c.program().is_some_and(|p| p.contains("venv") || p == "uv" || p == "poetry" || p == "pipenv")) {
                venv = true;
            }
            let removes = commands.iter().any(|c| c.arguments().iter().any(|a| matches!(a.as_str(), "purge" | "remove" | "autoremove" | "del")));
            if compiler.is_none() && !removes {
                let tools: Vec<&str> = commands
                    .iter()
                    .flat_map(|c| helpers::install_operands(c, &["apt-get", "apt", "apk"], &["install", "add"], &["-t", "--target-release"]))
                    .filter(|p| is_build_tool(p))
                    .collect();
                if !tools.is_empty() {
                    compiler = Some(format!("`{}` (line {})", tools.join(" "), instruction.start_line));
                }
            }
            if venv {
                continue;
            }
            let Some(what) = &compiler else { continue };
            let Some(pip) = commands.iter().find(|c| system_pip_install(c)) else { continue };
            let finding = findings.report(
                helpers::command_span(context, instruction, pip),
                format!("`pip install` into the system Python of a shipped stage that carries {what}: build a virtual environment in a builder stage and copy it into `python:*-slim`"),
            );
            if let Some(split) = transform::split_build(context) {
                finding.with_fix(split.title, Applicability::ManualWithPreview, split.edits);
            }
            break;
        }
    }
}

/// A `pip install` into the system Python (not `--target`, `--prefix` or `--user`).
fn system_pip_install(command: &SimpleCommand) -> bool {
    helpers::pip_arguments(command).is_some_and(|a| a.first().is_some_and(|a| a == "install") && !a.iter().any(|a| a == "--target" || a == "-t" || a == "--prefix" || a == "--user"))
}
