use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `zypper install`, `remove`, `source-install` or `patch` without a non-interactive switch
(`-y`, `--no-confirm`, or the global `-n`/`--non-interactive`).

## Why it matters
A build has no terminal to answer the "Is this ok [y/N]" prompt. Without the switch the
package manager waits for input that never comes and aborts, and the build fails.

## Example
```dockerfile
RUN zypper install nginx
```
Use instead:
```dockerfile
RUN zypper install -y nginx
```

## Fix
Inserts `-y` after the subcommand. Safe: it only answers the prompt the build cannot answer.
"#;

pub const RULE: Rule = Rule {
    code: "LL1203",
    name: "zypper-missing-non-interactive",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3034")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

const PROGRAMS: &[&str] = &["zypper"];
const SUBCOMMANDS: &[&str] = &["install", "in", "remove", "rm", "source-install", "si", "patch"];
const YES: &[&str] = &["-y", "-n", "--non-interactive", "--no-confirm"];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_missing_yes(context, findings, PROGRAMS, SUBCOMMANDS, YES);
}
