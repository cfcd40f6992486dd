use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` followed by another of the same kind in the same
stage.

## Why it matters
Each of these sets one field of the image config; only the last one of a stage counts. The
earlier ones are dead code that misleads the reader into thinking the container runs, or checks,
something it does not. Often they are left over from an edit and the wrong one survived.

## Example
```dockerfile
FROM python:3.13-slim
CMD ["python", "app.py"]
CMD ["gunicorn", "app:app"]
```
Use instead:
```dockerfile
FROM python:3.13-slim
CMD ["gunicorn", "app:app"]
```

## Fix
Deletes the earlier instructions. Unsafe: it keeps the one the build uses, but you may have
meant the other one.
"#;

pub const RULE: Rule = Rule {
    code: "LL1106",
    name: "multiple-instructions-disallowed",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[
        Alias::hadolint("DL4003"),
        Alias::hadolint("DL4004"),
        Alias::hadolint("DL3012"),
        Alias::buildkit("MultipleInstructionsDisallowed"),
        Alias::trivy("DS-0016"),
        Alias::trivy("DS-0007"),
        Alias::trivy("DS-0023"),
        Alias::dockerfile_utils("MULTIPLE_INSTRUCTIONS"),
    ],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let source = &context.syntax.source;
    for stage in 0..context.model.stages.len() {
        for keyword in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
            let all: Vec<_> = context.stage_instructions(stage).filter(|(_, i)| i.is(keyword)).collect();
            let Some(((_, last), earlier)) = all.split_last() else { continue };
            for (_, instruction) in earlier {
                // The whole line, with its newline, so no blank line is left behind.
                let line_start = source[..instruction.span.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = source[instruction.span.end..].find('\n').map_or(source.len(), |i| instruction.span.end + i + 1);
                let name = keyword.as_str();
                findings
                    .report(
                        instruction.span,
                        format!("Multiple {name} instructions in the same stage: only the last one (line {}) is used", last.start_line),
                    )
                    .with_fix(format!("Delete this {name}"), Applicability::Unsafe, vec![Edit::delete(Span::new(line_start, line_end))]);
            }
        }
    }
}
