use crate::model::Base;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Reports, as information, a shipped image (the target stage and the stages it is built `FROM`)
with no `HEALTHCHECK`. Build stages are not checked, nor are images whose base stage sets one.
`HEALTHCHECK NONE` counts as a deliberate choice. Off by default in hadolint (DL3057).

## Why it matters
Without a health check, Docker and Swarm only know whether the process is running, not whether
it answers: a deadlocked server stays "up" forever. Orchestrators such as Kubernetes ignore the
Dockerfile's HEALTHCHECK and use their own probes, so this matters most for plain Docker,
Compose and Swarm deployments.

## Example
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
```
Use instead:
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1
```

## Fix
None: the right probe depends on the application (and the image must contain the tool it runs).
"#;

pub const RULE: Rule = Rule {
    code: "LL1117",
    name: "missing-healthcheck",
    category: Category::Correctness,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3057"), Alias::trivy("DS-0026"), Alias::checkov("CKV_DOCKER_2")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    let Some(target) = model.target else { return };
    let mut stage = Some(target);
    while let Some(index) = stage {
        if context.stage_instructions(index).any(|(_, i)| i.is(Keyword::Healthcheck)) {
            return;
        }
        stage = match model.stages.get(index).map(|s| &s.base) {
            Some(Base::Stage { index, .. }) => Some(*index),
            _ => None,
        };
    }
    let Some(from) = model.stages.get(target).map(|s| &context.syntax.instructions[s.instruction]) else { return };
    findings.report(
        from.command.name_span,
        format!("The image built from stage '{}' has no HEALTHCHECK: Docker cannot tell a hung container from a healthy one", model.stages[target].display_name()),
    );
}
