use crate::model::Base;
use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `FROM` image from a registry not in the list of trusted registries. Off unless the list
is set: hadolint reads it from `trustedRegistries` in `.hadolint.yaml`; Layerlab reads it from
a comment in the Dockerfile, `# layerlab: trusted-registries=docker.io,ghcr.io`. Images without
a registry host are on `docker.io`.

## Why it matters
Organisations often allow base images only from registries they mirror and scan. An image
from anywhere else bypasses that review: it may be unpatched, typo-squatted or disappear.

## Example
```dockerfile
# layerlab: trusted-registries=registry.example.com
FROM docker.io/library/nginx:1.27
```
Use instead:
```dockerfile
FROM registry.example.com/mirror/nginx:1.27
```

## Fix
None: the mirrored image name depends on the organisation.
"#;

pub const RULE: Rule = Rule {
    code: "LL2206",
    name: "untrusted-registry",
    category: Category::Security,
    severity: Severity::Error,
    aliases: &[Alias::hadolint("DL3026")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let Some(list) = helpers::setting(context, "trusted-registries") else { return };
    let trusted: Vec<&str> = list.split(',').map(str::trim).filter(|r| !r.is_empty()).collect();
    if trusted.is_empty() {
        return;
    }
    for stage in &context.model.stages {
        let Base::Image { reference, .. } = &stage.base else { continue };
        if reference.contains('$') {
            continue;
        }
        let registry = match reference.split_once('/') {
            Some((host, _)) if host.contains(['.', ':']) || host == "localhost" => host,
            _ => "docker.io",
        };
        let registry = if registry == "index.docker.io" || registry == "registry-1.docker.io" { "docker.io" } else { registry };
        if !trusted.iter().any(|t| t.eq_ignore_ascii_case(registry)) {
            let instruction = &context.syntax.instructions[stage.instruction];
            let span = instruction.command.args.first().map_or(instruction.span, |a| a.span);
            findings.report(span, format!("`{reference}` comes from `{registry}`, which is not a trusted registry"));
        }
    }
}
