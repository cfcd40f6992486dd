use crate::model::Base;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Instruction, Span};

const DOC: &str = r#"## What it does
Flags a variable that an instruction BuildKit expands (`ENV`, `ARG`, `COPY`, `ADD`, `WORKDIR`,
`USER`, `LABEL`, `EXPOSE`, `VOLUME`, `STOPSIGNAL`, `RUN --mount`) uses before anything defines
it, and suggests a near match ("did you mean $NODE_ENV?"). Shell-form `RUN`/`CMD` are not
checked: the shell expands those at run time.

Layerlab does not know the ENV of registry base images, so a variable that could come from the
base image (`$GOPATH` in `golang`, `$JAVA_HOME` in `eclipse-temurin`) is only reported when it
looks like a typo of a defined one. On `scratch`-based stages every undefined variable is
reported, as BuildKit does.

## Why it matters
An undefined variable expands to the empty string, silently: `COPY app /opt/$APP_NAME/` copies
into `/opt/`, `ENV PATH=$GOPTH/bin:$PATH` drops a directory from `PATH`. The build succeeds and
the image is wrong.

## Example
```dockerfile
ARG NODE_ENV=production
ENV NODE_ENV=$NODE_EN
```
Use instead:
```dockerfile
ARG NODE_ENV=production
ENV NODE_ENV=$NODE_ENV
```

## Fix
When a near match exists, replaces the name with it. Unsafe: the variable may be meant to be
passed as a build argument or come from the base image.
"#;

pub const RULE: Rule = Rule {
    code: "LL1105",
    name: "undefined-var",
    category: Category::Correctness,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("UndefinedVar")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let model = context.model;
    for stage in &model.stages {
        let base_known = stage.base_env_known || matches!(stage.base, Base::Scratch);
        for step in stage.steps.iter().filter(|s| !s.onbuild && !s.unmatched.is_empty()) {
            let instruction = &context.syntax.instructions[step.instruction];
            let mut options: Vec<&str> = step.state.env.iter().map(|v| v.name.as_str()).collect();
            options.extend(stage.base_env.iter().map(|v| v.name.as_str()));
            options.extend(stage.declared_args.iter().map(String::as_str));
            for name in &step.unmatched {
                let suggestion = suggest(name, &options);
                if !base_known && suggestion.is_none() {
                    continue;
                }
                let span = variable_span(context.syntax.text(instruction.span), instruction, name);
                let hint = suggestion.map(|s| format!(" (did you mean ${s}?)")).unwrap_or_default();
                let finding = findings.report(
                    span.unwrap_or(instruction.command.name_span),
                    format!("Usage of undefined variable '${name}'{hint}: it expands to an empty string"),
                );
                if let (Some(span), Some(suggestion)) = (span, suggestion) {
                    let written = &context.syntax.source[span.start..span.end];
                    let replacement = written.replacen(name.as_str(), suggestion, 1);
                    finding.with_fix(format!("Use `${suggestion}`"), Applicability::Unsafe, vec![Edit::replace(span, replacement)]);
                }
            }
        }
    }
}

/// Where `$name` or `${name…` appears in the instruction's text.
fn variable_span(text: &str, instruction: &Instruction, name: &str) -> Option<Span> {
    let mut from = 0;
    while let Some(at) = text[from..].find('$').map(|i| from + i) {
        let rest = &text[at + 1..];
        let braced = rest.starts_with('{');
        let body = if braced { &rest[1..] } else { rest };
        let ends = |body: &str| !body[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        if body.starts_with(name) && ends(body) {
            let start = instruction.span.start + at;
            let len = 1 + usize::from(braced) + name.len();
            return Some(Span::new(start, start + len));
        }
        from = at + 1;
    }
    None
}

fn suggest<'a>(name: &str, options: &[&'a str]) -> Option<&'a str> {
    options
        .iter()
        .filter(|o| **o != name)
        .map(|o| (crate::suggest::edit_distance(&name.to_lowercase(), &o.to_lowercase()), *o))
        .filter(|&(d, o)| d <= 2 && d * 3 <= o.len())
        .min_by_key(|&(d, _)| d)
        .map(|(_, o)| o)
}
