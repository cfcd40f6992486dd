use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `COPY` of a local tar archive that a later RUN of the same stage extracts with `tar`.

## Why it matters
The COPY layer keeps the archive for good, even if the RUN deletes it afterwards, so the image
carries the files twice: packed and unpacked. `ADD` extracts a local tar archive in a single
layer; alternatively, bind-mount the archive into the RUN that extracts it.

## Example
```dockerfile
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
```
Use instead:
```dockerfile
ADD app.tar.gz /opt/
```
or
```dockerfile
RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt
```

## Fix
None offered: ADD extracts into the destination directory, so the RUN's options (`-C`,
`--strip-components`) have to be folded in by hand.
"#;

pub const RULE: Rule = Rule {
    code: "LL3212",
    name: "copy-archive-then-extract",
    category: Category::Size,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3010")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const TAR: &[&str] = &[".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tar.lz", ".tlz"];

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Copy) {
        let command = &instruction.command;
        if command.flag("from").is_some() || command.args.len() < 2 {
            continue;
        }
        let stage = context.stage_of(index);
        for source in &command.args[..command.args.len() - 1] {
            if !TAR.iter().any(|t| source.value.ends_with(t)) {
                continue;
            }
            let name = source.value.rsplit('/').next().unwrap_or(&source.value);
            let extracted = context.instructions_of(Keyword::Run).filter(|(i, _)| *i > index && context.stage_of(*i) == stage).any(|(i, _)| {
                context.commands(i).iter().any(|c| {
                    c.program() == Some("tar") && c.arguments().iter().any(|a| a.ends_with(name)) && c.arguments().iter().any(|a| a == "--extract" || a == "-x" || (a.starts_with('-') && !a.starts_with("--") && a.contains('x')) || (!a.starts_with('-') && a.contains('x') && a.len() <= 6 && a.chars().all(|c| c.is_ascii_alphabetic())))
                })
            });
            if extracted {
                findings.report(source.span, format!("`{name}` is copied and then extracted: the archive stays in the COPY layer; let ADD extract it"));
            }
        }
    }
}
