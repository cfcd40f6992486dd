use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `pip install` of packages without a version specifier. Requirement files (`-r`),
constraints, specifiers (`==`, `>=`, `~=`, `<`, `!=`, `@ url`), wheels, archives, local paths,
VCS URLs with an `@ref` and unexpanded variables (`$PKG`, which hadolint reports) count as pinned.
A `$VAR` argument is expanded from an assignment earlier in the same RUN
(`buildDeps='gcc make'; … $buildDeps`) or from the stage's ENV/ARG; one that stays unknown is
not reported (hadolint reports `$VAR` itself as an unpinned package).

## Why it matters
`pip install flask` installs the latest release on the day of the build: a rebuild can pull a
new major version with breaking changes. Pinning, ideally through a requirements or lock file,
makes builds repeatable.

## Example
```dockerfile
RUN pip install --no-cache-dir flask gunicorn
```
Use instead:
```dockerfile
RUN pip install --no-cache-dir flask==3.0.3 gunicorn==23.0.0
```

## Fix
None: choose the versions you tested, or install from a requirements file.
"#;

pub const RULE: Rule = Rule {
    code: "LL5202",
    name: "pip-unpinned-packages",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3013")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const TAKES_VALUE: &[&str] = &[
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
    "-f", "--find-links", "--trusted-host", "-t", "--target", "--prefix", "--root", "--platform",
    "--python-version", "--implementation", "--abi", "--src", "--upgrade-strategy", "--progress-bar", "--log",
    "--cache-dir", "--proxy", "--timeout", "--retries", "--global-option", "--install-option", "--no-binary",
    "--only-binary", "--config-settings", "-C", "--report", "--python",
];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_unpinned(context, findings, "`pip install`", |command| {
        let Some(arguments) = helpers::pip_arguments(command) else { return Vec::new() };
        let mut operands = helpers::operands(arguments, TAKES_VALUE);
        if operands.first() != Some(&"install") {
            return Vec::new();
        }
        operands.remove(0);
        operands.into_iter().filter(|p| !pinned(p)).collect()
    });
}

fn pinned(package: &str) -> bool {
    if ["git+", "hg+", "svn+", "bzr+"].iter().any(|vcs| package.starts_with(vcs)) {
        // A VCS URL is pinned by `@<ref>` after the repository path.
        return package.split_once("://").is_some_and(|(_, rest)| rest.contains('@'));
    }
    ["==", ">=", "<=", "~=", "!=", "<", ">", "@", "://"].iter().any(|s| package.contains(s))
        || [".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2"].iter().any(|s| package.ends_with(s))
        || package.starts_with(['.', '/', '~', '$'])
        || package.contains('$')
}
