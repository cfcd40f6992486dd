use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `apt` in a RUN; `apt-get` and `apt-cache` are the tools meant for scripts.

## Why it matters
`apt` is the interactive front end: its output format and behaviour may change between
releases, and it warns "apt does not have a stable CLI interface. Use with caution in
scripts." Builds are scripts; `apt-get` keeps a stable interface.

## Example
```dockerfile
RUN apt update && apt install -y curl
```
Use instead:
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Fix
Replaces `apt` with `apt-get` for the subcommands both share (`install`, `update`, `upgrade`,
`remove`, `purge`, `autoremove`, `clean`, …). Safe: they do the same thing.
"#;

pub const RULE: Rule = Rule {
    code: "LL5210",
    name: "apt-instead-of-apt-get",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3027"), Alias::checkov("CKV_DOCKER_9")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

const SHARED: &[&str] = &["install", "update", "upgrade", "remove", "purge", "autoremove", "dist-upgrade", "clean", "autoclean", "source", "build-dep", "download", "check"];

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let script = context.run_script(instruction);
        for command in context.commands(index) {
            if command.program() != Some("apt") {
                continue;
            }
            let finding = findings.report(helpers::command_span(context, instruction, command), "`apt` has no stable interface for scripts: use `apt-get`");
            let subcommand = helpers::operands(command.arguments(), &["-o", "-t", "-c"]).first().copied();
            if !subcommand.is_some_and(|s| SHARED.contains(&s)) {
                continue;
            }
            let Some((start, end)) = helpers::word_range(&script, command, "apt") else { continue };
            if let (Some(start), Some(end)) = (helpers::script_offset(instruction, start), helpers::script_offset(instruction, end)) {
                finding.with_fix("Use `apt-get`", Applicability::Safe, vec![Edit::replace(Span::new(start, end), "apt-get")]);
            }
        }
    }
}
