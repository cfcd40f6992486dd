use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `yum install` without a non-interactive switch (`-y` or `--assumeyes`).

## Why it matters
A build has no terminal to answer the "Is this ok [y/N]" prompt. Without the switch the
package manager waits for input that never comes and aborts, and the build fails.

## Example
```dockerfile
RUN yum install httpd && yum clean all
```
Use instead:
```dockerfile
RUN yum install -y httpd && yum clean all
```

## Fix
Inserts `-y` after the subcommand. Safe: it only answers the prompt the build cannot answer.
"#;

pub const RULE: Rule = Rule {
    code: "LL1201",
    name: "yum-install-missing-yes",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3030")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

const PROGRAMS: &[&str] = &["yum"];
const SUBCOMMANDS: &[&str] = &["install", "groupinstall", "localinstall", "reinstall"];
const YES: &[&str] = &["-y", "--assumeyes"];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_missing_yes(context, findings, PROGRAMS, SUBCOMMANDS, YES);
}
