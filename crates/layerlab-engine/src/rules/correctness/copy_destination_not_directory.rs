use crate::model::Expanded;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `COPY` or `ADD` with several sources whose destination does not end in `/`.

## Why it matters
With more than one source the destination must be a directory, and BuildKit only treats it as
one when it ends with `/`. Otherwise the build stops with "When using COPY with more than one
source file, the destination must be a directory and end with a /".

## Example
```dockerfile
COPY package.json package-lock.json /app
```
Use instead:
```dockerfile
COPY package.json package-lock.json /app/
```

## Fix
Appends `/` to the destination. Safe: with several sources the destination can only be a
directory.
"#;

pub const RULE: Rule = Rule {
    code: "LL1114",
    name: "copy-destination-not-directory",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::hadolint("DL3021"), Alias::trivy("DS-0011"), Alias::dockerfile_utils("INVALID_DESTINATION")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        for step in stage.steps.iter().filter(|s| !s.onbuild) {
            let Expanded::Copy { sources, inline, destination, .. } = &step.expanded else { continue };
            if sources.len() + inline.len() < 2 || destination.ends_with(['/', '\\']) || destination.is_empty() {
                continue;
            }
            let instruction = &context.syntax.instructions[step.instruction];
            let Some(written) = instruction.command.args.last() else { continue };
            let keyword = instruction.command.keyword.as_str();
            let finding = findings.report(
                written.span,
                format!("{keyword} with more than one source needs a directory destination ending in `/`: '{}' makes the build fail", written.value),
            );
            if written.span.len() == written.value.len() && !written.value.ends_with(['"', '\'']) {
                finding.with_fix("Append `/` to the destination", Applicability::Safe, vec![Edit::insert(written.span.end, "/")]);
            }
        }
    }
}
