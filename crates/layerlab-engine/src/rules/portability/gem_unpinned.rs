use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `gem install <gem>` without a version (`gem install rails` instead of
`gem install rails:7.2.1` or `gem install rails -v 7.2.1`).
A `$VAR` argument is expanded from an assignment earlier in the same RUN
(`buildDeps='gcc make'; … $buildDeps`) or from the stage's ENV/ARG; one that stays unknown is
not reported (hadolint reports `$VAR` itself as an unpinned package).

## Why it matters
Without a version RubyGems installs the newest release on the day of the build, so a rebuild can
pull a new major version and break the image.

## Example
```dockerfile
RUN gem install bundler
```
Use instead:
```dockerfile
RUN gem install bundler:2.5.22
```

## Fix
None: choose the version you tested (or use a Gemfile.lock with `bundle install`).
"#;

pub const RULE: Rule = Rule {
    code: "LL5205",
    name: "gem-unpinned-packages",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3028")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const TAKES_VALUE: &[&str] = &["-i", "--install-dir", "-n", "--bindir", "--source", "--platform", "-s"];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_unpinned(context, findings, "`gem install`", |command| {
        let mut packages = helpers::install_operands(command, &["gem"], &["install"], TAKES_VALUE);
        // The version flags only for a `gem install` (the operands are empty for other commands).
        if packages.is_empty() || command.arguments().iter().any(|a| a == "-v" || a == "--version" || a.starts_with("--version=")) {
            return Vec::new();
        }
        packages.retain(|p| !p.contains([':', '$']) && !p.ends_with(".gem"));
        packages
    });
}
