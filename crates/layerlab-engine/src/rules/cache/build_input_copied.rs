use crate::model::Expanded;
use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `COPY` of dependency manifests (`requirements*.txt`, `go.mod`/`go.sum`,
`package.json`/`package-lock.json`) whose only purpose is the next `RUN` (`pip install -r`,
`go mod download`, `npm ci`), when the same files arrive again with a later whole-context
`COPY`. Catalog candidate CA-05.

## Why it matters
The early `COPY` is a layer (and a cache step) holding files the image gets again from the
sources. A bind mount gives the `RUN` the files with the same cache key, without a layer.

## Example
```dockerfile
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
```
Use instead:
```dockerfile
RUN --mount=type=bind,source=requirements.txt,target=/app/requirements.txt \
    pip install --no-cache-dir -r requirements.txt
COPY . .
```

## Fix
Deletes the `COPY` and adds a read-only bind mount per file to the `RUN`. Unsafe: needs
BuildKit.
"#;

pub const RULE: Rule = Rule {
    code: "LL4308",
    name: "build-input-copied",
    category: Category::Cache,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

/// Whether `command` only reads `file` (a manifest of its ecosystem).
fn reads(command: &SimpleCommand, file: &str) -> bool {
    if let Some(pip) = helpers::pip_arguments(command) {
        return file.starts_with("requirements")
            && pip.first().is_some_and(|a| a == "install")
            && pip.windows(2).any(|w| (w[0] == "-r" || w[0] == "--requirement") && w[1].trim_start_matches("./") == file);
    }
    let args = command.arguments();
    match command.program() {
        Some("go") => matches!(file, "go.mod" | "go.sum") && args.first().is_some_and(|a| a == "mod") && args.get(1).is_some_and(|a| a == "download"),
        Some("npm") => matches!(file, "package.json" | "package-lock.json") && args.first().is_some_and(|a| a == "ci"),
        _ => false,
    }
}

fn is_whole_context(sources: &[String]) -> bool {
    !sources.is_empty() && sources.iter().all(|s| matches!(s.as_str(), "." | "./"))
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        let steps: Vec<_> = stage.steps.iter().filter(|s| !s.onbuild).collect();
        for (position, step) in steps.iter().enumerate() {
            let Expanded::Copy { sources, inline, destination, from: None, exclude, .. } = &step.expanded else { continue };
            let files: Vec<&str> = sources.iter().map(|s| s.trim_start_matches("./")).collect();
            let plain = |f: &&str| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
            if files.is_empty() || !inline.is_empty() || !exclude.is_empty() || !files.iter().all(plain) {
                continue;
            }
            let Some(run) = steps.get(position + 1).filter(|s| s.keyword == Keyword::Run && matches!(s.expanded, Expanded::Run { .. })) else { continue };
            let commands = context.commands(run.instruction);
            if !files.iter().all(|f| commands.iter().any(|c| reads(c, f))) {
                continue;
            }
            let directory = helpers::resolve_path(&step.state.workdir, destination);
            if !destination.ends_with('/') && !matches!(destination.as_str(), "." | "..") && files.len() == 1 && !directory.ends_with(files[0]) {
                // `COPY requirements.txt /app` may name the file itself; leave such copies alone.
                continue;
            }
            let directory = if destination.ends_with('/') || matches!(destination.as_str(), "." | "..") || files.len() > 1 {
                directory
            } else {
                directory.rsplit_once('/').map_or("/".to_owned(), |(d, _)| if d.is_empty() { "/".to_owned() } else { d.to_owned() })
            };
            let again = steps[position + 2..].iter().find(|later| match &later.expanded {
                Expanded::Copy { sources, destination, from: None, .. } if is_whole_context(sources) => {
                    helpers::resolve_path(&later.state.workdir, destination) == directory
                }
                _ => false,
            });
            let Some(again) = again else { continue };
            let copy = &context.syntax.instructions[step.instruction];
            let run_instruction = &context.syntax.instructions[run.instruction];
            let finding = findings.report(
                copy.span,
                format!(
                    "`{}` only feeds the next RUN and the files come again with line {}: a bind mount avoids the extra layer",
                    copy.original.trim(),
                    again.line
                ),
            );
            let Some(lines) = helpers::instruction_lines(&context.syntax.source, copy) else { continue };
            let prefix = if directory == "/" { String::new() } else { directory.clone() };
            let mounts: String = files.iter().map(|f| format!(" --mount=type=bind,source={f},target={prefix}/{f}")).collect();
            finding.with_fix(
                "Bind-mount the files into the RUN instead of copying them",
                Applicability::Unsafe,
                vec![Edit::delete(lines), Edit::insert(run_instruction.command.name_span.end, mounts)],
            );
        }
    }
}
