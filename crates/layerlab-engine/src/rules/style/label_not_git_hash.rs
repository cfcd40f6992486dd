use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a label that the label schema declares as `hash` when its value is not a git commit hash. Off unless a
schema is set: hadolint reads it from `label-schema` in `.hadolint.yaml`; Layerlab reads it
from a comment, `# layerlab: label-schema=<label>:hash,…`. Empty values and variables are left
to other checks.

## Why it matters
Labels such as `org.opencontainers.image.revision` tie an image to the commit it was built
from; tools look the value up in the repository. A branch name or a tag moves and cannot
identify the build.

## Example
```dockerfile
# layerlab: label-schema=org.opencontainers.image.revision:hash
LABEL org.opencontainers.image.revision="main"
```
Use instead:
```dockerfile
LABEL org.opencontainers.image.revision="3f2a9c1d5e7b8a4f6c0d2e1b9a8f7c6d5e4b3a21"
```

## Fix
None: only you know the right value.
"#;

pub const RULE: Rule = Rule {
    code: "LL6209",
    name: "label-not-git-hash",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3055")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::check_label_format(context, findings, "hash", "a git commit hash", valid);
}

/// A full SHA-1 (40) or SHA-256 (64) object name, or an abbreviated one of 7+ hex digits.
fn valid(value: &str) -> bool {
    (7..=64).contains(&value.len()) && value.chars().all(|c| c.is_ascii_hexdigit())
}
