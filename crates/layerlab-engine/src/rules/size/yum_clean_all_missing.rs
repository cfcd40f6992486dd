use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a RUN with `yum install` that does not run `yum clean all` (or remove `/var/cache/yum`)
in the same RUN. Not reported when `/var/cache/yum` is a cache or tmpfs mount, nor in build
stages whose layers do not reach the image (hadolint reports those too).

## Why it matters
yum keeps repository metadata and downloaded RPMs in `/var/cache/yum`, often 100 MB or more.
The cleanup only shrinks the image when it runs in the same layer as the install.

## Example
```dockerfile
RUN yum install -y httpd
```
Use instead:
```dockerfile
RUN yum install -y httpd && yum clean all
```

## Fix
Appends `&& yum clean all` to the RUN. Safe: the cache is only needed by later yum runs, which
rebuild it.
"#;

pub const RULE: Rule = Rule {
    code: "LL3204",
    name: "yum-clean-all-missing",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3032"), Alias::trivy("DS-0015")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if !context.is_shipped(index) || helpers::has_cache_mount(context, index, |t| t.starts_with("/var/cache/yum")) {
            continue;
        }
        let commands = context.commands(index);
        let Some(install) = commands.iter().find(|c| c.program() == Some("yum") && c.arguments().iter().any(|a| a == "install")) else {
            continue;
        };
        let cleaned = commands.iter().any(|c| {
            c.program() == Some("yum") && c.arguments().iter().any(|a| a == "clean")
                || c.program() == Some("rm") && c.arguments().iter().any(|a| a.starts_with("/var/cache/yum"))
        });
        if cleaned {
            continue;
        }
        let finding = findings.report(helpers::command_span(context, instruction, install), "`yum install` without `yum clean all`: the yum cache stays in the layer");
        if let Some(edit) = helpers::append_to_run(instruction, "yum clean all") {
            finding.with_fix("Add `yum clean all`", Applicability::Safe, vec![edit]);
        }
    }
}
