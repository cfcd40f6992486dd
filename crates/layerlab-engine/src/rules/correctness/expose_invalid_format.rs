use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags an `EXPOSE` port written with an IP address or a host-port mapping
(`EXPOSE 127.0.0.1:8080:80`, `EXPOSE 8080:80`).

## Why it matters
`EXPOSE` only documents which container ports the image listens on; publishing to a host port
is decided by `docker run -p` or Compose. Docker keeps the container port and throws the rest
away, so the text promises a mapping that never happens. BuildKit warns that this will become an
error.

## Example
```dockerfile
EXPOSE 8080:80
```
Use instead:
```dockerfile
EXPOSE 80
```
and publish with `docker run -p 8080:80`.

## Fix
Keeps only the container port (and protocol). Safe: that is all Docker records.
"#;

pub const RULE: Rule = Rule {
    code: "LL1110",
    name: "expose-invalid-format",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("ExposeInvalidFormat")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Expose) {
        for word in &instruction.command.args {
            let Some((_, container)) = word.value.rsplit_once(':') else { continue };
            let finding = findings.report(
                word.span,
                format!("EXPOSE should not define an IP address or host-port mapping, found '{}': only the container port is kept", word.value),
            );
            if !container.is_empty() && word.span.len() == word.value.len() {
                finding.with_fix(format!("Expose `{container}`"), Applicability::Safe, vec![Edit::replace(word.span, container)]);
            }
        }
    }
}
