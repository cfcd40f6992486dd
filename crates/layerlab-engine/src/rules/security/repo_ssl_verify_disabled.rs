use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::scan;
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
        if disables_sslverify(&context.run_script(instruction)) {
            findings.report(instruction.span, "Repository `sslverify` turned off: yum/dnf accept any certificate, packages can be swapped in transit");
        }
    }
}

/// Whether the script sets `sslverify` (any case) to `0`, `false`, `no` or `off`.
fn disables_sslverify(script: &str) -> bool {
    const NAME: &[u8] = b"sslverify";
    let bytes = script.as_bytes();
    // Each `sslverify` is found from its `v`: a scan for one byte, eight bytes at a time (no
    // lower-cased copy of the script, no substring searcher).
    let mut from = 0;
    loop {
        let v = scan::find_either(bytes, from, b'v', b'V');
        if v == bytes.len() {
            return false;
        }
        from = v + 1;
        let Some(start) = v.checked_sub(3) else { continue };
        if !bytes.get(start..start + NAME.len()).is_some_and(|name| name.eq_ignore_ascii_case(NAME)) {
            continue;
        }
        let after = script[start + NAME.len()..].trim_start_matches([' ', '\t']);
        if let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start_matches([' ', '\t', '"', '\'']);
            let word = &value[..value.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(value.len())];
            if ["0", "false", "no", "off"].iter().any(|off| word.eq_ignore_ascii_case(off)) {
                return true;
            }
        }
    }
}
