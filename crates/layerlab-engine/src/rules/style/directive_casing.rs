use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Span;

const DOC: &str = r#"## What it does
Flags a parser directive whose name is not lower case (`# Syntax=docker/dockerfile:1`).

## Why it matters
BuildKit accepts directive names in any case, but older builders and many tools (editors,
linters, CI scripts that grep for `# syntax=`) only recognise the lower-case spelling, and the
Dockerfile reference writes them in lower case.

## Example
```dockerfile
# SYNTAX=docker/dockerfile:1
FROM alpine:3.22
```
Use instead:
```dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.22
```

## Fix
Lower-cases the directive name. Safe: BuildKit reads it the same way.
"#;

pub const RULE: Rule = Rule {
    code: "LL6108",
    name: "directive-casing",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::dockerfile_utils("CASING_DIRECTIVE")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let source = &context.syntax.source;
    for directive in &context.syntax.directives {
        let text = &source[directive.span.start..directive.span.end];
        let Some(after_hash) = text.find('#').map(|i| i + 1) else { continue };
        let lead = text[after_hash..].len() - text[after_hash..].trim_start().len();
        let start = directive.span.start + after_hash + lead;
        let written = &source[start..start + directive.name.len().min(source.len() - start)];
        if written == directive.name || !written.eq_ignore_ascii_case(&directive.name) {
            continue;
        }
        let span = Span::new(start, start + written.len());
        findings
            .report(span, format!("Parser directive '{written}' should be written in lower case: '{}'", directive.name))
            .with_fix("Lower-case the directive", Applicability::Safe, vec![Edit::replace(span, directive.name.clone())]);
    }
}
