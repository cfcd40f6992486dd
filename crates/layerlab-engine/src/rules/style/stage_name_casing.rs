use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a stage name (`FROM … AS Name`) that is not all lower case.

## Why it matters
BuildKit lower-cases stage names when it stores them, and `FROM` matches an earlier stage by
its exact (lower-case) name. `FROM Builder` therefore does not find the stage `AS Builder`: it
tries to pull an image called `Builder` and fails with "invalid reference format". Writing stage
names in lower case everywhere makes the file read the way BuildKit sees it.

## Example
```dockerfile
FROM golang:1.23 AS Builder
```
Use instead:
```dockerfile
FROM golang:1.23 AS builder
```

## Fix
Lower-cases the name after `AS`. Safe: BuildKit already uses the lower-case name, and
`COPY --from=` and `--target` match stage names case-insensitively.
"#;

pub const RULE: Rule = Rule {
    code: "LL6101",
    name: "stage-name-casing",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("StageNameCasing")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::From) {
        let args = &instruction.command.args;
        if args.len() != 3 || !args[1].value.eq_ignore_ascii_case("as") {
            continue;
        }
        let name = &args[2];
        let lower = name.value.to_lowercase();
        if lower == name.value || name.span.len() != name.value.len() {
            continue;
        }
        findings
            .report(name.span, format!("Stage name '{}' should be lowercase: BuildKit stores and matches it as '{lower}'", name.value))
            .with_fix("Lower-case the stage name", Applicability::Safe, vec![Edit::replace(name.span, lower)]);
    }
}
