use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags an `EXPOSE` protocol written in upper or mixed case (`80/TCP`).

## Why it matters
Docker lower-cases the protocol, so the image is the same either way; but tools that read the
Dockerfile text (scanners, Compose generators, reviewers grepping for `/udp`) expect `tcp`,
`udp` or `sctp`. BuildKit's `--check` reports it.

## Example
```dockerfile
EXPOSE 53/UDP
```
Use instead:
```dockerfile
EXPOSE 53/udp
```

## Fix
Lower-cases the protocol. Safe: Docker records the same port either way.
"#;

pub const RULE: Rule = Rule {
    code: "LL6105",
    name: "expose-proto-casing",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("ExposeProtoCasing")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Expose) {
        for word in &instruction.command.args {
            let Some((_, proto)) = word.value.rsplit_once('/') else { continue };
            if proto == proto.to_lowercase() {
                continue;
            }
            let finding = findings.report(
                word.span,
                format!("Defined protocol '{proto}' in EXPOSE instruction should be lowercase: write '{}'", proto.to_lowercase()),
            );
            if word.span.len() == word.value.len() {
                let fixed = format!("{}/{}", &word.value[..word.value.len() - proto.len() - 1], proto.to_lowercase());
                finding.with_fix("Lower-case the protocol", Applicability::Safe, vec![Edit::replace(word.span, fixed)]);
            }
        }
    }
}
