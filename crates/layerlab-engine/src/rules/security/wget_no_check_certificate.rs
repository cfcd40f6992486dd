use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `wget --no-check-certificate` in a `RUN`.

## Why it matters
The flag turns off TLS certificate verification: wget accepts any certificate, so anyone on the
network path can serve a different file, and files fetched during a build are usually run or
installed. If the certificate does not verify, install the CA (`ca-certificates`, or
`--ca-certificate=` for a private CA) instead.

## Example
```dockerfile
RUN wget --no-check-certificate -O /tmp/tool.tgz https://example.com/tool.tgz
```
Use instead:
```dockerfile
RUN wget -O /tmp/tool.tgz https://example.com/tool.tgz
```

## Fix
Removes the flag. Unsafe: the download fails if the certificate really does not verify.
"#;

pub const RULE: Rule = Rule {
    code: "LL2107",
    name: "wget-no-check-certificate",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::checkov("CKV2_DOCKER_3")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

const FLAG: &str = "--no-check-certificate";

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        for command in context.commands(index).iter().filter(|c| c.program() == Some("wget") && c.has_word(FLAG)) {
            let span = helpers::word_span(instruction, command, FLAG);
            let finding = findings.report(
                span.unwrap_or(instruction.span),
                "wget `--no-check-certificate` disables TLS certificate checks: anyone on the network path can swap the download",
            );
            if let Some(span) = span {
                let source = &context.syntax.source;
                let blanks = source[..span.start].len() - source[..span.start].trim_end_matches([' ', '\t']).len();
                finding.with_fix("Remove `--no-check-certificate`", Applicability::Unsafe, vec![Edit::delete(Span::new(span.start - blanks, span.end))]);
            }
        }
    }
}
