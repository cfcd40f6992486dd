use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a RUN that runs `apt-get update` but does not delete `/var/lib/apt/lists/*` (or run
`apt-get dist-clean`, Debian 13+) in the same RUN. Not reported when `/var/lib/apt` or
`/var/lib/apt/lists` is a cache or tmpfs mount, nor in build stages whose layers do not reach the image (hadolint reports those too). The
finding's effect is the measured size (catalog candidate SZ-06).

## Why it matters
`apt-get update` downloads the package index of every configured repository, typically 20 to
50 MB. Nothing in the running container needs it, yet it stays in the layer, and deleting it in
a later RUN does not help: the earlier layer still ships it.

## Example
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
```
Use instead:
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```
or keep the lists out of the image with a cache mount:
```dockerfile
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    apt-get update && apt-get install -y curl
```

## Fix
Appends `&& rm -rf /var/lib/apt/lists/*` to the RUN. Safe: later instructions that need the
index run `apt-get update` again anyway.
"#;

pub const RULE: Rule = Rule {
    code: "LL3201",
    name: "apt-lists-not-removed",
    category: Category::Size,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3009")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if !context.is_shipped(index) || helpers::has_cache_mount(context, index, |t| t == "/var/lib/apt" || t == "/var/lib/apt/lists") {
            continue;
        }
        let commands = context.commands(index);
        let Some(update) = commands.iter().find(|c| matches!(c.program(), Some("apt-get" | "apt")) && c.arguments().iter().any(|a| a == "update")) else {
            continue;
        };
        let cleaned = commands.iter().any(|c| {
            c.program() == Some("rm") && c.arguments().iter().any(|a| a.starts_with("/var/lib/apt/lists"))
                || c.program() == Some("apt-get") && c.arguments().iter().any(|a| a == "dist-clean")
        });
        if cleaned {
            continue;
        }
        let finding = findings.report(
            helpers::command_span(context, instruction, update),
            match crate::sizes::db().apt_lists_bytes() {
                Some((bytes, _)) => format!("apt lists are not removed after `apt-get update`: the package index ({:.1} MB on bookworm) ships in this layer", bytes as f64 / 1e6),
                None => "apt lists are not removed after `apt-get update`: the package index ships in this layer".to_owned(),
            },
        );
        if let Some(edit) = helpers::append_to_run(instruction, "rm -rf /var/lib/apt/lists/*") {
            finding.with_fix("Remove the apt lists in the same RUN", Applicability::Safe, vec![edit]);
        }
    }
}
