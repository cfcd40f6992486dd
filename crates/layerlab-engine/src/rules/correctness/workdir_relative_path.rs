use crate::model::Base;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a relative `WORKDIR` when no absolute `WORKDIR` was set earlier in the stage (or in the
stage it builds on). This follows BuildKit's `WorkdirRelativePath`: only the first WORKDIR of a
stage is checked, since fixing it anchors every later relative one. hadolint's DL3000 (and Trivy
DS-0009, Checkov CKV_DOCKER_10) are stricter and flag *every* relative WORKDIR, even
`WORKDIR src` after `WORKDIR /app`, which is well defined.

## Why it matters
A relative WORKDIR is resolved against the base image's working directory, which the Dockerfile
does not show and which changes between images and versions (`/` in `debian`, `/go` in
`golang`, `/usr/src/app` in some others). The same line then puts your files in different
places depending on the base, and `COPY`/`RUN` that follow act on the wrong directory.

## Example
```dockerfile
FROM node:22-slim
WORKDIR app
```
Use instead:
```dockerfile
FROM node:22-slim
WORKDIR /app
```

## Fix
Prefixes the path with `/`. Unsafe: it assumes the base image's working directory is `/`; if the
base sets another one, the directory changes.
"#;

pub const RULE: Rule = Rule {
    code: "LL1104",
    name: "workdir-relative-path",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[
        Alias::hadolint("DL3000"),
        Alias::buildkit("WorkdirRelativePath"),
        Alias::trivy("DS-0009"),
        Alias::checkov("CKV_DOCKER_10"),
        Alias::dockerfile_utils("WORKDIR_IS_NOT_ABSOLUTE"),
    ],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    // Whether each stage (or a stage it is FROM) set a WORKDIR.
    let mut workdir_set = vec![false; model.stages.len()];
    for stage in &model.stages {
        let mut set = match stage.base {
            Base::Stage { index, .. } => workdir_set.get(index).copied().unwrap_or(false),
            _ => false,
        };
        for (_, instruction) in context.stage_instructions(stage.index).filter(|(_, i)| i.is(Keyword::Workdir)) {
            let Some(path) = instruction.command.args.first() else { continue };
            if !set && !is_absolute(&path.value) {
                let finding = findings.report(
                    path.span,
                    format!("Relative workdir \"{}\" depends on the base image's working directory: use an absolute path", path.value),
                );
                if path.span.len() == path.value.len() && !path.value.is_empty() {
                    finding.with_fix("Make the path absolute", Applicability::Unsafe, vec![Edit::insert(path.span.start, "/")]);
                }
            }
            set = true;
        }
        workdir_set[stage.index] = set;
    }
}

/// Absolute on Linux, or a variable/quoted value whose expansion we do not judge.
fn is_absolute(path: &str) -> bool {
    path.starts_with('/') || path.starts_with('$') || path.starts_with('"') || path.starts_with('\'')
        || path.as_bytes().get(1) == Some(&b':') // Windows drive letter
}
