use crate::model::check_reference;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::sorting;
use crate::syntax::shell::Lexer;

const DOC: &str = r#"## What it does
Expands each `FROM` image with the global ARGs' *default* values only (as if no `--build-arg`
were passed) and flags the line when the result is empty or not a valid image reference.

## Why it matters
`ARG TAG` with no default makes `FROM alpine:${TAG}` expand to `alpine:`, which is not a valid
reference: the build only works when every caller remembers `--build-arg TAG=…`. A sensible
default keeps `docker build .` working and documents the expected value.

## Example
```dockerfile
ARG VERSION
FROM node:${VERSION}-alpine
```
Use instead:
```dockerfile
ARG VERSION=22
FROM node:${VERSION}-alpine
```

## Fix
None offered: only you know the right default.
"#;

pub const RULE: Rule = Rule {
    code: "LL1107",
    name: "invalid-default-arg-in-from",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("InvalidDefaultArgInFrom")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    // Only a reference with a variable can expand to a bad one.
    let with_variable = |stage: &crate::model::Stage| {
        context.syntax.instructions[stage.instruction].command.args.first().is_some_and(|image| image.value.contains('$'))
    };
    if !model.stages.iter().any(with_variable) {
        return;
    }
    let lexer = Lexer::new(context.syntax.escape);
    let mut env = sorting::collect_map(model.automatic_args.iter().map(|a| (a.name.clone(), a.value.clone())));
    for arg in &model.global_args {
        let Some(default) = &arg.default else { continue };
        let Ok(expansion) = lexer.process(default, &env) else { return };
        env.insert(arg.name.clone(), expansion.result);
    }
    for stage in &model.stages {
        let instruction = &context.syntax.instructions[stage.instruction];
        let Some(image) = instruction.command.args.first() else { continue };
        if !image.value.contains('$') {
            continue; // a literal reference is checked by the parser
        }
        let Ok(expansion) = lexer.process(&image.value, &env) else { continue };
        if let Err(problem) = check_reference(&expansion.result) {
            let shown = if expansion.result.is_empty() { "an empty name".to_owned() } else { format!("\"{}\"", expansion.result) };
            findings.report(
                image.span,
                format!("Default value for ARG {} results in {shown} ({problem}): the build fails unless a --build-arg is passed", image.value),
            );
        }
    }
}
