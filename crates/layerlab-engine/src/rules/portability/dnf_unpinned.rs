use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `dnf install` (and `microdnf install`) of packages without a version. Packages count as pinned when they carry a version (`httpd-2.4.62`, `httpd-2.4.62-1.el9`,
a `=`/`>=` constraint), are `.rpm` files or paths, or are variables. hadolint treats any name
with a `-` as pinned, which misses `python3-devel`; Layerlab looks for a `-` followed by a digit.
A `$VAR` argument is expanded from an assignment earlier in the same RUN
(`buildDeps='gcc make'; … $buildDeps`) or from the stage's ENV/ARG; one that stays unknown is
not reported (hadolint reports `$VAR` itself as an unpinned package).

## Why it matters
Without versions dnf installs whatever the repositories hold on the day of the build, so two
builds of one commit can differ and a rebuild can pull a breaking update.

## Example
```dockerfile
RUN dnf install -y nginx && dnf clean all
```
Use instead:
```dockerfile
RUN dnf install -y nginx-1.24.0 && dnf clean all
```

## Fix
None: the right version depends on the base image's repositories.
"#;

pub const RULE: Rule = Rule {
    code: "LL5207",
    name: "dnf-unpinned-packages",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3041")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_rpm_unpinned(context, findings, "`dnf install`", &["dnf", "microdnf"]);
}
