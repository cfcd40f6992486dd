use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags a RUN that directly follows another RUN with the same flags when both run a single
command (as hadolint does: chains, pipelines and command substitutions are taken as
deliberate layering). Any other instruction in between ends the sequence; comments do not. Not reported in build stages whose layers
do not ship in the image: consolidating them saves nothing (hadolint reports them,
hadolint#1056).

## Why it matters
Each RUN makes a layer with its own metadata and, worse, files deleted in a later RUN still
ship in the earlier layer. Merging short related steps keeps the image smaller and the history
readable. Keep steps separate when they change at different rates: that is good for the cache.

## Example
```dockerfile
RUN groupadd -r app
RUN useradd -r -g app app
```
Use instead:
```dockerfile
RUN groupadd -r app \
 && useradd -r -g app app
```

## Fix
Merges the RUN into the previous one with `&&`. Shown as a preview to review: the two steps
then share one cache entry, so a change to either reruns both.
"#;

pub const RULE: Rule = Rule {
    code: "LL6201",
    name: "consecutive-run",
    category: Category::Style,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3059")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let instructions = &context.syntax.instructions;
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let Some(previous) = index.checked_sub(1).map(|p| &instructions[p]) else { continue };
        if !previous.is(Keyword::Run) || context.stage_of(index - 1) != context.stage_of(index) || !context.is_shipped(index) {
            continue;
        }
        let flags = |i: &crate::syntax::Instruction| i.command.flags.iter().map(|f| f.raw.clone()).collect::<Vec<_>>();
        if flags(previous) != flags(instruction) {
            continue;
        }
        // hadolint counts every simple command, those in pipelines and substitutions included.
        let single = |i: usize| {
            let script = context.run_script(&instructions[i]);
            context.commands(i).len() == 1 && !script.contains("$(") && !script.contains('`')
        };
        if !single(index - 1) || !single(index) {
            continue;
        }
        // PowerShell or cmd: the merge fix below is POSIX syntax.
        let posix = context.stage_of(index).and_then(|s| context.model.stages.get(s)).and_then(|s| s.steps.iter().find(|step| step.instruction == index)).is_none_or(|step| {
            let shell = step.state.shell.first().map_or("", |p| p.rsplit(['/', '\\']).next().unwrap_or(p)).to_ascii_lowercase();
            !matches!(shell.trim_end_matches(".exe"), "powershell" | "pwsh" | "cmd")
        });
        let finding = findings.report(instruction.command.name_span, "consecutive RUN instructions: merge them with `&&` to save a layer");
        // `&&` and `\` continuations are POSIX shell and default-escape syntax.
        if let Some(edit) = merge(previous, instruction).filter(|_| posix && context.syntax.escape == '\\') {
            finding.with_fix("Merge into the previous RUN", Applicability::ManualWithPreview, vec![edit]);
        }
    }
}

fn merge(previous: &crate::syntax::Instruction, current: &crate::syntax::Instruction) -> Option<Edit> {
    let plain = |i: &crate::syntax::Instruction| !i.command.json && i.heredocs.is_empty();
    if !plain(previous) || !plain(current) {
        return None;
    }
    let before = previous.command.args.first()?;
    let trimmed = before.value.trim_end();
    if trimmed.ends_with(['&', '|', ';', '\\']) {
        return None;
    }
    let start = previous.source_offset_in(before, trimmed.len())?;
    let end = current.command.args.first()?.span.start;
    Some(Edit::replace(Span::new(start, end), " \\\n && "))
}
