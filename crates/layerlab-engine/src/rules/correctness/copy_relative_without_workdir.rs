use crate::model::{Base, Expanded};
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `COPY` with a relative destination (`COPY app.py .`) in a stage that has not set a
`WORKDIR` (itself or through the stages it is built `FROM`).

## Why it matters
A relative destination is resolved against the working directory the base image happens to
set, often `/`. The files end up in a place that changes when the base image changes, and
`COPY . .` into `/` scatters the project over the root filesystem.

## Example
```dockerfile
FROM python:3.12-slim
COPY app.py .
```
Use instead:
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY app.py .
```

## Fix
None: choose the directory the application should live in.
"#;

pub const RULE: Rule = Rule {
    code: "LL1209",
    name: "copy-relative-destination-without-workdir",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3045")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Copy) {
        let Some(destination) = instruction.command.args.last().filter(|_| instruction.command.args.len() >= 2) else { continue };
        let path = destination.value.trim_matches('"');
        if path.starts_with(['/', '$', '~']) || path.get(1..3).is_some_and(|p| p == ":\\" || p == ":/") {
            continue;
        }
        let Some(stage) = context.stage_of(index) else { continue };
        if workdir_set(context, stage, index) {
            continue;
        }
        findings.report(destination.span, format!("relative destination `{path}` with no WORKDIR in this stage: it depends on the base image's working directory"));
    }
}

/// Whether a WORKDIR runs before `before` in `stage` or in a stage it is built FROM.
fn workdir_set(context: &RuleContext, stage: usize, before: usize) -> bool {
    let mut current = Some(stage);
    let mut limit = before;
    for _ in 0..=context.model.stages.len() {
        let Some(s) = current else { return false };
        if context.stage_instructions(s).any(|(i, x)| i < limit && x.is(Keyword::Workdir)) {
            return true;
        }
        let Some(model_stage) = context.model.stages.get(s) else { return false };
        if model_stage.steps.iter().any(|step| step.onbuild && matches!(step.expanded, Expanded::Workdir { .. })) {
            return true;
        }
        current = match model_stage.base {
            Base::Stage { index, .. } => Some(index),
            _ => None,
        };
        limit = usize::MAX;
    }
    false
}
