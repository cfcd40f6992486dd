use crate::model::Expanded;
use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a shipped stage based on a Debian or Ubuntu image that only receives a static binary: it
copies from a stage that builds with `CGO_ENABLED=0 go build` or `cargo build --target
*-musl`, and runs no `RUN` of its own (nothing that needs the distribution's shell or package
manager). Catalog candidate SZ-02.

## Why it matters
A static binary needs no C library, no shell and no packages: the distribution under it is
dead weight that has to be pulled, stored and patched, and that vulnerability scanners report
on. `debian:12-slim` is about 28 MB compressed, `gcr.io/distroless/static-debian12` about 2 MB
(it still has CA certificates, tzdata and a `nonroot` user), `scratch` nothing.

## Example
```dockerfile
FROM debian:12-slim
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```
Use instead:
```dockerfile
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Fix
Replaces the base with `gcr.io/distroless/static-debian12`. Manual, to review: shell-form
`CMD`/`ENTRYPOINT`, `HEALTHCHECK CMD` scripts and user names must work without a shell.
"#;

pub const RULE: Rule = Rule {
    code: "LL3302",
    name: "static-binary-on-big-base",
    category: Category::Size,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn stage_index(context: &RuleContext, from: &str, before: usize) -> Option<usize> {
    match from.parse::<usize>() {
        Ok(n) if n < before => Some(n),
        Ok(_) => None,
        Err(_) => context.model.stage_by_name(from).map(|s| s.index).filter(|&s| s < before),
    }
}

fn static_build(context: &RuleContext, stage: usize, index: usize, commands: &[SimpleCommand], position: usize) -> bool {
    let command = &commands[position];
    let first = command.arguments().iter().find(|a| !a.starts_with('-'));
    match command.program() {
        Some("go") if first.is_some_and(|a| a == "build") => {
            let assigned = command.assignments().find(|(n, _)| *n == "CGO_ENABLED").map(|(_, v)| v.to_owned()).or_else(|| {
                commands[..position].iter().rev().find_map(|c| c.words.iter().find_map(|w| w.strip_prefix("CGO_ENABLED=")).map(str::to_owned))
            });
            let env = context.step(stage, index).and_then(|s| s.state.get("CGO_ENABLED")).map(str::to_owned);
            assigned.or(env).is_some_and(|v| v == "0")
        }
        Some("cargo") if first.is_some_and(|a| a == "build") => command.words.iter().any(|w| w.contains("-musl")),
        _ => false,
    }
}

fn builds_static(context: &RuleContext, stage: usize) -> bool {
    context.stage_instructions(stage).filter(|(_, i)| i.is(Keyword::Run)).any(|(index, _)| {
        let commands = context.commands(index);
        (0..commands.len()).any(|p| static_build(context, stage, index, commands, p))
    })
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        if !stage.is_target {
            continue;
        }
        let Some(reference) = helpers::root_image(context, stage.index) else { continue };
        let platform = context.model.target_platform.format();
        let resolved = crate::sizes::image_entry(reference, &platform);
        let family = resolved.map(|e| e.profile.os_family).filter(|_| resolved.is_some_and(|e| e.profile.package_manager == crate::sizes::PackageManager::Apt));
        if resolved.is_some() && family.is_none() {
            continue;
        }
        let name = reference.split([':', '@']).next().unwrap_or(reference);
        let debian_like = match family {
            Some(f) => f == "debian" || f == "ubuntu",
            None => matches!(name, "debian" | "ubuntu" | "docker.io/library/debian" | "docker.io/library/ubuntu"),
        };
        if !debian_like || !context.stage_is_shipped(stage.index) {
            continue;
        }
        // Everything shipped must be plain copies and settings: no RUN anywhere in the chain.
        let shipped: Vec<usize> = context.model.stages.iter().filter(|s| context.stage_is_shipped(s.index)).map(|s| s.index).collect();
        if shipped.iter().any(|&s| context.stage_instructions(s).any(|(_, i)| i.is(Keyword::Run))) {
            continue;
        }
        let copy = stage.steps.iter().find_map(|step| match &step.expanded {
            Expanded::Copy { from: Some(from), .. } => stage_index(context, from, stage.index).filter(|&s| builds_static(context, s)).map(|_| (step.instruction, from.clone())),
            _ => None,
        });
        let Some((copy, from)) = copy else { continue };
        let size = resolved.and_then(|e| e.compressed_bytes).map(|b| format!(" ({:.1} MB compressed)", b as f64 / 1e6)).unwrap_or_default();
        let distroless = crate::sizes::image_entry("gcr.io/distroless/static-debian12", &platform)
            .and_then(|e| e.compressed_bytes)
            .map(|b| format!(" ({:.1} MB)", b as f64 / 1e6))
            .unwrap_or_default();
        let from_instruction = &context.syntax.instructions[stage.instruction];
        let finding = findings.report(
            from_instruction.span,
            format!(
                "the image only runs a static binary (copied from `{from}`, line {}) but ships `{reference}`{size}: `gcr.io/distroless/static-debian12`{distroless} or `scratch` would do",
                context.syntax.instructions[copy].start_line
            ),
        );
        if let Some(word) = from_instruction.command.args.first().filter(|w| !w.span.is_empty() && w.value == context.syntax.text(w.span)) {
            if stage.instruction == context.model.stages[stage.index].instruction && matches!(stage.base, crate::model::Base::Image { .. }) {
                finding.with_fix("Use gcr.io/distroless/static-debian12 as the base", Applicability::ManualWithPreview, vec![Edit::replace(word.span, "gcr.io/distroless/static-debian12")]);
            }
        }
    }
}
