use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::{Keyword, Span};

const DOC: &str = r#"## What it does
Flags `EXPOSE 22` (SSH) in a stage that ends up in the shipped image.

## Why it matters
An image that expects SSH access runs an SSH daemon next to the application: one more network
service to patch, host keys and credentials baked into layers, and a habit of logging into
containers instead of rebuilding them. `docker exec` (or `kubectl exec`) gives a shell without
any of that.

## Example
```dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y openssh-server
EXPOSE 22 8080
```
Use instead:
```dockerfile
FROM ubuntu:24.04
EXPOSE 8080
```

## Fix
Removes port 22 from the `EXPOSE` (the whole instruction when it is the only port). Unsafe:
anything that relies on the image metadata listing port 22 changes; the daemon itself is not
removed.
"#;

pub const RULE: Rule = Rule {
    code: "LL2102",
    name: "expose-ssh-port",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[Alias::trivy("DS-0004"), Alias::checkov("CKV_DOCKER_1")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let source = &context.syntax.source;
    for (index, instruction) in context.instructions_of(Keyword::Expose) {
        if !context.is_shipped(index) {
            continue;
        }
        let args = &instruction.command.args;
        for word in args.iter().filter(|w| is_ssh(&w.value)) {
            let finding = findings.report(word.span, format!("Port 22 (SSH) exposed by '{}': containers should not run an SSH server", word.value));
            let edit = if args.len() == 1 {
                let line_end = source[instruction.span.end..].find('\n').map_or(source.len(), |i| instruction.span.end + i + 1);
                Edit::delete(Span::new(instruction.span.start, line_end))
            } else {
                let blank_before = source[..word.span.start].len() - source[..word.span.start].trim_end_matches([' ', '\t']).len();
                Edit::delete(Span::new(word.span.start - blank_before, word.span.end))
            };
            finding.with_fix("Remove port 22", Applicability::Unsafe, vec![edit]);
        }
    }
}

fn is_ssh(port: &str) -> bool {
    let (number, proto) = port.split_once('/').unwrap_or((port, "tcp"));
    if !proto.eq_ignore_ascii_case("tcp") {
        return false;
    }
    match number.split_once('-') {
        Some((low, high)) => matches!((low.parse::<u32>(), high.parse::<u32>()), (Ok(l), Ok(h)) if l <= 22 && 22 <= h),
        None => number == "22",
    }
}
