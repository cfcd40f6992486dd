use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `apt-get install` without `--no-install-recommends` (or
`-o APT::Install-Recommends=false`). The finding's effect is the size the
simulation measures without the recommends (catalog candidate SZ-06).

## Why it matters
By default apt also installs every package the requested ones merely *recommend*: manuals,
locales, X11 libraries, compilers. That often adds tens to hundreds of megabytes the container
never uses, and more packages means more CVEs to patch.

## Example
```dockerfile
RUN apt-get update && apt-get install -y curl
```
Use instead:
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix
Inserts `--no-install-recommends` after `install`. Unsafe: a program may rely on a recommended
package (for example `ca-certificates`, recommended by `curl`); add those explicitly.
"#;

pub const RULE: Rule = Rule {
    code: "LL3202",
    name: "apt-install-recommends",
    category: Category::Size,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3015"), Alias::trivy("DS-0029")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let script = context.run_script(instruction);
        for command in context.commands(index) {
            if command.program() != Some("apt-get") || !command.arguments().iter().any(|a| a == "install") {
                continue;
            }
            let skips = command.arguments().iter().any(|a| a == "--no-install-recommends" || a.contains("Install-Recommends=") );
            if skips {
                continue;
            }
            let finding = findings.report(
                helpers::command_span(context, instruction, command),
                "`apt-get install` without `--no-install-recommends`: recommended packages bloat the image",
            );
            if let Some(at) = helpers::offset_after_word(instruction, &script, command, "install") {
                finding.with_fix("Add `--no-install-recommends`", Applicability::Unsafe, vec![Edit::insert(at, " --no-install-recommends")]);
            }
        }
    }
}
