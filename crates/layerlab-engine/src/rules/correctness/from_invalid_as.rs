use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `FROM image word name` whose middle word is not `AS` (`FROM golang:1.23 AD build`,
`FROM node:22 named web`). The parser reports "FROM requires either one or three arguments";
this rule says which word is wrong and offers the fix.

## Why it matters
BuildKit refuses the whole Dockerfile: nothing builds until the line is fixed.

## Example
```dockerfile
FROM golang:1.23 AD build
```
Use instead:
```dockerfile
FROM golang:1.23 AS build
```

## Fix
Replaces the word with `AS` (in the case of `FROM`). Safe when the word is a near miss of `as`
(one character off); unsafe otherwise, since the line may mean something else entirely.
"#;

pub const RULE: Rule = Rule {
    code: "LL1115",
    name: "from-invalid-as",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::dockerfile_utils("INVALID_AS")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::From) {
        let command = &instruction.command;
        let [_, word, name] = command.args.as_slice() else { continue };
        if word.value.eq_ignore_ascii_case("as") {
            continue;
        }
        let keyword = if command.name == command.name.to_lowercase() { "as" } else { "AS" };
        let near = near_as(&word.value);
        let applicability = if near { Applicability::Safe } else { Applicability::Unsafe };
        findings
            .report(word.span, format!("Expected `AS` between the image and the stage name '{}', found '{}': BuildKit rejects the file", name.value, word.value))
            .with_fix(format!("Convert to `{keyword}`"), applicability, vec![Edit::replace(word.span, keyword)]);
    }
}

/// One edit away from `as`, ignoring case.
fn near_as(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    let chars: Vec<char> = word.chars().collect();
    match chars.len() {
        1 => chars[0] == 'a' || chars[0] == 's',
        2 => chars[0] == 'a' || chars[1] == 's',
        3 => chars.windows(2).any(|w| w == ['a', 's']) || (chars[0] == 'a' && chars[2] == 's'),
        _ => false,
    }
}
