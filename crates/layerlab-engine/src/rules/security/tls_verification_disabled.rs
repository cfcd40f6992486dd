use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags environment settings and git configuration that switch off TLS certificate verification:
`PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `NPM_CONFIG_STRICT_SSL=false`,
`GIT_SSL_NO_VERIFY` (any value), and `git config … http.sslVerify false`. Checked in `ENV`,
`ARG` defaults and `RUN` (`VAR=value cmd`, `export VAR=value`).

## Why it matters
With verification off, every HTTPS connection of Python, Node, npm or git accepts any
certificate: a proxy or attacker on the path can read credentials and replace downloads. Set in
`ENV`, the setting also ships in the image and weakens the running application, not just the
build. Install the missing CA certificate instead (`NODE_EXTRA_CA_CERTS`, `REQUESTS_CA_BUNDLE`,
`git config http.sslCAInfo`).

## Example
```dockerfile
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
```
Use instead:
```dockerfile
COPY corp-ca.pem /usr/local/share/ca-certificates/corp-ca.crt
RUN update-ca-certificates
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corp-ca.crt
```

## Fix
None: the replacement needs the CA certificate that was failing.
"#;

pub const RULE: Rule = Rule {
    code: "LL2109",
    name: "tls-verification-disabled",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[
        Alias::checkov("CKV2_DOCKER_5"),
        Alias::checkov("CKV2_DOCKER_6"),
        Alias::checkov("CKV2_DOCKER_12"),
        Alias::checkov("CKV2_DOCKER_14"),
    ],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    // (name, value, span) of the settings an instruction makes; one Vec for all instructions.
    let mut settings: Vec<(&str, &str, Span)> = Vec::new();
    for (index, instruction) in context.instructions() {
        let command = &instruction.command;
        match command.keyword {
            Keyword::Env => {
                settings.extend(command.args.chunks(3).map(|kv| (kv[0].value.as_str(), unquote(&kv[1].value), kv[0].span)));
            }
            Keyword::Arg => {
                for word in &command.args {
                    if let Some((name, value)) = word.value.split_once('=') {
                        settings.push((name, unquote(value), word.span));
                    }
                }
            }
            Keyword::Run => {
                for simple in context.commands(index) {
                    for (name, value) in simple.assignments() {
                        settings.push((name, value, instruction.span));
                    }
                    if simple.program() == Some("export") {
                        for (name, value) in simple.arguments().iter().filter_map(|a| a.split_once('=')) {
                            settings.push((name, value, instruction.span));
                        }
                    }
                    if simple.program() == Some("git") && git_ssl_verify_off(simple.arguments()) {
                        findings.report(instruction.span, "`git config http.sslVerify false` disables TLS checks for git: repositories can be swapped in transit");
                    }
                }
            }
            _ => continue,
        }
        for (name, value, span) in settings.drain(..) {
            if let Some(what) = disables(name, value) {
                findings.report(span, format!("{name}={value} disables TLS certificate checks for {what}: connections can be intercepted"));
            }
        }
    }
}

fn disables(name: &str, value: &str) -> Option<&'static str> {
    let falsy = || ["0", "false", "no", "off"].iter().any(|f| value.eq_ignore_ascii_case(f));
    match name {
        "PYTHONHTTPSVERIFY" if value == "0" => Some("Python's HTTPS"),
        "NODE_TLS_REJECT_UNAUTHORIZED" if value == "0" => Some("Node.js"),
        "NPM_CONFIG_STRICT_SSL" | "npm_config_strict_ssl" if falsy() => Some("npm"),
        "GIT_SSL_NO_VERIFY" => Some("git (git checks only whether it is set)"),
        _ => None,
    }
}

fn git_ssl_verify_off(arguments: &[String]) -> bool {
    arguments.first().is_some_and(|a| a == "config")
        && arguments.windows(2).any(|w| w[0].eq_ignore_ascii_case("http.sslverify") && matches!(w[1].to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off"))
}

fn unquote(value: &str) -> &str {
    value.trim_matches(|c| c == '"' || c == '\'')
}
