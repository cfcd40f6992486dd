use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `curl -k` / `curl --insecure` (also inside combined flags such as `-fsSLk`) in a `RUN`.

## Why it matters
`-k` turns off TLS certificate verification: curl accepts any certificate, so anyone on the
network path (a compromised mirror, a proxy, a hostile Wi-Fi or CI network) can serve you a
different file. What is downloaded during a build usually gets executed or installed, which
makes this a direct route to a poisoned image. If a certificate does not verify, install the CA
(`ca-certificates`, or `--cacert` for a private CA) instead.

## Example
```dockerfile
RUN curl -fsSLk https://example.com/install.sh | sh
```
Use instead:
```dockerfile
RUN curl -fsSL https://example.com/install.sh | sh
```

## Fix
Removes the flag. Unsafe: the download fails if the server's certificate really does not
verify (then the missing CA is what needs fixing).
"#;

pub const RULE: Rule = Rule {
    code: "LL2106",
    name: "curl-insecure",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::checkov("CKV2_DOCKER_2")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

/// curl short options that take a value: letters after them in a cluster are that value.
const TAKES_VALUE: &str = "AbcCdDeEFHKmoPQrtTuUwxXyYz";

fn check(context: &RuleContext, findings: &mut Findings) {
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        for command in context.commands(index).iter().filter(|c| c.program() == Some("curl")) {
            for word in command.arguments() {
                let fixed = if word == "--insecure" || word == "-k" {
                    String::new()
                } else if let Some(cluster) = word.strip_prefix('-').filter(|c| !c.starts_with('-')) {
                    let flags: String = cluster.chars().take_while(|c| !TAKES_VALUE.contains(*c)).collect();
                    if !flags.contains('k') {
                        continue;
                    }
                    format!("-{}{}", flags.replace('k', ""), &cluster[flags.len()..])
                } else {
                    continue;
                };
                let span = helpers::word_span(instruction, command, word);
                let finding = findings.report(
                    span.unwrap_or(instruction.span),
                    format!("curl `{word}` disables TLS certificate checks: anyone on the network path can swap the download"),
                );
                if let Some(span) = span {
                    let edit = if fixed.is_empty() || fixed == "-" {
                        Edit::delete(with_blank_before(&context.syntax.source, span))
                    } else {
                        Edit::replace(span, fixed)
                    };
                    finding.with_fix("Remove the insecure flag", Applicability::Unsafe, vec![edit]);
                }
            }
        }
    }
}

fn with_blank_before(source: &str, span: Span) -> Span {
    let blanks = source[..span.start].len() - source[..span.start].trim_end_matches([' ', '\t']).len();
    Span::new(span.start - blanks, span.end)
}
