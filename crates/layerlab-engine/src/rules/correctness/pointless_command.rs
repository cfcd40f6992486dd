use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags commands in a RUN that make no sense while building an image: `ssh`, `vim`, `shutdown`,
`service`, `ps`, `free`, `top`, `kill` and `mount`.

## Why it matters
A RUN executes once, without a terminal, in a throwaway container whose processes stop when
the step ends. Starting a service, inspecting processes or opening an editor has no lasting
effect (or hangs the build); it usually means a step written for a VM was copied into a
Dockerfile.

## Example
```dockerfile
RUN service nginx start
```
Use instead:
```dockerfile
CMD ["nginx", "-g", "daemon off;"]
```

## Fix
None: decide what the step was meant to achieve.
"#;

pub const RULE: Rule = Rule {
    code: "LL1213",
    name: "pointless-command-in-run",
    category: Category::Correctness,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3001")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const POINTLESS: &[&str] = &["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"];

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        for command in context.commands(index) {
            let Some(program) = command.program().filter(|p| POINTLESS.contains(p)) else { continue };
            findings.report(helpers::command_span(context, instruction, command), format!("`{program}` has no lasting effect in a build step"));
        }
    }
}
