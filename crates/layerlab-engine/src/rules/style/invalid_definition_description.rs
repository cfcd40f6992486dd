use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a comment directly above a named stage (`FROM … AS name`) or an `ARG` that does not start
with that name. BuildKit treats such comments as the definition's description (shown by
`docker buildx build --call=outline`) and expects the form `# <name> <description>`.

This mirrors an **experimental** BuildKit check that is off by default, so Layerlab reports it
as information only.

## Why it matters
Build front ends list a Dockerfile's targets and build arguments with their descriptions. A
comment that does not follow the convention is either lost or shown against the wrong item.
Separating unrelated comments with a blank line keeps them out of the description.

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
None: only you can write the description. Rewrite the comment as `# <name> …`, or put a blank
line between an unrelated comment and the instruction.
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
        let name = match command.keyword {
            Keyword::From if command.args.len() == 3 && command.args[1].value.eq_ignore_ascii_case("as") => {
                command.args[2].value.clone()
            }
            Keyword::Arg if command.args.len() == 1 => {
                command.args[0].value.split('=').next().unwrap_or_default().to_owned()
            }
            _ => continue,
        };
        let Some(first) = instruction.comments.first() else { continue };
        if is_pragma(first) {
            continue;
        }
        if first.split_whitespace().next() == Some(name.as_str()) {
            continue;
        }
        let what = if command.keyword == Keyword::From { "stage" } else { "ARG" };
        findings.report(
            command.name_span,
            format!("Comment for {what} \"{name}\" should follow the format: \"# {name} <description>\" (or be separated by a blank line)"),
        );
    }
}

/// Linter pragmas above an instruction are not descriptions.
fn is_pragma(comment: &str) -> bool {
    let comment = comment.trim();
    ["hadolint", "check=", "layerlab", "syntax=", "escape=", "dockerfile-utils"].iter().any(|p| comment.starts_with(p))
}
