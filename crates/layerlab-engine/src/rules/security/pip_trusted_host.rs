use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags pip told to trust a host without TLS verification: `pip install --trusted-host …`,
`pip config set global.trusted-host …`, or the `PIP_TRUSTED_HOST` variable (in `ENV`, `ARG` or a
`RUN` assignment).

## Why it matters
A trusted host is fetched over plain HTTP or with certificate errors ignored, so anyone on the
network path can serve a modified package, and pip runs the code of the packages it installs
(setup scripts, then your application imports them). Use an HTTPS index with a valid
certificate, or give pip the private CA with `--cert` / `PIP_CERT`.

## Example
```dockerfile
RUN pip install --trusted-host pypi.internal -i http://pypi.internal/simple flask
```
Use instead:
```dockerfile
RUN pip install --cert /etc/ssl/certs/internal-ca.pem -i https://pypi.internal/simple flask
```

## Fix
None: the replacement needs an HTTPS index or the CA certificate.
"#;

pub const RULE: Rule = Rule {
    code: "LL2108",
    name: "pip-trusted-host",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::checkov("CKV2_DOCKER_4"), Alias::checkov("CKV2_DOCKER_16")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const VARIABLE: &str = "PIP_TRUSTED_HOST";

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions() {
        let command = &instruction.command;
        match command.keyword {
            Keyword::Env => {
                for words in command.args.chunks(3).filter(|kv| kv[0].value == VARIABLE) {
                    findings.report(words[0].span, "ENV PIP_TRUSTED_HOST makes pip skip TLS checks for that host: packages can be swapped in transit");
                }
            }
            Keyword::Arg => {
                for word in command.args.iter().filter(|w| w.value.split('=').next() == Some(VARIABLE) && w.value.contains('=')) {
                    findings.report(word.span, "ARG PIP_TRUSTED_HOST makes pip skip TLS checks for that host: packages can be swapped in transit");
                }
            }
            Keyword::Run => {
                for simple in context.commands(index) {
                    let is_pip = simple.program().is_some_and(|p| p == "pip" || p == "pip3" || p.starts_with("python"));
                    let flagged = simple.assignments().any(|(name, _)| name == VARIABLE)
                        || is_pip && simple.arguments().iter().any(|a| a == "--trusted-host" || a.starts_with("--trusted-host=") || a.ends_with(".trusted-host"));
                    if flagged {
                        findings.report(instruction.span, "pip told to trust a host (`--trusted-host`): TLS checks are skipped, packages can be swapped in transit");
                    }
                }
            }
            _ => {}
        }
    }
}
