use crate::rules::helpers;
use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Keyword;

const DOC: &str = r#"## What it does
Flags `ADD` whose sources include plain local files or directories, which `COPY` handles.
`ADD` of a URL, a git repository or a local tar archive (which ADD extracts) is left alone.

## Why it matters
`ADD` does more than copy: it downloads URLs and silently extracts local archives. Using it for
ordinary files hides that behaviour from readers, and a file that later becomes a `.tar.gz`
gets unpacked by surprise. `COPY` says exactly what happens.

## Example
```dockerfile
ADD requirements.txt /app/
```
Use instead:
```dockerfile
COPY requirements.txt /app/
```

## Fix
Replaces `ADD` with `COPY`. Safe when every source is a plain path and no ADD-only flag
(`--checksum`, `--keep-git-dir`, `--unpack`) is used; unsafe when a source is a variable that
might name an archive.
"#;

pub const RULE: Rule = Rule {
    code: "LL2201",
    name: "add-instead-of-copy",
    category: Category::Security,
    severity: Severity::Error,
    aliases: &[Alias::hadolint("DL3020"), Alias::trivy("DS-0005"), Alias::checkov("CKV_DOCKER_4")],
    doc: DOC,
    fix: FixAvailability::Sometimes,
    check,
};

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz", ".tar.lz", ".tlz", ".tar.zst",
    ".tzst", ".tar.Z", ".tZ", ".gz", ".bz2", ".xz", ".lz", ".lzma", ".zst", ".Z",
];

fn check(context: &RuleContext, findings: &mut Findings) {
    for (_, instruction) in context.instructions_of(Keyword::Add) {
        let command = &instruction.command;
        if command.args.len() < 2 || !instruction.heredocs.is_empty() {
            continue;
        }
        let sources = &command.args[..command.args.len() - 1];
        let remote = |s: &str| s.contains("://") || s.starts_with("git@");
        let archive = |s: &str| ARCHIVES.iter().any(|a| s.ends_with(a));
        if sources.iter().all(|s| remote(&s.value) || archive(&s.value)) {
            continue;
        }
        let finding = findings.report(command.name_span, "ADD for local files: use COPY, which does not extract archives or fetch URLs");
        let add_only = command.flags.iter().any(|f| matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"));
        if add_only || sources.iter().any(|s| remote(&s.value) || archive(&s.value)) {
            continue;
        }
        let applicability = if sources.iter().any(|s| s.value.contains('$')) { Applicability::Unsafe } else { Applicability::Safe };
        let keyword = helpers::keyword_like(instruction, "COPY");
        finding.with_fix("Use COPY", applicability, vec![Edit::replace(command.name_span, keyword)]);
    }
}
