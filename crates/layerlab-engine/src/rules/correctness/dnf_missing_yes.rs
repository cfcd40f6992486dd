use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `dnf install` (or `microdnf install`) without a non-interactive switch (`-y` or `--assumeyes`).

## Why it matters
A build has no terminal to answer the "Is this ok [y/N]" prompt. Without the switch the
package manager waits for input that never comes and aborts, and the build fails.

## Example
```dockerfile
RUN dnf install nginx && dnf clean all
```
Use instead:
```dockerfile
RUN dnf install -y nginx && dnf clean all
```

## Fix
Inserts `-y` after the subcommand. Safe: it only answers the prompt the build cannot answer.
"#;

pub const RULE: Rule = Rule {
    code: "LL1202",
    name: "dnf-install-missing-yes",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3038")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

const PROGRAMS: &[&str] = &["dnf", "microdnf"];
const SUBCOMMANDS: &[&str] = &["install", "groupinstall", "localinstall", "reinstall"];
const YES: &[&str] = &["-y", "--assumeyes"];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_missing_yes(context, findings, PROGRAMS, SUBCOMMANDS, YES);
}
