use crate::model::Expanded;
use crate::rules::helpers;
use crate::rules::{Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::sorting;
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a cleanup (`rm -rf <path>`, `apt-get clean`, `npm cache clean`, `yum`/`dnf clean all`,
`pip cache purge`) in a shipped stage whose files were created by an earlier instruction: an
earlier `RUN` (`apt-get update`/`install`, `npm install`, `pip install`, a download to that
path) or an earlier `COPY`/`ADD` to that path. Not reported when the same `RUN` also creates
them, nor when the earlier `RUN` already removed them. Catalog candidate SZ-04.

## Why it matters
Each instruction is a layer, and layers only add: deleting files in a later layer hides them
from the running container but the earlier layer, which holds them, is still pulled and stored.
The image gets no smaller, and one more layer is added. The cleanup must happen in the same
`RUN` that created the files (or the files must never enter a layer: a cache or bind mount, a
build stage).

## Example
```dockerfile
RUN apt-get update && apt-get install -y build-essential
RUN rm -rf /var/lib/apt/lists/*
```
Use instead:
```dockerfile
RUN apt-get update && apt-get install -y build-essential \
 && rm -rf /var/lib/apt/lists/*
```

## Fix
None automatic: merge the cleanup into the `RUN` that created the files, or move the work into a
build stage and copy only the result.
"#;

pub const RULE: Rule = Rule {
    code: "LL3304",
    name: "cleanup-in-later-layer",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn normalize(path: &str) -> &str {
    let trimmed = path.trim_end_matches('*').trim_end_matches('/');
    if trimmed.is_empty() { "/" } else { trimmed }
}

fn related(created: &str, removed: &str) -> bool {
    created == removed || helpers::is_inside(created, removed) || helpers::is_inside(removed, created)
}

fn slashes(path: &str) -> usize {
    path.bytes().filter(|&b| b == b'/').count()
}

/// Adds the paths a cleanup command removes to `paths`.
fn cleaned<'a>(command: &'a SimpleCommand, paths: &mut Vec<&'a str>) {
    let args = command.arguments();
    let first = args.iter().find(|a| !a.starts_with('-')).map(String::as_str);
    match (command.program(), first) {
        (Some("rm"), _) => paths.extend(
            args.iter()
                .filter(|a| !a.starts_with('-') && a.starts_with('/') && !a.contains('$'))
                .map(|a| normalize(a))
                .filter(|p| *p != "/" && slashes(p) >= 2 || matches!(*p, "/root/.npm" | "/root/.cache")),
        ),
        (Some("apt-get" | "apt"), Some("clean")) => paths.push("/var/cache/apt"),
        (Some("npm"), Some("cache")) if command.has_word("clean") => paths.push("/root/.npm"),
        (Some("yum"), Some("clean")) => paths.push("/var/cache/yum"),
        (Some("dnf"), Some("clean")) => paths.push("/var/cache/dnf"),
        _ if helpers::pip_arguments(command).is_some_and(|a| a.first().is_some_and(|f| f == "cache") && a.iter().any(|w| w == "purge")) => paths.push("/root/.cache/pip"),
        _ => {}
    }
}

/// Adds the paths a RUN command leaves behind to `paths`.
fn created<'a>(command: &'a SimpleCommand, paths: &mut Vec<&'a str>) {
    let args = command.arguments();
    let first = args.iter().find(|a| !a.starts_with('-')).map(String::as_str);
    match (command.program(), first) {
        (Some("apt-get" | "apt"), Some("update")) => paths.push("/var/lib/apt/lists"),
        (Some("apt-get" | "apt"), Some("install" | "upgrade" | "dist-upgrade")) => paths.push("/var/cache/apt"),
        (Some("npm"), Some("install" | "i" | "ci")) => paths.push("/root/.npm"),
        (Some("yum"), Some("install" | "update" | "makecache")) => paths.push("/var/cache/yum"),
        (Some("dnf"), Some("install" | "update" | "makecache")) => paths.push("/var/cache/dnf"),
        (Some("rm" | "cd" | "ls" | "test" | "[" | "echo" | "chmod" | "chown" | "stat" | "cat" | "grep" | "sed"), _) => return,
        _ => {}
    }
    if let Some(pip) = helpers::pip_arguments(command) {
        if pip.first().is_some_and(|f| f == "install") && !pip.iter().any(|a| a == "--no-cache-dir") {
            paths.push("/root/.cache/pip");
        }
    }
    paths.extend(command.words.iter().filter(|w| w.starts_with('/') && !w.contains('$') && slashes(w) >= 2).map(|w| normalize(w)));
}

fn check(context: &RuleContext, findings: &mut Findings) {
    // Instructions of the shipped stages in build order (a stage before the stages built FROM it).
    let mut shipped: Vec<usize> = context.model.stages.iter().filter(|s| context.stage_is_shipped(s.index)).map(|s| s.index).collect();
    sorting::sort(&mut shipped);
    let mut earlier: Vec<(usize, Vec<&str>, Vec<&str>)> = Vec::new(); // (instruction, created, removed)
    let mut removed_by_command = Vec::new();
    for stage in shipped {
        for step in context.model.stages[stage].steps.iter().filter(|s| !s.onbuild) {
            let instruction = &context.syntax.instructions[step.instruction];
            if let Expanded::Copy { destination, .. } = &step.expanded {
                if destination.starts_with('/') && !destination.contains('$') {
                    earlier.push((step.instruction, vec![normalize(destination)], Vec::new()));
                }
                continue;
            }
            if !instruction.is(Keyword::Run) {
                continue;
            }
            let commands = context.commands(step.instruction);
            let mut here_created = Vec::new();
            let mut here_removed = Vec::new();
            for command in commands {
                created(command, &mut here_created);
            }
            for command in commands {
                let start = here_removed.len();
                cleaned(command, &mut here_removed);
                removed_by_command.push(start..here_removed.len());
            }
            for (command, range) in commands.iter().zip(removed_by_command.drain(..)) {
                for &path in &here_removed[range] {
                    if here_created.iter().any(|c| related(c, path)) {
                        continue;
                    }
                    let creator = earlier.iter().rev().find(|(_, made, removed)| {
                        made.iter().any(|c| related(c, path)) && !removed.iter().any(|r| related(r, path))
                    });
                    let Some((creator, _, _)) = creator else { continue };
                    let line = context.syntax.instructions[*creator].start_line;
                    findings.report(
                        helpers::command_span(context, instruction, command),
                        format!("`{path}` was created by an earlier layer (line {line}): removing it in this later RUN does not make the image smaller, the earlier layer still holds it; clean up in the RUN that creates it"),
                    );
                    break;
                }
            }
            earlier.push((step.instruction, here_created, here_removed));
        }
    }
}
