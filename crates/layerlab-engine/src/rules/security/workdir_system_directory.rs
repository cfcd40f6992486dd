use crate::model::Expanded;
use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `WORKDIR` inside a system directory: `/proc`, `/boot`, `/dev`, `/initrd`,
`/lost+found`.

## Why it matters
These directories belong to the kernel and the runtime: `/proc` and `/dev` are replaced by
mounts when the container starts, so whatever the build wrote there disappears, and an
application working there can read or disturb host-provided devices and process information.
`/boot` and `/lost+found` have no place in a container at all.

## Example
```dockerfile
WORKDIR /dev/app
```
Use instead:
```dockerfile
WORKDIR /app
```

## Fix
None: choose an application directory such as `/app` or `/srv/app`.
"#;

pub const RULE: Rule = Rule {
    code: "LL2103",
    name: "workdir-system-directory",
    category: Category::Security,
    severity: Severity::Error,
    aliases: &[Alias::trivy("DS-0030")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const SYSTEM: &[&str] = &["/proc", "/boot", "/dev", "/initrd", "/lost+found"];

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        for step in stage.steps.iter().filter(|s| !s.onbuild) {
            let Expanded::Workdir { resolved, .. } = &step.expanded else { continue };
            let Some(system) = SYSTEM.iter().find(|d| resolved == *d || helpers::is_inside(resolved, d)) else { continue };
            let instruction = &context.syntax.instructions[step.instruction];
            let span = instruction.command.args.first().map_or(instruction.span, |w| w.span);
            findings.report(span, format!("WORKDIR '{resolved}' is inside the system directory {system}: the runtime owns it"));
        }
    }
}
