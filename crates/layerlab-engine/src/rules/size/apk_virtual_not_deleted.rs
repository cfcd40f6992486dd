use crate::rules::helpers;
use crate::rules::{Applicability, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `apk add --virtual <name>` (or `-t <name>`) in a shipped stage when the same `RUN` does
not end with `apk del <name>`. Groups meant to stay (named like `.rundeps`, `.persistent-deps`,
`.so-deps`, or added after an `apk del` in the same `RUN`, the docker-library pattern for
recording runtime dependencies) are not reported. Catalog candidate SZ-12.

## Why it matters
`--virtual` groups build-only packages (compilers, headers) under one name precisely so they can
be removed after use. Removed in the same `RUN`, they never reach a layer; left installed (or
removed in a later `RUN`) they ship in the image: `build-base` alone is over 200 MB on Alpine.

## Example
```dockerfile
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
 && pip install --no-cache-dir uwsgi
```
Use instead:
```dockerfile
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
 && pip install --no-cache-dir uwsgi \
 && apk del .build-deps
```

## Fix
Appends `&& apk del <name>` to the `RUN`. Unsafe: if a package of the group is needed at run
time (a shared library the build linked against), install it separately first.
"#;

pub const RULE: Rule = Rule {
    code: "LL3306",
    name: "apk-virtual-not-deleted",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if !context.is_shipped(index) {
            continue;
        }
        let commands = context.commands(index);
        for (position, command) in commands.iter().enumerate() {
            if command.program() != Some("apk") || !command.has_word("add") {
                continue;
            }
            let args = command.arguments();
            let name = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
                "--virtual" | "-t" => args.get(i + 1).cloned(),
                _ => a.strip_prefix("--virtual=").map(str::to_owned),
            });
            let Some(name) = name.filter(|n| !n.starts_with('-')) else { continue };
            // Runtime groups are kept on purpose (docker-library's `.rundeps`, recorded after the
            // build group is deleted).
            let lower = name.to_ascii_lowercase();
            let runtime = lower.contains("run") || lower.contains("so-deps") || lower.contains("persistent");
            let after_del = commands[..position].iter().any(|c| c.program() == Some("apk") && c.has_word("del"));
            if runtime || after_del {
                continue;
            }
            let deleted = commands.iter().any(|c| c.program() == Some("apk") && c.has_word("del") && c.has_word(&name));
            if deleted {
                continue;
            }
            let finding = findings.report(
                helpers::command_span(context, instruction, command),
                format!("virtual package `{name}` is never removed in this RUN: its build-only packages ship in the layer; end the RUN with `apk del {name}`"),
            );
            if name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
                if let Some(edit) = helpers::append_to_run(instruction, &format!("apk del {name}")) {
                    finding.with_fix(format!("Remove `{name}` at the end of the RUN"), Applicability::Unsafe, vec![edit]);
                }
            }
        }
    }
}
