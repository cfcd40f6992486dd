use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Command, Keyword};

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
    // Each known command with whether it is written in lower case and in upper case.
    let known: Vec<(&Command, bool, bool)> = context
        .instructions()
        .map(|(_, i)| &i.command)
        .filter(|c| c.keyword != Keyword::Unknown)
        .map(|c| {
            let (lower, upper) = casing(&c.name);
            (c, lower, upper)
        })
        .collect();
    let lower = known.iter().filter(|(_, lower, _)| *lower).count();
    let upper = known.iter().filter(|(_, _, upper)| *upper).count();
    let majority_lower = lower > upper;
    for &(command, is_lower, is_upper) in &known {
        let cased = if majority_lower { is_lower } else { is_upper };
        if cased || command.name_span.len() != command.name.len() {
            continue;
        }
        let wanted = if majority_lower { command.name.to_lowercase() } else { command.name.to_uppercase() };
        let mixed = !is_lower && !is_upper;
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

/// Whether `name` is written in lower case and in upper case (`name == name.to_lowercase()`,
/// `name == name.to_uppercase()`), in one pass over the bytes of an ASCII name (nearly all).
fn casing(name: &str) -> (bool, bool) {
    if !name.is_ascii() {
        return (name == name.to_lowercase(), name == name.to_uppercase());
    }
    let (mut lower, mut upper) = (true, true);
    for byte in name.bytes() {
        lower &= !byte.is_ascii_uppercase();
        upper &= !byte.is_ascii_lowercase();
    }
    (lower, upper)
}
