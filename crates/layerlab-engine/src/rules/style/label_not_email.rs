use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a label that the label schema declares as `email` when its value is not an email address. Off unless a
schema is set: hadolint reads it from `label-schema` in `.hadolint.yaml`; Layerlab reads it
from a comment, `# layerlab: label-schema=<label>:email,…`. Empty values and variables are left
to other checks.

## Why it matters
Contact labels such as `org.opencontainers.image.authors` or `maintainer` are how people reach
the image owners about a vulnerability. A name without an address cannot be contacted.

## Example
```dockerfile
# layerlab: label-schema=maintainer:email
LABEL maintainer="Jane Doe"
```
Use instead:
```dockerfile
LABEL maintainer="jane@example.com"
```

## Fix
None: only you know the right value.
"#;

pub const RULE: Rule = Rule {
    code: "LL6211",
    name: "label-not-email",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3058")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::check_label_format(context, findings, "email", "an email address", valid);
}

/// `local@domain.tld`, optionally as `Name <local@domain.tld>`.
fn valid(value: &str) -> bool {
    let address = match (value.rfind('<'), value.strip_suffix('>')) {
        (Some(open), Some(inner)) => &inner[open + 1..],
        _ => value,
    };
    let Some((local, domain)) = address.rsplit_once('@') else { return false };
    let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && domain.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    !local.is_empty() && !local.contains(char::is_whitespace) && domain_ok
}
