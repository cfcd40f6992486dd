use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `COPY --from=<name>` where `<name>` is not a stage defined earlier in the Dockerfile and
does not look like an image reference (no `:`, `/` or `@`; hadolint reports those too, but
`COPY --from=<image>` is a documented BuildKit feature, hadolint#859). A stage index is fine when it
refers to an earlier stage.

## Why it matters
When the name matches no earlier stage, BuildKit treats it as an image to pull: a typo in a
stage name (`--from=biuld`) becomes a pull of `docker.io/library/biuld` and fails, or worse,
succeeds with an unrelated image. A stage defined *later* cannot be copied from either.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /app .
FROM alpine:3.22
COPY --from=biuld /app /app
```
Use instead:
```dockerfile
COPY --from=build /app /app
```

## Fix
When an earlier stage's name is a near miss (at most two edits away, like `biuld` for `build`),
offers to use it, as a preview to review.
"#;

pub const RULE: Rule = Rule {
    code: "LL1205",
    name: "copy-from-unknown-stage",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3022")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Copy) {
        let Some(flag) = instruction.command.flag("from") else { continue };
        let Some(from) = flag.value.as_deref() else { continue };
        let current = context.stage_of(index).unwrap_or(0);
        if from.contains([':', '/', '@', '$']) || from.is_empty() {
            continue;
        }
        let stages = &context.model.stages;
        let earlier = |i: usize| i < current;
        if let Ok(number) = from.parse::<usize>() {
            if earlier(number) {
                continue;
            }
        } else if stages.iter().any(|s| earlier(s.index) && s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(from))) {
            continue;
        }
        let later = stages.iter().any(|s| s.index > current && s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(from)));
        let message = if later {
            format!("`COPY --from={from}` names a stage defined later: only earlier stages can be copied from")
        } else {
            format!("`COPY --from={from}` names no earlier stage: BuildKit will try to pull an image called `{from}`")
        };
        let finding = findings.report(flag.span, message);
        let closest = stages.iter().filter(|s| earlier(s.index)).filter_map(|s| s.name.as_deref()).map(|n| (distance(n, &from.to_ascii_lowercase()), n)).filter(|(d, _)| *d <= 2).min();
        if let (Some((_, name)), false) = (closest, later) {
            finding.with_fix(format!("Copy from stage `{name}`"), Applicability::ManualWithPreview, vec![Edit::replace(flag.span, format!("--from={name}"))]);
        }
    }
}

/// Levenshtein distance between two short names.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb { previous } else { 1 + previous.min(row[j]).min(current) };
            previous = current;
        }
    }
    row[b.len()]
}
