use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

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
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let script = context.run_script(instruction);
        for command in context.commands(index) {
            let Some((subcommand, _)) = helpers::subcommand(command, PROGRAMS, helpers::RPM_TAKES_VALUE) else { continue };
            if !SUBCOMMANDS.contains(&subcommand) || command.arguments().iter().any(|a| YES.contains(&a.as_str())) {
                continue;
            }
            let program = command.program().unwrap_or_default();
            let finding = findings.report(
                helpers::command_span(context, instruction, command),
                format!("`{program} {subcommand}` without `-y`: the build cannot answer the confirmation prompt"),
            );
            if let Some(at) = helpers::offset_after_word(instruction, &script, command, subcommand) {
                finding.with_fix("Add `-y`", Applicability::Safe, vec![Edit::insert(at, " -y")]);
            }
        }
    }
}
