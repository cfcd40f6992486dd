use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
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
When the RUN does nothing but the relink (`RUN ln -sf /bin/bash /bin/sh`), offers to replace it
with `SHELL ["/bin/bash", "-c"]`, as a preview to review: scripts run by the container (its
entrypoint, `sh -c` calls) then keep the original `/bin/sh`.
"#;

pub const RULE: Rule = Rule {
    code: "LL1211",
    name: "relink-bin-sh",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL4005")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let commands = context.commands(index);
        for command in commands {
            if command.program() == Some("ln") && command.arguments().iter().any(|a| a == "/bin/sh") {
                let finding = findings.report(helpers::command_span(context, instruction, command), "`ln` replaces /bin/sh for every script in the image: use SHELL to change RUN's shell");
                let arguments = command.arguments();
                let target = arguments.iter().rev().nth(1).filter(|t| t.starts_with('/') && !t.contains(['$', '"']));
                if let (1, Some(target), true) = (commands.len(), target, arguments.last().is_some_and(|a| a == "/bin/sh")) {
                    let shell = format!("{} [\"{target}\", \"-c\"]", helpers::keyword_like(instruction, "SHELL"));
                    finding.with_fix("Use SHELL instead", Applicability::ManualWithPreview, vec![Edit::replace(instruction.span, shell)]);
                }
            }
        }
    }
}
