use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `apk add` of packages without a version (`curl` instead of `curl=8.11.1-r0`). `=`, `~=`,
`>=` and `<` constraints and local `.apk` files count as pinned.
A `$VAR` argument is expanded from an assignment earlier in the same RUN
(`buildDeps='gcc make'; … $buildDeps`) or from the stage's ENV/ARG; one that stays unknown is
not reported (hadolint reports `$VAR` itself as an unpinned package).

## Why it matters
Without versions apk installs whatever the branch has on the day of the build, so two builds of
one commit can differ and a rebuild can pull a breaking change. Alpine removes old versions from
its mirrors, so exact pins break too: `~=` (same minor version) is a good compromise.

## Example
```dockerfile
RUN apk add --no-cache curl
```
Use instead:
```dockerfile
RUN apk add --no-cache curl~=8.11
```

## Fix
None: the right version depends on the Alpine branch of the base image.
"#;

pub const RULE: Rule = Rule {
    code: "LL5204",
    name: "apk-unpinned-packages",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3018")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const TAKES_VALUE: &[&str] = &["-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "--keys-dir", "--repositories-file"];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_unpinned(context, findings, "`apk add`", |command| {
        let mut packages = helpers::install_operands(command, &["apk"], &["add"], TAKES_VALUE);
        packages.retain(|p| !p.contains(['=', '<', '>', '$']) && !p.ends_with(".apk"));
        packages
    });
}
