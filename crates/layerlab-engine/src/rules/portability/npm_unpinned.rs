use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `npm install <package>` (also `npm i`, `npm add`) without a version (`express` instead
of `express@4.21.1`). A plain `npm install`/`npm ci` from the lockfile is fine, and so are
paths, tarballs, git and URL specs.
A `$VAR` argument is expanded from an assignment earlier in the same RUN
(`buildDeps='gcc make'; … $buildDeps`) or from the stage's ENV/ARG; one that stays unknown is
not reported (hadolint reports `$VAR` itself as an unpinned package).

## Why it matters
Without a version npm installs the newest release on the day of the build, so a rebuild after a
cache miss can break the image. Global CLI tools (`npm install -g typescript`) are the usual
case.

## Example
```dockerfile
RUN npm install -g typescript
```
Use instead:
```dockerfile
RUN npm install -g typescript@5.6.3
```

## Fix
None: choose the version you tested (or install from `package-lock.json` with `npm ci`).
"#;

pub const RULE: Rule = Rule {
    code: "LL5203",
    name: "npm-unpinned-packages",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3016")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const TAKES_VALUE: &[&str] = &["--prefix", "--registry", "-w", "--workspace", "--cache", "--tag", "--userconfig"];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_unpinned(context, findings, "`npm install`", |command| {
        let mut packages = helpers::install_operands(command, &["npm"], &["install", "i", "add"], TAKES_VALUE);
        packages.retain(|p| !pinned(p));
        packages
    });
}

fn pinned(package: &str) -> bool {
    package.get(1..).is_some_and(|rest| rest.contains('@'))
        || package.starts_with(['.', '/', '~', '$'])
        || package.contains("://")
        || package.contains('$')
        || ["git+", "github:", "git:", "file:"].iter().any(|p| package.starts_with(p))
        || [".tgz", ".tar.gz", ".tar"].iter().any(|s| package.ends_with(s))
}
