use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).

## Why it matters
A stage is built for the target platform by default: the flag repeats the default. It also
suggests the author meant `$BUILDPLATFORM` (build natively, cross-compile for the target), which
is a different and much faster setup for compiled languages.

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.22
```
Use instead:
```dockerfile
FROM alpine:3.22
```

## Fix
Removes the flag. Safe: the stage's platform does not change.
"#;

pub const RULE: Rule = Rule {
    code: "LL5102",
    name: "redundant-target-platform",
    category: Category::Portability,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3065"), Alias::buildkit("RedundantTargetPlatform")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let source = &context.syntax.source;
    for (_, instruction) in context.instructions_of(Keyword::From) {
        let Some(flag) = instruction.command.flag("platform") else { continue };
        if !matches!(flag.value.as_deref(), Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")) {
            continue;
        }
        let blanks = source[flag.span.end..].len() - source[flag.span.end..].trim_start_matches([' ', '\t']).len();
        findings
            .report(flag.span, "Setting platform to $TARGETPLATFORM in FROM is redundant: it is the default")
            .with_fix("Remove `--platform`", Applicability::Safe, vec![Edit::delete(Span::new(flag.span.start, flag.span.end + blanks))]);
    }
}
