use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.

## Why it matters
Docker does not allow these triggers: chaining ONBUILD is forbidden, FROM cannot run as a
trigger, and MAINTAINER is deprecated. The build of the image fails with an error.

## Example
```dockerfile
ONBUILD FROM alpine:3.22
```
Use instead:
```dockerfile
ONBUILD COPY . /app
```

## Fix
None: remove the trigger or replace it with an instruction ONBUILD allows.
"#;

pub const RULE: Rule = Rule {
    code: "LL1207",
    name: "onbuild-forbidden-trigger",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[
        Alias::hadolint("DL3043"),
        Alias::dockerfile_utils("ONBUILD_TRIGGER_DISALLOWED"),
    ],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Onbuild) {
        let Some(trigger) = &instruction.command.trigger else { continue };
        if matches!(trigger.keyword, Keyword::Onbuild | Keyword::From | Keyword::Maintainer) {
            findings.report(trigger.name_span, format!("`ONBUILD {}` is not allowed: Docker rejects this trigger", trigger.keyword.as_str()));
        }
    }
}
