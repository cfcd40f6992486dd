use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `wget` without a setting that tames its progress output (`--progress=…`, `-q`/`--quiet`,
`-nv`/`--no-verbose`, or `-o`/`-a` to a log file).

## Why it matters
Without a terminal wget prints a progress line for every few kilobytes: a large download fills
the build log with thousands of lines, hides the output that matters and slows CI log viewers.
`--progress=dot:giga` prints one dot per megabyte-sized chunk instead.

## Example
```dockerfile
RUN wget https://example.com/big.tar.gz
```
Use instead:
```dockerfile
RUN wget --progress=dot:giga https://example.com/big.tar.gz
```

## Fix
Inserts `--progress=dot:giga` after `wget`, or `-q` on Alpine and BusyBox bases, whose wget has
no `--progress`. Safe: it only changes what wget prints.
"#;

pub const RULE: Rule = Rule {
    code: "LL6203",
    name: "wget-without-progress",
    category: Category::Style,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3047")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn quiet(argument: &str) -> bool {
    matches!(argument, "-q" | "--quiet" | "-nv" | "--no-verbose" | "-o" | "-a" | "--output-file" | "--append-output")
        || argument.starts_with("--progress")
        || argument.starts_with("--output-file=")
        || argument.starts_with("--append-output=")
        || (argument.starts_with('-') && !argument.starts_with("--") && argument.contains('q'))
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let script = context.run_script(instruction);
        for command in context.commands(index) {
            if command.program() != Some("wget") || command.arguments().iter().any(|a| quiet(a)) {
                continue;
            }
            let finding = findings.report(helpers::command_span(context, instruction, command), "`wget` without `--progress`: its progress output floods the build log");
            let busybox = context
                .stage_of(index)
                .and_then(|s| helpers::root_image(context, s))
                .is_none_or(|image| image.contains("alpine") || image.contains("busybox"));
            let flag = if busybox { " -q" } else { " --progress=dot:giga" };
            if let Some(at) = helpers::offset_after_word(instruction, &script, command, "wget") {
                finding.with_fix(format!("Add `{}`", flag.trim()), Applicability::Safe, vec![Edit::insert(at, flag)]);
            }
        }
    }
}
