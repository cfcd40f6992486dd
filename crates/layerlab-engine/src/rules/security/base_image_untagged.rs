use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `FROM` whose image has neither a tag nor a digest (`FROM ubuntu`). The image reference
is read after ARG expansion, so `ARG BASE=node:22` / `FROM ${BASE}` is not reported (hadolint
reports it, hadolint#219 and #858); references that cannot be expanded, stage names and
`scratch` are skipped.

## Why it matters
An untagged image means `:latest`, which moves: the next build may get a new major release of
the operating system or runtime, breaking the image without any change to the Dockerfile, and
two builds of one commit differ.

## Example
```dockerfile
FROM python
```
Use instead:
```dockerfile
FROM python:3.12-slim
```

## Fix
None: choose the version the application was tested with.
"#;

pub const RULE: Rule = Rule {
    code: "LL2204",
    name: "base-image-untagged",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3006"), Alias::trivy("DS-0001"), Alias::checkov("CKV_DOCKER_7")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (span, reference, tag) in helpers::tagged_base_images(context) {
        if tag.is_none() {
            findings.report(span, format!("`{reference}` has no tag: it means `latest`, which changes under you"));
        }
    }
}
