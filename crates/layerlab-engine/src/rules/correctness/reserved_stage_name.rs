use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a stage named `scratch` or `context`.

## Why it matters
`scratch` is the built-in empty image and `context` is how `--mount=from=context` and named
build contexts refer to the build context. A stage with one of these names is ambiguous:
`FROM scratch` later in the file means the empty image, not your stage, and some builders
resolve `context` to the build context instead. Either way the reference does not do what the
text suggests.

## Example
```dockerfile
FROM alpine:3.22 AS scratch
RUN touch /marker
FROM scratch
COPY --from=scratch /marker /
```
Use instead:
```dockerfile
FROM alpine:3.22 AS base
RUN touch /marker
FROM scratch
COPY --from=base /marker /
```

## Fix
None: pick a new name and update the references.
"#;

pub const RULE: Rule = Rule {
    code: "LL1102",
    name: "reserved-stage-name",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3063"), Alias::buildkit("ReservedStageName")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const RESERVED: &[&str] = &["scratch", "context"];

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        let Some(name) = stage.name.as_deref().filter(|n| RESERVED.contains(n)) else { continue };
        let instruction = &context.syntax.instructions[stage.instruction];
        let span = instruction.command.args.get(2).map_or(instruction.span, |w| w.span);
        findings.report(span, format!("\"{name}\" is reserved and should not be used as a stage name: references to it are ambiguous"));
    }
}
