use crate::rules::helpers;
use crate::rules::{Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `FROM` whose image (ARGs expanded) has a version tag but no `@sha256:` digest. Untagged
and `latest` references are left to `base-image-untagged` and `base-image-latest`. Catalog
candidate SE-04.

## Why it matters
A tag is a moving pointer: `python:3.12-slim` is rebuilt for every Debian security update, so two
builds of the same file can differ, and a compromised tag reaches you unnoticed. A digest names
exactly one image; tools like Renovate or Dependabot keep it current.

## Example
```dockerfile
FROM python:3.12-slim
```
Use instead:
```dockerfile
FROM python:3.12-slim@sha256:<digest from `docker buildx imagetools inspect python:3.12-slim`>
```

## Fix
None: the digest has to come from the registry, which the playground does not query.
"#;

pub const RULE: Rule = Rule {
    code: "LL2305",
    name: "base-image-not-pinned-by-digest",
    category: Category::Security,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (span, reference, tag) in helpers::tagged_base_images(context) {
        if tag.is_some_and(|t| t != "latest" && !t.is_empty()) {
            findings.report(span, format!("`{reference}` is not pinned by digest: the tag can point at a different image tomorrow; add `@sha256:…`"));
        }
    }
}
