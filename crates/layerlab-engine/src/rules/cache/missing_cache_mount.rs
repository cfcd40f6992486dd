use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a `RUN` that downloads packages with go, pip, npm, yarn, apt-get or cargo without a
`--mount=type=cache` on that manager's cache directory. Not reported when the manager's cache is
disabled in the command (`pip --no-cache-dir`, `PIP_NO_CACHE_DIR`), nor when the stage runs as a
non-root user (the cache directories below are root's). Catalog candidate CA-02.

## Why it matters
When a step's cache key changes (a new dependency, an edited manifest), BuildKit reruns it from
scratch and the manager downloads every package again. A cache mount keeps the manager's
download cache across builds, outside the image: the rerun fetches only what changed, and the
cache never ships in a layer.

## Example
```dockerfile
RUN go mod download && go build -o /app .
```
Use instead:
```dockerfile
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go mod download && go build -o /app .
```

## Fix
Adds the mounts: Go `/go/pkg/mod` and `/root/.cache/go-build`; pip `/root/.cache/pip`; npm
`/root/.npm`; yarn `/usr/local/share/.cache/yarn`; cargo `/usr/local/cargo/registry`; apt
`/var/cache/apt` and `/var/lib/apt` with `sharing=locked` (apt takes a lock; Debian images also
delete downloaded `.deb`s through `/etc/apt/apt.conf.d/docker-clean`, which you may remove).
Unsafe: cache mounts need BuildKit, and the paths assume the official images' defaults
(`GOPATH=/go`, `CARGO_HOME=/usr/local/cargo`, user root).
"#;

pub const RULE: Rule = Rule {
    code: "LL4302",
    name: "missing-cache-mount",
    category: Category::Cache,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

/// The manager a command downloads with, and the cache directories it uses.
fn manager(command: &SimpleCommand) -> Option<(&'static str, &'static [&'static str])> {
    let program = crate::scan::base_name(command.program()?);
    if let Some(pip) = helpers::pip_arguments(command) {
        let disabled = pip.iter().any(|a| a == "--no-cache-dir") || command.assignments().any(|(n, _)| n == "PIP_NO_CACHE_DIR");
        return (pip.first().is_some_and(|a| a == "install") && !disabled).then_some(("pip", &["/root/.cache/pip"]));
    }
    let first = command.arguments().iter().find(|a| !a.starts_with('-')).map(String::as_str);
    match (program, first) {
        ("go", Some("build" | "install" | "test" | "get")) => Some(("go", &["/go/pkg/mod", "/root/.cache/go-build"])),
        ("go", Some("mod")) if command.has_word("download") => Some(("go", &["/go/pkg/mod", "/root/.cache/go-build"])),
        ("npm", Some("ci" | "install" | "i")) => Some(("npm", &["/root/.npm"])),
        ("yarn", None | Some("install")) => Some(("yarn", &["/usr/local/share/.cache/yarn"])),
        ("cargo", Some("build" | "fetch" | "install")) => Some(("cargo", &["/usr/local/cargo/registry"])),
        ("apt-get" | "apt", Some("install" | "upgrade" | "dist-upgrade")) => Some(("apt-get", &["/var/cache/apt", "/var/lib/apt"])),
        _ => None,
    }
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let Some(stage) = context.stage_of(index).filter(|&s| s < context.model.stages.len()) else { continue };
        let step = context.step(stage, index);
        let user = step.and_then(|s| s.state.user.as_deref()).unwrap_or("root");
        if !(user == "root" || user == "0" || user.starts_with("root:") || user.starts_with("0:")) {
            continue;
        }
        let mut seen: Vec<&str> = Vec::new();
        for command in context.commands(index) {
            let Some((name, targets)) = manager(command) else { continue };
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            if name == "pip" && step.is_some_and(|s| s.state.get("PIP_NO_CACHE_DIR").is_some()) {
                continue;
            }
            let missing: Vec<&str> = targets.iter().copied().filter(|t| !helpers::has_cache_mount(context, index, |m| m == *t || helpers::is_inside(t, m) || helpers::is_inside(m, t))).collect();
            if missing.len() < targets.len() || missing.is_empty() {
                continue;
            }
            let finding = findings.report(
                helpers::command_span(context, instruction, command),
                format!("`{name}` downloads without a cache mount on {}: every rebuild of this step downloads all packages again", targets.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" and ")),
            );
            let sharing = if name == "apt-get" { ",sharing=locked" } else { "" };
            let mounts: String = targets.iter().map(|t| format!(" --mount=type=cache,target={t}{sharing}")).collect();
            finding.with_fix(format!("Add a cache mount for {name}"), Applicability::Unsafe, vec![Edit::insert(instruction.command.name_span.end, mounts)]);
        }
    }
}
