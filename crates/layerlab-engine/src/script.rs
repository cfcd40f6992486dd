//! Just enough shell to read RUN commands: split a script into simple commands and words.
//!
//! Splits on unquoted `&&`, `||`, `;`, `|`, `&` and newlines; honours single and double quotes,
//! backslash escapes and line continuations; drops `#` comments. `$(…)` and backticks stay
//! inside their word. It never fails: unbalanced quotes run to the end of the script.
use std::sync::Arc;

use crate::memo::Memo;

/// One simple command: its words (quotes removed) and where it sits in the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleCommand {
    pub words: Vec<String>,
    pub start: usize,
    pub end: usize,
    /// Where the program is in `words` (found once: every rule asks).
    program_index: Option<usize>,
}

impl SimpleCommand {
    pub fn new(words: Vec<String>, start: usize, end: usize) -> SimpleCommand {
        let program_index = words.iter().position(|w| {
            !is_assignment(w)
                && !matches!(
                    w.as_str(),
                    "sudo" | "env" | "exec" | "command" | "nohup" | "time" | "if" | "then" | "else" | "elif" | "while"
                        | "until" | "do" | "!"
                )
        });
        SimpleCommand { words, start, end, program_index }
    }

    /// The program name, skipping `VAR=value` assignments, `sudo`/`env`/`exec`-style wrappers
    /// and the shell keywords that can precede a command (`if wget …`, `then rm …`, `! grep …`).
    pub fn program(&self) -> Option<&str> {
        self.program_index.map(|i| self.words[i].as_str())
    }

    /// The words after the program.
    pub fn arguments(&self) -> &[String] {
        self.program_index.map_or(&[], |i| &self.words[i + 1..])
    }

    pub fn has_word(&self, word: &str) -> bool {
        self.words.iter().any(|w| w == word)
    }

    /// `VAR=value` assignments before the program.
    pub fn assignments(&self) -> impl Iterator<Item = (&str, &str)> {
        self.words.iter().take_while(|w| is_assignment(w)).filter_map(|w| w.split_once('='))
    }
}

fn is_assignment(word: &str) -> bool {
    // The name's bytes, then `=`: most words stop at their first byte that is neither.
    let bytes = word.as_bytes();
    let name = bytes.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
    name > 0 && bytes.get(name) == Some(&b'=') && !bytes[0].is_ascii_digit()
}

/// [`commands`], remembered across analyses: the app analyses on every keystroke and most RUN
/// scripts do not change from one to the next.
pub(crate) fn remembered_commands(script: &str) -> Arc<[SimpleCommand]> {
    static COMMANDS: Memo<Arc<[SimpleCommand]>> = Memo::new(1024);
    COMMANDS.get_or_make(script, |_| true, || commands(script).into())
}

pub fn commands(script: &str) -> Vec<SimpleCommand> {
    let bytes = script.as_bytes();
    let mut commands = Vec::new();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut start = None;
    let mut i = 0;
    let flush_word = |word: &mut String, in_word: &mut bool, words: &mut Vec<String>| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while i < bytes.len() {
        let c = script[i..].chars().next().expect("in bounds");
        let len = c.len_utf8();
        match c {
            '\\' if script[i + 1..].starts_with('\n') => i += 2,
            '\\' => {
                if let Some(next) = script[i + 1..].chars().next() {
                    word.push(next);
                    in_word = true;
                    start.get_or_insert(i);
                    i += 1 + next.len_utf8();
                } else {
                    i += 1;
                }
            }
            '\'' | '"' => {
                start.get_or_insert(i);
                in_word = true;
                let close = if c == '"' { closing_double_quote(script, i + 1) } else { script[i + 1..].find(c).map_or(script.len(), |p| i + 1 + p) };
                word.push_str(&script[i + 1..close]);
                i = (close + 1).min(script.len().max(close));
                if close >= script.len() {
                    i = script.len();
                }
            }
            '#' if !in_word => {
                i = script[i..].find('\n').map_or(script.len(), |p| i + p);
            }
            ' ' | '\t' | '\r' => {
                flush_word(&mut word, &mut in_word, &mut words);
                i += 1;
            }
            '\n' | ';' | '&' | '|' | '(' | ')' | '{' | '}' if !(matches!(c, '{' | '}') && in_word) => {
                flush_word(&mut word, &mut in_word, &mut words);
                if !words.is_empty() {
                    commands.push(SimpleCommand::new(std::mem::take(&mut words), start.unwrap_or(i), i));
                }
                start = None;
                i += 1;
            }
            '$' if script[i + 1..].starts_with('(') => {
                let close = matching_paren(script, i + 1);
                word.push_str(&script[i..close]);
                start.get_or_insert(i);
                in_word = true;
                i = close;
            }
            _ => {
                // The rest of the run of bytes no arm above looks at (in a word, `#`, `{`
                // and `}` are plain), copied at once.
                start.get_or_insert(i);
                let end = bytes[i + len..]
                    .iter()
                    .position(|&b| ENDS_PLAIN_RUN[usize::from(b)])
                    .map_or(bytes.len(), |p| i + len + p);
                word.push_str(&script[i..end]);
                in_word = true;
                i = end;
            }
        }
    }
    flush_word(&mut word, &mut in_word, &mut words);
    if !words.is_empty() {
        commands.push(SimpleCommand::new(words, start.unwrap_or(0), script.len()));
    }
    commands
}

/// The bytes that end a run of plain word bytes (backslash, quotes, `$`, blanks and operators).
const ENDS_PLAIN_RUN: [bool; 256] = byte_set(b"\\'\" \t\r\n;&|()$");

/// A set of bytes as a table indexed by byte: a scan for any of them loads one entry per byte
/// instead of comparing the byte with each.
pub(crate) const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// The offset of the `"` closing a double-quoted string that starts at `from` (or the end):
/// backslash escapes `\"`, and `$(…)` may hold quotes of its own.
fn closing_double_quote(script: &str, from: usize) -> usize {
    let bytes = script.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            b'$' if bytes.get(i + 1) == Some(&b'(') => i = matching_paren(script, i + 1),
            _ => i += 1,
        }
    }
    script.len()
}

/// The offset just past the `)` matching the `(` at `open` (or the end).
fn matching_paren(script: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in script[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return open + i + 1;
                }
            }
            _ => {}
        }
    }
    script.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(script: &str) -> Vec<Vec<String>> {
        commands(script).into_iter().map(|c| c.words).collect()
    }

    #[test]
    fn splits_on_operators_and_removes_quotes() {
        assert_eq!(
            words("apt-get update && apt-get install -y 'a b' \"c\" ; rm -rf /x | tee y"),
            vec![
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "a b", "c"],
                vec!["rm", "-rf", "/x"],
                vec!["tee", "y"],
            ]
        );
    }

    #[test]
    fn continuations_comments_and_substitutions() {
        assert_eq!(words("a \\\n  b # note\nc $(d e) f"), vec![vec!["a", "b"], vec!["c", "$(d e)", "f"]]);
        let command = &commands("DEBIAN_FRONTEND=noninteractive sudo apt-get install x")[0];
        assert_eq!(command.program(), Some("apt-get"));
        assert_eq!(command.arguments(), ["install", "x"]);
        assert_eq!(command.assignments().collect::<Vec<_>>(), [("DEBIAN_FRONTEND", "noninteractive")]);
    }

    #[test]
    fn remembered_commands_are_fresh_ones() {
        for script in ["apt-get update && apt-get install -y curl", "cd /src; make 'a b' \\\n  install", ""] {
            for _ in 0..2 {
                assert_eq!(*remembered_commands(script), *commands(script), "{script:?}");
            }
        }
    }

    #[test]
    fn hostile_text_never_panics() {
        for text in ["'", "\"", "\\", "$(", "((", "é'\\", "a && && b", "#", "{ a; }"] {
            let _ = commands(text);
        }
    }
}
