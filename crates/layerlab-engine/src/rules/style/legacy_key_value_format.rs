use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `ENV` and `LABEL` in the legacy whitespace form, `ENV KEY value`, instead of `ENV KEY=value`.

## Why it matters
The legacy form sets exactly one variable and takes *the whole rest of the line* as its value:
`ENV PATH /opt/bin PYTHONUNBUFFERED 1` sets `PATH` to `/opt/bin PYTHONUNBUFFERED 1`, a silent
bug. The `KEY=value` form can set several variables in one instruction (one layer of config),
quotes its values explicitly, and is the only form Docker documents going forward.

## Example
```dockerfile
ENV NODE_ENV production
```
Use instead:
```dockerfile
ENV NODE_ENV="production"
```

## Fix
Rewrites `KEY value` as `KEY="value"`. Safe when the value holds no quotes or backslashes (the
value is then byte for byte the same); otherwise no fix is offered, as the quoting rules differ.
"#;

pub const RULE: Rule = Rule {
    code: "LL6106",
    name: "legacy-key-value-format",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("LegacyKeyValueFormat")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions() {
        let command = &instruction.command;
        if !matches!(command.keyword, Keyword::Env | Keyword::Label) || command.args.len() != 3 || !command.args[2].value.is_empty() {
            continue;
        }
        let (key, value) = (&command.args[0], &command.args[1]);
        let keyword = command.keyword.as_str();
        let span = Span::new(key.span.start, value.span.end.max(key.span.end));
        let finding = findings.report(
            span,
            format!("\"{keyword} key=value\" should be used instead of legacy \"{keyword} key value\" format: the legacy form takes the whole rest of the line as one value"),
        );
        let plain = !value.value.contains(['"', '\'', '\\']) && !value.value.contains('\n');
        let written = key.span.len() == key.value.len() && value.span.len() == value.value.len();
        if plain && written {
            let replacement = format!("{}=\"{}\"", key.value, value.value.trim_end());
            finding.with_fix("Use `KEY=\"value\"`", Applicability::Safe, vec![Edit::replace(span, replacement)]);
        }
    }
}
