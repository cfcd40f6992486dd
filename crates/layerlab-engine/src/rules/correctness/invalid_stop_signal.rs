use crate::model::Expanded;
use crate::rules::{Alias, Category, FixAvailability, Findings, Rule, RuleContext, Severity};

const DOC: &str = r#"## What it does
Flags a `STOPSIGNAL` that is neither a signal number nor a Linux signal name (`SIGTERM`,
`TERM`, `SIGRTMIN+3`, `9`).

## Why it matters
Docker parses the stop signal when it creates the container: an unknown name (`SIGSTOPP`,
`GRACEFUL`) makes `docker run` fail, long after the image was built and pushed.

## Example
```dockerfile
STOPSIGNAL SIGQUITT
```
Use instead:
```dockerfile
STOPSIGNAL SIGQUIT
```

## Fix
None: the intended signal is not certain.
"#;

pub const RULE: Rule = Rule {
    code: "LL1113",
    name: "invalid-stop-signal",
    category: Category::Correctness,
    severity: Severity::Error,
    aliases: &[Alias::dockerfile_utils("INVALID_SIGNAL")],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const NAMES: &[&str] = &[
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF",
    "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2",
    "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX", "UNUSED",
];

fn check(context: &RuleContext, findings: &mut Findings) {
    for stage in &context.model.stages {
        for step in stage.steps.iter().filter(|s| !s.onbuild) {
            let Expanded::StopSignal { signal } = &step.expanded else { continue };
            if valid(signal) {
                continue;
            }
            let instruction = &context.syntax.instructions[step.instruction];
            let span = instruction.command.args.first().map_or(instruction.span, |w| w.span);
            findings.report(span, format!("Invalid STOPSIGNAL '{signal}': not a signal number or Linux signal name, so `docker run` fails"));
        }
    }
}

fn valid(signal: &str) -> bool {
    if signal.is_empty() {
        return true; // an unset variable: reported by undefined-var
    }
    if let Ok(number) = signal.parse::<u32>() {
        return (1..=64).contains(&number);
    }
    let upper = signal.to_ascii_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    if NAMES.contains(&name) {
        return true;
    }
    // Real-time signals: RTMIN+n, RTMAX-n.
    [("RTMIN+", 15u32), ("RTMAX-", 14)].iter().any(|(prefix, max)| {
        name.strip_prefix(prefix).and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| (1..=*max).contains(&n))
    })
}
