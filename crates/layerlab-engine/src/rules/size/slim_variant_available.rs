use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a final (target) stage built on the full variant of `python`, `node` or `ruby` (the tag
has no `slim` or `alpine`) when none of its `RUN` instructions compiles anything (`gcc`, `make`,
`./configure`, `node-gyp`). Catalog candidate SZ-11.

## Why it matters
The full variants are built on `buildpack-deps`: gcc, make, git, headers and hundreds of `-dev`
packages a runtime never uses. The `-slim` variants carry the same interpreter on
`debian:*-slim`, several times smaller to pull and with far fewer packages for scanners to
report (node's full image is about 1 GB uncompressed, its slim variant a fifth of that).

## Example
```dockerfile
FROM python:3.12
```
Use instead:
```dockerfile
FROM python:3.12-slim
```

## Fix
Rewrites the tag to its `-slim` variant (`3.12` → `3.12-slim`, `3.12-bookworm` →
`3.12-slim-bookworm`, node `22-bookworm` → `22-bookworm-slim`). Manual, to review: a
`pip install` or `npm install` that builds native extensions needs a compiler the slim image
lacks (install it in a build stage, or use wheels).
"#;

pub const RULE: Rule = Rule {
    code: "LL3309",
    name: "slim-variant-available",
    category: Category::Size,
    severity: Severity::Info,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

/// The `-slim` spelling of a full tag of `repository`, when it has one.
fn slim_tag(repository: &str, tag: &str) -> Option<String> {
    if tag.contains("slim") || tag.contains("alpine") || tag.contains("windows") || tag.contains("nanoserver") || tag.contains('$') {
        return None;
    }
    const SUITES: [&str; 5] = ["bookworm", "bullseye", "trixie", "buster", "noble"];
    if tag == "latest" {
        return Some("slim".to_owned());
    }
    if SUITES.contains(&tag) {
        return Some(if repository == "node" { format!("{tag}-slim") } else { format!("slim-{tag}") });
    }
    if let Some((version, suite)) = tag.rsplit_once('-').filter(|(_, s)| SUITES.contains(s)) {
        return Some(if repository == "node" { format!("{version}-{suite}-slim") } else { format!("{version}-slim-{suite}") });
    }
    if tag.chars().all(|c| c.is_ascii_digit() || c == '.') || (repository == "node" && matches!(tag, "lts" | "current")) {
        return Some(format!("{tag}-slim"));
    }
    None
}

fn check(context: &RuleContext, findings: &mut Findings) {
    let Some(target) = context.model.target else { return };
    let stage = &context.model.stages[target];
    let crate::model::Base::Image { reference, .. } = &stage.base else { return };
    let name = reference.split('@').next().unwrap_or(reference);
    let (repository, tag) = match name.rsplit_once(':').filter(|(_, t)| !t.contains('/')) {
        Some((r, t)) => (r, t),
        None => (name, "latest"),
    };
    let repository = helpers::official_name(repository);
    if !matches!(repository, "python" | "node" | "ruby") {
        return;
    }
    let Some(slim) = slim_tag(repository, tag) else { return };
    let compiles = context.stage_instructions(target).filter(|(_, i)| i.is(Keyword::Run)).any(|(index, _)| {
        context.commands(index).iter().any(|c| {
            matches!(c.program(), Some("gcc" | "cc" | "g++" | "make" | "cmake" | "./configure" | "node-gyp"))
                || matches!(c.program(), Some("apt-get" | "apt")) && c.arguments().iter().any(|a| a == "build-essential" || a == "gcc" || a.ends_with("-dev"))
        })
    });
    if compiles {
        return;
    }
    let platform = context.model.target_platform.format();
    let size = |r: &str| crate::sizes::image_entry(r, &platform).and_then(|e| e.compressed_bytes);
    let slim_reference = format!("{repository}:{slim}");
    let sizes = match (size(reference), size(&slim_reference)) {
        (Some(full), Some(small)) if full > small => format!(" ({:.0} MB vs {:.0} MB compressed)", full as f64 / 1e6, small as f64 / 1e6),
        _ => String::new(),
    };
    let from = &context.syntax.instructions[stage.instruction];
    let finding = findings.report(
        from.span,
        format!("the final image is built on the full `{reference}`, with compilers and -dev packages it does not use: `{slim_reference}` has the same runtime{sizes}"),
    );
    if let Some(word) = from.command.args.first().filter(|w| !w.span.is_empty() && context.syntax.text(w.span) == w.value && w.value == *reference) {
        let replacement = format!("{}:{slim}", word.value.rsplit_once(':').filter(|(_, t)| !t.contains('/')).map_or(word.value.as_str(), |(r, _)| r));
        finding.with_fix(format!("Use {slim_reference}"), Applicability::ManualWithPreview, vec![Edit::replace(word.span, replacement)]);
    }
}
