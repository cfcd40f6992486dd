use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags a `RUN` that reads a build `ARG` whose name looks like a secret (BuildKit's
`SecretsUsedInArgOrEnv` names: `*_TOKEN`, `*_PASSWORD`, `*_SECRET`, …): the token reaches the
command through the build arguments. Catalog candidate SE-05.

## Why it matters
A build arg is recorded in the image's history and in the cache key of every `RUN` after it:
`docker history` shows it to anyone who can pull the image. A secret mount hands the value to one
`RUN` and records nothing.

## Example
```dockerfile
ARG GITHUB_TOKEN
RUN git clone https://${GITHUB_TOKEN}@github.com/org/private.git
```
Use instead:
```dockerfile
RUN --mount=type=secret,id=github_token \
    git clone https://$(cat /run/secrets/github_token)@github.com/org/private.git
```
built with `docker build --secret id=github_token,env=GITHUB_TOKEN .`; then drop the `ARG`.

## Fix
Adds the secret mount and reads the file instead of the variable. Unsafe: the build command must
pass `--secret`.
"#;

pub const RULE: Rule = Rule {
    code: "LL2307",
    name: "secret-arg-in-run",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

/// Script ranges of `$NAME` and `${NAME}`.
fn uses(script: &str, name: &str) -> Vec<(usize, usize)> {
    let bytes = script.as_bytes();
    let mut found = Vec::new();
    for (at, _) in script.match_indices('$') {
        let rest = &script[at + 1..];
        let (length, inner) = if let Some(braced) = rest.strip_prefix('{') {
            if braced.starts_with(name) && braced[name.len()..].starts_with('}') { (name.len() + 3, true) } else { continue }
        } else if rest.starts_with(name) {
            (name.len() + 1, false)
        } else {
            continue;
        };
        let next = bytes.get(at + length).copied();
        if !inner && next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
            continue;
        }
        found.push((at, at + length));
    }
    found
}

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        let mut secrets: Vec<String> = Vec::new();
        for (index, instruction) in context.stage_instructions(stage.index) {
            match instruction.command.keyword {
                Keyword::Arg => {
                    for word in &instruction.command.args {
                        let name = word.value.split('=').next().unwrap_or_default();
                        if super::secrets_used_in_arg_or_env::looks_secret(name) {
                            secrets.push(name.to_owned());
                        }
                    }
                }
                Keyword::Env => secrets.retain(|s| !instruction.command.args.iter().any(|a| a.value == *s)),
                Keyword::Run => {
                    let script = context.run_script(instruction);
                    let mounted = context.mounts(index);
                    for name in &secrets {
                        let ranges = uses(&script, name);
                        let Some(&(first, _)) = ranges.first() else { continue };
                        let id = name.to_ascii_lowercase();
                        let span = helpers::script_offset(instruction, first)
                            .zip(helpers::script_offset(instruction, first + ranges[0].1 - first))
                            .map_or(instruction.span, |(s, e)| Span::new(s, e));
                        let finding = findings.report(span, format!("`{name}` is a build arg: its value is recorded in the image history; pass it with a secret mount"));
                        if mounted.iter().any(|m| m.id.as_deref() == Some(id.as_str())) || script.contains('\'') || instruction.command.json {
                            continue;
                        }
                        let mut edits = vec![Edit::insert(instruction.command.name_span.end, format!(" --mount=type=secret,id={id}"))];
                        for (start, end) in ranges {
                            let (Some(s), Some(e)) = (helpers::script_offset(instruction, start), helpers::script_offset(instruction, end)) else {
                                edits.clear();
                                break;
                            };
                            edits.push(Edit::replace(Span::new(s, e), format!("$(cat /run/secrets/{id})")));
                        }
                        finding.with_fix("Read the value from a secret mount", Applicability::Unsafe, edits);
                    }
                }
                _ => {}
            }
        }
    }
}
