use crate::model::{check_reference, Expanded};
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `COPY --from=` value that is neither an earlier stage's name, a stage index, nor a valid
image reference (`--from=Build!`, `--from=my_stage:`, `--from=registry/Repo`).

## Why it matters
When `--from` does not name a stage, BuildKit treats it as an image to pull. A value that cannot
be an image reference fails the build ("invalid reference format"), usually far from the typo
that caused it.

## Example
```dockerfile
FROM golang:1.23 AS build
FROM alpine:3.22
COPY --from=build: /app /app
```
Use instead:
```dockerfile
FROM golang:1.23 AS build
FROM alpine:3.22
COPY --from=build /app /app
```

## Fix
None: the intended stage or image is not certain.
"#;

pub const RULE: Rule = Rule {
    code: "LL1118",
    name: "copy-from-invalid-value",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::dockerfile_utils("FLAG_INVALID_FROM_VALUE")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    for stage in &model.stages {
        for step in stage.steps.iter().filter(|s| !s.onbuild) {
            let Expanded::Copy { from: Some(from), .. } = &step.expanded else { continue };
            let is_stage = model.stages[..stage.index].iter().any(|s| s.name.as_deref() == Some(from.to_lowercase().as_str()));
            if is_stage || from.parse::<i64>().is_ok() || from.is_empty() {
                continue;
            }
            let Err(problem) = check_reference(from) else { continue };
            let instruction = &context.syntax.instructions[step.instruction];
            let span = instruction.command.flag("from").map_or(instruction.span, |f| f.span);
            findings.report(span, format!("--from={from} is neither a stage nor a valid image reference ({problem}): the build fails"));
        }
    }
}
