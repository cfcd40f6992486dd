use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `LABEL` keys that break Docker's label key format: keys must start with a lower-case
letter, end with a letter or digit, use only lower-case letters, digits, `.`, `-` and `_`,
never repeat `.` or `-`, and stay out of the namespaces Docker reserves (`com.docker.*`,
`io.docker.*`, `org.dockerproject.*`). Keys from variables are not reported.

## Why it matters
Tools that read labels (registries, scanners, orchestrators) expect reverse-DNS keys such as
`org.opencontainers.image.source`. Keys like `Maintainer` or `my label` are easy to
misspell when queried and may be rejected or ignored; reserved namespaces belong to Docker.

## Example
```dockerfile
LABEL Maintainer="jane@example.com" com.docker.version=1
```
Use instead:
```dockerfile
LABEL org.opencontainers.image.authors="jane@example.com" org.example.version=1
```

## Fix
When lower-casing the key makes it valid (`Maintainer` → `maintainer`), offers that as a preview
to review: renaming a label breaks whoever reads the old key.
"#;

pub const RULE: Rule = Rule {
    code: "LL6204",
    name: "invalid-label-key",
    category: Category::Style,
    severity: Severity::Style,
    aliases: &[Alias::hadolint("DL3048")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Label) {
        for pair in instruction.command.args.chunks(3).filter(|c| c.len() >= 2) {
            let key = unquote(&pair[0].value);
            if key.contains('$') || valid(key) {
                continue;
            }
            let finding = findings.report(pair[0].span, format!("label key `{key}` is not a lower-case reverse-DNS key"));
            let lower = key.to_ascii_lowercase();
            if valid(&lower) && pair[0].value == key {
                finding.with_fix(format!("Rename to `{lower}`"), Applicability::ManualWithPreview, vec![Edit::replace(pair[0].span, lower)]);
            }
        }
    }
}

fn unquote(text: &str) -> &str {
    let text = text.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            return inner;
        }
    }
    text
}

fn valid(key: &str) -> bool {
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."].iter().any(|ns| key.starts_with(ns));
    let chars_ok = key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    let starts_ok = key.starts_with(|c: char| c.is_ascii_lowercase());
    let ends_ok = key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
    !reserved && chars_ok && starts_ok && ends_ok && !key.contains("..") && !key.contains("--")
}
