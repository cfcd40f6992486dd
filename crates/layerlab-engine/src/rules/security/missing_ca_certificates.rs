use crate::model::{Base, Expanded};
use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::sizes::Presence;
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a shipped stage built `FROM scratch` that copies a binary from a stage running `go build`
(or `cargo build`) but copies no CA certificates (nothing into `/etc/ssl` or `/etc/pki`, no
`ca-certificates` file). Catalog candidate SE-02.

## Why it matters
`scratch` is empty: there is no CA bundle. Go's `crypto/x509` looks for
`/etc/ssl/certs/ca-certificates.crt` (and a few other paths); when none exists, every outbound
HTTPS call fails at run time with `x509: certificate signed by unknown authority`, something no
build step reveals. The build stage has the bundle; copying it costs about 200 KB.

## Example
```dockerfile
FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app .
FROM scratch
COPY --from=build /app /app
```
Use instead:
```dockerfile
FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /app /app
```
(or build on `gcr.io/distroless/static-debian12`, which has the bundle, tzdata and a
`nonroot` user).

## Fix
Inserts `COPY --from=<build stage> /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/` after the
`FROM scratch`, when the build stage's image is known to have the bundle. Unsafe: an application
that never makes TLS connections does not need it.
"#;

pub const RULE: Rule = Rule {
    code: "LL2302",
    name: "missing-ca-certificates-on-scratch",
    category: Category::Security,
    severity: Severity::Warning,
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

fn builds_binary(context: &RuleContext, stage: usize) -> bool {
    context.stage_instructions(stage).filter(|(_, i)| i.is(Keyword::Run)).any(|(index, _)| {
        context.commands(index).iter().any(|c| {
            let first = c.arguments().iter().find(|a| !a.starts_with('-'));
            matches!(c.program(), Some("go" | "cargo")) && first.is_some_and(|a| a == "build")
        })
    })
}

fn has_ca_bundle(context: &RuleContext, stage: usize) -> bool {
    let mut current = stage;
    for _ in 0..=context.model.stages.len() {
        match &context.model.stages[current].base {
            Base::Stage { index, .. } => current = *index,
            Base::Scratch => return false,
            Base::Image { reference, .. } => {
                let platform = context.model.target_platform.format();
                return crate::sizes::image_entry(reference, &platform).is_some_and(|e| e.profile.ca_certs == Presence::Yes);
            }
        }
    }
    false
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        if !context.stage_is_shipped(stage.index) || !matches!(stage.base, Base::Scratch) {
            continue;
        }
        let mut binary_from = None;
        let mut has_certs = false;
        for step in stage.steps.iter() {
            let Expanded::Copy { sources, destination, from, .. } = &step.expanded else { continue };
            let certs = |p: &str| p.contains("/etc/ssl") || p.contains("/etc/pki") || p.contains("ca-certificates") || p.contains("ca-bundle");
            if sources.iter().any(|s| certs(s)) || certs(destination) {
                has_certs = true;
            }
            if let Some(source) = from.as_deref().and_then(|f| stage_index(context, f, stage.index)) {
                if binary_from.is_none() && builds_binary(context, source) {
                    binary_from = Some((source, from.clone().unwrap_or_default(), step.instruction));
                }
            }
        }
        let Some((source, from, copy)) = binary_from else { continue };
        if has_certs {
            continue;
        }
        let from_instruction = &context.syntax.instructions[stage.instruction];
        let copy_line = context.syntax.instructions[copy].start_line;
        let finding = findings.report(
            from_instruction.span,
            format!("`FROM scratch` has no CA certificates and the binary copied from `{from}` (line {copy_line}) gets none: its HTTPS calls will fail with \"x509: certificate signed by unknown authority\""),
        );
        if has_ca_bundle(context, source) && !from.contains('$') {
            let keyword = helpers::keyword_like(from_instruction, "COPY");
            finding.with_fix(
                "Copy the CA bundle from the build stage",
                Applicability::Unsafe,
                vec![Edit::insert(from_instruction.span.end, format!("\n{keyword} --from={from} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/"))],
            );
        }
    }
}
