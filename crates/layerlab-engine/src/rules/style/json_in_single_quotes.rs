use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{dump::go_quote, Keyword};

const DOC: &str = r#"## What it does
Flags an exec-form array written with single quotes: `CMD ['node', 'server.js']`.

## Why it matters
JSON only allows double quotes. BuildKit does not recognise `['node', 'server.js']` as exec
form, silently falls back to shell form, and runs `/bin/sh -c "['node', 'server.js']"`: the
container fails at start with "['node',: not found", or on an image without a shell, with
"no such file or directory".

## Example
```dockerfile
CMD ['node', 'server.js']
```
Use instead:
```dockerfile
CMD ["node", "server.js"]
```

## Fix
Rewrites the array with double quotes. Safe: the single-quoted text can only have meant the
exec form.
"#;

pub const RULE: Rule = Rule {
    code: "LL6109",
    name: "json-in-single-quotes",
    category: Category::Style,
    severity: Severity::Error,
    aliases: &[Alias::dockerfile_utils("JSON_IN_SINGLE_QUOTES")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions() {
        let command = &instruction.command;
        let exec_form_allowed = matches!(
            command.keyword,
            Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell | Keyword::Volume | Keyword::Add | Keyword::Copy
        );
        if !exec_form_allowed || command.json || command.args.is_empty() {
            continue;
        }
        let first = &command.args[0];
        let last = &command.args[command.args.len() - 1];
        let span = first.span.cover(last.span);
        let text = context.syntax.text(span);
        let Some(elements) = single_quoted_array(text) else { continue };
        let json = format!("[{}]", elements.iter().map(|e| go_quote(e)).collect::<Vec<_>>().join(", "));
        findings
            .report(span, format!("{} array in single quotes is not JSON: BuildKit runs it as a shell command; use double quotes", command.keyword.as_str()))
            .with_fix("Use double quotes", Applicability::Safe, vec![Edit::replace(span, json)]);
    }
}

/// `['a', 'b c']` → `["a", "b c"]` elements; `None` unless every element is single-quoted.
fn single_quoted_array(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let mut elements = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let body = rest.strip_prefix('\'')?;
        let end = body.find('\'')?;
        elements.push(body[..end].to_owned());
        rest = body[end + 1..].trim_start();
        match rest.strip_prefix(',') {
            Some(after) => rest = after.trim_start(),
            None if rest.is_empty() => {}
            None => return None,
        }
    }
    (!elements.is_empty()).then_some(elements)
}
