use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `zypper install` (`zypper in`) of packages without a version constraint
(`nginx` instead of `nginx=1.21.5` or `"nginx>=1.21"`). `.rpm` files count as pinned.
A `$VAR` argument is expanded from an assignment earlier in the same RUN
(`buildDeps='gcc make'; … $buildDeps`) or from the stage's ENV/ARG; one that stays unknown is
not reported (hadolint reports `$VAR` itself as an unpinned package).

## Why it matters
Without versions zypper installs whatever the repositories hold on the day of the build, so two
builds of one commit can differ and a rebuild can pull a breaking update.

## Example
```dockerfile
RUN zypper install -y nginx && zypper clean
```
Use instead:
```dockerfile
RUN zypper install -y nginx=1.21.5 && zypper clean
```

## Fix
None: the right version depends on the base image repositories.
"#;

pub const RULE: Rule = Rule {
    code: "LL5208",
    name: "zypper-unpinned-packages",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3037")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const TAKES_VALUE: &[&str] = &["-t", "--type", "-r", "--repo", "--from"];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_unpinned(context, findings, "`zypper install`", |command| {
        let mut packages = helpers::install_operands(command, &["zypper"], &["install", "in"], TAKES_VALUE);
        packages.retain(|p| !p.contains(['=', '<', '>', '$']) && !p.ends_with(".rpm"));
        packages
    });
}
