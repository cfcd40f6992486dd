use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `chpasswd` in a `RUN` of a stage that ends up in the shipped image: setting (or clearing)
account passwords while building the image. Build stages whose files are not shipped are not
checked.

## Why it matters
The password, or its hash in `/etc/shadow`, is written into a layer that everyone who pulls the
image can read, and the text of the `RUN` (often with the password in clear) is in the image
history. A container rarely needs a password at all: services run as a user without one, and
people get in with `docker exec`. Where a password is truly needed, set it at run time from a
secret.

## Example
```dockerfile
RUN echo 'root:changeme' | chpasswd
```
Use instead: no password in the image; `docker exec -it <container> sh` for access.

## Fix
None: removing the step may break whatever logs in with that password.
"#;

pub const RULE: Rule = Rule {
    code: "LL2113",
    name: "chpasswd-used",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::checkov("CKV2_DOCKER_17")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        // Only the shipped image carries the password; a build stage's /etc/shadow is thrown away.
        if context.is_shipped(index) && context.commands(index).iter().any(|c| c.program() == Some("chpasswd")) {
            findings.report(instruction.span, "`chpasswd` sets a password in a layer: the hash (and often the password) ships in the image");
        }
    }
}
