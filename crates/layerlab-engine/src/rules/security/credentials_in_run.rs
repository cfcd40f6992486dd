use crate::model::MountSpec;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::script::SimpleCommand;
use crate::syntax::mount::MountType;
use crate::model::Expanded;

const DOC: &str = r#"## What it does
In the final stage, flags a `RUN` without a secret mount that logs a cloud CLI in with
credentials: `aws configure set aws_access_key_id|aws_secret_access_key`,
`gcloud auth activate-service-account`, `az login` with `-p`/`--password`/`--federated-token`,
`doctl auth init` with `-t`/`--access-token`. (Trivy DS-0031's RUN variant.)

## Why it matters
These commands write the credential into a config file (`~/.aws/credentials`,
`~/.config/gcloud`, …) in the layer, and the command line, often with the key in it, stays in
the image history. Anyone who pulls the image gets the account. A `RUN --mount=type=secret`
keeps the credential out of every layer.

## Example
```dockerfile
RUN aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY" && aws s3 cp s3://bucket/model /model
```
Use instead:
```dockerfile
RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://bucket/model /model
```

## Fix
None: the build invocation must pass the secret.
"#;

pub const RULE: Rule = Rule {
    code: "LL2114",
    name: "credentials-in-run",
    category: Category::Security,
    severity: Severity::Error,
    aliases: &[Alias::trivy("DS-0031")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    let Some(stage) = model.target.and_then(|t| model.stages.get(t)) else { return };
    for step in stage.steps.iter().filter(|s| !s.onbuild) {
        let Expanded::Run { mounts } = &step.expanded else { continue };
        if mounts.iter().any(|m: &MountSpec| m.kind == MountType::Secret) {
            continue;
        }
        if let Some(what) = context.commands(step.instruction).iter().find_map(credential_setup) {
            let instruction = &context.syntax.instructions[step.instruction];
            findings.report(instruction.span, format!("`{what}` stores a credential in the image (and its history): use a secret mount"));
        }
    }
}

fn credential_setup(command: &SimpleCommand) -> Option<&'static str> {
    let program = command.program().filter(|p| matches!(*p, "aws" | "gcloud" | "az" | "doctl"))?;
    let args: Vec<&str> = command.arguments().iter().map(String::as_str).collect();
    match program {
        "aws" if args.starts_with(&["configure", "set"])
            && args.get(2).is_some_and(|k| matches!(*k, "aws_access_key_id" | "aws_secret_access_key")) =>
        {
            Some("aws configure set")
        }
        "gcloud" if args.starts_with(&["auth", "activate-service-account"]) => Some("gcloud auth activate-service-account"),
        "az" if args.first() == Some(&"login") && args.iter().any(|a| matches!(*a, "-p" | "--password" | "--federated-token")) => {
            Some("az login")
        }
        "doctl" if args.starts_with(&["auth", "init"]) && args.iter().any(|a| matches!(*a, "-t" | "--access-token")) => {
            Some("doctl auth init")
        }
        _ => None,
    }
}
