use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags an empty value for a label the label schema lists. Off unless a schema is set: hadolint
reads it from `label-schema` in `.hadolint.yaml`; Layerlab reads it from a comment,
`# layerlab: label-schema=<label>:<format>,…`.

## Why it matters
An empty label satisfies a "label present" check while carrying no information; usually a
build argument meant to fill it was not passed.

## Example
```dockerfile
# layerlab: label-schema=org.opencontainers.image.version:semver
LABEL org.opencontainers.image.version=""
```
Use instead:
```dockerfile
LABEL org.opencontainers.image.version="1.4.2"
```

## Fix
None: only you know the value.
"#;

pub const RULE: Rule = Rule {
    code: "LL6214",
    name: "label-empty",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3051")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let schema = helpers::label_schema(context);
    for (_, key, value) in helpers::label_pairs(context) {
        let name = helpers::unquote(&key.value);
        if schema.iter().any(|(n, _)| n == name) && helpers::unquote(&value.value).trim().is_empty() {
            findings.report(key.span.cover(value.span), format!("label `{name}` is empty"));
        }
    }
}
