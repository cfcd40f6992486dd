use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `useradd` with a large UID (more than five digits) and without `-l` / `--no-log-init`.

## Why it matters
useradd records the new user in `/var/log/lastlog` and `/var/log/faillog`, files indexed by
UID. For UID 1000000 that is a sparse file of hundreds of megabytes to gigabytes; image layers
do not keep sparseness, so the image grows by that much (a known Go archive/tar issue). `-l`
skips the log entries.

## Example
```dockerfile
RUN useradd -u 1000000 app
```
Use instead:
```dockerfile
RUN useradd -l -u 1000000 app
```

## Fix
Inserts `-l` after `useradd`. Safe: containers do not use lastlog or faillog.
"#;

pub const RULE: Rule = Rule {
    code: "LL3209",
    name: "useradd-without-no-log-init",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3046")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let script = context.run_script(instruction);
        for command in context.commands(index) {
            if command.program() != Some("useradd") {
                continue;
            }
            let arguments = command.arguments();
            if arguments.iter().any(|a| a == "-l" || a == "--no-log-init" || (a.starts_with('-') && !a.starts_with("--") && a.contains('l'))) {
                continue;
            }
            let uid = arguments.iter().enumerate().find_map(|(i, a)| match a.as_str() {
                "-u" | "--uid" => arguments.get(i + 1).cloned(),
                _ => a.strip_prefix("--uid=").or_else(|| a.strip_prefix("-u").filter(|v| !v.is_empty())).map(str::to_owned),
            });
            if !uid.is_some_and(|u| u.len() > 5 && u.chars().all(|c| c.is_ascii_digit())) {
                continue;
            }
            let finding = findings.report(helpers::command_span(context, instruction, command), "`useradd` with a large UID and no `-l`: the sparse lastlog/faillog files bloat the image");
            if let Some(at) = helpers::offset_after_word(instruction, &script, command, "useradd") {
                finding.with_fix("Add `-l`", Applicability::Safe, vec![Edit::insert(at, " -l")]);
            }
        }
    }
}
