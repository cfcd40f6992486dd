use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags `go install <module path>` (and the older `go get <module path>`) without an `@version`
suffix. Local packages (`./cmd/app`) are fine.
A `$VAR` argument is expanded from an assignment earlier in the same RUN
(`buildDeps='gcc make'; … $buildDeps`) or from the stage's ENV/ARG; one that stays unknown is
not reported (hadolint reports `$VAR` itself as an unpinned package).

## Why it matters
Outside a module, `go install` needs a version; `@latest` or a missing version installs the
newest release on the day of the build, so a rebuild can pull a breaking change.

## Example
```dockerfile
RUN go install github.com/air-verse/air
```
Use instead:
```dockerfile
RUN go install github.com/air-verse/air@v1.61.1
```

## Fix
None: choose the version you tested.
"#;

pub const RULE: Rule = Rule {
    code: "LL5209",
    name: "go-install-unpinned",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3062")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const TAKES_VALUE: &[&str] = &["-o", "-tags", "-ldflags", "-gcflags", "-asmflags", "-mod", "-modfile", "-pkgdir", "-toolexec", "-overlay", "-p"];

fn check(context: &RuleContext, findings: &mut Findings) {
    helpers::report_unpinned(context, findings, "`go install`", |command| {
        let mut packages = helpers::install_operands(command, &["go"], &["install", "get"], TAKES_VALUE);
        packages.retain(|p| !p.contains('@') && !p.starts_with(['.', '/', '$']) && p.contains('.') && !p.contains('$'));
        packages
    });
}
