use crate::model::Expanded;
use crate::rules::{Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags the first whole-context `COPY . <dest>` (or `ADD .`) when the build has no `.dockerignore`,
or when its `.dockerignore` lets `.git`, `node_modules` or `.env` through. Catalog candidate
CA-07.

## Why it matters
`COPY . .` copies everything the context sends. Without a `.dockerignore`, that includes the
`.git` directory (often larger than the sources, and different after every commit, fetch or
checkout, so the `COPY` and every step after it rebuild even when no source changed), local
`node_modules` (hundreds of MB, built for the host's platform, overwriting the ones installed in
the image) and `.env` files with secrets, which then ship in a layer.

## Example
```dockerfile
COPY . .
```
with no `.dockerignore`. Add one next to the Dockerfile:
```text
.git
node_modules
.env
*.env
Dockerfile*
.dockerignore
```

## Fix
None in the Dockerfile (a fix cannot create a file): the message lists the lines the
`.dockerignore` next to the Dockerfile needs.
"#;

pub const RULE: Rule = Rule {
    code: "LL4307",
    name: "weak-dockerignore",
    category: Category::Cache,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const MUST_IGNORE: [&str; 3] = [".git", "node_modules", ".env"];

fn check(context: &RuleContext, findings: &mut Findings) {
    let first = context.model.stages.iter().flat_map(|s| s.steps.iter()).filter(|s| !s.onbuild).find(|step| {
        matches!(&step.expanded, Expanded::Copy { sources, from: None, .. }
            if sources.iter().any(|s| matches!(s.as_str(), "." | "./" | "*" | "./*")))
    });
    let Some(step) = first else { return };
    let instruction = &context.syntax.instructions[step.instruction];
    let missing: Vec<&str> = match context.dockerignore {
        None => MUST_IGNORE.to_vec(),
        Some(ignore) => MUST_IGNORE.iter().copied().filter(|p| !ignore.is_ignored(p)).collect(),
    };
    if missing.is_empty() {
        return;
    }
    let lines: Vec<String> = missing.iter().map(|m| (*m).to_owned()).chain(missing.contains(&".env").then(|| "*.env".to_owned())).collect();
    let shown = lines.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ");
    let message = match context.dockerignore {
        None => format!("the whole build context is copied and there is no `.dockerignore`: `.git`, `node_modules` and `.env` files end up in the layer and bust its cache; create one with {shown}"),
        Some(_) => format!(
            "the whole build context is copied and `.dockerignore` does not exclude {}: they end up in the layer and bust its cache; add {shown}",
            missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    findings.report(instruction.span, message);
}
