use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags an `ENV` that uses, in a value, a variable defined earlier in the same `ENV`
(`ENV A=1 B=$A`), unless the variable was already defined before that ENV.

## Why it matters
All values of one ENV are expanded against the environment *before* the instruction: `$A`
in `ENV A=1 B=$A` reads the old (usually empty) value of A, not 1. The result silently differs
from what the text suggests.

## Example
```dockerfile
ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
```
Use instead:
```dockerfile
ENV APP_HOME=/app
ENV APP_BIN=$APP_HOME/bin
```

## Fix
Splits the ENV before the variable that uses the earlier one, so it sees the new value. Unsafe:
that changes the value the image gets (to the one the text suggests).
"#;

pub const RULE: Rule = Rule {
    code: "LL1208",
    name: "env-self-reference",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::hadolint("DL3044")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let mut defined: Vec<&str> = Vec::new();
    let mut stage = None;
    for (index, instruction) in context.instructions() {
        if context.stage_of(index) != stage {
            stage = context.stage_of(index);
            defined.clear();
        }
        let command = &instruction.command;
        match command.keyword {
            Keyword::Arg => defined.extend(command.args.iter().map(|a| a.value.split('=').next().unwrap_or_default())),
            Keyword::Env => {
                let pairs: Vec<_> = command.args.chunks(3).filter(|c| c.len() >= 2).collect();
                for (k, pair) in pairs.iter().enumerate() {
                    let earlier = pairs[..k].iter().map(|p| p[0].value.as_str()).filter(|n| !defined.iter().any(|d| d == n));
                    if let Some(name) = earlier.into_iter().find(|name| references(&pair[1].value, name)) {
                        let finding = findings.report(pair[1].span, format!("`{}` uses `${name}` defined in the same ENV: it expands to the value from before this ENV", pair[0].value));
                        let previous = pairs[k - 1];
                        let gap = Span::new(previous[1].span.end, pair[0].span.start);
                        let plain = pair.get(2).is_some_and(|s| s.value == "=") && context.syntax.source[gap.start..gap.end].chars().all(|c| c.is_whitespace() || c == '\\');
                        if plain && gap.start < gap.end {
                            let keyword = helpers::keyword_like(instruction, "ENV");
                            finding.with_fix("Split the ENV", Applicability::Unsafe, vec![Edit::replace(gap, format!("\n{keyword} "))]);
                        }
                    }
                }
                defined.extend(pairs.iter().map(|p| p[0].value.as_str()));
            }
            _ => {}
        }
    }
}

/// Whether `value` references `$name` or `${name…}`.
fn references(value: &str, name: &str) -> bool {
    value.match_indices('$').any(|(at, _)| {
        let rest = &value[at + 1..];
        let rest = rest.strip_prefix('{').unwrap_or(rest);
        rest.strip_prefix(name).is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
    })
}
