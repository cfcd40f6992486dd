use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a comment line directly above a named stage (`FROM … AS name`) or an `ARG` that does not
start with that name. Linter pragmas (`# hadolint ignore=…`, `# check=…`) are not taken for
descriptions. BuildKit treats such comments as the definition's description (shown by
`docker buildx build --call=outline`) and expects the form `# <name> <description>`.

This mirrors an **experimental** BuildKit check that is off by default, so Layerlab reports it
as information only.

## Why it matters
Build front ends list a Dockerfile's targets and build arguments with their descriptions. A
comment that does not follow the convention is either lost or shown against the wrong item.
An empty `#` line between an unrelated comment and the instruction keeps the comment out of the
description (BuildKit keeps collecting comments across blank lines).

## Example
```dockerfile
# compile the binary
FROM golang:1.23 AS build
```
Use instead:
```dockerfile
# build compiles the binary
FROM golang:1.23 AS build
```

## Fix
None: only you can write the description. Rewrite the comment as `# <name> …`, or put an empty
`#` line between an unrelated comment and the instruction.
"#;

pub const RULE: Rule = Rule {
    code: "LL6107",
    name: "invalid-definition-description",
    category: Category::Style,
    severity: Severity::Info,
    aliases: &[Alias::buildkit("InvalidDefinitionDescription")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions() {
        let command = &instruction.command;
        let names: Vec<&str> = match command.keyword {
            Keyword::From if command.args.len() == 3 && command.args[1].value.eq_ignore_ascii_case("as") => {
                vec![command.args[2].value.as_str()]
            }
            Keyword::Arg => command.args.iter().map(|w| w.value.split('=').next().unwrap_or_default()).collect(),
            _ => continue,
        };
        // BuildKit reads the comment line right above the instruction.
        let Some(last) = instruction.comments.last().map(|c| c.trim()) else { continue };
        if names.is_empty() || is_pragma(last) || names.contains(&last.split(' ').next().unwrap_or_default()) {
            continue;
        }
        let what = if command.keyword == Keyword::From { "stage" } else { "ARG" };
        let example = if names.len() > 1 { "<arg_key>" } else { names[0] };
        findings.report(
            command.name_span,
            format!("Comment for {what} should follow the format: \"# {example} <description>\" (or end the comment with an empty `#` line)"),
        );
    }
}

/// Linter pragmas above an instruction are not descriptions.
fn is_pragma(comment: &str) -> bool {
    let comment = comment.trim();
    ["hadolint", "check=", "layerlab", "syntax=", "escape=", "dockerfile-utils"].iter().any(|p| comment.starts_with(p))
}
