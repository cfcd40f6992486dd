use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `RUN` that turns off TLS verification for yum/dnf repositories: `sslverify=0` (or
`false`, `no`, `off`) written to a repository or `yum.conf`/`dnf.conf` file, or passed as
`--setopt=sslverify=false`.

## Why it matters
With `sslverify` off, the package manager accepts any certificate from the repository, so
repository metadata and packages can be replaced in transit, and the setting stays in the image
for every later install. Install the repository's CA certificate instead.

## Example
```dockerfile
RUN echo "sslverify=false" >> /etc/dnf/dnf.conf && dnf install -y httpd
```
Use instead:
```dockerfile
COPY repo-ca.pem /etc/pki/ca-trust/source/anchors/
RUN update-ca-trust && dnf install -y httpd
```

## Fix
None: the replacement needs the CA certificate.
"#;

pub const RULE: Rule = Rule {
    code: "LL2112",
    name: "repo-ssl-verify-disabled",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::checkov("CKV2_DOCKER_15")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Run) {
        let script = context.run_script(instruction).to_ascii_lowercase();
        if disables_sslverify(&script) {
            findings.report(instruction.span, "Repository `sslverify` turned off: yum/dnf accept any certificate, packages can be swapped in transit");
        }
    }
}

fn disables_sslverify(script: &str) -> bool {
    let mut rest = script;
    while let Some(at) = rest.find("sslverify") {
        let after = rest[at + "sslverify".len()..].trim_start_matches([' ', '\t']);
        if let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start_matches([' ', '\t', '"', '\'']);
            let word: String = value.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if matches!(word.as_str(), "0" | "false" | "no" | "off") {
                return true;
            }
        }
        rest = &rest[at + 1..];
    }
    false
}
