use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a label that the label schema declares as `semver` when its value is not a semantic version. Off unless a
schema is set: hadolint reads it from `label-schema` in `.hadolint.yaml`; Layerlab reads it
from a comment, `# layerlab: label-schema=<label>:semver,…`. Empty values and variables are left
to other checks.

## Why it matters
Version labels such as `org.opencontainers.image.version` are compared by tools to find the
newest image. `MAJOR.MINOR.PATCH` (with optional `-prerelease` and `+build`) sorts
predictably; `v2`, `latest` or `2024 release` do not.

## Example
```dockerfile
# layerlab: label-schema=org.opencontainers.image.version:semver
LABEL org.opencontainers.image.version="v2"
```
Use instead:
```dockerfile
LABEL org.opencontainers.image.version="2.0.0"
```

## Fix
None: only you know the right value.
"#;

pub const RULE: Rule = Rule {
    code: "LL6210",
    name: "label-not-semver",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3056")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::check_label_format(context, findings, "semver", "a semantic version", valid);
}

/// `MAJOR.MINOR.PATCH[-prerelease][+build]`, no leading zeros.
fn valid(value: &str) -> bool {
    let (core, build) = value.split_once('+').map_or((value, None), |(c, b)| (c, Some(b)));
    let (core, pre) = core.split_once('-').map_or((core, None), |(c, p)| (c, Some(p)));
    let identifiers_ok = |text: Option<&str>| text.is_none_or(|t| t.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')));
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && (n.len() == 1 || !n.starts_with('0')))
        && identifiers_ok(pre)
        && identifiers_ok(build)
}
