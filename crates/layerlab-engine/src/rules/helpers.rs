//! Helpers the hadolint-family rules share: mapping RUN script offsets to the source, mounts,
//! package-manager arguments, the base image of a stage and file-level settings.
use super::RuleContext;
use crate::model::Base;
use crate::script::SimpleCommand;
use crate::syntax::mount::{self, Mount, MountType};
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
pub fn command_span(instruction: &Instruction, command: &SimpleCommand) -> Span {
    match (script_offset(instruction, command.start), script_offset(instruction, command.end)) {
        (Some(start), Some(end)) if start <= end => Span::new(start, end),
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

/// The RUN's `--mount` values that parse.
pub fn mounts(instruction: &Instruction) -> Vec<Mount> {
    instruction
        .command
        .flags
        .iter()
        .filter(|f| f.name == "mount")
        .filter_map(|f| f.value.as_deref().and_then(|v| mount::parse(v).ok()))
        .collect()
}

/// Whether a cache or tmpfs mount's target satisfies `covers` (cache rules are moot then).
pub fn has_cache_mount(instruction: &Instruction, covers: impl Fn(&str) -> bool) -> bool {
    mounts(instruction).iter().any(|m| {
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
    let is_pip = program == "pip" || program.strip_prefix("pip").is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'));
    if is_pip {
        return Some(arguments);
    }
    let is_python = program.rsplit('/').next().is_some_and(|p| p == "python" || p.strip_prefix("python").is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.')));
    if is_python && arguments.len() >= 2 && arguments[0] == "-m" && arguments[1] == "pip" {
        return Some(&arguments[2..]);
    }
    None
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
    context.syntax.source.lines().find_map(|line| {
        let comment = line.trim_start().strip_prefix('#')?.trim();
        let rest = comment.strip_prefix("layerlab:").or_else(|| comment.strip_prefix("layerlab "))?.trim();
        let value = rest.strip_prefix(key)?;
        match value.strip_prefix('=') {
            Some(value) => Some(value.trim().to_owned()),
            None if value.trim().is_empty() => Some(String::new()),
            None => None,
        }
    })
}

/// Whether the script contains an unquoted pipe `|` (not `||`).
pub fn has_pipe(script: &str) -> bool {
    let bytes = script.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(b'"') if b == b'\\' => i += 1,
            Some(_) => {}
            None => match b {
                b'\\' => i += 1,
                b'\'' | b'"' => quote = Some(b),
                b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'|' => {
                    if bytes.get(i + 1) == Some(&b'|') {
                        i += 1;
                    } else if i == 0 || bytes[i - 1] != b'>' {
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

/// An instruction's keyword spelled in the file's case (`COPY` or `copy`).
pub fn keyword_like(instruction: &Instruction, keyword: &str) -> String {
    if instruction.command.name.chars().any(|c| c.is_ascii_lowercase()) {
        keyword.to_ascii_lowercase()
    } else {
        keyword.to_owned()
    }
}
