use crate::model::Base;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::sizes::ImageResolution;

const DOC: &str = r#"## What it does
Flags a `FROM` whose image the size database knows but not for the platform the stage is built
for (`FROM --platform=…`, else the build's target platform). It stays silent when the database
does not know the image or its platforms. (BuildKit's `InvalidBaseImagePlatform`, which BuildKit
can only report after pulling.)

## Why it matters
An image without a manifest for the requested platform either fails to pull or, for a
single-platform image, is pulled for another platform and runs under emulation, or not at all
("exec format error").

## Example
```dockerfile
FROM --platform=windows/amd64 python:3.12-slim
```
Use instead:
```dockerfile
FROM --platform=linux/amd64 python:3.12-slim
```

## Fix
None: the right base or platform depends on where the image runs.
"#;

pub const RULE: Rule = Rule {
    code: "LL1119",
    name: "invalid-base-image-platform",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("InvalidBaseImagePlatform")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let target = context.model.target_platform.format();
    for stage in &context.model.stages {
        let Base::Image { reference, .. } = &stage.base else { continue };
        let requested = stage.platform.as_deref().unwrap_or(&target);
        // Every image in the database is a Linux image: another OS is known to be missing.
        // Architectures are only ever listed partly (amd64, arm64), so a missing row proves nothing.
        // Checked before the database look-up, which most stages (built for Linux) never need.
        let Some((os, _)) = requested.split_once('/') else { continue };
        if os.eq_ignore_ascii_case("linux") || requested.contains('$') || reference.contains('$') {
            continue;
        }
        let resolution = crate::sizes::resolve_image(reference, requested);
        let ImageResolution::Known { entry, matched, .. } = &resolution else { continue };
        if !matches!(matched, crate::sizes::TagMatch::Exact | crate::sizes::TagMatch::Alias) || entry.platform == "any" {
            continue;
        }
        let instruction = &context.syntax.instructions[stage.instruction];
        let span = instruction.command.flag("platform").map_or_else(|| instruction.command.args.first().map_or(instruction.span, |a| a.span), |f| f.span);
        findings.report(
            span,
            format!("`{reference}` is published for Linux only (size database: `{}`), not for `{requested}`", entry.reference()),
        );
    }
}
