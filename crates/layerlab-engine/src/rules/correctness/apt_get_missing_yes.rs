use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `apt-get install` without `-y` (or `--yes`, `-qq`, `--assume-yes`).

## Why it matters
A build has no terminal to answer apt's "Do you want to continue? [Y/n]". Without `-y`
apt-get aborts as soon as an install needs confirmation, and the build fails.

## Example
```dockerfile
RUN apt-get update && apt-get install curl
```
Use instead:
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Fix
Inserts `-y` after `install`. Safe: it only answers the prompt the build cannot answer.
"#;

pub const RULE: Rule = Rule {
    code: "LL1001",
    name: "apt-get-install-missing-yes",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3014"), Alias::trivy("DS-0021")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

const YES: &[&str] = &["-y", "--yes", "-q=2", "-qq", "--assume-yes", "-yq", "-qy", "-yqq", "-qqy"];

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let Some(script) = instruction.command.args.first().filter(|_| !instruction.command.json) else { continue };
        for command in context.commands(index) {
            let is_install = command.program() == Some("apt-get") && command.arguments().first().is_some_and(|a| a == "install");
            if !is_install || command.arguments().iter().any(|a| YES.contains(&a.as_str())) {
                continue;
            }
            // Commands of heredoc scripts lie past the RUN's own text: no precise span there.
            let text = script.value.get(command.start..command.end).unwrap_or_default();
            let install_end = text.find("install").map(|at| command.start + at + "install".len());
            let start = instruction.source_offset_in(script, command.start);
            let end = instruction.source_offset_in(script, command.end);
            let span = match (start, end) {
                (Some(start), Some(end)) => Span::new(start, end),
                _ => instruction.span,
            };
            let finding = findings.report(span, "`apt-get install` without `-y`: the build cannot answer apt's prompt");
            if let Some(at) = install_end.and_then(|offset| instruction.source_offset_in(script, offset)) {
                finding.with_fix("Add `-y`", Applicability::Safe, vec![Edit::insert(at, " -y")]);
            }
        }
    }
}
