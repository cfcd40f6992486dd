use crate::model::Expanded;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `COPY` or `ADD` source from the build context that `.dockerignore` excludes.

## Why it matters
Excluded files are never sent to the builder, so the instruction either fails ("not found") or,
with a wildcard, silently copies nothing. Usually one of the two is out of date: the file is
needed and the ignore rule is too broad, or the file was meant to stay out (a secret, a build
output) and the `COPY` should not ask for it.

## Example
```dockerfile
# .dockerignore contains: *.env
COPY production.env /app/
```
Use instead: stop copying the file, or re-include it in `.dockerignore` with
`!production.env`.

## Fix
None: decide which of the two files is wrong.
"#;

pub const RULE: Rule = Rule {
    code: "LL1108",
    name: "copy-ignored-file",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("CopyIgnoredFile")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let Some(ignore) = context.dockerignore else { return };
    if ignore.patterns.is_empty() {
        return;
    }
    for stage in &context.model.stages {
        for step in stage.steps.iter().filter(|s| !s.onbuild) {
            let Expanded::Copy { sources, from: None, .. } = &step.expanded else { continue };
            let instruction = &context.syntax.instructions[step.instruction];
            if instruction.command.flag("from").is_some() {
                continue;
            }
            for (position, source) in sources.iter().enumerate() {
                if source.contains("://") || source.starts_with("git@") {
                    continue;
                }
                let path = source.trim_start_matches("./").trim_start_matches('/');
                let Some(pattern) = ignore.deciding_pattern(path).filter(|p| !p.exclusion) else { continue };
                let word = instruction.command.args.iter().filter(|w| !w.value.starts_with("<<")).nth(position);
                let span = word.map_or(instruction.span, |w| w.span);
                findings.report(
                    span,
                    format!(
                        "Attempting to {} file \"{source}\" that is excluded by .dockerignore (line {}: `{}`): it is never sent to the builder",
                        instruction.command.keyword.as_str(),
                        pattern.line,
                        pattern.pattern
                    ),
                );
            }
        }
    }
}
