use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags a RUN with `yarn install` that does not run `yarn cache clean` in the same RUN. Not
reported when the RUN has a cache or tmpfs mount for yarn's cache, nor in build stages whose
layers do not reach the image (hadolint reports those too).

## Why it matters
Yarn (v1) keeps a copy of every package tarball in its global cache
(`/usr/local/share/.cache/yarn`). After the install it is dead weight, often as large as
`node_modules` itself.

## Example
```dockerfile
RUN yarn install --frozen-lockfile
```
Use instead:
```dockerfile
RUN yarn install --frozen-lockfile && yarn cache clean
```

## Fix
Appends `&& yarn cache clean` to the RUN. Safe: the cache only speeds up later installs.
"#;

pub const RULE: Rule = Rule {
    code: "LL3208",
    name: "yarn-cache-not-cleaned",
    category: Category::Size,
    severity: Severity::Info,
    aliases: &[Alias::hadolint("DL3060")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        if !context.is_shipped(index) || helpers::has_cache_mount(context, index, |t| t.contains("yarn") || t.ends_with("/.cache")) {
            continue;
        }
        let commands = context.commands(index);
        let Some(install) = commands.iter().find(|c| c.program() == Some("yarn") && c.arguments().first().is_some_and(|a| a == "install")) else {
            continue;
        };
        let cleaned = commands.iter().any(|c| c.program() == Some("yarn") && c.arguments().starts_with(&["cache".to_owned(), "clean".to_owned()]));
        if cleaned {
            continue;
        }
        let finding = findings.report(helpers::command_span(context, instruction, install), "`yarn install` without `yarn cache clean`: the yarn cache stays in the layer");
        if let Some(edit) = helpers::append_to_run(instruction, "yarn cache clean") {
            finding.with_fix("Add `yarn cache clean`", Applicability::Safe, vec![edit]);
        }
    }
}
