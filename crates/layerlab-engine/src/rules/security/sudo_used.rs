use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `sudo` in a RUN.

## Why it matters
RUN executes as the current USER, root unless a USER says otherwise, so `sudo` is either
useless or a sign that the image grants an unprivileged user password-less root: anyone who
compromises the application can become root. sudo also behaves unpredictably without a TTY and
changes the environment of the command. Switch users with `USER` instead (or `gosu`/`su-exec`
in entrypoint scripts).

## Example
```dockerfile
USER app
RUN sudo apt-get install -y curl
```
Use instead:
```dockerfile
USER root
RUN apt-get install -y curl
USER app
```

## Fix
Removes `sudo`. Unsafe: when the RUN executes as a non-root USER the command then lacks the
privileges it needs; add `USER root` before it.
"#;

pub const RULE: Rule = Rule {
    code: "LL2203",
    name: "sudo-in-run",
    category: Category::Security,
    severity: Severity::Error,
    aliases: &[Alias::hadolint("DL3004"), Alias::trivy("DS-0010"), Alias::checkov("CKV2_DOCKER_1")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let script = context.run_script(instruction);
        for command in context.commands(index) {
            let first = command.words.iter().find(|w| !w.contains('=') || w.starts_with('-'));
            if first.map(String::as_str) != Some("sudo") {
                continue;
            }
            let finding = findings.report(helpers::command_span(context, instruction, command), "`sudo` in RUN: switch users with USER instead of granting sudo");
            let Some((start, end)) = helpers::word_range(&script, command, "sudo") else { continue };
            let Some(end) = end_of_sudo_options(&script[end..command.end]).map(|n| end + n) else { continue };
            if let (Some(start), Some(end)) = (helpers::script_offset(instruction, start), helpers::script_offset(instruction, end)) {
                finding.with_fix("Remove `sudo`", Applicability::Unsafe, vec![Edit::delete(crate::syntax::Span::new(start, end))]);
            }
        }
    }
}

/// Length of the `sudo` options and spaces at the start of `rest`, up to the wrapped command;
/// `None` when an option changes the user (removing it would change the command's meaning).
fn end_of_sudo_options(rest: &str) -> Option<usize> {
    let mut at = 0;
    loop {
        let trimmed = rest[at..].trim_start_matches([' ', '\t', '\\', '\n']);
        at = rest.len() - trimmed.len();
        let word = trimmed.split_whitespace().next()?;
        if !word.starts_with('-') {
            return Some(at);
        }
        if matches!(word, "-u" | "-g" | "-U" | "-i" | "-s") || word.starts_with("--user") || word.starts_with("--group") || word.starts_with("-u") {
            return None;
        }
        at += word.len();
    }
}
