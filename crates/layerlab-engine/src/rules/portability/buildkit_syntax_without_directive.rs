use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags the first use of Dockerfile syntax that only BuildKit's newer frontends understand
(here-documents, `RUN --mount`/`--network`/`--security`, `COPY`/`ADD --link`, `--chmod`,
`--exclude`, `--parents`, `ADD --checksum`/`--keep-git-dir`) in a file without a
`# syntax=` directive. Catalog candidate SE-09 (rudolint RDK1000).

## Why it matters
Without the directive, the Dockerfile is parsed by whatever frontend the builder has built in:
the legacy builder and older BuildKit releases reject heredocs and `--mount` with cryptic
errors ("unknown flag: mount"), and flags added in later releases (`--exclude`, `--parents`)
fail on anything but the newest. `# syntax=docker/dockerfile:1` makes BuildKit fetch the latest
stable 1.x frontend, so the file builds the same everywhere BuildKit runs.

## Example
```dockerfile
FROM golang:1.22
RUN --mount=type=cache,target=/go/pkg/mod go build ./...
```
Use instead:
```dockerfile
# syntax=docker/dockerfile:1
FROM golang:1.22
RUN --mount=type=cache,target=/go/pkg/mod go build ./...
```

## Fix
Inserts `# syntax=docker/dockerfile:1` as the first line. Safe: the 1.x frontend accepts every
Dockerfile the built-in one does (it needs network access to pull the frontend image once).
"#;

pub const RULE: Rule = Rule {
    code: "LL5301",
    name: "buildkit-syntax-without-directive",
    category: Category::Portability,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    if context.syntax.directives.iter().any(|d| d.name.eq_ignore_ascii_case("syntax")) {
        return;
    }
    let mut first = None;
    let mut count = 0;
    for (_, instruction) in context.instructions() {
        let command = &instruction.command;
        let feature = if !instruction.heredocs.is_empty() {
            Some("a here-document".to_owned())
        } else {
            let flag = command.flags.iter().find(|f| match command.keyword {
                Keyword::Run => matches!(f.name.as_str(), "mount" | "network" | "security"),
                Keyword::Copy => matches!(f.name.as_str(), "link" | "chmod" | "exclude" | "parents"),
                Keyword::Add => matches!(f.name.as_str(), "link" | "chmod" | "exclude" | "parents" | "checksum" | "keep-git-dir" | "unpack"),
                _ => false,
            });
            flag.map(|f| format!("`{} --{}`", command.keyword.as_str().to_ascii_uppercase(), f.name))
        };
        if let Some(feature) = feature {
            count += 1;
            if first.is_none() {
                first = Some((instruction.span, feature));
            }
        }
    }
    let Some((span, feature)) = first else { return };
    let more = if count > 1 { format!(" (and {} more BuildKit-only uses)", count - 1) } else { String::new() };
    findings
        .report(span, format!("{feature}{more} needs a recent BuildKit frontend, but the file has no `# syntax=` directive: older builders reject it"))
        .with_fix("Add `# syntax=docker/dockerfile:1`", Applicability::Safe, vec![Edit::insert(0, "# syntax=docker/dockerfile:1\n")]);
}
