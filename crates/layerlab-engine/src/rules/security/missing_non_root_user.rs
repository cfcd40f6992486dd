use crate::model::Base;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a shipped image that runs as root: the target stage (with the stages it is built `FROM`)
sets no `USER`, or inherits `USER root` from the stage it is built `FROM`. (An explicit
`USER root` at the end of a stage is reported by `last-user-root`, hadolint's DL3002.) Build stages are not checked: running the
build as root is normal. Base images known to default to a non-root user count as non-root:
those the image database records with a non-root default user (chiseled .NET images run as
`app`), distroless and Chainguard `:nonroot` tags, `*-unprivileged` images. Windows images are not
checked (they have no root user).

## Why it matters
A process that runs as root inside the container is root on the files it can reach: a bug in
the application becomes the ability to rewrite its own binaries, read every mounted secret, and,
with one more escape, root on the host. Running as an unprivileged user is the cheapest defence
in depth there is, and many platforms (OpenShift, restricted Kubernetes policies) refuse root
images outright.

## Example
```dockerfile
FROM node:22-slim
COPY --chown=node:node . /app
CMD ["node", "/app/server.js"]
```
Use instead:
```dockerfile
FROM node:22-slim
COPY --chown=node:node . /app
USER node
CMD ["node", "/app/server.js"]
```

## Fix
When no USER is set, inserts `USER 65532:65532` before the stage's `CMD`/`ENTRYPOINT` (or at
its end), to review in a preview: a numeric user works without an `/etc/passwd` entry, but the
application must be able to read its files and must not bind ports below 1024.
"#;

pub const RULE: Rule = Rule {
    code: "LL2105",
    name: "missing-non-root-user",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::trivy("DS-0002"), Alias::checkov("CKV_DOCKER_3")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    let Some(target) = model.target.and_then(|t| model.stages.get(t)) else { return };
    let root_base = base_image(context, target.index);
    if root_base.as_deref().is_some_and(is_windows) {
        return; // Windows containers have no root; nanoserver already runs as ContainerUser
    }
    match target.final_state.user.as_deref() {
        Some(user) if is_root(user) => {
            // A root USER in the target stage itself is last-user-root's (DL3002) finding; here
            // only a root user inherited from the stage it is built FROM.
            if context.stage_instructions(target.index).any(|(_, i)| i.is(Keyword::User)) {
                return;
            }
            let from = &context.syntax.instructions[target.instruction];
            findings.report(
                from.command.name_span,
                format!("The image built from stage '{}' inherits USER '{user}' from its base stage, so it runs as root", target.display_name()),
            );
        }
        Some(_) => {}
        None if root_base.as_deref().is_some_and(|image| runs_as_non_root(context, image)) => {}
        None => {
            let from = &context.syntax.instructions[target.instruction];
            let finding = findings.report(
                from.command.name_span,
                format!("The image built from stage '{}' sets no USER, so it runs as root", target.display_name()),
            );
            let run_at = context
                .stage_instructions(target.index)
                .find(|(_, i)| i.is(Keyword::Cmd) || i.is(Keyword::Entrypoint))
                .map(|(_, i)| (i.span.start, "USER 65532:65532\n".to_owned()));
            let source = &context.syntax.source;
            let last = context.stage_instructions(target.index).last().map(|(_, i)| i.span.end).unwrap_or(from.span.end);
            let end_of_line = source[last..].find('\n').map_or(source.len(), |i| last + i + 1);
            let (at, text) = run_at.unwrap_or_else(|| {
                let prefix = if end_of_line == source.len() && !source.ends_with('\n') { "\n" } else { "" };
                (end_of_line, format!("{prefix}USER 65532:65532\n"))
            });
            finding.with_fix("Run as an unprivileged numeric user", Applicability::ManualWithPreview, vec![Edit::insert(at, text)]);
        }
    }
}

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

/// The registry image at the bottom of the stage's `FROM` chain.
fn base_image(context: &RuleContext, mut stage: usize) -> Option<String> {
    for _ in 0..context.model.stages.len() {
        match &context.model.stages.get(stage)?.base {
            Base::Stage { index, .. } => stage = *index,
            Base::Image { reference, .. } => return Some(reference.clone()),
            Base::Scratch => return None,
        }
    }
    None
}

/// Whether the base image's own default user is not root: from the image database's profile
/// when the image is known (e.g. chiseled .NET images run as `app`), else from its tag.
fn runs_as_non_root(context: &RuleContext, reference: &str) -> bool {
    let platform = context.model.target_platform.format();
    if let Some(entry) = crate::sizes::image_entry(reference, &platform) {
        if !is_root(entry.profile.default_user) {
            return true;
        }
    }
    let tag = reference.rsplit_once(':').map_or("", |(_, tag)| tag);
    tag == "nonroot" || tag.starts_with("nonroot-") || tag.ends_with("-nonroot") || reference.contains("-unprivileged")
}

fn is_windows(reference: &str) -> bool {
    ["nanoserver", "windowsservercore", "mcr.microsoft.com/windows"].iter().any(|w| reference.contains(w))
}
