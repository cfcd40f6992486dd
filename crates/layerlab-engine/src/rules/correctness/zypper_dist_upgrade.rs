use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `zypper dist-upgrade` (`zypper dup`) in a RUN.

## Why it matters
A distribution upgrade can move the image to a new release of every package, including major
versions, changing what the base image tag promised. Builds stop being reproducible and may
break without any change to the Dockerfile. Use a newer base image tag instead, or
`zypper patch` / `zypper update` for fixes within the release.

## Example
```dockerfile
RUN zypper dist-upgrade -y
```
Use instead:
```dockerfile
FROM opensuse/leap:15.6
RUN zypper patch -y
```

## Fix
None: choose a newer base image or a narrower update.
"#;

pub const RULE: Rule = Rule {
    code: "LL1212",
    name: "zypper-dist-upgrade",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3035")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        for command in context.commands(index) {
            let Some((subcommand, _)) = helpers::subcommand(command, &["zypper"], &[]) else { continue };
            if matches!(subcommand, "dist-upgrade" | "dup") {
                findings.report(helpers::command_span(context, instruction, command), "`zypper dist-upgrade` can move the image to a new distribution release: use a newer base image");
            }
        }
    }
}
