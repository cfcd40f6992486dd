use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `apt-get install` of packages without a version (`curl` instead of `curl=8.5.0-2`).
Packages with `=version`, a `/release` suffix or a local `.deb` path count as pinned.
A `$VAR` argument is expanded from an assignment earlier in the same RUN
(`buildDeps='gcc make'; … $buildDeps`) or from the stage's ENV/ARG; one that stays unknown is
not reported (hadolint reports `$VAR` itself as an unpinned package).

## Why it matters
Without versions, the same Dockerfile installs whatever the mirror has on the day it is built.
A rebuild after a cache miss can pull a new major version and break the image, and two builds
of one commit may differ. Many teams accept this trade-off for security updates; pin when
reproducibility matters more.

## Example
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
```
Use instead:
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```

## Fix
None: the right version depends on the base image's release; look it up with
`apt-cache policy <package>`.
"#;

pub const RULE: Rule = Rule {
    code: "LL5201",
    name: "apt-get-unpinned-packages",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3008")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const TAKES_VALUE: &[&str] = &["-t", "--target-release", "--default-release", "-o", "--option", "-c", "--config-file"];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_unpinned(context, findings, "`apt-get install`", |command| {
        let mut packages = helpers::install_operands(command, &["apt-get"], &["install"], TAKES_VALUE);
        packages.retain(|p| !p.contains('=') && !p.contains('/') && !p.ends_with(".deb") && !p.contains('$'));
        packages
    });
}
