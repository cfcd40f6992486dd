use crate::rules::helpers;
use crate::rules::{Category, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags remote content that enters the build without an integrity check: `ADD <http(s) URL>`
without `--checksum`, and a `curl`/`wget` download piped straight into a shell or interpreter
(`curl … | sh`, `wget -O- … | bash`, `| python`). Git sources (`ADD https://….git`) are left
alone: a commit pins them. Catalog candidate SE-06.

## Why it matters
Whatever the server returns today ends up in the image and runs with root rights in the build:
a compromised or hijacked download site, a CDN error page, or a new upstream release silently
changes the image. `ADD --checksum=sha256:…` makes the build fail when the bytes change (and
lets BuildKit cache the download precisely); for installer scripts, download to a file, verify
its checksum, then run it.

## Example
```dockerfile
ADD https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu
RUN curl -fsSL https://get.example.com/install.sh | sh
```
Use instead:
```dockerfile
ADD --checksum=sha256:bbc4136d03ab138b1ad66fa4fc051bafc6cc7ffae632b069a53657279a450de3 \
    https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu
RUN curl -fsSLo /tmp/install.sh https://get.example.com/install.sh \
 && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh
```

## Fix
None automatic: the checksum has to come from the publisher (or from a download you trust).
"#;

pub const RULE: Rule = Rule {
    code: "LL2304",
    name: "remote-fetch-without-integrity",
    category: Category::Security,
    severity: Severity::Warning,
    aliases: &[],
    doc: DOC,
    fix: FixAvailability::Never,
    check,
};

const INTERPRETERS: [&str; 9] = ["sh", "bash", "zsh", "dash", "ash", "python", "python3", "perl", "ruby"];

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Add) {
        if instruction.command.flag("checksum").is_some() {
            continue;
        }
        let args = &instruction.command.args;
        let sources = &args[..args.len().saturating_sub(1)];
        for source in sources {
            let url = source.value.as_str();
            let remote = url.starts_with("http://") || url.starts_with("https://");
            let git = url.ends_with(".git") || url.contains(".git#") || url.contains(".git?") || url.contains("git@");
            if remote && !git {
                findings.report(source.span, format!("`ADD {url}` downloads without `--checksum=sha256:…`: a changed or tampered file goes into the image unnoticed"));
            }
        }
    }
    for (index, instruction) in context.instructions_of(Keyword::Run) {
        let commands = context.commands(index);
        let script = context.run_script(instruction);
        for pair in commands.windows(2) {
            let (fetch, runner) = (&pair[0], &pair[1]);
            if !matches!(fetch.program(), Some("curl" | "wget")) {
                continue;
            }
            let Some(program) = runner.program().map(crate::scan::base_name) else { continue };
            if !INTERPRETERS.contains(&program) {
                continue;
            }
            let between = script.get(fetch.end..runner.start).unwrap_or("").trim();
            if between != "|" {
                continue;
            }
            let tool = fetch.program().unwrap_or("curl");
            findings.report(
                helpers::command_span(context, instruction, fetch),
                format!("`{tool}` output is piped into `{program}` unverified: whatever the server returns runs in the build; download to a file and check its checksum first"),
            );
        }
    }
}
