use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `npm config set strict-ssl false`, `yarn config set strict-ssl false` (and
`--strict-ssl=false` on an npm command) in a `RUN`.

## Why it matters
With `strict-ssl` off, npm and yarn accept any certificate from the registry: packages, and the
install scripts they run, can be replaced by anyone on the network path. The setting is written
to `.npmrc`/`.yarnrc` and stays in the image. Give npm the registry's CA with
`npm config set cafile` (or `NODE_EXTRA_CA_CERTS`) instead.

## Example
```dockerfile
RUN npm config set strict-ssl false && npm ci
```
Use instead:
```dockerfile
RUN npm config set cafile /etc/ssl/certs/corp-ca.pem && npm ci
```

## Fix
None: the replacement needs the CA certificate.
"#;

pub const RULE: Rule = Rule {
    code: "LL2111",
    name: "npm-strict-ssl-disabled",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::checkov("CKV2_DOCKER_13")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        for command in context.commands(index) {
            let Some(program) = command.program().filter(|p| matches!(*p, "npm" | "yarn" | "pnpm")) else { continue };
            let args = command.arguments();
            let set = args.windows(2).any(|w| w[0] == "strict-ssl" && is_false(&w[1]))
                && args.iter().any(|a| a == "set" || a == "config");
            let flag = args.iter().any(|a| a.strip_prefix("--strict-ssl=").is_some_and(is_false));
            if set || flag {
                findings.report(instruction.span, format!("`{program}` strict-ssl set to false: registry certificates are no longer checked"));
            }
        }
    }
}

fn is_false(value: &str) -> bool {
    matches!(value.trim_matches(['"', '\'']).to_ascii_lowercase().as_str(), "false" | "0" | "no")
}
