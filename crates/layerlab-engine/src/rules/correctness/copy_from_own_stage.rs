use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `COPY --from=<stage>` that names the stage it is in (by name or index).

## Why it matters
A stage cannot copy from itself: its filesystem is what is being built. BuildKit reports a
circular dependency and the build fails.

## Example
```dockerfile
FROM node:22 AS build
COPY --from=build /app/dist /dist
```
Use instead:
```dockerfile
FROM node:22 AS build
RUN cp -r /app/dist /dist
```

## Fix
None: copy within the stage with `RUN cp`, or from the stage that produced the files.
"#;

pub const RULE: Rule = Rule {
    code: "LL1206",
    name: "copy-from-own-stage",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::hadolint("DL3023"), Alias::trivy("DS-0006")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Copy) {
        let Some(flag) = instruction.command.flag("from") else { continue };
        let Some(from) = flag.value.as_deref() else { continue };
        let Some(stage) = context.stage_of(index).and_then(|s| context.model.stages.get(s)) else { continue };
        let own = from.parse::<usize>().is_ok_and(|n| n == stage.index) || stage.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(from));
        if own {
            findings.report(flag.span, format!("`COPY --from={from}` copies from its own stage: a stage cannot read its own result"));
        }
    }
}
