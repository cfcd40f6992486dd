use crate::model::Expanded;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `COPY --from=<stage>` in a stage that ships (the target or a stage it is built `FROM`)
without `--link`. Catalog candidate CA-06.

## Why it matters
Without `--link`, a `COPY` layer is computed on top of the layers below it: when the base image
of the final stage changes (a new `distroless` digest, a patched `alpine`), every `COPY --from`
after it is re-executed and its layer pushed again. With `--link` the copied files form an
independent layer that BuildKit can rebase onto the new base without copying again, and
registries can reuse the blob (`--link` is the Dockerfile reference's advice for exactly this
case).

## Example
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```
Use instead:
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY --link --from=build /out/app /app
```

## Fix
Adds `--link`. Safe for copies into a new path; not offered with `--chmod` (older BuildKit
releases mishandled `--chmod` with `--link`, and the permissions of created parent directories
differ). With `--link`, a destination that is a symlink in the base is not followed.
"#;

pub const RULE: Rule = Rule {
    code: "LL4306",
    name: "copy-from-without-link",
    category: Category::Cache,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        if !context.stage_is_shipped(stage.index) {
            continue;
        }
        for step in stage.steps.iter().filter(|s| !s.onbuild) {
            let Expanded::Copy { from: Some(from), link: false, chmod, .. } = &step.expanded else { continue };
            let is_stage = context.model.stage_by_name(from).is_some() || from.parse::<usize>().is_ok_and(|n| n < stage.index);
            if !is_stage {
                continue;
            }
            let instruction = &context.syntax.instructions[step.instruction];
            let finding = findings.report(
                instruction.command.name_span,
                format!("`COPY --from={from}` without `--link`: a new base image re-runs this copy and pushes its layer again"),
            );
            if chmod.is_none() && instruction.command.flag("link").is_none() {
                finding.with_fix("Add --link", Applicability::Safe, vec![Edit::insert(instruction.command.name_span.end, " --link")]);
            }
        }
    }
}
