use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Span;

const DOC: &str = r#"## What it does
Flags inline `# hadolint ignore=…` pragmas. Off by default in hadolint (an opt-in rule for
teams that want every exception in a central configuration instead); Layerlab reports it at
the lowest severity, `info`.

## Why it matters
Inline ignores are easy to add and easy to forget: they silence a check for good, without
review, and the reason is rarely written down. Teams that want exceptions to be visible keep
them in one place (`.hadolint.yaml`, or Layerlab's settings) and ban inline ones.

## Example
```dockerfile
# hadolint ignore=DL3008
RUN apt-get install -y curl
```
Use instead:
```dockerfile
RUN apt-get install -y curl=7.88.1-10+deb12u8
```

## Fix
None: fix the finding the pragma hides, or move the exception to the configuration.
"#;

pub const RULE: Rule = Rule {
    code: "LL6205",
    name: "inline-ignore-pragma",
    category: Category::Style,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL1001")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let source = &context.syntax.source;
    if !source.contains("hadolint ignore=") {
        return;
    }
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(comment) = trimmed.strip_prefix('#') {
            let comment = comment.trim_start();
            if comment.starts_with("hadolint ignore=") {
                let start = offset + line.len() - trimmed.len();
                let end = offset + line.trim_end().len();
                findings.report(Span::new(start, end), "inline `hadolint ignore` pragma: exceptions belong in the configuration");
            }
        }
        offset += line.len();
    }
}
