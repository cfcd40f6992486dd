//! Flags: peeled off the front of every instruction (AST phase), typed per instruction later.
use super::Keyword;

/// A flag word found in the text, with its logical range.
pub struct FlagWord {
    pub raw: String,
    pub start: usize,
    pub end: usize,
}

/// Splits leading `--flag` words off `line` the way BuildKit's `extractBuilderFlags` does.
/// Returns the flag words and the offset where the remaining arguments start.
///
/// BuildKit reads this part byte by byte (always with `\` as escape), so a non-ASCII byte
/// becomes the Latin-1 character of that byte in the flag text; we keep that quirk.
pub fn extract(line: &str) -> (Vec<FlagWord>, usize) {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut word_start = 0;
    let mut in_word = false;
    let mut quote: Option<u8> = None;
    let mut blank_ok = false;
    let mut pos = 0;
    loop {
        if !in_word {
            while pos < bytes.len() && is_ascii_space(bytes[pos]) {
                pos += 1;
            }
            if pos == bytes.len() {
                return (words, pos);
            }
            if !line[pos..].starts_with("--") {
                return (words, pos);
            }
            in_word = true;
            word_start = pos;
        }
        if pos == bytes.len() {
            if word != "--" && (blank_ok || !word.is_empty()) {
                words.push(FlagWord { raw: word, start: word_start, end: pos });
            }
            return (words, pos);
        }
        let byte = bytes[pos];
        match quote {
            None if is_ascii_space(byte) => {
                if word == "--" {
                    return (words, pos);
                }
                if blank_ok || !word.is_empty() {
                    words.push(FlagWord { raw: std::mem::take(&mut word), start: word_start, end: pos });
                }
                word.clear();
                blank_ok = false;
                in_word = false;
            }
            None if byte == b'\'' || byte == b'"' => {
                quote = Some(byte);
                blank_ok = true;
            }
            Some(q) if byte == q => quote = None,
            _ if byte == b'\\' => {
                if pos + 1 == bytes.len() {
                    // A trailing escape is dropped (inside quotes it also ends the quote).
                    quote = None;
                } else {
                    pos += 1;
                    word.push(char::from(bytes[pos]));
                }
            }
            _ => word.push(char::from(byte)),
        }
        pos += 1;
    }
}

fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FlagType {
    Bool,
    String,
    /// May be given several times.
    Strings,
}

/// The flags each instruction accepts (BuildKit's `instructions/parse.go`).
pub fn allowed(keyword: Keyword) -> &'static [(&'static str, FlagType)] {
    use FlagType::*;
    match keyword {
        Keyword::From => &[("platform", String)],
        Keyword::Run => &[("mount", Strings), ("network", String), ("security", String), ("device", Strings)],
        Keyword::Copy => &[
            ("from", String),
            ("chown", String),
            ("chmod", String),
            ("link", Bool),
            ("parents", Bool),
            ("exclude", Strings),
        ],
        Keyword::Add => &[
            ("chown", String),
            ("chmod", String),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", String),
            ("unpack", Bool),
            ("exclude", Strings),
        ],
        Keyword::Healthcheck => &[
            ("interval", String),
            ("timeout", String),
            ("start-period", String),
            ("start-interval", String),
            ("retries", String),
        ],
        _ => &[],
    }
}

/// Splits a flag word into its name and optional value: `--a=b` → (`a`, Some(`b`)).
pub fn split(raw: &str) -> (String, Option<String>) {
    let body = raw.strip_prefix("--").unwrap_or(raw);
    match body.split_once('=') {
        Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
        None => (body.to_owned(), None),
    }
}
