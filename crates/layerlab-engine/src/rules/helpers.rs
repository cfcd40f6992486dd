//! Helpers the hadolint-family rules share: mapping RUN script offsets to the source, mounts,
//! package-manager arguments, the base image of a stage and file-level settings.
use super::RuleContext;
use crate::model::Base;
use crate::script::{self, SimpleCommand};
use crate::syntax::mount::MountType;
use crate::syntax::{Instruction, Span};

/// The source offset of `offset` in the RUN's script ([`RuleContext::run_script`]): inside the
/// shell-form text or inside a heredoc body. `None` for exec form.
pub fn script_offset(instruction: &Instruction, offset: usize) -> Option<usize> {
    if instruction.command.json {
        return None;
    }
    let first = instruction.command.args.first()?;
    if offset <= first.value.len() {
        return instruction.source_offset_in(first, offset);
    }
    let mut position = first.value.len();
    for heredoc in &instruction.heredocs {
        position += 1;
        if offset >= position && offset <= position + heredoc.content.len() {
            return Some(heredoc.body_span.start + offset - position);
        }
        position += heredoc.content.len();
    }
    None
}

/// The source span of a simple command, or the instruction's span when it cannot be mapped.
pub fn command_span(context: &RuleContext, instruction: &Instruction, command: &SimpleCommand) -> Span {
    match (script_offset(instruction, command.start), script_offset(instruction, command.end)) {
        (Some(start), Some(end)) if start <= end => {
            let text = &context.syntax.source[start..end];
            Span::new(start, start + text.trim_end_matches(|c: char| c.is_whitespace() || c == '\\').len())
        }
        _ => instruction.span,
    }
}

/// The source offset just after the first whole word `word` of `command` (for inserting a flag
/// after a subcommand).
pub fn offset_after_word(instruction: &Instruction, script: &str, command: &SimpleCommand, word: &str) -> Option<usize> {
    let (_, end) = word_range(script, command, word)?;
    script_offset(instruction, end)
}

/// The script range of the first whole word `word` (as written, unquoted) inside `command`.
pub fn word_range(script: &str, command: &SimpleCommand, word: &str) -> Option<(usize, usize)> {
    let text = script.get(command.start..command.end)?;
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before_ok = start == 0 || text[..start].ends_with(|c: char| c.is_whitespace());
        let after_ok = end == text.len() || text[end..].starts_with(|c: char| c.is_whitespace() || c == '\\');
        if before_ok && after_ok {
            return Some((command.start + start, command.start + end));
        }
        from = end;
    }
    None
}

/// Whether a cache or tmpfs mount of the RUN at `index` has a target that satisfies `covers`
/// (cache rules are moot then).
pub fn has_cache_mount(context: &RuleContext, index: usize, covers: impl Fn(&str) -> bool) -> bool {
    context.mounts(index).iter().any(|m| {
        matches!(m.kind, MountType::Cache | MountType::Tmpfs) && m.target.as_deref().is_some_and(|t| covers(t.trim_end_matches('/')))
    })
}

/// Operands: the arguments that are not flags, skipping the values of flags in `takes_value`
/// (given as written, e.g. `-t`, `--target-release`).
pub fn operands<'a>(arguments: &'a [String], takes_value: &[&str]) -> Vec<&'a str> {
    let mut result = Vec::new();
    let mut skip_next = false;
    for argument in arguments {
        if skip_next {
            skip_next = false;
            continue;
        }
        if argument.starts_with('-') && argument.len() > 1 {
            skip_next = takes_value.contains(&argument.as_str());
            continue;
        }
        result.push(argument.as_str());
    }
    result
}

/// The subcommand (first operand) of a package manager call and its other operands.
pub fn subcommand<'a>(command: &'a SimpleCommand, program: &[&str], takes_value: &[&str]) -> Option<(&'a str, Vec<&'a str>)> {
    if !program.contains(&command.program()?) {
        return None;
    }
    let mut operands = operands(command.arguments(), takes_value);
    if operands.is_empty() {
        return None;
    }
    let first = operands.remove(0);
    Some((first, operands))
}

/// The arguments after `pip` for `pip …`, `pip3 …`, `pip3.12 …` and `python -m pip …`.
pub fn pip_arguments(command: &SimpleCommand) -> Option<&[String]> {
    let program = command.program()?;
    let arguments = command.arguments();
    let is_version = |suffix: &str| suffix.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if program.strip_prefix("pip").is_some_and(is_version) {
        return Some(arguments);
    }
    // Every command asks: the cheap argument test first.
    if arguments.len() < 2 || arguments[0] != "-m" || arguments[1] != "pip" {
        return None;
    }
    crate::scan::base_name(program).strip_prefix("python").is_some_and(is_version).then(|| &arguments[2..])
}

/// Whether `path` lies inside the directory `directory` (`path` starts with `directory/`).
pub fn is_inside(path: &str, directory: &str) -> bool {
    path.strip_prefix(directory).is_some_and(|rest| rest.starts_with('/'))
}


/// A repository without its `docker.io/` and `library/` prefixes (`python` for
/// `docker.io/library/python`), as `trim_start_matches` would trim them but without setting up a
/// substring searcher for each.
pub fn official_name(repository: &str) -> &str {
    let mut name = repository;
    for prefix in ["docker.io/", "library/"] {
        while let Some(rest) = name.strip_prefix(prefix) {
            name = rest;
        }
    }
    name
}

/// The registry image a stage finally builds on (following `FROM <stage>`), expanded.
pub fn root_image<'a>(context: &'a RuleContext, stage: usize) -> Option<&'a str> {
    let mut current = stage;
    for _ in 0..context.model.stages.len() + 1 {
        match &context.model.stages.get(current)?.base {
            Base::Image { reference, .. } => return Some(reference),
            Base::Stage { index, .. } => current = *index,
            Base::Scratch => return None,
        }
    }
    None
}

/// A file-level setting written as `# layerlab: <key>=<value>` (for checks hadolint configures
/// in `.hadolint.yaml`: trusted registries, the label schema, strict labels).
pub fn setting(context: &RuleContext, key: &str) -> Option<String> {
    context.settings().iter().find_map(|rest| {
        let value = rest.strip_prefix(key)?;
        match value.strip_prefix('=') {
            Some(value) => Some(value.trim().to_owned()),
            None if value.trim().is_empty() => Some(String::new()),
            None => None,
        }
    })
}

/// Whether the script contains a pipe `|` (not `||`) outside quotes, including inside command
/// substitutions (`"$(a | b)"`), but not in `case` patterns (`x86_64|aarch64)`).
pub fn has_pipe(script: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Context {
        Code,
        Double,
        Single,
    }
    // The bytes code acts on (the longest scans are in code).
    const CODE_ACTS_ON: [bool; 256] = script::byte_set(b"\\'\"$)#|");
    let bytes = script.as_bytes();
    // Most scripts have no `|` at all: one byte search settles them.
    if !bytes.contains(&b'|') {
        return false;
    }
    let mut stack = vec![Context::Code];
    let mut i = 0;
    while i < bytes.len() {
        let current = *stack.last().unwrap_or(&Context::Code);
        // Straight to the next byte the context acts on: the others only move `i` on.
        let skip = match current {
            Context::Single => bytes[i..].iter().position(|&b| b == b'\''),
            Context::Double => bytes[i..].iter().position(|&b| matches!(b, b'\\' | b'"' | b'$')),
            Context::Code => bytes[i..].iter().position(|&b| CODE_ACTS_ON[usize::from(b)]),
        };
        let Some(skip) = skip else { break };
        i += skip;
        let b = bytes[i];
        match current {
            Context::Single => {
                if b == b'\'' {
                    stack.pop();
                }
            }
            Context::Double => match b {
                b'\\' => i += 1,
                b'"' => {
                    stack.pop();
                }
                b'$' if bytes.get(i + 1) == Some(&b'(') => {
                    stack.push(Context::Code);
                    i += 1;
                }
                _ => {}
            },
            Context::Code => match b {
                b'\\' => i += 1,
                b'\'' => stack.push(Context::Single),
                b'"' => stack.push(Context::Double),
                b'$' if bytes.get(i + 1) == Some(&b'(') => {
                    stack.push(Context::Code);
                    i += 1;
                }
                b')' if stack.len() > 1 => {
                    stack.pop();
                }
                b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'|' => {
                    if bytes.get(i + 1) == Some(&b'|') {
                        i += 1;
                    } else if !(is_case_pattern(script, i) || i > 0 && bytes[i - 1] == b'>') {
                        return true;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    false
}

/// Whether the `|` at `at` separates alternatives of a `case` pattern (`a|b)`).
fn is_case_pattern(script: &str, at: usize) -> bool {
    let before = script[..at].chars().next_back();
    let word_end = script[at + 1..].find(char::is_whitespace).map_or(script.len(), |n| at + 1 + n);
    let after = &script[at + 1..word_end];
    before.is_some_and(|c| !c.is_whitespace()) && after.ends_with(')') && !after.contains('(')
}

/// An instruction's keyword spelled in the file's case (`COPY` or `copy`).
pub fn keyword_like(instruction: &Instruction, keyword: &str) -> String {
    if instruction.command.name.chars().any(|c| c.is_ascii_lowercase()) {
        keyword.to_ascii_lowercase()
    } else {
        keyword.to_owned()
    }
}

/// An edit appending ` && <text>` to a shell-form RUN without heredocs, unless its script ends
/// in an operator or continuation that would make the result wrong.
pub fn append_to_run(instruction: &Instruction, text: &str) -> Option<super::Edit> {
    if instruction.command.json || !instruction.heredocs.is_empty() {
        return None;
    }
    let script = instruction.command.args.first()?;
    let trimmed = script.value.trim_end();
    if trimmed.is_empty() || trimmed.ends_with(['&', '|', ';', '\\']) {
        return None;
    }
    let at = instruction.source_offset_in(script, trimmed.len())?;
    Some(super::Edit::insert(at, format!(" && {text}")))
}

/// Reports each command for which `unpinned` returns packages without a version, once per
/// command (hadolint reports once per RUN; the span here is the command).
pub fn report_unpinned(
    context: &RuleContext,
    findings: &mut super::Findings,
    tool: &str,
    unpinned: impl Fn(&SimpleCommand) -> Vec<&str>,
) {
    let all_expanded = context.expanded_commands.get_or_init(|| expanded_commands(context));
    for (index, instruction) in context.instructions_of(crate::syntax::Keyword::Run) {
        let commands = context.commands(index);
        let expanded = all_expanded.get(index).map_or(&[][..], Vec::as_slice);
        for (position, command) in commands.iter().enumerate() {
            let expanded = expanded.get(position).and_then(Option::as_ref);
            let packages = unpinned(expanded.unwrap_or(command));
            if packages.is_empty() {
                continue;
            }
            let shown: Vec<String> = packages.iter().take(4).map(|p| format!("`{p}`")).collect();
            let more = if packages.len() > 4 { format!(" and {} more", packages.len() - 4) } else { String::new() };
            findings.report(
                command_span(context, instruction, command),
                format!("{tool} installs {}{more} without a version: rebuilds may silently get different packages", shown.join(", ")),
            );
        }
    }
}

/// For each instruction, its commands with `$VAR` lists expanded (`None` where nothing changes).
fn expanded_commands(context: &RuleContext) -> Vec<Vec<Option<SimpleCommand>>> {
    let mut all = vec![Vec::new(); context.syntax.instructions.len()];
    for (index, instruction) in context.instructions_of(crate::syntax::Keyword::Run) {
        if !context.run_script(instruction).contains('$') {
            continue; // nothing to expand
        }
        let state = context.stage_of(index).and_then(|stage| context.step(stage, index)).map(|step| &step.state);
        all[index] = expand_list_variables(context.commands(index), |name| state.and_then(|s| s.get(name)));
    }
    all
}

/// Operands of `<program> … <subcommand> …` after the subcommand, when it is one of `subcommands`.
pub fn install_operands<'a>(command: &'a SimpleCommand, programs: &[&str], subcommands: &[&str], takes_value: &[&str]) -> Vec<&'a str> {
    match subcommand(command, programs, takes_value) {
        Some((sub, operands)) if subcommands.contains(&sub) => operands,
        _ => Vec::new(),
    }
}

/// yum/dnf flags whose value is the next word.
pub const RPM_TAKES_VALUE: &[&str] = &["-c", "--config", "--installroot", "--enablerepo", "--disablerepo", "-x", "--exclude", "--releasever", "--setopt", "--repo", "--repoid"];

/// Whether a yum/dnf package argument carries a version (`name-1.2`, `name = 1.2`), is a file
/// or URL, or is a variable.
pub fn rpm_pinned(package: &str) -> bool {
    let bytes = package.as_bytes();
    let dash_digit = bytes.windows(2).any(|w| w[0] == b'-' && w[1].is_ascii_digit());
    dash_digit || package.contains(['=', '<', '>', '/', '$', '*']) || package.ends_with(".rpm") || package.starts_with('@')
}

/// The label schema, `# layerlab: label-schema=name:format,…` (hadolint's `label-schema`;
/// formats: text, url, spdx, rfc3339, semver, hash, email). Empty when not set.
pub fn label_schema(context: &RuleContext) -> Vec<(String, String)> {
    let Some(value) = setting(context, "label-schema") else { return Vec::new() };
    value
        .split(',')
        .filter_map(|item| item.trim().split_once(':'))
        .map(|(name, format)| (name.trim().to_owned(), format.trim().to_ascii_lowercase()))
        .filter(|(name, _)| !name.is_empty())
        .collect()
}

/// Every `LABEL` pair: (instruction index, key word, value word), quotes kept in the words.
pub fn label_pairs<'a>(context: &'a RuleContext) -> impl Iterator<Item = (usize, &'a crate::syntax::Word, &'a crate::syntax::Word)> + 'a {
    context
        .instructions_of(crate::syntax::Keyword::Label)
        .flat_map(|(index, instruction)| instruction.command.args.chunks(3).filter(|c| c.len() >= 2).map(move |c| (index, &c[0], &c[1])))
}

/// A label key or value without its surrounding quotes.
pub fn unquote(text: &str) -> &str {
    let text = text.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            return inner;
        }
    }
    text
}

/// Reports schema labels of `format` whose (non-empty, non-variable) value fails `valid`.
pub fn check_label_format(context: &RuleContext, findings: &mut super::Findings, format: &str, what: &str, valid: fn(&str) -> bool) {
    let schema = label_schema(context);
    for (_, key, value) in label_pairs(context) {
        let name = unquote(&key.value);
        if !schema.iter().any(|(n, f)| n == name && f == format) {
            continue;
        }
        let text = unquote(&value.value);
        if text.is_empty() || text.contains('$') || valid(text) {
            continue;
        }
        findings.report(value.span, format!("label `{name}` must be {what}; `{text}` is not"));
    }
}

/// The commands of a script with `$name` / `${name}` words replaced by the words of a
/// `name='a b c'` assignment made earlier in the same script (the usual
/// `buildDeps='…'; apk add $buildDeps`) or, failing that, of the stage's ENV/ARG value (`env`);
/// `None` for a command with nothing to expand.
fn expand_list_variables<'a>(commands: &'a [SimpleCommand], env: impl Fn(&str) -> Option<&'a str>) -> Vec<Option<SimpleCommand>> {
    // The assignments that persist so far, latest last: made alone or before a special builtin
    // (`set`, `export`, `:`); of one command, the first of a name. Gathered once for all lookups.
    let mut persisting: Vec<(&str, &str)> = Vec::new();
    let mut expanded = Vec::with_capacity(commands.len());
    for command in commands {
        let lookup = |name: &str| persisting.iter().rev().find(|(n, _)| *n == name).map(|&(_, value)| value).or_else(|| env(name));
        expanded.push(expand_command(command, lookup));
        if command.assignments().count() == command.words.len() || matches!(command.program(), Some("set" | "export" | ":" | "readonly")) {
            let first = persisting.len();
            for (name, value) in command.assignments() {
                if !persisting[first..].iter().any(|(n, _)| *n == name) {
                    persisting.push((name, value));
                }
            }
        }
    }
    expanded
}

/// `command` with its `$name` / `${name}` words replaced by the words of `lookup`'s value; `None`
/// when no word changes.
fn expand_command<'a>(command: &SimpleCommand, lookup: impl Fn(&str) -> Option<&'a str>) -> Option<SimpleCommand> {
    fn variable(word: &str) -> Option<&str> {
        word.strip_prefix("${").and_then(|w| w.strip_suffix('}')).or_else(|| word.strip_prefix('$'))
    }
    // The new words, made from the first word that changes.
    let mut words: Option<Vec<String>> = None;
    for (index, word) in command.words.iter().enumerate() {
        match variable(word).filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).and_then(&lookup) {
            Some(value) if !value.contains('$') => {
                words.get_or_insert_with(|| command.words[..index].to_vec()).extend(value.split_whitespace().map(str::to_owned));
            }
            _ => {
                if let Some(words) = &mut words {
                    words.push(word.clone());
                }
            }
        }
    }
    words.map(|words| SimpleCommand::new(words, command.start, command.end))
}


/// The yum/dnf/zypper "install without `-y`" check: `programs`' `subcommands` need one of `yes`.
pub fn report_missing_yes(
    context: &RuleContext,
    findings: &mut super::Findings,
    programs: &[&str],
    subcommands: &[&str],
    yes: &[&str],
) {
    for (index, instruction) in context.instructions_of(crate::syntax::Keyword::Run) {
        let script = context.run_script(instruction);
        for command in context.commands(index) {
            let Some((subcommand, _)) = subcommand(command, programs, RPM_TAKES_VALUE) else { continue };
            if !subcommands.contains(&subcommand) || command.arguments().iter().any(|a| yes.contains(&a.as_str())) {
                continue;
            }
            let program = command.program().unwrap_or_default();
            let finding = findings.report(
                command_span(context, instruction, command),
                format!("`{program} {subcommand}` without `-y`: the build cannot answer the confirmation prompt"),
            );
            if let Some(at) = offset_after_word(instruction, &script, command, subcommand) {
                finding.with_fix("Add `-y`", super::Applicability::Safe, vec![super::Edit::insert(at, " -y")]);
            }
        }
    }
}

/// The source span of `word` written plainly inside the command (shell-form RUN only).
pub fn word_span(instruction: &Instruction, command: &SimpleCommand, word: &str) -> Option<Span> {
    let script = instruction.command.args.first().filter(|_| !instruction.command.json)?;
    let text = script.value.get(command.start..command.end)?;
    let mut from = 0;
    while let Some(at) = text[from..].find(word).map(|i| from + i) {
        let after = at + word.len();
        let bounded = (at == 0 || text[..at].ends_with(char::is_whitespace))
            && (after == text.len() || text[after..].starts_with(char::is_whitespace));
        if bounded {
            let start = instruction.source_offset_in(script, command.start + at)?;
            let end = instruction.source_offset_in(script, command.start + after)?;
            return (end - start == word.len()).then_some(Span::new(start, end));
        }
        from = at + 1;
    }
    None
}

/// The whole lines an instruction occupies, with the newline after it, when nothing else shares
/// them (for deleting an instruction without leaving a blank line); `None` otherwise.
pub fn instruction_lines(source: &str, instruction: &Instruction) -> Option<Span> {
    let start = source[..instruction.span.start].rfind('\n').map_or(0, |i| i + 1);
    if !source[start..instruction.span.start].trim().is_empty() {
        return None;
    }
    let rest = &source[instruction.span.end..];
    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if !rest[..line_end].trim().is_empty() {
        return None;
    }
    Some(Span::new(start, instruction.span.end + line_end))
}

/// `path` resolved against the directory `workdir` (BuildKit's rule for relative destinations).
pub fn resolve_path(workdir: &str, path: &str) -> String {
    let joined = if path.starts_with('/') { path.to_owned() } else { format!("{}/{}", workdir.trim_end_matches('/'), path) };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Each stage's registry image not pinned by digest, with ARGs expanded: the span of the FROM
/// argument, the reference and its tag (`None` when untagged). References that stay variable
/// are skipped. Shared by the latest, untagged and digest rules.
pub fn tagged_base_images<'a>(context: &'a RuleContext) -> impl Iterator<Item = (Span, &'a str, Option<&'a str>)> + 'a {
    context.model.stages.iter().filter_map(move |stage| {
        let Base::Image { reference, .. } = &stage.base else { return None };
        if reference.is_empty() || reference.contains('$') || reference.contains('@') {
            return None;
        }
        let name = crate::scan::base_name(reference);
        let tag = name.rsplit_once(':').map(|(_, t)| t);
        let instruction = &context.syntax.instructions[stage.instruction];
        Some((instruction.command.args.first().map_or(instruction.span, |a| a.span), reference.as_str(), tag))
    })
}

/// Reports yum/dnf/microdnf installs of packages without a version (DL3033, DL3041).
pub fn report_rpm_unpinned(context: &RuleContext, findings: &mut super::Findings, label: &str, programs: &[&str]) {
    report_unpinned(context, findings, label, |command| {
        let mut packages = install_operands(command, programs, &["install"], RPM_TAKES_VALUE);
        packages.retain(|p| !rpm_pinned(p));
        packages
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_outside_quotes_and_case_patterns() {
        assert!(has_pipe("curl -fsSL https://x | sh"));
        assert!(has_pipe(r#"dst="$(echo "$src" | tr -d 3)""#));
        assert!(!has_pipe("a || b"));
        assert!(!has_pipe("echo 'a | b' \"c | d\""));
        assert!(!has_pipe("case \"$arch\" in x86_64|aarch64) echo ok ;; esac"));
        assert!(!has_pipe("echo hi >| file"));
    }

    #[test]
    fn rpm_versions() {
        assert!(rpm_pinned("httpd-2.4.62"));
        assert!(rpm_pinned("./local.rpm"));
        assert!(!rpm_pinned("python3-devel"));
        assert!(!rpm_pinned("gcc-c++"));
    }

    #[test]
    fn operands_skip_flag_values() {
        let words: Vec<String> = ["install", "-t", "bookworm-backports", "-y", "git"].map(String::from).to_vec();
        assert_eq!(operands(&words, &["-t"]), ["install", "git"]);
    }

    #[test]
    fn list_variables_expand_from_earlier_assignments() {
        let commands = crate::script::commands("deps='gcc make' && apk add $deps ${OTHER}");
        let expanded = expand_list_variables(&commands, |name| (name == "OTHER").then_some("musl-dev"));
        assert!(expanded[0].is_none());
        assert_eq!(expanded[1].as_ref().unwrap().words, ["apk", "add", "gcc", "make", "musl-dev"]);
    }
}
