use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `apk add` without `--no-cache`. Not reported when `/var/cache/apk` is a cache or tmpfs
mount, nor in build stages whose layers do not reach the image (hadolint reports those too).

## Why it matters
Without `--no-cache`, apk keeps the downloaded package index (and, after `apk update`, the
cached index) in `/var/cache/apk`. It is dead weight in the layer; removing it in a later RUN
does not shrink the image.

## Example
```dockerfile
RUN apk update && apk add curl
```
Use instead:
```dockerfile
RUN apk add --no-cache curl
```

## Fix
Inserts `--no-cache` after `add`. Safe: apk fetches a fresh index for this command instead of
using a cached one.
"#;

pub const RULE: Rule = Rule {
    code: "LL3203",
    name: "apk-add-without-no-cache",
    category: Category::Size,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3019"), Alias::trivy("DS-0025")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if !context.is_shipped(index) || helpers::has_cache_mount(context, index, |t| t.starts_with("/var/cache/apk") || t == "/etc/apk/cache") {
            continue;
        }
        let script = context.run_script(instruction);
        for command in context.commands(index) {
            let is_add = command.program() == Some("apk") && command.arguments().iter().any(|a| a == "add");
            if !is_add || command.arguments().iter().any(|a| a == "--no-cache") {
                continue;
            }
            let finding = findings.report(
                helpers::command_span(context, instruction, command),
                "`apk add` without `--no-cache`: the package index stays in the layer",
            );
            if let Some(at) = helpers::offset_after_word(instruction, &script, command, "add") {
                finding.with_fix("Add `--no-cache`", Applicability::Safe, vec![Edit::insert(at, " --no-cache")]);
            }
        }
    }
}
