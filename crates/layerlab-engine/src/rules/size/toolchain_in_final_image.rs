use crate::model::Base;
use crate::rules::helpers;
use crate::rules::{transform, Applicability, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a build command (`go build`, `cargo build`, `npm run build`, `yarn build`, `mvn package`,
`gradle build`, `dotnet publish`, `javac`) that runs in a shipped stage whose base image is an
SDK: `golang`, `rust`, `maven`, `gradle`, `gcc`, `mcr.microsoft.com/dotnet/sdk`, a JDK
(`eclipse-temurin`/`openjdk` without `jre`), or the full (non-slim, non-alpine) `node` and
`python` images, which carry gcc, make and the Debian build packages. Build stages are not
checked: that is where an SDK belongs. Catalog candidate SZ-01.

## Why it matters
The image ships the compiler, the package caches and the sources it was built from, when it
only needs the output. Docker's Go guide measures its own example at 1.11 GB single-stage against
28.1 MB when the binary is copied into a distroless runtime stage; the compilers and headers are
also attack surface that scanners report.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /app .
CMD ["/app"]
```
Use instead:
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
CMD ["/app"]
```

## Fix
For a single-stage file, a whole-file rewrite to review: the stage becomes `AS build` and a
runtime stage copies its output (Go: the `-o` binary onto distroless static/base; Rust: the
`target/release` binary onto distroless cc; Node: `npm ci --omit=dev` on `node:*-slim`; Java:
the jar onto `eclipse-temurin:*-jre`) and repeats ENV, USER, EXPOSE, CMD and ENTRYPOINT.
Files the application reads at run time must be added by hand.
"#;

pub const RULE: Rule = Rule {
    code: "LL3301",
    name: "toolchain-in-final-image",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

/// The SDK an image reference names, if any.
fn sdk(reference: &str) -> Option<&'static str> {
    let reference = reference.split('@').next().unwrap_or(reference);
    let (repository, tag) = match reference.rsplit_once(':').filter(|(_, t)| !t.contains('/')) {
        Some((r, t)) => (r, t),
        None => (reference, "latest"),
    };
    let name = helpers::official_name(repository);
    let slim = ["slim", "alpine"].iter().any(|v| tag.contains(v));
    match name {
        "golang" => Some("the Go toolchain"),
        "rust" => Some("the Rust toolchain"),
        "maven" => Some("Maven and a JDK"),
        "gradle" => Some("Gradle and a JDK"),
        "gcc" => Some("GCC"),
        "mcr.microsoft.com/dotnet/sdk" => Some("the .NET SDK"),
        "eclipse-temurin" | "openjdk" | "amazoncorretto" if !tag.contains("jre") => Some("a JDK"),
        "node" if !slim => Some("a full Debian build environment (gcc, make, python)"),
        "python" if !slim => Some("a full Debian build environment (gcc, make, headers)"),
        _ => None,
    }
}

fn is_build(command: &SimpleCommand) -> bool {
    let Some(program) = command.program().map(crate::scan::base_name) else { return false };
    let operands: Vec<&str> = command.arguments().iter().filter(|a| !a.starts_with('-')).map(String::as_str).collect();
    let first = operands.first().copied();
    match program {
        "go" | "cargo" => first == Some("build"),
        "npm" | "pnpm" => first == Some("run") && operands.get(1).is_some_and(|s| s.starts_with("build")) || first == Some("build"),
        "yarn" => first.is_some_and(|s| s.starts_with("build")) || first == Some("run") && operands.get(1).is_some_and(|s| s.starts_with("build")),
        "mvn" | "mvnw" | "gradle" | "gradlew" => operands.iter().any(|o| matches!(*o, "package" | "install" | "build" | "assemble" | "bootJar" | "jar" | "shadowJar" | "installDist")),
        "dotnet" => matches!(first, Some("publish" | "build")),
        "javac" => true,
        _ => false,
    }
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        if !context.stage_is_shipped(stage.index) {
            continue;
        }
        // The stage whose layers carry the SDK: this one or a shipped stage it is built FROM.
        let Some(reference) = helpers::root_image(context, stage.index) else { continue };
        if matches!(stage.base, Base::Scratch) {
            continue;
        }
        let Some(what) = sdk(reference) else { continue };
        let build = context
            .stage_instructions(stage.index)
            .filter(|(_, i)| i.is(Keyword::Run))
            .find_map(|(index, instruction)| context.commands(index).iter().find(|c| is_build(c)).map(|c| (instruction, c)));
        let Some((instruction, command)) = build else { continue };
        let platform = context.model.target_platform.format();
        let size = crate::sizes::image_entry(reference, &platform)
            .and_then(|e| Some((e.compressed_bytes?, if e.source.is_estimate() { "an estimated " } else { "" })))
            .map(|(bytes, estimated)| format!(" ({estimated}{} MB compressed before your layers)", bytes / 1_000_000))
            .unwrap_or_default();
        let finding = findings.report(
            helpers::command_span(context, instruction, command),
            format!(
                "the shipped image builds here on `{reference}`{size}, so it ships {what} next to the output: build in a separate stage and copy only the result into a runtime image"
            ),
        );
        if let Some(split) = transform::split_build(context) {
            finding.with_fix(split.title, Applicability::ManualWithPreview, split.edits);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::report::{analyze, Input};

    fn message(base: &str) -> String {
        let text = format!("FROM {base}\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /out\n");
        let report = analyze(&Input { dockerfile: text, skip_effects: true, ..Default::default() });
        report.findings.iter().find(|f| f.code == super::RULE.code).map(|f| f.message.clone()).unwrap_or_default()
    }

    /// A size the database only estimates is not stated as a fact.
    #[test]
    fn an_estimated_base_size_says_so() {
        let sdk = message("mcr.microsoft.com/dotnet/sdk:8.0");
        assert!(sdk.contains("(an estimated 320 MB compressed before your layers), so it ships the .NET SDK"), "{sdk}");
    }
}
