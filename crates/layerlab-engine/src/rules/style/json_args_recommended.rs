use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{dump::go_quote, Keyword};

const DOC: &str = r#"## What it does
Flags `CMD` and `ENTRYPOINT` written in shell form (`CMD node server.js`) instead of exec form
(`CMD ["node", "server.js"]`). Not reported when the stage sets a `SHELL`.

## Why it matters
In shell form the container's PID 1 is `/bin/sh -c`, not your program. The shell does not
forward signals, so `docker stop` waits its full timeout and then kills the process: no
graceful shutdown, lost in-flight requests. Images without a shell (distroless, scratch) cannot
run a shell-form command at all.

## Example
```dockerfile
CMD node server.js
```
Use instead:
```dockerfile
CMD ["node", "server.js"]
```

## Fix
Rewrites the command as a JSON array. Safe when the command is plain words; unsafe when it uses
shell features (variables, `&&`, pipes, globs, quotes), which exec form does not interpret.
"#;

pub const RULE: Rule = Rule {
    code: "LL6001",
    name: "json-args-recommended",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[
        Alias::hadolint("DL3025"),
        Alias::buildkit("JSONArgsRecommended"),
    ],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions() {
        let command = &instruction.command;
        if !matches!(command.keyword, Keyword::Cmd | Keyword::Entrypoint) || command.json || command.args.is_empty() {
            continue;
        }
        let stage = context.stage_of(index);
        let shell_set = context.stage_instructions(stage.unwrap_or(usize::MAX)).any(|(i, s)| i < index && s.is(Keyword::Shell));
        if shell_set {
            continue;
        }
        let text = &command.args[0].value;
        if text.starts_with('[') && text.contains('\'') {
            continue; // a single-quoted array: json-in-single-quotes (LL6109) offers the right fix
        }
        let finding = findings.report(
            instruction.span,
            format!("{} in shell form: signals reach /bin/sh, not your process; use JSON form", command.keyword.as_str()),
        );
        let words: Vec<&str> = text.split_whitespace().collect();
        let plain = text.chars().all(|c| c.is_ascii_alphanumeric() || " \t-_./=:,@+%".contains(c));
        let json = format!("[{}]", words.iter().map(|w| go_quote(w)).collect::<Vec<_>>().join(", "));
        let applicability = if plain { Applicability::Safe } else { Applicability::Unsafe };
        finding.with_fix("Use exec (JSON) form", applicability, vec![Edit::replace(command.args[0].span, json)]);
    }
}
