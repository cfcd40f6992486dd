use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a RUN with `dnf install` (or `microdnf install`) that does not run `dnf clean all` (or remove `/var/cache/dnf`)
in the same RUN. Not reported when `/var/cache/dnf` is a cache or tmpfs mount, nor in build
stages whose layers do not reach the image (hadolint reports those too).

## Why it matters
dnf keeps repository metadata and downloaded RPMs in `/var/cache/dnf`, often 100 MB or more.
The cleanup only shrinks the image when it runs in the same layer as the install.

## Example
```dockerfile
RUN dnf install -y httpd
```
Use instead:
```dockerfile
RUN dnf install -y httpd && dnf clean all
```

## Fix
Appends `&& dnf clean all` (`microdnf clean all`) to the RUN. Safe: the cache is only needed by later dnf runs, which
rebuild it.
"#;

pub const RULE: Rule = Rule {
    code: "LL3205",
    name: "dnf-clean-all-missing",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3040"), Alias::trivy("DS-0019")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if !context.is_shipped(index) || helpers::has_cache_mount(context, index, |t| t.starts_with("/var/cache/dnf")) {
            continue;
        }
        let commands = context.commands(index);
        let Some(install) = commands.iter().find(|c| matches!(c.program(), Some("dnf" | "microdnf")) && c.arguments().iter().any(|a| a == "install")) else {
            continue;
        };
        let cleaned = commands.iter().any(|c| {
            matches!(c.program(), Some("dnf" | "microdnf")) && c.arguments().iter().any(|a| a == "clean")
                || c.program() == Some("rm") && c.arguments().iter().any(|a| a.starts_with("/var/cache/dnf") || a.starts_with("/var/cache/yum"))
        });
        if cleaned {
            continue;
        }
        let finding = findings.report(helpers::command_span(context, instruction, install), "`dnf install` without `dnf clean all`: the dnf cache stays in the layer");
        let clean = format!("{} clean all", install.program().unwrap_or("dnf"));
        if let Some(edit) = helpers::append_to_run(instruction, &clean) {
            finding.with_fix("Add `dnf clean all`", Applicability::Safe, vec![edit]);
        }
    }
}
