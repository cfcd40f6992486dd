use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags an `EXPOSE` port (or an end of a port range) outside 0-65535.

## Why it matters
TCP and UDP ports are 16-bit numbers. Docker rejects an image configuration with such a port,
so the build or `docker run -P` fails; most often the number is a typo.

## Example
```dockerfile
EXPOSE 80800
```
Use instead:
```dockerfile
EXPOSE 8080
```

## Fix
None: only you know which port was meant.
"#;

pub const RULE: Rule = Rule {
    code: "LL1204",
    name: "expose-port-out-of-range",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::hadolint("DL3011"), Alias::trivy("DS-0008")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Expose) {
        for word in &instruction.command.args {
            if word.value.contains('$') {
                continue;
            }
            let port = word.value.split('/').next().unwrap_or_default();
            let out_of_range = port.split('-').any(|p| p.parse::<u64>().is_ok_and(|n| n > 65535) || (p.len() > 5 && p.chars().all(|c| c.is_ascii_digit())));
            if out_of_range {
                findings.report(word.span, format!("port `{}` is outside 0-65535: Docker rejects it", word.value));
            }
        }
    }
}
