use crate::model::Base;
use crate::rules::{Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags shell-form instructions in a stage whose base image has no shell: `scratch`, distroless
(except its `:debug` tags) and other images the image database records without a shell. A
shell-form `RUN` fails the build there; a shell-form `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD`
in a shipped stage fails when the container starts. Catalog candidate SE-07.

## Why it matters
Shell form means Docker runs `/bin/sh -c "<your text>"`. Images without `/bin/sh` cannot do
that: the build stops with `/bin/sh: no such file or directory`, or worse, the image builds and
the container exits at start with `exec: "/bin/sh": stat /bin/sh: no such file or directory`.
The distroless README says it plainly: use the exec (JSON) form.

## Example
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
ENTRYPOINT /app --listen :8080
```
Use instead:
```dockerfile
ENTRYPOINT ["/app", "--listen", ":8080"]
```

## Fix
For `CMD`/`ENTRYPOINT` whose text is plain words (no variables, quotes, globs or shell
operators), rewrites it in exec form. Safe: the shell form cannot run on this image at all.
A `RUN` has no mechanical fix: do the work in a build stage and copy the result.
"#;

pub const RULE: Rule = Rule {
    code: "LL2303",
    name: "shell-form-without-shell",
    category: Category::Security,
    severity: Severity::Error,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

/// The shell-less base a stage builds on, if it is one.
fn shell_less_base(context: &RuleContext, stage: usize) -> Option<String> {
    let mut current = stage;
    for _ in 0..=context.model.stages.len() {
        match &context.model.stages.get(current)?.base {
            Base::Stage { index, .. } => current = *index,
            Base::Scratch => return Some("scratch".to_owned()),
            Base::Image { reference, .. } => {
                if reference.contains('$') {
                    return None;
                }
                let platform = context.model.target_platform.format();
                if let Some(entry) = crate::sizes::image_entry(reference, &platform) {
                    return entry.profile.shell.is_none().then(|| reference.clone());
                }
                let tag = reference.split('@').next().unwrap_or(reference).rsplit_once(':').map_or("", |(_, t)| t);
                let distroless = reference.contains("/distroless/") && !tag.contains("debug");
                return distroless.then(|| reference.clone());
            }
        }
    }
    None
}

fn plain(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+%".contains(c))
}

fn check(context: &RuleContext, findings: &mut Findings) {
    let mut last_base: Option<(usize, Option<String>)> = None;
    for (index, instruction) in context.instructions() {
        let command = &instruction.command;
        let keyword = command.keyword;
        if command.json || !matches!(keyword, Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck) {
            continue;
        }
        let Some(stage) = context.stage_of(index) else { continue };
        if keyword != Keyword::Run && !context.is_shipped(index) || keyword == Keyword::Run && !context.model.stages.get(stage).is_some_and(|s| s.needed) {
            continue;
        }
        if keyword == Keyword::Healthcheck && !command.arg_values().next().is_some_and(|a| a.eq_ignore_ascii_case("CMD")) {
            continue;
        }
        if command.args.is_empty() {
            continue;
        }
        // HEALTHCHECK CMD ["…"] is parsed as its own args; a JSON body after CMD is exec form.
        if keyword == Keyword::Healthcheck && command.args.get(1).is_some_and(|a| a.value.trim_start().starts_with('[')) {
            continue;
        }
        // Instructions come stage by stage: each stage's base is looked up once.
        if last_base.as_ref().is_none_or(|(s, _)| *s != stage) {
            last_base = Some((stage, shell_less_base(context, stage)));
        }
        let Some(base) = last_base.as_ref().and_then(|(_, base)| base.as_deref()) else { continue };
        let name = keyword.as_str().to_ascii_uppercase();
        let message = if keyword == Keyword::Run {
            format!("shell-form `RUN` on `{base}`, which has no `/bin/sh`: the build fails here")
        } else {
            format!("shell-form `{name}` on `{base}`, which has no `/bin/sh`: the container fails to start; use the exec (JSON) form")
        };
        let finding = findings.report(instruction.span, message);
        if matches!(keyword, Keyword::Cmd | Keyword::Entrypoint) && instruction.heredocs.is_empty() {
            let Some(first) = command.args.first() else { continue };
            let Some(last) = command.args.last() else { continue };
            let text = context.syntax.text(crate::syntax::Span::new(first.span.start, last.span.end));
            let words: Vec<&str> = text.split_whitespace().collect();
            if !text.contains('\\') && !words.is_empty() && words.iter().all(|w| plain(w)) && !first.span.is_empty() {
                let json = format!("[{}]", words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(", "));
                finding.with_fix("Use the exec (JSON) form", Applicability::Safe, vec![Edit::replace(crate::syntax::Span::new(first.span.start, last.span.end), json)]);
            }
        }
    }
}
