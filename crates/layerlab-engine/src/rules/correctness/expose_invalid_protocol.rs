use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags an `EXPOSE` protocol other than `tcp`, `udp` or `sctp` (`EXPOSE 80/http`).

## Why it matters
Docker only knows those three transport protocols; anything else fails the build when the image
config is written. Application protocols (http, grpc) are not part of `EXPOSE`.

## Example
```dockerfile
EXPOSE 443/https
```
Use instead:
```dockerfile
EXPOSE 443/tcp
```

## Fix
None offered: `tcp` is usually meant, but a UDP service (QUIC, DNS) would need `udp`.
"#;

pub const RULE: Rule = Rule {
    code: "LL1112",
    name: "expose-invalid-protocol",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::dockerfile_utils("INVALID_PROTO")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Expose) {
        for word in &instruction.command.args {
            let Some((_, proto)) = word.value.rsplit_once('/') else { continue };
            if proto.contains('$') || ["tcp", "udp", "sctp"].iter().any(|p| p.eq_ignore_ascii_case(proto)) {
                continue;
            }
            findings.report(word.span, format!("Invalid protocol '{proto}' in EXPOSE: Docker accepts only tcp, udp or sctp"));
        }
    }
}
