use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags RUNs that use `wget` or `curl` once a stage has used both (from the RUN that brings in
the second tool on, as hadolint does).

## Why it matters
Two download tools do one job. Each is a package (with its libraries) to install, keep
patched and scan; using one consistently makes the image smaller and the Dockerfile easier to
follow.

## Example
```dockerfile
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN wget -q https://example.com/b.tgz
```
Use instead:
```dockerfile
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN curl -fsSLO https://example.com/b.tgz
```

## Fix
None: the command-line options differ between the tools.
"#;

pub const RULE: Rule = Rule {
    code: "LL3211",
    name: "wget-and-curl",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL4001"), Alias::trivy("DS-0014")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let (mut stage, mut wget, mut curl) = (None, false, false);
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if context.stage_of(index) != stage {
            (stage, wget, curl) = (context.stage_of(index), false, false);
        }
        let commands = context.commands(index);
        let uses_wget = commands.iter().find(|c| c.program() == Some("wget"));
        let uses_curl = commands.iter().find(|c| c.program() == Some("curl"));
        wget |= uses_wget.is_some();
        curl |= uses_curl.is_some();
        if let (true, true, Some(command)) = (wget, curl, uses_wget.or(uses_curl)) {
            findings.report(helpers::command_span(context, instruction, command), "this stage uses both wget and curl: pick one download tool");
        }
    }
}
