//! Heredoc detection (BuildKit's `heredocsFromLine` and `ParseHeredoc`).
use super::shell::{Env, Lexer};
use super::{Command, Keyword};

/// A heredoc announced on an instruction line; its body is read from the following lines.
pub struct HeredocSpec {
    pub name: String,
    pub file_descriptor: u32,
    pub expand: bool,
    pub chomp: bool,
}

/// Only RUN, COPY and ADD in shell form (also as ONBUILD triggers) can carry heredocs.
pub fn allowed(command: &Command) -> bool {
    let command = match (&command.keyword, &command.trigger) {
        (Keyword::Onbuild, Some(trigger)) => trigger,
        _ => command,
    };
    matches!(command.keyword, Keyword::Run | Keyword::Copy | Keyword::Add) && !command.json
}

/// Heredocs in the order they appear on the (joined) line. A line that does not lex (an
/// unbalanced quote) has none, as in BuildKit.
pub fn from_line(line: &str) -> Result<Vec<HeredocSpec>, String> {
    let lexer = Lexer { raw_quotes: true, raw_escapes: true, skip_unset_env: true, ..Lexer::new('\\') };
    let words = lexer.process_words(line, &NoEnv).unwrap_or_default();
    let mut specs = Vec::new();
    for word in words {
        if let Some(spec) = parse_word(&word)? {
            specs.push(spec);
        }
    }
    Ok(specs)
}

/// One word matching `^(\d*)<<(-?)([^<]*)$` whose tail is a single shell word.
pub fn parse_word(word: &str) -> Result<Option<HeredocSpec>, String> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(after) = word[digits..].strip_prefix("<<") else { return Ok(None) };
    let (chomp, tail) = match after.strip_prefix('-') {
        Some(tail) => (true, tail),
        None => (false, after),
    };
    if tail.is_empty() || tail.contains('<') {
        return Ok(None);
    }
    let lexer = Lexer { skip_unset_env: true, ..Lexer::new('\\') };
    let words = lexer.process_words(tail, &NoEnv).map_err(|e| e.message)?;
    if words.len() != 1 {
        return Ok(None);
    }
    let raw_words = Lexer { raw_quotes: true, ..lexer }.process_words(tail, &NoEnv).map_err(|e| e.message)?;
    if raw_words.len() != 1 {
        return Err(format!("internal lexing of heredoc produced inconsistent results: {tail}"));
    }
    let quotes = |w: &str| w.matches(['\'', '"']).count();
    Ok(Some(HeredocSpec {
        expand: quotes(&words[0]) == quotes(&raw_words[0]),
        name: words.into_iter().next().unwrap_or_default(),
        file_descriptor: word[..digits].parse().unwrap_or(0),
        chomp,
    }))
}

struct NoEnv;

impl Env for NoEnv {
    fn lookup(&self, _name: &str) -> Option<String> {
        None
    }
}
