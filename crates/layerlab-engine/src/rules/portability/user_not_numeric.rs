use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `USER` given by name (`USER app`, `USER root`) rather than by number (`USER 10001`,
`USER 10001:10001`). Variables are not reported: their value is usually a numeric id set by
the base image (`USER $APP_UID` in the .NET images); hadolint reports them.

## Why it matters
The name is resolved through the image's `/etc/passwd` when the container starts. Kubernetes'
`runAsNonRoot` cannot verify a name, so pods refuse to start; volumes and files on the host
are owned by numbers; and a base image change can map the name to another id. A numeric id
always means the same thing.

## Example
```dockerfile
USER app
```
Use instead:
```dockerfile
USER 10001:10001
```

## Fix
None: the id has to be looked up in the image (`id -u app`).
"#;

pub const RULE: Rule = Rule {
    code: "LL5211",
    name: "user-not-numeric",
    category: Category::Portability,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3066")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::User) {
        let Some(word) = instruction.command.args.first() else { continue };
        if word.value.contains('$') {
            continue;
        }
        let numeric = word.value.split(':').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
        if !numeric {
            findings.report(word.span, format!("USER `{}` is a name: use a numeric id, which the host and Kubernetes can check", word.value));
        }
    }
}
