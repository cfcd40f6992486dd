use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `FROM` whose image uses the `latest` tag (`FROM node:latest`), after ARG expansion.
An image pinned by digest (`node:latest@sha256:…`) is not reported.

## Why it matters
`latest` is just the tag a publisher moved most recently. The next build may get a new major
release of the operating system or runtime, breaking the image without any change to the
Dockerfile, and nobody can tell from the file which version was built.

## Example
```dockerfile
FROM node:latest
```
Use instead:
```dockerfile
FROM node:22-slim
```

## Fix
None: choose the version the application was tested with.
"#;

pub const RULE: Rule = Rule {
    code: "LL2205",
    name: "base-image-latest",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3007"), Alias::trivy("DS-0001"), Alias::checkov("CKV_DOCKER_7")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (span, reference, tag) in helpers::tagged_base_images(context) {
        if tag == Some("latest") {
            findings.report(span, format!("`{reference}` uses the `latest` tag, which changes under you: pin a version"));
        }
    }
}
