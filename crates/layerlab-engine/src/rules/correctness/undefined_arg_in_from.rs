use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a variable used in `FROM` (the image or `--platform`) that no `ARG` before the first
`FROM` declares and that is not one of BuildKit's automatic platform arguments.

## Why it matters
`FROM` only sees global ARGs: those declared *before* the first `FROM`. An ARG declared inside a
stage, an ENV, or a typo expands to the empty string, so `FROM node:${NODE_VERSION}-alpine`
silently becomes `FROM node:-alpine` and the build fails, or worse picks an unintended tag.

## Example
```dockerfile
FROM node:${NODE_VERSION}-alpine
ARG NODE_VERSION=22
```
Use instead:
```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-alpine
```

## Fix
None offered: declare the ARG (with a default) before the first `FROM`, or fix the name when the
message suggests a near match.
"#;

pub const RULE: Rule = Rule {
    code: "LL1103",
    name: "undefined-arg-in-from",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("UndefinedArgInFrom")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    let known: Vec<&str> = model
        .global_args
        .iter()
        .map(|a| a.name.as_str())
        .chain(model.automatic_args.iter().map(|a| a.name.as_str()))
        .collect();
    for stage in &model.stages {
        let instruction = &context.syntax.instructions[stage.instruction];
        for name in &stage.unmatched {
            let span = instruction.command.args.first().map_or(instruction.span, |w| w.span);
            let span = match instruction.command.flag("platform") {
                Some(flag) if flag.raw.contains(name.as_str()) => flag.span,
                _ => span,
            };
            let hint = suggest(name, &known).map(|s| format!(" (did you mean {s}?)")).unwrap_or_default();
            findings.report(
                span,
                format!("FROM argument '{name}' is not declared{hint}: FROM only sees ARGs declared before the first FROM"),
            );
        }
    }
}

fn suggest<'a>(name: &str, options: &[&'a str]) -> Option<&'a str> {
    options
        .iter()
        .map(|o| (crate::suggest::edit_distance(&name.to_lowercase(), &o.to_lowercase()), *o))
        .filter(|&(d, o)| d <= 2 && d < o.len() / 2 + 1)
        .min_by_key(|&(d, _)| d)
        .map(|(_, o)| o)
}
