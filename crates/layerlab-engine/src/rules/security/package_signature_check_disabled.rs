use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags package-manager options that install packages without checking their signatures:
`apk add --allow-untrusted`, `apt-get --allow-unauthenticated` / `--force-yes` /
`-o APT::Get::AllowUnauthenticated=true`, `yum`/`dnf`/`tdnf`/`microdnf --nogpgcheck`,
`zypper --no-gpg-checks`, `rpm --nosignature` / `--nodigest`.

## Why it matters
Signatures are what tie a package to its publisher. Without the check, a tampered mirror, a
cache in the middle or a typo in a repository URL installs whatever it serves, with root
privileges, into your image. (`--force-yes` also lets apt downgrade and remove essential
packages without asking.) Import the repository's key instead.

## Example
```dockerfile
RUN apk add --allow-untrusted /tmp/custom.apk
```
Use instead:
```dockerfile
COPY custom.rsa.pub /etc/apk/keys/
RUN apk add /tmp/custom.apk
```

## Fix
Removes the option. Unsafe: the install fails until the signing key is installed.
"#;

pub const RULE: Rule = Rule {
    code: "LL2110",
    name: "package-signature-check-disabled",
    category: Category::Security,
    severity: Severity::Error,
    aliases: &[
        Alias::checkov("CKV2_DOCKER_7"),
        Alias::checkov("CKV2_DOCKER_8"),
        Alias::checkov("CKV2_DOCKER_9"),
        Alias::checkov("CKV2_DOCKER_10"),
        Alias::checkov("CKV2_DOCKER_11"),
    ],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        for command in context.commands(index) {
            let Some(program) = command.program() else { continue };
            for word in command.arguments().iter().filter(|a| unsafe_option(program, a)) {
                let span = helpers::word_span(instruction, command, word);
                let finding = findings.report(
                    span.unwrap_or(instruction.span),
                    format!("`{program} {word}` installs packages without checking their signatures"),
                );
                // `-o APT::Get::AllowUnauthenticated=true` would leave a dangling `-o`: no fix.
                if let Some(span) = span.filter(|_| word.starts_with('-')) {
                    let source = &context.syntax.source;
                    let blanks = source[..span.start].len() - source[..span.start].trim_end_matches([' ', '\t']).len();
                    finding.with_fix(format!("Remove `{word}`"), Applicability::Unsafe, vec![Edit::delete(Span::new(span.start - blanks, span.end))]);
                }
            }
        }
    }
}

fn unsafe_option(program: &str, word: &str) -> bool {
    match program {
        "apk" => word == "--allow-untrusted",
        "apt-get" | "apt" | "aptitude" => {
            matches!(word, "--allow-unauthenticated" | "--force-yes")
                || starts_with_ignoring_case(word, "apt::get::allowunauthenticated=true")
        }
        "yum" | "dnf" | "tdnf" | "microdnf" => word == "--nogpgcheck",
        "zypper" => matches!(word, "--no-gpg-checks" | "--no-gpg-check"),
        "rpm" => matches!(word, "--nosignature" | "--nodigest" | "--nosig"),
        _ => false,
    }
}

/// `word.to_ascii_lowercase().starts_with(prefix)` for a lower-case `prefix`, without the copy.
fn starts_with_ignoring_case(word: &str, prefix: &str) -> bool {
    word.as_bytes().get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}
