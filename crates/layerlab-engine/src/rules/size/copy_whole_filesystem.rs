use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `COPY --from=<stage> / /`, which copies a stage's entire filesystem.

## Why it matters
The point of a multi-stage build is to ship only the artifacts. Copying `/` brings the whole
build environment along (compilers, package caches, source code, perhaps secrets), so the
image is as big as the build stage and the multi-stage split buys nothing. It also overwrites
the final base image's own files.

## Example
```dockerfile
COPY --from=build / /
```
Use instead:
```dockerfile
COPY --from=build /out/app /usr/local/bin/app
```

## Fix
None: list the paths the application needs.
"#;

pub const RULE: Rule = Rule {
    code: "LL3210",
    name: "copy-whole-filesystem",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3067")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Copy) {
        let command = &instruction.command;
        let Some(from) = command.flag("from").and_then(|f| f.value.clone()) else { continue };
        if command.args.len() < 2 || !instruction.heredocs.is_empty() {
            continue;
        }
        let sources = &command.args[..command.args.len() - 1];
        let root = |v: &str| matches!(v.trim_matches('"'), "/" | "/." | "/*");
        if sources.iter().any(|s| root(&s.value)) && root(&command.args[command.args.len() - 1].value) {
            findings.report(instruction.span, format!("`COPY --from={from} / /` copies the whole filesystem of `{from}`: copy only the artifacts"));
        }
    }
}
