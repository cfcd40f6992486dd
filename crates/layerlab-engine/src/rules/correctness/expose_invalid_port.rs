use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags an `EXPOSE` port that is not a number or a `low-high` range of numbers
(`EXPOSE http`, `EXPOSE 8080-80`, `EXPOSE 80/`).

Numbers above 65535 are hadolint's DL3011 (a separate rule), so they are not repeated here.

## Why it matters
Docker parses every exposed port when it builds the image config: a port it cannot parse fails
the build ("invalid containerPort"), and a reversed range is rejected the same way.

## Example
```dockerfile
EXPOSE http
```
Use instead:
```dockerfile
EXPOSE 80
```

## Fix
None: the intended port number is not in the text.
"#;

pub const RULE: Rule = Rule {
    code: "LL1111",
    name: "expose-invalid-port",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::dockerfile_utils("INVALID_PORT")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Expose) {
        for word in &instruction.command.args {
            if word.value.contains(['$', ':']) {
                continue; // variables are expanded later; host mappings are LL1110
            }
            let port = word.value.split_once('/').map_or(word.value.as_str(), |(port, _)| port);
            if let Some(problem) = problem(port) {
                findings.report(word.span, format!("Invalid port '{}' in EXPOSE: {problem}; Docker fails to build the image config", word.value));
            }
        }
    }
}

fn problem(port: &str) -> Option<&'static str> {
    let number = |text: &str| !text.is_empty() && text.len() <= 10 && text.chars().all(|c| c.is_ascii_digit());
    match port.split_once('-') {
        _ if port.is_empty() => Some("the port is missing"),
        None if number(port) => None,
        None => Some("a port must be a number"),
        Some((low, high)) if number(low) && number(high) => {
            let (low, high): (u64, u64) = (low.parse().ok()?, high.parse().ok()?);
            (high < low).then_some("the range ends before it starts")
        }
        Some(_) => Some("a range must be two numbers, `low-high`"),
    }
}
