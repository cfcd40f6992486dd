use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a label that the label schema declares as `url` when its value is not a URL. Off unless a
schema is set: hadolint reads it from `label-schema` in `.hadolint.yaml`; Layerlab reads it
from a comment, `# layerlab: label-schema=<label>:url,…`. Empty values and variables are left
to other checks.

## Why it matters
Tools turn labels such as `org.opencontainers.image.source` into links; registries show them on
the image page. A value that is not a URL breaks those links.

## Example
```dockerfile
# layerlab: label-schema=org.opencontainers.image.source:url
LABEL org.opencontainers.image.source="github.com/acme/app"
```
Use instead:
```dockerfile
LABEL org.opencontainers.image.source="https://github.com/acme/app"
```

## Fix
None: only you know the right value.
"#;

pub const RULE: Rule = Rule {
    code: "LL6206",
    name: "label-not-url",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3052")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::check_label_format(context, findings, "url", "a URL", valid);
}

/// `scheme://host…` with a letter-first scheme and a non-empty host.
fn valid(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else { return false };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    scheme_ok && !rest.is_empty() && !rest.starts_with('/') && !value.contains(char::is_whitespace)
}
