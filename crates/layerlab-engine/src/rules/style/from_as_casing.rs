use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `FROM … as name` where the `AS` keyword's case does not match the `FROM` keyword's
(`FROM image as build`, `from image AS build`).

## Why it matters
Nothing breaks: both keywords are case-insensitive. But a Dockerfile that mixes casings is harder
to scan, and BuildKit's `--check` reports it, so fixing it keeps `docker build` output clean.

## Example
```dockerfile
FROM node:22 as build
```
Use instead:
```dockerfile
FROM node:22 AS build
```

## Fix
Rewrites `AS` in the case of `FROM`. Safe: keywords are case-insensitive.
"#;

pub const RULE: Rule = Rule {
    code: "LL6102",
    name: "from-as-casing",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("FromAsCasing")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::From) {
        let command = &instruction.command;
        let args = &command.args;
        if args.len() != 3 || !args[1].value.eq_ignore_ascii_case("as") {
            continue;
        }
        let (from, keyword) = (&command.name, &args[1]);
        let wanted = if is_upper(from) {
            "AS"
        } else if is_lower(from) {
            "as"
        } else {
            continue; // BuildKit only compares against an all-upper or all-lower FROM
        };
        if keyword.value == wanted || keyword.span.len() != 2 {
            continue;
        }
        findings
            .report(keyword.span, format!("'{}' and '{from}' keywords' casing do not match", keyword.value))
            .with_fix(format!("Write `{wanted}`"), Applicability::Safe, vec![Edit::replace(keyword.span, wanted)]);
    }
}

fn is_upper(text: &str) -> bool {
    text == text.to_uppercase()
}

fn is_lower(text: &str) -> bool {
    text == text.to_lowercase()
}
