use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags instruction keywords whose case differs from the file's majority (`from` in a file of
upper-case instructions), and keywords in mixed case (`Run`).

## Why it matters
Instructions are case-insensitive, so nothing breaks, but upper-case keywords are the convention
that separates instructions from their arguments at a glance. A file that mixes styles reads as
copy-pasted from several places. BuildKit's `--check` reports it.

## Example
```dockerfile
FROM alpine:3.22
run apk add --no-cache curl
```
Use instead:
```dockerfile
FROM alpine:3.22
RUN apk add --no-cache curl
```

## Fix
Rewrites the keyword in the majority case (upper case on a tie). Safe: keywords are
case-insensitive.
"#;

pub const RULE: Rule = Rule {
    code: "LL6103",
    name: "consistent-instruction-casing",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("ConsistentInstructionCasing"), Alias::dockerfile_utils("CASING_INSTRUCTION")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let known = || context.instructions().map(|(_, i)| &i.command).filter(|c| c.keyword != Keyword::Unknown);
    let lower = known().filter(|c| is_lowercase(&c.name)).count();
    let upper = known().filter(|c| is_uppercase(&c.name)).count();
    let majority_lower = lower > upper;
    for command in known() {
        let cased = if majority_lower { is_lowercase(&command.name) } else { is_uppercase(&command.name) };
        if cased || command.name_span.len() != command.name.len() {
            continue;
        }
        let wanted = if majority_lower { command.name.to_lowercase() } else { command.name.to_uppercase() };
        let mixed = !is_lowercase(&command.name) && !is_uppercase(&command.name);
        let message = if mixed {
            format!("Command '{}' should be consistently cased: write '{wanted}'", command.name)
        } else {
            let case = if majority_lower { "lowercase" } else { "uppercase" };
            format!("Command '{}' should match the case of the command majority ({case})", command.name)
        };
        findings.report(command.name_span, message).with_fix(
            format!("Write `{wanted}`"),
            Applicability::Safe,
            vec![Edit::replace(command.name_span, wanted)],
        );
    }
}

/// `name == name.to_lowercase()`, without allocating for ASCII names (nearly all).
fn is_lowercase(name: &str) -> bool {
    if name.is_ascii() { !name.bytes().any(|b| b.is_ascii_uppercase()) } else { name == name.to_lowercase() }
}

/// `name == name.to_uppercase()`, without allocating for ASCII names (nearly all).
fn is_uppercase(name: &str) -> bool {
    if name.is_ascii() { !name.bytes().any(|b| b.is_ascii_lowercase()) } else { name == name.to_uppercase() }
}
