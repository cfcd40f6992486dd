use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{dump::go_quote, Keyword};

const DOC: &str = r#"## What it does
Flags the deprecated `MAINTAINER` instruction.

## Why it matters
`MAINTAINER` has been deprecated since Docker 1.13: it sets a field of the image config that
tools no longer read. A label carries the same information where registries and scanners
look for it (`org.opencontainers.image.authors` or `maintainer`).

## Example
```dockerfile
MAINTAINER Jane Doe <jane@example.com>
```
Use instead:
```dockerfile
LABEL maintainer="Jane Doe <jane@example.com>"
```

## Fix
Replaces the instruction with an equivalent `LABEL`. Safe: the image keeps the information.
"#;

pub const RULE: Rule = Rule {
    code: "LL1002",
    name: "maintainer-deprecated",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[
        Alias::hadolint("DL4000"),
        Alias::buildkit("MaintainerDeprecated"),
        Alias::trivy("DS-0022"),
        Alias::checkov("CKV_DOCKER_6"),
        Alias::dockerfile_utils("DEPRECATED_MAINTAINER"),
    ],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Maintainer) {
        let finding = findings.report(instruction.command.name_span, "MAINTAINER is deprecated: use a label instead");
        if let (Some(value), 1) = (instruction.command.args.first(), instruction.end_line - instruction.start_line + 1) {
            let replacement = format!("LABEL maintainer={}", go_quote(&value.value));
            finding.with_fix("Replace with a `maintainer` label", Applicability::Safe, vec![Edit::replace(instruction.span, replacement)]);
        }
    }
}
