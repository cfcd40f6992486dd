use crate::rules::helpers;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `npm ci` or `npm install` (of the project, no package names) in a shipped stage without
`--omit=dev` (or `--production`, `--only=prod`), when `NODE_ENV` is not `production` and the
image is not a development image (a `dev` stage, `CMD` running `npm run dev`, `ng serve`,
nodemon), and the stage does not build or test afterwards (`npm run build`, `npm test`, which need the dev
dependencies; that case wants a build stage). Catalog candidate SZ-10.

## Why it matters
Development dependencies (test runners, bundlers, TypeScript, linters) are often larger than the
production ones and are never used by the running app, yet they ship in `node_modules` and show
up in vulnerability scans. `npm ci --omit=dev` installs only what `dependencies` lists.

## Example
```dockerfile
FROM node:22-slim
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
```
Use instead:
```dockerfile
RUN npm ci --omit=dev
```

## Fix
Adds `--omit=dev` after `ci`/`install`. Unsafe: a package listed under `devDependencies` but
needed at run time breaks.
"#;

pub const RULE: Rule = Rule {
    code: "LL3307",
    name: "node-dev-dependencies-shipped",
    category: Category::Size,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        // Only `npm` commands can be reported: other RUNs skip the stage-wide scans below.
        if !context.is_shipped(index) || !context.commands(index).iter().any(|c| c.program() == Some("npm")) {
            continue;
        }
        let Some(stage) = context.stage_of(index) else { continue };
        let state = context.step(stage, index).map(|s| &s.state);
        if state.and_then(|s| s.get("NODE_ENV")).is_some_and(|v| v == "production") || state.and_then(|s| s.get("NPM_CONFIG_PRODUCTION")).is_some_and(|v| v == "true") {
            continue;
        }
        // Later building or testing in the stage needs the dev dependencies.
        let builds_later = context.stage_instructions(stage).filter(|(i, _)| *i >= index).any(|(i, _)| {
            context.commands(i).iter().any(|c| {
                matches!(c.program(), Some("npm" | "yarn" | "pnpm" | "npx")) && c.arguments().iter().any(|a| matches!(a.as_str(), "build" | "test" | "lint" | "prune" | "tsc") || a.starts_with("build:"))
                    || c.program() == Some("npx")
            })
        });
        // Development images (`npm run dev`, `ng serve`, nodemon, a `dev` target) need them.
        let dev_image = context.model.stages.iter().filter(|s| context.stage_is_shipped(s.index)).any(|s| s.name.as_deref().is_some_and(|n| n.contains("dev")))
            || context.instructions().filter(|(i, ins)| context.is_shipped(*i) && (ins.is(Keyword::Cmd) || ins.is(Keyword::Entrypoint))).any(|(_, ins)| {
                ins.command.arg_values().flat_map(str::split_whitespace).any(|w| {
                    matches!(w, "dev" | "serve" | "nodemon" | "watch" | "--watch" | "ng" | "start:dev") || w.starts_with("dev:")
                })
            });
        if builds_later || dev_image {
            continue;
        }
        for command in context.commands(index) {
            if command.program() != Some("npm") || command.assignments().any(|(n, v)| n == "NODE_ENV" && v == "production") {
                continue;
            }
            let operands: Vec<&String> = command.arguments().iter().filter(|a| !a.starts_with('-')).collect();
            let Some(sub) = operands.first().map(|s| s.as_str()) else { continue };
            if !matches!(sub, "ci" | "install" | "i") || operands.len() > 1 {
                continue;
            }
            let prod = command.arguments().iter().any(|a| {
                a.starts_with("--omit=dev") || a == "--omit" || a == "--production" || a.starts_with("--only=prod") || a == "--prod" || a.starts_with("--production=")
            });
            if prod {
                continue;
            }
            let finding = findings.report(
                helpers::command_span(context, instruction, command),
                format!("`npm {sub}` without `--omit=dev` in the shipped image: test runners, bundlers and other devDependencies ship in node_modules"),
            );
            let script = context.run_script(instruction);
            if let Some(at) = helpers::offset_after_word(instruction, &script, command, sub) {
                finding.with_fix("Install production dependencies only", Applicability::Unsafe, vec![Edit::insert(at, " --omit=dev")]);
            }
        }
    }
}
