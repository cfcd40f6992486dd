use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a RUN whose script uses a pipe (`a | b`) while the shell does not run with
`-o pipefail`: neither the stage's `SHELL` nor a `set -o pipefail` in the script sets it.
Not reported for non-POSIX shells (PowerShell, cmd) nor for heredoc scripts with their own
`#!` line, which do not run through SHELL (hadolint reports those, hadolint#806).

## Why it matters
A pipeline's exit status is that of its *last* command. In
`RUN curl -fsSL https://example.com/install.sh | sh`, a failed download still "succeeds"
because `sh` happily runs an empty script, and the build goes on with a broken image.
`pipefail` makes the pipeline fail when any command in it fails.

## Example
```dockerfile
RUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -
```
Use instead:
```dockerfile
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -
```

## Fix
Inserts `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the stage's first such RUN when
the base image ships bash (Debian, Ubuntu, Red Hat family and the official language images
built on them). Unsafe: every later RUN of the stage then runs under bash with pipefail, which
can turn a previously ignored failure into a build error.
"#;

pub const RULE: Rule = Rule {
    code: "LL1214",
    name: "pipe-without-pipefail",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL4006")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

const NON_POSIX: &[&str] = &["pwsh", "powershell", "cmd"];

fn check(context: &RuleContext, findings: &mut Findings) {
    let mut fixed_stages = Vec::new();
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let Some(stage) = context.stage_of(index) else { continue };
        // The text first: most RUNs have no pipe, and then the shell does not matter.
        let command = &instruction.command;
        let mut piped = !command.json && command.args.first().is_some_and(|a| helpers::has_pipe(&a.value) && !a.value.contains("pipefail"));
        piped |= instruction.heredocs.iter().any(|h| !h.content.starts_with("#!") && helpers::has_pipe(&h.content) && !h.content.contains("pipefail"));
        if !piped {
            continue;
        }
        let shell = context.model.stages.get(stage).and_then(|s| s.steps.iter().find(|step| step.instruction == index && !step.onbuild)).map(|s| s.state.shell.clone());
        let shell = shell.unwrap_or_else(|| vec!["/bin/sh".into(), "-c".into()]);
        let program = shell.first().map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p).to_ascii_lowercase()).unwrap_or_default();
        if NON_POSIX.iter().any(|n| program.starts_with(n)) || shell.iter().any(|w| w.contains("pipefail")) {
            continue;
        }
        let finding = findings.report(command.name_span, "RUN uses a pipe without `-o pipefail`: a failure before the last command goes unnoticed");
        let default_shell = shell.len() == 2 && shell[0] == "/bin/sh" && shell[1] == "-c";
        if default_shell && !fixed_stages.contains(&stage) && base_has_bash(context, stage) {
            fixed_stages.push(stage);
            let line_start = context.syntax.source[..instruction.span.start].rfind('\n').map_or(0, |n| n + 1);
            let indent = &context.syntax.source[line_start..instruction.span.start];
            let shell = format!("{} [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n{indent}", helpers::keyword_like(instruction, "SHELL"));
            finding.with_fix("Set SHELL with `-o pipefail`", Applicability::Unsafe, vec![Edit::insert(instruction.span.start, shell)]);
        }
    }
}

const WITH_BASH: &[&str] = &[
    "debian", "ubuntu", "buildpack-deps", "python", "node", "golang", "ruby", "php", "perl", "openjdk", "eclipse-temurin",
    "amazoncorretto", "maven", "gradle", "rust", "gcc", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux",
    "ubi8", "ubi9", "ubi10", "oraclelinux", "nginx", "httpd", "postgres", "mysql", "mariadb", "elixir", "erlang", "haskell",
    "julia", "r-base", "swift", "dotnet", "jupyter",
];

/// Whether the stage's base image is known to ship bash (Alpine, BusyBox, distroless don't).
fn base_has_bash(context: &RuleContext, stage: usize) -> bool {
    let Some(image) = helpers::root_image(context, stage) else { return false };
    let lower = image.to_ascii_lowercase();
    if ["alpine", "busybox", "distroless", "scratch", "minimal", "micro", "chainguard", "wolfi"].iter().any(|s| lower.contains(s)) {
        return false;
    }
    let name = lower.split(['@']).next().unwrap_or_default();
    let path = name.rsplit_once(':').map_or(name, |(path, tag)| if tag.contains('/') { name } else { path });
    path.split('/').any(|part| WITH_BASH.iter().any(|b| part.strip_prefix(b).is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))))
}
