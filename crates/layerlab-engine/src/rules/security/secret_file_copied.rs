use crate::model::Expanded;
use crate::rules::helpers;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
In the final stage, flags an `ENV`/`ARG` that points a credential-file variable
(`GOOGLE_APPLICATION_CREDENTIALS`, `AWS_CONFIG_FILE`, `HF_TOKEN_PATH`) at a path that a `COPY`
of the same stage writes, and a `COPY` whose destination is such a variable: the credential file
itself is being baked into the image. (Trivy DS-0031's secret-file variant.)

## Why it matters
A key file copied into a layer is in the image for good: deleting it in a later step leaves it
in the earlier layer, readable by anyone who can pull the image. Credentials for the running
container belong in a volume, a secret of the orchestrator, or a workload identity; credentials
for the build belong in `RUN --mount=type=secret`.

## Example
```dockerfile
COPY . /app
ENV GOOGLE_APPLICATION_CREDENTIALS=/app/service-account.json
```
Use instead:
```dockerfile
COPY . /app
# mounted at run time: docker run -v "$PWD/sa.json:/run/secrets/sa.json:ro" …
ENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/sa.json
```
and keep `service-account.json` out of the context with `.dockerignore`.

## Fix
None: where the credential should come from depends on how the image is deployed.
"#;

pub const RULE: Rule = Rule {
    code: "LL2104",
    name: "secret-file-copied",
    category: Category::Security,
    severity: Severity::Error,
    aliases: &[Alias::trivy("DS-0031")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const SECRET_FILE_VARIABLES: &[&str] = &["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "HF_TOKEN_PATH", "GOOGLE_APPLICATION_CREDENTIALS"];

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    let Some(stage) = model.target.and_then(|t| model.stages.get(t)) else { return };
    let steps: Vec<_> = stage.steps.iter().filter(|s| !s.onbuild).collect();
    let destinations: Vec<&str> = steps
        .iter()
        .filter_map(|s| match &s.expanded {
            Expanded::Copy { destination, .. } if !destination.is_empty() => Some(destination.as_str()),
            _ => None,
        })
        .collect();
    for step in &steps {
        let instruction = &context.syntax.instructions[step.instruction];
        match &step.expanded {
            Expanded::Env { pairs } => {
                for (pair, words) in pairs.iter().zip(instruction.command.args.chunks(3)) {
                    if SECRET_FILE_VARIABLES.contains(&pair.name.as_str()) && destinations.iter().any(|d| is_sub_path(&pair.value, d)) {
                        findings.report(
                            words[0].span,
                            format!("{} points at '{}', which a COPY puts in the image: the credential file ships in a layer", pair.name, pair.value),
                        );
                    }
                }
            }
            Expanded::Copy { .. } if instruction.is(Keyword::Copy) => {
                let Some(destination) = instruction.command.args.last() else { continue };
                let variable = destination.value.trim_start_matches('$').trim_start_matches('{').trim_end_matches('}');
                if SECRET_FILE_VARIABLES.contains(&variable) {
                    findings.report(destination.span, format!("COPY into ${variable}: the credential file ships in a layer of the image"));
                }
            }
            _ => {}
        }
    }
}

/// `path` is `directory` or inside it (relative paths are taken as written).
fn is_sub_path(path: &str, directory: &str) -> bool {
    let path = path.trim_start_matches("./");
    let directory = directory.trim_start_matches("./").trim_end_matches('/');
    !path.is_empty() && (path == directory || helpers::is_inside(path, directory) || directory == "/" && path.starts_with('/'))
}
