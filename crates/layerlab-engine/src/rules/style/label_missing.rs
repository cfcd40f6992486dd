use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a shipped image that lacks a label the label schema requires (the target stage together
with the stages it is built `FROM`). Off unless a schema is set: hadolint reads it from
`label-schema` in `.hadolint.yaml`; Layerlab reads it from a comment,
`# layerlab: label-schema=<label>:<format>,…`.

## Why it matters
Organisations use labels to find an image's owner, source repository, version and license.
An image without them is an orphan: nobody knows whom to call about a vulnerability in it.

## Example
```dockerfile
# layerlab: label-schema=org.opencontainers.image.source:url
FROM alpine:3.22
```
Use instead:
```dockerfile
FROM alpine:3.22
LABEL org.opencontainers.image.source="https://github.com/acme/app"
```

## Fix
None: only you know the values.
"#;

pub const RULE: Rule = Rule {
    code: "LL6212",
    name: "label-missing",
    category: Category::Style,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3049")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let schema = helpers::label_schema(context);
    let Some(target) = context.model.target.and_then(|t| context.model.stages.get(t)) else { return };
    if schema.is_empty() {
        return;
    }
    let present: Vec<&str> = helpers::label_pairs(context).filter(|(i, _, _)| context.is_shipped(*i)).map(|(_, key, _)| helpers::unquote(&key.value)).collect();
    let instruction = &context.syntax.instructions[target.instruction];
    for (name, _) in &schema {
        if !present.contains(&name.as_str()) {
            findings.report(instruction.command.name_span, format!("the image has no `{name}` label, which the label schema requires"));
        }
    }
}
