use crate::model::{Base, Expanded};
use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::sizes::{ImageProfile, Libc};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `go build` that runs with cgo enabled (no `CGO_ENABLED=0` in the command, the RUN or the
stage's `ENV`/`ARG`, and no `-static` link flags) in a stage whose base image has a C compiler
(the Debian `golang` images do; `golang:*-alpine` does not, so Go 1.20+ turns cgo off there),
when that stage's output is copied into a shipped stage whose base has no C library (`scratch`,
`distroless/static`) or musl (`alpine`). Catalog candidate SE-01.

## Why it matters
With a C compiler on `PATH`, cgo is on by default and even a pure-Go program links against glibc
through `net` and `os/user`: the binary is dynamically linked with the interpreter
`/lib64/ld-linux-x86-64.so.2`. `scratch` and `distroless/static` have no loader and Alpine's is
musl's, so the container fails at start with the puzzling `exec /app: no such file or directory`
although the file exists.

## Example
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /app .
FROM scratch
COPY --from=build /app /app
```
Use instead:
```dockerfile
FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app .
FROM scratch
COPY --from=build /app /app
```

## Fix
Prefixes the `go` command with `CGO_ENABLED=0`. Unsafe: a program that really needs cgo (sqlite3,
librdkafka bindings) no longer builds; it needs a glibc runtime base
(`gcr.io/distroless/base-debian12`) instead.
"#;

pub const RULE: Rule = Rule {
    code: "LL2301",
    name: "cgo-binary-on-libc-less-base",
    category: Category::Security,
    severity: Severity::Error,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

/// The base a stage finally builds on: `Some(reference)`, `None` for scratch.
fn root<'a>(context: &'a RuleContext, stage: usize) -> Option<Option<&'a str>> {
    let mut current = stage;
    for _ in 0..=context.model.stages.len() {
        match &context.model.stages.get(current)?.base {
            Base::Image { reference, .. } => return Some(Some(reference)),
            Base::Stage { index, .. } => current = *index,
            Base::Scratch => return Some(None),
        }
    }
    None
}

fn profile(context: &RuleContext, reference: &str) -> Option<&'static ImageProfile> {
    let platform = context.model.target_platform.format();
    crate::sizes::image_entry(reference, &platform).map(|e| e.profile)
}

/// The runtime's libc: from the image database, else from well-known names.
fn runtime_libc(context: &RuleContext, stage: usize) -> Option<(Libc, String)> {
    match root(context, stage)? {
        None => Some((Libc::None, "scratch".to_owned())),
        Some(reference) => {
            if let Some(profile) = profile(context, reference) {
                return Some((profile.libc, reference.to_owned()));
            }
            let name = reference.split(['@']).next().unwrap_or(reference);
            if name.contains("distroless/static") || name.starts_with("cgr.dev/chainguard/static") {
                Some((Libc::None, reference.to_owned()))
            } else if name.starts_with("alpine") {
                Some((Libc::Musl, reference.to_owned()))
            } else {
                None
            }
        }
    }
}

/// The libc the build stage links against.
fn build_libc(context: &RuleContext, stage: usize) -> Libc {
    match root(context, stage) {
        Some(Some(reference)) => profile(context, reference).map_or_else(|| if reference.contains("alpine") { Libc::Musl } else { Libc::Glibc }, |p| p.libc),
        _ => Libc::None,
    }
}

/// Whether the build stage has a C compiler: its image's profile, or an installed gcc/build-base.
fn has_c_compiler(context: &RuleContext, stage: usize) -> bool {
    let from_image = match root(context, stage) {
        Some(Some(reference)) => profile(context, reference).map_or_else(
            || reference.starts_with("golang") && !reference.contains("alpine"),
            |p| p.c_toolchain,
        ),
        _ => false,
    };
    from_image
        || context.stage_instructions(stage).any(|(index, _)| {
            context.commands(index).iter().any(|c| {
                matches!(c.program(), Some("apk" | "apt-get" | "apt" | "yum" | "dnf"))
                    && c.arguments().iter().any(|a| matches!(a.as_str(), "gcc" | "build-base" | "build-essential" | "clang"))
            })
        })
}

pub(crate) fn is_go_build(command: &SimpleCommand) -> bool {
    command.program() == Some("go") && command.arguments().iter().find(|a| !a.starts_with('-')).is_some_and(|a| a == "build")
}

/// `CGO_ENABLED` as the command sees it: its own assignment, an earlier `export`/assignment in the
/// RUN, an earlier `go env -w` in the stage, or the stage's ENV/ARG.
fn cgo_setting(context: &RuleContext, stage: usize, index: usize, position: usize) -> Option<String> {
    let commands = context.commands(index);
    let command = &commands[position];
    if let Some((_, v)) = command.assignments().find(|(n, _)| *n == "CGO_ENABLED") {
        return Some(v.to_owned());
    }
    for earlier in commands[..position].iter().rev() {
        let persists = earlier.assignments().count() == earlier.words.len() || earlier.program() == Some("export");
        if persists {
            if let Some(v) = earlier.words.iter().find_map(|w| w.strip_prefix("CGO_ENABLED=")) {
                return Some(v.to_owned());
            }
        }
    }
    for (earlier, _) in context.stage_instructions(stage).filter(|(i, _)| *i < index) {
        for c in context.commands(earlier) {
            if c.program() == Some("go") && c.has_word("-w") {
                if let Some(v) = c.words.iter().find_map(|w| w.strip_prefix("CGO_ENABLED=")) {
                    return Some(v.to_owned());
                }
            }
        }
    }
    let step = context.step(stage, index)?;
    step.state.get("CGO_ENABLED").map(str::to_owned)
}

fn links_statically(command: &SimpleCommand) -> bool {
    command.words.iter().any(|w| w.contains("-static") || w.contains("netgo") && w.contains("osusergo"))
}

fn stage_index(context: &RuleContext, from: &str, before: usize) -> Option<usize> {
    match from.parse::<usize>() {
        Ok(n) if n < before => Some(n),
        Ok(_) => None,
        Err(_) => context.model.stage_by_name(from).map(|s| s.index).filter(|&s| s < before),
    }
}

fn check(context: &RuleContext, findings: &mut Findings) {
    let mut reported = Vec::new();
    for stage in &context.model.stages {
        // Only a binary copied from another stage is checked: the base's libc only for such stages.
        let copies_from_stage = stage.steps.iter().any(|s| !s.onbuild && matches!(s.expanded, Expanded::Copy { from: Some(_), .. }));
        if !context.stage_is_shipped(stage.index) || !copies_from_stage {
            continue;
        }
        let Some((libc, runtime)) = runtime_libc(context, stage.index) else { continue };
        if !matches!(libc, Libc::None | Libc::Musl) {
            continue;
        }
        for step in stage.steps.iter().filter(|s| !s.onbuild) {
            let Expanded::Copy { from: Some(from), .. } = &step.expanded else { continue };
            let Some(source) = stage_index(context, from, stage.index) else { continue };
            if !has_c_compiler(context, source) {
                continue;
            }
            // A musl build (golang:alpine + gcc musl-dev) runs on Alpine; only libc-less bases break it.
            if libc == Libc::Musl && build_libc(context, source) != Libc::Glibc {
                continue;
            }
            let copy_line = context.syntax.instructions[step.instruction].start_line;
            for (index, instruction) in context.stage_instructions(source).filter(|(_, i)| i.is(Keyword::Run)) {
                for (position, command) in context.commands(index).iter().enumerate() {
                    if !is_go_build(command) || links_statically(command) || reported.contains(&(index, position)) {
                        continue;
                    }
                    if cgo_setting(context, source, index, position).is_some_and(|v| v == "0") {
                        continue;
                    }
                    reported.push((index, position));
                    let what = if libc == Libc::None { "has no C library" } else { "has musl, not glibc" };
                    let finding = findings.report(
                        helpers::command_span(context, instruction, command),
                        format!(
                            "`go build` runs with cgo on (its stage has a C compiler) and links against glibc, but the binary is copied (line {copy_line}) into `{runtime}`, which {what}: it will fail to start with \"no such file or directory\"; set `CGO_ENABLED=0`"
                        ),
                    );
                    let script = context.run_script(instruction);
                    if let Some(at) = helpers::word_range(&script, command, "go").and_then(|(start, _)| helpers::script_offset(instruction, start)) {
                        finding.with_fix("Build with CGO_ENABLED=0", Applicability::Unsafe, vec![Edit::insert(at, "CGO_ENABLED=0 ")]);
                    }
                }
            }
        }
    }
}
