use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a label that the label schema declares as `rfc3339` when its value is not an RFC 3339 time. Off unless a
schema is set: hadolint reads it from `label-schema` in `.hadolint.yaml`; Layerlab reads it
from a comment, `# layerlab: label-schema=<label>:rfc3339,…`. Empty values and variables are left
to other checks.

## Why it matters
Build dates such as `org.opencontainers.image.created` are parsed by tools to sort and expire
images. A value in another format (`2024/01/02`, a Unix timestamp) cannot be compared.

## Example
```dockerfile
# layerlab: label-schema=org.opencontainers.image.created:rfc3339
LABEL org.opencontainers.image.created="2024/10/01 12:00"
```
Use instead:
```dockerfile
LABEL org.opencontainers.image.created="2024-10-01T12:00:00Z"
```

## Fix
None: only you know the right value.
"#;

pub const RULE: Rule = Rule {
    code: "LL6207",
    name: "label-not-rfc3339",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3053")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::check_label_format(context, findings, "rfc3339", "an RFC 3339 time", valid);
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
fn valid(value: &str) -> bool {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
    if bytes.len() < 20 || !digits(0..4) || bytes[4] != b'-' || !digits(5..7) || bytes[7] != b'-' || !digits(8..10) {
        return false;
    }
    if !matches!(bytes[10], b'T' | b't' | b' ') || !digits(11..13) || bytes[13] != b':' || !digits(14..16) || bytes[16] != b':' || !digits(17..19) {
        return false;
    }
    let mut rest = &value[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = fraction.chars().take_while(char::is_ascii_digit).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    matches!(rest, "Z" | "z") || (rest.len() == 6 && rest.starts_with(['+', '-']) && digits(value.len() - 5..value.len() - 3) && rest.as_bytes()[3] == b':' && digits(value.len() - 2..value.len()))
}
