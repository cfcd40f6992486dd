use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
With strict labels on, flags labels the label schema does not list. Off unless both are set:
hadolint reads `strict-labels` and `label-schema` from `.hadolint.yaml`; Layerlab reads them
from comments, `# layerlab: strict-labels` and `# layerlab: label-schema=<label>:<format>,…`.

## Why it matters
A strict schema keeps label keys consistent across an organisation's images: a misspelt key
(`org.opencontainers.image.sources`) is as good as a missing one to the tools that query it.

## Example
```dockerfile
# layerlab: strict-labels
# layerlab: label-schema=org.opencontainers.image.source:url
LABEL org.opencontainers.image.sources="https://github.com/acme/app"
```
Use instead:
```dockerfile
LABEL org.opencontainers.image.source="https://github.com/acme/app"
```

## Fix
None: rename the key or add it to the schema.
"#;

pub const RULE: Rule = Rule {
    code: "LL6213",
    name: "label-not-in-schema",
    category: Category::Style,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3050")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    if helpers::setting(context, "strict-labels").is_none_or(|v| v == "false") {
        return;
    }
    let schema = helpers::label_schema(context);
    for (_, key, _) in helpers::label_pairs(context) {
        let name = helpers::unquote(&key.value);
        if !schema.iter().any(|(n, _)| n == name) && !name.contains('$') {
            findings.report(key.span, format!("label `{name}` is not in the label schema (strict labels)"));
        }
    }
}
