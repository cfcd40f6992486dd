use crate::model::Expanded;
use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `chown -R` or `chmod -R` in a `RUN` of a shipped stage over a path that an earlier
`COPY`/`ADD` of the same stage wrote. Catalog candidate SZ-05.

## Why it matters
Changing a file's owner or mode changes its metadata, and the layer diff records changed files
whole: the `RUN` layer holds a second copy of every file the `COPY` layer already holds. One
reported example: a 108 MB `COPY` followed by a 108 MB `chown` layer. `COPY --chown` and
`COPY --chmod` set ownership and mode while copying, in one layer.

## Example
```dockerfile
COPY . /app
RUN chown -R node:node /app
```
Use instead:
```dockerfile
COPY --chown=node:node . /app
```

## Fix
When the `RUN` does nothing else, removes it and adds `--chown=<owner>` (or `--chmod=<octal
mode>`) to the `COPY`. Unsafe: `-R` also changed files that other instructions created under the
path, and `--chmod` gives directories and files the same mode.
"#;

pub const RULE: Rule = Rule {
    code: "LL3305",
    name: "recursive-chown-after-copy",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        if !context.stage_is_shipped(stage.index) {
            continue;
        }
        // (instruction, workdir, destination) of earlier copies, resolved only for a recursive chown.
        let mut copies: Vec<(usize, &str, &str)> = Vec::new();
        for step in stage.steps.iter().filter(|s| !s.onbuild) {
            let instruction = &context.syntax.instructions[step.instruction];
            if let Expanded::Copy { destination, .. } = &step.expanded {
                if !destination.contains('$') {
                    copies.push((step.instruction, &step.state.workdir, destination));
                }
                continue;
            }
            if !instruction.is(Keyword::Run) {
                continue;
            }
            let commands = context.commands(step.instruction);
            for command in commands {
                let program = command.program();
                if !matches!(program, Some("chown" | "chmod")) || !command.arguments().iter().any(|a| a == "-R" || a == "--recursive" || a.starts_with('-') && !a.starts_with("--") && a.contains('R')) {
                    continue;
                }
                let operands: Vec<&String> = command.arguments().iter().filter(|a| !a.starts_with('-')).collect();
                let Some((value, paths)) = operands.split_first() else { continue };
                if paths.is_empty() || value.contains('$') {
                    continue;
                }
                let hit = paths.iter().filter(|p| !p.contains('$') && !p.contains('*')).find_map(|p| {
                    let path = helpers::resolve_path(&step.state.workdir, p);
                    copies
                        .iter()
                        .rev()
                        .map(|&(copy, workdir, destination)| (copy, helpers::resolve_path(workdir, destination)))
                        .find(|(_, d)| *d == path || helpers::is_inside(d, path.trim_end_matches('/')) || path == "/")
                        .map(|c| (c, path))
                });
                let Some(((copy_index, destination), path)) = hit else { continue };
                if path == "/" {
                    continue;
                }
                let copy = &context.syntax.instructions[copy_index];
                let flag = if program == Some("chown") { "chown" } else { "chmod" };
                let finding = findings.report(
                    helpers::command_span(context, instruction, command),
                    format!(
                        "`{flag} -R {value} {path}` rewrites the files `{}` (line {}) copied to `{destination}`: the layer stores them a second time; use `COPY --{flag}={value}`",
                        copy.command.name, copy.start_line
                    ),
                );
                let octal = value.chars().all(|c| c.is_ascii_digit() && c < '8') && (3..=4).contains(&value.len());
                let only_command = commands.len() == 1 && instruction.heredocs.is_empty() && !instruction.command.json && instruction.command.flags.is_empty();
                if only_command && copy.command.flag(flag).is_none() && (flag == "chown" || octal) && !copy.command.json {
                    let source = &context.syntax.source;
                    let line_start = source[..instruction.span.start].rfind('\n').map_or(0, |n| n + 1);
                    let mut end = instruction.span.end;
                    if source[end..].starts_with('\n') {
                        end += 1;
                    }
                    if source[line_start..instruction.span.start].trim().is_empty() {
                        finding.with_fix(
                            format!("Use COPY --{flag}={value} and drop the RUN"),
                            Applicability::Unsafe,
                            vec![Edit::insert(copy.command.name_span.end, format!(" --{flag}={value}")), Edit::delete(Span::new(line_start, end))],
                        );
                    }
                }
            }
        }
    }
}
