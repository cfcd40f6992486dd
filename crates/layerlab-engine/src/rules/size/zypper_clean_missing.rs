use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a RUN with `zypper install` that does not run `zypper clean` (or `zypper cc`) in the same
RUN. Not reported when `/var/cache/zypp` is a cache or tmpfs mount, nor in build stages whose
layers do not reach the image (hadolint reports those too).

## Why it matters
zypper keeps repository metadata and downloaded RPMs in `/var/cache/zypp`. The cleanup only
shrinks the image when it runs in the same layer as the install.

## Example
```dockerfile
RUN zypper install -y nginx
```
Use instead:
```dockerfile
RUN zypper install -y nginx && zypper clean
```

## Fix
Appends `&& zypper clean` to the RUN. Safe: later zypper runs rebuild the cache.
"#;

pub const RULE: Rule = Rule {
    code: "LL3206",
    name: "zypper-clean-missing",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3036"), Alias::trivy("DS-0020")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if !context.is_shipped(index) || helpers::has_cache_mount(context, index, |t| t.starts_with("/var/cache/zypp")) {
            continue;
        }
        let commands = context.commands(index);
        let is_install = |a: &String| a == "install" || a == "in";
        let Some(install) = commands.iter().find(|c| c.program() == Some("zypper") && c.arguments().iter().any(is_install)) else {
            continue;
        };
        let cleaned = commands.iter().any(|c| {
            c.program() == Some("zypper") && c.arguments().iter().any(|a| a == "clean" || a == "cc")
                || c.program() == Some("rm") && c.arguments().iter().any(|a| a.starts_with("/var/cache/zypp"))
        });
        if cleaned {
            continue;
        }
        let finding = findings.report(helpers::command_span(context, instruction, install), "`zypper install` without `zypper clean`: the zypper cache stays in the layer");
        if let Some(edit) = helpers::append_to_run(instruction, "zypper clean") {
            finding.with_fix("Add `zypper clean`", Applicability::Safe, vec![edit]);
        }
    }
}
