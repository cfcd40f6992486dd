use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags instructions other than `ARG` before the first `FROM`. Comments and parser directives
are fine.

## Why it matters
A build starts with `FROM`; only `ARG` (global build arguments for the FROM lines) may come
before it. Anything else makes Docker fail with "no build stage in current context".

## Example
```dockerfile
ENV NODE_ENV=production
FROM node:22-slim
```
Use instead:
```dockerfile
FROM node:22-slim
ENV NODE_ENV=production
```

## Fix
None: move the instruction into the stage it belongs to.
"#;

pub const RULE: Rule = Rule {
    code: "LL1210",
    name: "instruction-before-from",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::hadolint("DL3061"), Alias::dockerfile_utils("NO_SOURCE_IMAGE")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions() {
        match instruction.command.keyword {
            Keyword::From => break,
            Keyword::Arg => continue,
            _ => {
                findings.report(instruction.command.name_span, format!("`{}` before the first FROM: a Dockerfile must start with FROM or ARG", instruction.command.name));
            }
        }
    }
}
