use crate::model::{Base, Expanded};
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `USER root` (or `USER 0`) that is the last USER of the image that ships: the target
stage, or the stage it is built `FROM` when the target sets no USER. Build stages that only
feed `COPY --from` are not checked (hadolint checks every stage, hadolint#1068). An image with
no USER at all is another rule's business (Trivy DS-0002).

## Why it matters
Containers run as the image's last USER. Running as root means a compromise of the application
is a compromise of the container with full privileges, one kernel bug away from the host.
Switching to root for installation is fine as long as the image switches back.

## Example
```dockerfile
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl
```
Use instead:
```dockerfile
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl
USER app
```

## Fix
None: the right unprivileged user depends on the image (`nobody`, `node`, `65532`, …).
"#;

pub const RULE: Rule = Rule {
    code: "LL2202",
    name: "last-user-root",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3002"), Alias::checkov("CKV_DOCKER_8")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let mut stage = context.model.target;
    for _ in 0..=context.model.stages.len() {
        let Some(current) = stage.and_then(|s| context.model.stages.get(s)) else { return };
        let last_user = current.steps.iter().rev().find(|s| !s.onbuild && s.keyword == Keyword::User);
        if let Some(step) = last_user {
            let user = match &step.expanded {
                Expanded::User { user } => user.clone(),
                _ => return,
            };
            let name = user.split(':').next().unwrap_or_default();
            if name == "root" || name == "0" {
                let instruction = &context.syntax.instructions[step.instruction];
                let span = instruction.command.args.first().map_or(instruction.span, |a| a.span);
                findings.report(span, "the image's last USER is root: the container runs with full privileges");
            }
            return;
        }
        stage = match current.base {
            Base::Stage { index, .. } => Some(index),
            _ => None,
        };
    }
}
