use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a stage name (`FROM … AS name`) used by an earlier stage too. Names are compared in lower
case, as BuildKit stores them.

## Why it matters
`COPY --from=name`, `FROM name` and `--target name` pick one of the stages silently (the last
one defined before the reference, or the last in the file for `--target`). Copying from the
wrong stage ships the wrong files, and the build still succeeds.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /app ./cmd/server
FROM node:22 AS build
RUN npm run build
```
Use instead:
```dockerfile
FROM golang:1.23 AS build-server
RUN go build -o /app ./cmd/server
FROM node:22 AS build-web
RUN npm run build
```

## Fix
None: renaming a stage means deciding which references meant which stage.
"#;

pub const RULE: Rule = Rule {
    code: "LL1101",
    name: "duplicate-stage-name",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[
        Alias::hadolint("DL3024"),
        Alias::buildkit("DuplicateStageName"),
        Alias::trivy("DS-0012"),
        Alias::checkov("CKV_DOCKER_11"),
        Alias::dockerfile_utils("DUPLICATE_BUILD_STAGE_NAME"),
    ],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let stages = &context.model.stages;
    for (position, stage) in stages.iter().enumerate() {
        let Some(name) = &stage.name else { continue };
        let Some(first) = stages[..position].iter().find(|s| s.name.as_ref() == Some(name)) else { continue };
        let instruction = &context.syntax.instructions[stage.instruction];
        let span = instruction.command.args.get(2).map_or(instruction.span, |w| w.span);
        let first_line = context.syntax.instructions[first.instruction].start_line;
        findings.report(
            span,
            format!("Duplicate stage name \"{name}\" (first defined on line {first_line}): references to it pick one stage silently"),
        );
    }
}
