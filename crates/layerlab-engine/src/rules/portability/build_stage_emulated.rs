use crate::model::{Base, Expanded};
use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a build stage (one whose output is only copied into the image) that runs `go build`
without `FROM --platform=$BUILDPLATFORM`. Catalog candidate SE-08.

## Why it matters
In a multi-platform build (`--platform linux/amd64,linux/arm64`) every stage runs on each target
platform, so the compiler of the foreign platform runs under QEMU emulation, often ten times
slower. Go cross-compiles natively: build on the builder's platform and set `GOOS`/`GOARCH`.

## Example
```dockerfile
FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app .
```
Use instead:
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
ARG TARGETOS TARGETARCH
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .
```

## Fix
Adds `--platform=$BUILDPLATFORM`, `ARG TARGETOS TARGETARCH` and `GOOS`/`GOARCH` on each
`go build`. Unsafe: cgo is off when cross-compiling unless a cross C compiler is set up.
"#;

pub const RULE: Rule = Rule {
    code: "LL5103",
    name: "build-stage-emulated",
    category: Category::Portability,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    for stage in &model.stages {
        if context.stage_is_shipped(stage.index) || !stage.needed || !matches!(stage.base, Base::Image { .. }) {
            continue;
        }
        let from = &context.syntax.instructions[stage.instruction];
        if from.command.flag("platform").is_some() {
            continue;
        }
        // Its output must reach the image through COPY --from (otherwise it is not a build stage).
        let copied = model.stages.iter().any(|s| {
            context.stage_is_shipped(s.index)
                && s.steps.iter().any(|step| matches!(&step.expanded, Expanded::Copy { from: Some(f), .. } if model.stage_by_name(f).map(|x| x.index) == Some(stage.index) || f.parse::<usize>().ok() == Some(stage.index)))
        });
        if !copied {
            continue;
        }
        let builds: Vec<(usize, usize)> = stage
            .steps
            .iter()
            .filter(|s| !s.onbuild && s.keyword == Keyword::Run)
            .flat_map(|s| context.commands(s.instruction).iter().enumerate().map(move |(n, c)| (s.instruction, n, c)))
            .filter(|(_, _, c)| c.program() == Some("go") && c.arguments().first().is_some_and(|a| a == "build"))
            .map(|(i, n, _)| (i, n))
            .collect();
        if builds.is_empty() {
            continue;
        }
        let span = from.command.args.first().map_or(from.span, |a| a.span);
        let finding = findings.report(span, "this build stage runs `go build` on the target platform (under emulation in multi-platform builds): use `FROM --platform=$BUILDPLATFORM` and cross-compile with GOOS/GOARCH");
        let already = builds.iter().any(|&(i, n)| context.commands(i)[n].assignments().any(|(k, _)| k == "GOOS" || k == "GOARCH"));
        if already || from.command.json {
            continue;
        }
        let source = &context.syntax.source;
        let line_end = source[from.span.end..].find('\n').map_or(source.len(), |i| from.span.end + i + 1);
        let newline = if line_end == source.len() && !source.ends_with('\n') { "\n" } else { "" };
        let mut edits = vec![
            Edit::insert(from.command.name_span.end, " --platform=$BUILDPLATFORM"),
            Edit::insert(line_end, format!("{newline}{} TARGETOS TARGETARCH\n", helpers::keyword_like(from, "ARG"))),
        ];
        for &(i, n) in &builds {
            let instruction = &context.syntax.instructions[i];
            let Some(at) = helpers::script_offset(instruction, context.commands(i)[n].start) else {
                edits.clear();
                break;
            };
            edits.push(Edit::insert(at, "GOOS=$TARGETOS GOARCH=$TARGETARCH "));
        }
        finding.with_fix("Build on $BUILDPLATFORM and cross-compile for the target", Applicability::Unsafe, edits);
    }
}
