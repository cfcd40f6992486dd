use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `ln` commands that replace `/bin/sh` (`ln -sf /bin/bash /bin/sh`).

## Why it matters
Relinking `/bin/sh` changes the shell of every script in the image, including the base image's
own maintainer scripts, and package upgrades may restore the link. The `SHELL` instruction
changes the shell of RUN instructions only, and says so in the Dockerfile.

## Example
```dockerfile
RUN ln -sf /bin/bash /bin/sh
```
Use instead:
```dockerfile
SHELL ["/bin/bash", "-c"]
```

## Fix
None offered: a SHELL instruction has to replace the link and may change later RUNs.
"#;

pub const RULE: Rule = Rule {
    code: "LL1211",
    name: "relink-bin-sh",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL4005")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        for command in context.commands(index) {
            if command.program() == Some("ln") && command.arguments().iter().any(|a| a == "/bin/sh") {
                findings.report(helpers::command_span(context, instruction, command), "`ln` replaces /bin/sh for every script in the image: use SHELL to change RUN's shell");
            }
        }
    }
}
