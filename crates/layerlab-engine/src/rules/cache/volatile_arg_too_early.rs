use crate::model::{ArgSource, Expanded};
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Instruction, Keyword, Span};

const DOC: &str = r#"## What it does
Flags a stage's `ARG` whose name says it changes on every build (`GIT_SHA`, `GIT_COMMIT`,
`COMMIT`, `REVISION`, `VCS_REF`, `BUILD_DATE`, `BUILD_TIME`, `BUILD_NUMBER`, `BUILD_ID`,
`VERSION`, `APP_VERSION`, `BUILD_VERSION`) and that has a value (a default or a build arg),
declared before `RUN` instructions that do not use it. Catalog candidate CA-03.

## Why it matters
An `ARG` is part of the environment of every later `RUN` in its stage, so its value is part of
their cache keys whether they read it or not. A commit hash or a date differs on every build:
every `RUN` after the `ARG` (the `apt-get install`, the dependency download, the compile)
re-runs every time, and the cache is useless. Declared right before the instruction that uses it
(usually a `LABEL` or the final build step), it invalidates only that.

## Example
```dockerfile
FROM debian:12-slim
ARG GIT_SHA=unknown
RUN apt-get update && apt-get install -y --no-install-recommends curl
LABEL org.opencontainers.image.revision=$GIT_SHA
```
Use instead:
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
ARG GIT_SHA=unknown
LABEL org.opencontainers.image.revision=$GIT_SHA
```

## Fix
Moves the `ARG` to just before the first instruction that references it. Unsafe: a build script
may read the variable from its environment without naming it in the Dockerfile (a `Makefile`
reading `$VERSION`).
"#;

pub const RULE: Rule = Rule {
    code: "LL4303",
    name: "volatile-arg-too-early",
    category: Category::Cache,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn volatile(name: &str) -> bool {
    // Compared ignoring ASCII case, byte by byte: no upper-cased copy, no `_{v}` strings.
    let name = name.as_bytes();
    let ends_with_part = |v: &[u8]| {
        name.len() > v.len() && name[name.len() - v.len() - 1] == b'_' && name[name.len() - v.len()..].eq_ignore_ascii_case(v)
    };
    ["VERSION", "APP_VERSION", "BUILD_VERSION", "COMMIT", "SHA", "REVISION", "VCS_REF"].iter().any(|v| name.eq_ignore_ascii_case(v.as_bytes()))
        || ["GIT_SHA", "GIT_COMMIT", "COMMIT_SHA", "COMMIT_HASH", "GIT_REVISION", "GIT_REF", "BUILD_DATE", "BUILD_TIME", "BUILD_TIMESTAMP", "BUILD_NUMBER", "BUILD_ID", "SOURCE_COMMIT"]
            .iter()
            .any(|v| name.eq_ignore_ascii_case(v.as_bytes()) || ends_with_part(v.as_bytes()))
}

fn references(instruction: &Instruction, name: &str) -> bool {
    let mentions = |text: &str| {
        text.match_indices('$').any(|(at, _)| {
            let rest = &text[at + 1..];
            let rest = rest.strip_prefix('{').unwrap_or(rest);
            rest.starts_with(name) && !rest[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    mentions(&instruction.original) || instruction.heredocs.iter().any(|h| mentions(&h.content))
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        let steps: Vec<_> = stage.steps.iter().filter(|s| !s.onbuild).collect();
        for (position, step) in steps.iter().enumerate() {
            let Expanded::Arg { args } = &step.expanded else { continue };
            for arg in args.iter().filter(|a| volatile(&a.name) && a.source != ArgSource::Unset) {
                let later = &steps[position + 1..];
                let first_user = later.iter().position(|s| references(&context.syntax.instructions[s.instruction], &arg.name));
                let before_use = &later[..first_user.unwrap_or(later.len())];
                let busted = before_use.iter().filter(|s| context.syntax.instructions[s.instruction].is(Keyword::Run)).count();
                if busted == 0 {
                    continue;
                }
                let instruction = &context.syntax.instructions[step.instruction];
                let used = match first_user {
                    Some(i) => format!("first used on line {}", context.syntax.instructions[later[i].instruction].start_line),
                    None => "never used by the instructions after it".to_owned(),
                };
                let finding = findings.report(
                    instruction.span,
                    format!(
                        "`ARG {}` changes on every build and is declared before {busted} RUN instruction{} that do not use it ({used}): each of them is rebuilt every time",
                        arg.name,
                        if busted == 1 { "" } else { "s" }
                    ),
                );
                if let (Some(i), 1) = (first_user, args.len()) {
                    let source = &context.syntax.source;
                    let target = &context.syntax.instructions[later[i].instruction];
                    let mut end = instruction.span.end;
                    if source[end..].starts_with("\r\n") {
                        end += 2;
                    } else if source[end..].starts_with('\n') {
                        end += 1;
                    }
                    let line_start = source[..instruction.span.start].rfind('\n').map_or(0, |n| n + 1);
                    let starts_line = source[line_start..instruction.span.start].trim().is_empty();
                    let target_line_start = source[..target.span.start].rfind('\n').map_or(0, |n| n + 1);
                    if starts_line && source[target_line_start..target.span.start].trim().is_empty() && target.heredocs.is_empty() {
                        let text = format!("{}\n", &source[instruction.span.start..instruction.span.end]);
                        finding.with_fix(
                            format!("Move `ARG {}` to just before its first use", arg.name),
                            Applicability::Unsafe,
                            vec![Edit::delete(Span::new(line_start, end)), Edit::insert(target_line_start, text)],
                        );
                    }
                }
            }
        }
    }
}
