use crate::model::Expanded;
use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `COPY`/`ADD` of a credential file: `.npmrc`, `.netrc`, `.pypirc`, `.git-credentials`,
`.docker/config.json`, `.aws/credentials`, SSH private keys (`id_rsa`, `id_ed25519`,
`id_ecdsa`). Catalog candidate SE-05.

## Why it matters
A copied file is in a layer for good: deleting it later leaves it in the earlier layer, and
build stages keep it in the build cache and its exports. A secret mount gives one `RUN` the file
without writing it anywhere.

## Example
```dockerfile
COPY .npmrc ./
RUN npm ci
```
Use instead:
```dockerfile
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci
```
built with `docker build --secret id=npmrc,src=.npmrc .`.

## Fix
When the `COPY` copies only credential files and the next instruction is a `RUN`: deletes the
`COPY` and adds a secret mount per file to that `RUN`. Unsafe: the build command must pass
`--secret`.
"#;

pub const RULE: Rule = Rule {
    code: "LL2306",
    name: "credential-file-copied",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

const FILES: &[&str] = &[".npmrc", ".netrc", ".pypirc", ".git-credentials", "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa"];

fn credential(source: &str) -> bool {
    let path = source.trim_end_matches('/');
    let name = crate::scan::base_name(path);
    FILES.contains(&name) || path.ends_with(".docker/config.json") || path.ends_with(".aws/credentials")
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        let steps: Vec<_> = stage.steps.iter().filter(|s| !s.onbuild).collect();
        for (position, step) in steps.iter().enumerate() {
            let Expanded::Copy { sources, destination, from: None, .. } = &step.expanded else { continue };
            let found: Vec<&String> = sources.iter().filter(|s| credential(s)).collect();
            if found.is_empty() {
                continue;
            }
            let copy = &context.syntax.instructions[step.instruction];
            let finding = findings.report(
                copy.span,
                format!("`{}` writes a credential file into a layer: use `RUN --mount=type=secret` in the step that needs it", found.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")),
            );
            let Some(run) = steps.get(position + 1).filter(|s| s.keyword == Keyword::Run && matches!(s.expanded, Expanded::Run { .. })) else { continue };
            let plain = |s: &str| !s.is_empty() && !s.contains('$') && !s.contains('*') && !s.contains('?');
            if found.len() != sources.len() || !sources.iter().all(|s| plain(s)) || destination.contains('$') || copy.command.json {
                continue;
            }
            let directory = destination.ends_with('/') || matches!(destination.as_str(), "." | "..") || sources.len() > 1;
            let Some(lines) = helpers::instruction_lines(&context.syntax.source, copy) else { continue };
            let mounts: String = sources
                .iter()
                .map(|s| {
                    let name = s.trim_end_matches('/').rsplit('/').next().unwrap_or(s);
                    let target = if directory { helpers::resolve_path(&step.state.workdir, &format!("{}/{name}", destination.trim_end_matches('/'))) } else { helpers::resolve_path(&step.state.workdir, destination) };
                    let id: String = name.trim_start_matches('.').chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
                    format!(" --mount=type=secret,id={id},target={target}")
                })
                .collect();
            let run_instruction = &context.syntax.instructions[run.instruction];
            finding.with_fix(
                "Mount the file as a build secret in the next RUN instead of copying it",
                Applicability::Unsafe,
                vec![Edit::delete(lines), Edit::insert(run_instruction.command.name_span.end, mounts)],
            );
        }
    }
}
