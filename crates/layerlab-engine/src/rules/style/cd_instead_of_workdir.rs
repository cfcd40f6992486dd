use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `cd` in a RUN.

## Why it matters
`cd` only lasts until the end of its RUN, so the next instruction silently runs in a different
directory, and a `cd` in the middle of a long `&&` chain makes it hard to tell where each
command runs. `WORKDIR` sets the directory for all later instructions, creates it if needed,
and shows up in the image configuration.

## Example
```dockerfile
RUN cd /app && npm ci
```
Use instead:
```dockerfile
WORKDIR /app
RUN npm ci
```

## Fix
When a RUN starts with `cd <absolute path> &&`, moves the directory into a `WORKDIR` before the
RUN. Unsafe: the WORKDIR also applies to the instructions after the RUN, and it creates the
directory when it does not exist.
"#;

pub const RULE: Rule = Rule {
    code: "LL6202",
    name: "cd-instead-of-workdir",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3003"), Alias::trivy("DS-0013")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let commands = context.commands(index);
        for (position, command) in commands.iter().enumerate() {
            if command.program() != Some("cd") {
                continue;
            }
            let finding = findings.report(helpers::command_span(context, instruction, command), "`cd` in RUN only lasts for this RUN: use WORKDIR");
            if position == 0 {
                if let Some(edits) = leading_cd_to_workdir(context, instruction, commands) {
                    finding.with_fix("Move the directory into a WORKDIR", Applicability::Unsafe, edits);
                }
            }
        }
    }
}

/// `RUN cd /dir && rest` → `WORKDIR /dir` + `RUN rest`.
fn leading_cd_to_workdir(context: &RuleContext, instruction: &crate::syntax::Instruction, commands: &[crate::script::SimpleCommand]) -> Option<Vec<Edit>> {
    if instruction.command.json || !instruction.heredocs.is_empty() || commands.len() < 2 {
        return None;
    }
    let cd = &commands[0];
    let [_, directory] = cd.words.as_slice() else { return None };
    if !directory.starts_with('/') || directory.contains(['$', '`', ' ', '"', '\'']) {
        return None;
    }
    let script = &instruction.command.args.first()?.value;
    let between = script.get(cd.end..commands[1].start)?;
    if between.trim_matches(|c: char| c.is_whitespace() || c == '\\') != "&&" {
        return None;
    }
    let start = helpers::script_offset(instruction, cd.start)?;
    let end = helpers::script_offset(instruction, commands[1].start)?;
    let line_start = context.syntax.source[..instruction.span.start].rfind('\n').map_or(0, |n| n + 1);
    let indent = &context.syntax.source[line_start..instruction.span.start];
    let workdir = format!("{} {directory}\n{indent}", helpers::keyword_like(instruction, "WORKDIR"));
    Some(vec![Edit::insert(instruction.span.start, workdir), Edit::delete(Span::new(start, end))])
}
