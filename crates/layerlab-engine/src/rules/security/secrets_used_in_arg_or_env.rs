use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags an `ARG` or `ENV` whose name looks like it holds a secret, with BuildKit's exact rule:
the name is split on `_`, and it is flagged when one of the parts is `apikey`, `auth`,
`credential`, `credentials`, `key`, `password`, `pword`, `passwd`, `secret` or `token` (any
case), unless a part is `public`, `file` or `version` (`GITHUB_TOKEN` and `DB_PASSWORD` are
flagged; `PUBLIC_KEY`, `KEY_FILE`, `TOKEN_VERSION` and `KEYCLOAK_URL` are not).

hadolint's DL3064 checks the same idea with its own, longer list of names and substrings, so the
two disagree on some names; Trivy's DS-0031 adds well-known cloud credential names, only in the
final stage.

## Why it matters
ARG and ENV values are stored in the image: ENV in its config, ARG values in the build history
(`docker history`) and in the cache of every RUN that sees them. Anyone who can pull the image
can read the secret, long after you rotated nothing. BuildKit's secret mounts make the value
available to one RUN without writing it into any layer or metadata.

## Example
```dockerfile
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
```
Use instead:
```dockerfile
RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN="$(cat /run/secrets/npm_token)" npm ci
```
and build with `docker build --secret id=npm_token,env=NPM_TOKEN .`.

## Fix
None: moving a value to a secret mount also changes how the build is invoked.
"#;

pub const RULE: Rule = Rule {
    code: "LL2101",
    name: "secrets-used-in-arg-or-env",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("SecretsUsedInArgOrEnv"), Alias::trivy("DS-0031")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const SECRET: &[&str] = &["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];
const ALLOWED: &[&str] = &["public", "file", "version"];

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions() {
        let command = &instruction.command;
        let names: Vec<_> = match command.keyword {
            Keyword::Arg => command.args.iter().map(|w| (w.value.split('=').next().unwrap_or_default(), w.span)).collect(),
            Keyword::Env => command.args.chunks(3).map(|kv| (kv[0].value.as_str(), kv[0].span)).collect(),
            _ => continue,
        };
        for (name, span) in names {
            if !looks_secret(name) {
                continue;
            }
            let keyword = command.keyword.as_str();
            findings.report(
                span,
                format!("Do not use {keyword} for sensitive data ({keyword} \"{name}\"): its value is readable in the image; use a secret mount"),
            );
        }
    }
}

pub(super) fn looks_secret(name: &str) -> bool {
    // The lists are lower case: comparing ignoring ASCII case needs no lower-cased copies.
    let has_part = |list: &[&str]| name.split('_').any(|part| list.iter().any(|word| part.eq_ignore_ascii_case(word)));
    has_part(SECRET) && !has_part(ALLOWED)
}
