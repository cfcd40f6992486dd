use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `FROM --platform=<constant>` (`--platform=linux/amd64`), unless the stage name mentions
that platform's OS or architecture (`AS build-amd64`), which marks a deliberately
platform-specific stage. Variables such as `$BUILDPLATFORM` are fine.

hadolint's DL3029 is broader: it flags any `--platform` that is not `$BUILDPLATFORM` or
`$TARGETPLATFORM` based.

## Why it matters
A hard-coded platform pins that stage to one architecture whatever `docker build --platform`
asks for: a multi-platform build produces an image whose binaries are all amd64, and on an
arm64 machine (Apple silicon, Graviton) the stage runs under slow emulation or fails. Let the
build choose the platform, or use `$BUILDPLATFORM` for stages that cross-compile.

## Example
```dockerfile
FROM --platform=linux/amd64 golang:1.23 AS build
```
Use instead:
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .
```

## Fix
Removes the flag. Unsafe: the stage then builds for the requested target platform, which is the
point, but an image that only exists for one platform will no longer be found on the others.
"#;

pub const RULE: Rule = Rule {
    code: "LL5101",
    name: "from-platform-flag-const-disallowed",
    category: Category::Portability,
    severity: Severity::Warning,
    aliases: &[Alias::hadolint("DL3029"), Alias::buildkit("FromPlatformFlagConstDisallowed")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let source = &context.syntax.source;
    for (_, instruction) in context.instructions_of(Keyword::From) {
        let Some(flag) = instruction.command.flag("platform") else { continue };
        let Some(value) = flag.value.as_deref().filter(|v| !v.is_empty() && !v.contains('$')) else { continue };
        let name = instruction.command.args.get(2).map(|w| w.value.to_lowercase()).unwrap_or_default();
        let mut parts = value.split('/');
        let (os, arch) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
        if !name.is_empty() && ((!os.is_empty() && name.contains(os)) || (!arch.is_empty() && name.contains(arch))) {
            continue;
        }
        let blanks = source[flag.span.end..].len() - source[flag.span.end..].trim_start_matches([' ', '\t']).len();
        findings
            .report(flag.span, format!("FROM --platform flag should not use constant value \"{value}\": it blocks multi-platform builds"))
            .with_fix("Remove `--platform`", Applicability::Unsafe, vec![Edit::delete(Span::new(flag.span.start, flag.span.end + blanks))]);
    }
}
