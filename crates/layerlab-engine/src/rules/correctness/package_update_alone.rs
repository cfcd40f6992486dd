use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::syntax::{Instruction, Keyword, Span};

const DOC: &str = r#"## What it does
Flags a `RUN` that refreshes a package index (`apt-get update`, `apt update`, `apk update`,
`zypper refresh`) without installing or upgrading anything in the same `RUN`.

## Why it matters
The index is cached in its own layer. When you later add a package to the `RUN apt-get install`
below it, the build cache reuses the old `apt-get update` layer, and the install works from an
index that may be weeks old: versions that no longer exist on the mirror, "404 Not Found", or
stale security fixes. Updating and installing in one `RUN` keeps them in step, and the index
files can be removed in that same layer.

## Example
```dockerfile
RUN apt-get update
RUN apt-get install -y curl
```
Use instead:
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Fix
When the next instruction is a `RUN` that installs, merges the two with `&&`. Safe: the same
commands run in the same order; the index and the install now share a cache key.
"#;

pub const RULE: Rule = Rule {
    code: "LL1116",
    name: "package-update-alone",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::trivy("DS-0017"), Alias::checkov("CKV_DOCKER_5")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let commands = context.commands(index);
        let Some(update) = commands.iter().find(|c| is_update(c)) else { continue };
        if commands.iter().any(is_install) {
            continue;
        }
        let program = update.program().unwrap_or_default();
        let finding = findings.report(
            instruction.span,
            format!("`{program} {}` without an install in the same RUN: later installs reuse a stale cached index", update.arguments().first().map_or("", String::as_str)),
        );
        let next = context.syntax.instructions.get(index + 1).filter(|next| {
            next.is(Keyword::Run)
                && context.stage_of(index + 1) == context.stage_of(index)
                && context.commands(index + 1).iter().any(is_install)
                && mergeable(instruction)
                && mergeable(next)
                && context.syntax.source[instruction.span.end..next.command.args[0].span.start].trim() == next.command.name
        });
        if let Some(next) = next {
            let between = Span::new(instruction.span.end, next.command.args[0].span.start);
            finding.with_fix("Merge with the next RUN", Applicability::Safe, vec![Edit::replace(between, " \\\n && ")]);
        }
    }
}

fn is_update(command: &SimpleCommand) -> bool {
    match manager_and_subcommand(command) {
        Some(("apt-get" | "apt" | "apk", subcommand)) => subcommand == "update",
        Some(("zypper", subcommand)) => matches!(subcommand, "refresh" | "ref"),
        _ => false,
    }
}

fn is_install(command: &SimpleCommand) -> bool {
    manager_and_subcommand(command).is_some_and(|(_, subcommand)| {
        matches!(subcommand, "install" | "add" | "upgrade" | "dist-upgrade" | "full-upgrade" | "in" | "up" | "dup" | "build-dep")
    })
}

/// The package manager a command runs (also after shell keywords such as `do`, and through
/// wrappers such as `xx-apt-get`) and its first non-option argument.
fn manager_and_subcommand(command: &SimpleCommand) -> Option<(&'static str, &str)> {
    const MANAGERS: &[&str] = &["apt-get", "apt", "apk", "zypper", "aptitude"];
    let words = &command.words;
    let (at, manager) = words.iter().enumerate().find_map(|(i, w)| {
        // The last byte first: most words end like no manager.
        let named = |m: &str| w.as_bytes().last() == m.as_bytes().last() && crate::scan::base_name(w).strip_suffix(m).is_some_and(|p| p.is_empty() || p.ends_with('-'));
        MANAGERS.iter().find(|m| named(m)).map(|m| (i, *m))
    })?;
    let mut rest = words[at + 1..].iter();
    while let Some(word) = rest.next() {
        if matches!(word.as_str(), "-o" | "-c" | "-t") {
            rest.next(); // an option's value
        } else if !word.starts_with('-') {
            return Some((manager, word.as_str()));
        }
    }
    None
}

/// Shell form, no flags, no heredocs, no comments inside: merging is a plain text join.
fn mergeable(instruction: &Instruction) -> bool {
    let command = &instruction.command;
    !command.json && command.flags.is_empty() && instruction.heredocs.is_empty() && command.args.len() == 1
        && command.args[0].span.len() == command.args[0].value.len()
}
