//! Word expansion exactly as BuildKit does it (`frontend/dockerfile/shell/lex.go`): quotes,
//! escapes, `$name` / `${name…}` substitutions, and word splitting after expansion.
//!
//! BuildKit's quirks are kept on purpose. The one addition is a nesting limit, so a hostile
//! `${a:-${a:-…}}` tower returns an error instead of overflowing the (wasm) stack.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasher;

/// Where variable values come from: a map, or any `Fn(&str) -> Option<String>`.
pub trait Env {
    fn lookup(&self, name: &str) -> Option<String>;
}

impl<S: BuildHasher> Env for HashMap<String, String, S> {
    fn lookup(&self, name: &str) -> Option<String> { self.get(name).cloned() }
}

impl Env for BTreeMap<String, String> {
    fn lookup(&self, name: &str) -> Option<String> { self.get(name).cloned() }
}

impl<F: Fn(&str) -> Option<String>> Env for F {
    fn lookup(&self, name: &str) -> Option<String> { self(name) }
}

/// An env from `KEY=value` entries, as BuildKit's `BuildEnvs`: a later key wins and an entry
/// without `=` is a key with an empty value.
pub fn build_env<'a>(entries: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let split = |e: &'a str| e.split_once('=').unwrap_or((e, ""));
    entries.into_iter().map(split).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The lexer's settings (BuildKit's `Lex`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lexer {
    /// `\` or `` ` `` (the `# escape=` directive).
    pub escape: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape characters in the output.
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as written.
    pub skip_unset_env: bool,
}

/// The outcome of expanding one word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The expanded text (BuildKit's `ProcessWord`).
    pub result: String,
    /// The expanded text split on whitespace that came from `$` expansions or was unquoted
    /// (BuildKit's `ProcessWords`).
    pub words: Vec<String>,
    /// Variables looked up and found.
    pub matched: BTreeSet<String>,
    /// Variables looked up and not found (what the UndefinedVar lint reports).
    pub unmatched: BTreeSet<String>,
}

/// BuildKit's message, without the `failed to process "<word>": ` prefix it adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError {
    pub message: String,
}

impl std::fmt::Display for ExpandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpandError {}

fn fail<T>(message: impl Into<String>) -> Result<T, ExpandError> {
    Err(ExpandError { message: message.into() })
}

/// Deepest nesting of `${…}` operands; real Dockerfiles stay in single digits.
const MAX_DEPTH: usize = 100;
/// Go prints the end-of-input rune (-1) as U+FFFD.
const EOF_RUNE: char = '\u{FFFD}';

impl Default for Lexer {
    fn default() -> Self {
        Lexer::new('\\')
    }
}

impl Lexer {
    pub fn new(escape: char) -> Self {
        Lexer { escape, raw_quotes: false, raw_escapes: false, skip_process_quotes: false, skip_unset_env: false }
    }

    /// Expands `word` against `env`.
    pub fn process(&self, word: &str, env: &dyn Env) -> Result<Expansion, ExpandError> {
        if let Some(word) = self.plain(word) {
            let mut words = Words::default();
            words.add(word, true);
            return Ok(Expansion {
                result: word.to_owned(),
                words: words.finish(),
                matched: BTreeSet::new(),
                unmatched: BTreeSet::new(),
            });
        }
        let word = word.strip_prefix('\u{FEFF}').unwrap_or(word);
        let chars = word.chars().collect();
        let (matched, unmatched) = (BTreeSet::new(), BTreeSet::new());
        let mut ex = Expander { lex: self, env, chars, pos: 0, raw_escapes: false, depth: 0, matched, unmatched };
        let (result, words) = ex.process_until(None, self.raw_escapes)?;
        Ok(Expansion { result, words, matched: ex.matched, unmatched: ex.unmatched })
    }

    /// The word's expansion when every character is plain (nothing to expand, quote or escape,
    /// as in most words): the word itself, without a byte-order mark at the very start (Go's
    /// text/scanner drops it).
    pub fn plain<'w>(&self, word: &'w str) -> Option<&'w str> {
        let word = word.strip_prefix('\u{FEFF}').unwrap_or(word);
        let quotes = !self.skip_process_quotes;
        (!word.contains(|c: char| c == '$' || c == self.escape || (quotes && (c == '\'' || c == '"')))).then_some(word)
    }

    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<String, ExpandError> {
        self.process(word, env).map(|e| e.result)
    }

    pub fn process_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, ExpandError> {
        self.process(word, env).map(|e| e.words)
    }
}

/// Word splitting: `split` text breaks on whitespace, the rest (quoted, escaped) never does.
/// A word is emitted only when non-empty, so `""` alone produces no word, as in BuildKit.
#[derive(Default)]
struct Words {
    done: Vec<String>,
    word: String,
}

impl Words {
    fn add(&mut self, text: &str, split: bool) {
        if !split {
            self.word.push_str(text);
            return;
        }
        // Runs without whitespace are added whole; whitespace goes through `add_char`.
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let end = if c.is_whitespace() {
                self.add_char(c, true);
                c.len_utf8()
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                self.word.push_str(&rest[..end]);
                end
            };
            rest = &rest[end..];
        }
    }

    fn add_char(&mut self, c: char, split: bool) {
        if split && c.is_whitespace() && !is_heredoc_operator(&self.word) {
            if !self.word.is_empty() {
                self.done.push(std::mem::take(&mut self.word));
            }
        } else {
            self.word.push(c);
        }
    }

    fn finish(mut self) -> Vec<String> {
        if !self.word.is_empty() {
            self.done.push(self.word);
        }
        self.done
    }
}

/// `\d*<<-?` plus blanks: whitespace after a heredoc operator stays in its word, so
/// `<< EOF` and `<<- EOF` are one word (BuildKit's heredoc detection relies on it).
fn is_heredoc_operator(word: &str) -> bool {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix("<<") else { return false };
    rest.strip_prefix('-').unwrap_or(rest).chars().all(char::is_whitespace)
}

struct Expander<'a> {
    lex: &'a Lexer,
    env: &'a dyn Env,
    chars: Vec<char>,
    pos: usize,
    raw_escapes: bool,
    depth: usize,
    matched: BTreeSet<String>,
    unmatched: BTreeSet<String>,
}

impl Expander<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += c.is_some() as usize;
        c
    }

    fn get_env(&mut self, name: &str) -> Option<String> {
        let value = self.env.lookup(name);
        let seen = if value.is_some() { &mut self.matched } else { &mut self.unmatched };
        seen.insert(name.to_string());
        value
    }

    /// Processes up to `stop` (consumed), or to the end when `stop` is `None`, keeping escape
    /// characters iff `raw` (patterns need theirs) for the duration.
    fn process_until(&mut self, stop: Option<char>, raw: bool) -> Result<(String, Vec<String>), ExpandError> {
        if self.depth >= MAX_DEPTH {
            return fail("syntax error: substitutions nested too deeply");
        }
        let saved = std::mem::replace(&mut self.raw_escapes, raw);
        self.depth += 1;
        let out = self.process_until_inner(stop);
        self.depth -= 1;
        self.raw_escapes = saved;
        out
    }

    fn process_until_inner(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), ExpandError> {
        let (mut result, mut words) = (String::new(), Words::default());
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.pos += 1;
                return Ok((result, words.finish()));
            }
            let (part, split) = match c {
                '$' => (self.dollar()?, true),
                '\'' | '"' if !self.lex.skip_process_quotes => (self.quoted(c)?, false),
                _ if c == self.lex.escape => {
                    self.pos += 1;
                    let mut part = if self.raw_escapes { c.to_string() } else { String::new() };
                    part.extend(self.next()); // a trailing escape is dropped (unless raw)
                    (part, false)
                }
                _ => {
                    // One plain character: no allocation.
                    self.pos += 1;
                    result.push(c);
                    words.add_char(c, true);
                    continue;
                }
            };
            result.push_str(&part);
            words.add(&part, split);
        }
        if let Some(stop) = stop {
            return fail(format!("unexpected end of statement while looking for matching {stop}"));
        }
        Ok((result, words.finish()))
    }

    /// Single quotes keep everything literally. Double quotes expand `$`, and there the escape
    /// character escapes only `"`, `$` and itself; before anything else it stays literal.
    fn quoted(&mut self, quote: char) -> Result<String, ExpandError> {
        let raw = self.lex.raw_quotes;
        self.pos += 1;
        let mut out = if raw { quote.to_string() } else { String::new() };
        loop {
            let Some(c) = self.peek() else {
                let kind = if quote == '"' { "double" } else { "single" };
                return fail(format!("unexpected end of statement while looking for matching {kind}-quote"));
            };
            if c == quote {
                self.pos += 1;
                out.extend(raw.then_some(c));
                return Ok(out);
            }
            if quote == '"' && c == '$' {
                out.push_str(&self.dollar()?);
                continue;
            }
            self.pos += 1;
            if quote == '"' && c == self.lex.escape {
                out.extend(self.raw_escapes.then_some(c));
                match self.peek() {
                    Some(n) if n == '"' || n == '$' || n == c => {
                        self.pos += 1;
                        out.push(n);
                    }
                    Some(_) => out.push(c),
                    None => {} // dropped; the next turn reports the missing quote
                }
                continue;
            }
            out.push(c);
        }
    }

    fn dollar(&mut self) -> Result<String, ExpandError> {
        self.pos += 1;
        let keep = self.lex.skip_unset_env;
        // An unset variable expands to nothing, or with `skip_unset_env` to the text as written.
        let or_unset = |value: Option<String>, written| value.unwrap_or(if keep { written } else { String::new() });
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(or_unset(self.get_env(&name), format!("${name}")));
        }
        self.pos += 1;
        match self.peek() {
            None => return fail("syntax error: missing '}'"),
            Some('{' | '}' | ':') => return fail("syntax error: bad substitution"),
            Some(_) => {}
        }
        let name = self.name();
        let first = self.next();
        let mut modifier = String::from(first.unwrap_or(EOF_RUNE));
        match first {
            Some('}') => Ok(or_unset(self.get_env(&name), format!("${{{name}}}"))),
            Some(':' | '+' | '-' | '?' | '#' | '%') => {
                let colon = first == Some(':');
                let op = if colon { self.next() } else { first };
                if colon {
                    modifier.push(op.unwrap_or(EOF_RUNE));
                    // BuildKit rejects `${x:#p}` and `${x:%p}` before reading the pattern.
                    if matches!(op, Some('#' | '%')) {
                        return fail(format!("unsupported modifier ({modifier}) in substitution"));
                    }
                }
                let word = self.operand('}', matches!(op, Some('#' | '%')), "syntax error: missing '}'")?;
                let (value, set) = match self.get_env(&name) {
                    Some(value) => (value, true),
                    None if keep => return Ok(format!("${{{name}{modifier}{word}}}")),
                    None => (String::new(), false),
                };
                let empty = !set || (colon && value.is_empty());
                match op {
                    Some('-') => Ok(if empty { word } else { value }),
                    Some('+') => Ok(if empty { String::new() } else { word }),
                    Some('?') if empty => {
                        let why = if set { "is not allowed to be empty" } else { "is not allowed to be unset" };
                        fail(format!("{name}: {}", if word.is_empty() { why } else { &word }))
                    }
                    Some('?') => Ok(value),
                    Some(c @ ('#' | '%')) => {
                        // A doubled operator (`##`, `%%`) asks for the longest match.
                        let (pattern, longest) = match word.strip_prefix(c) {
                            Some(rest) => (rest, true),
                            None => (word.as_str(), false),
                        };
                        trim(pattern, &value, c == '%', longest)
                    }
                    _ => fail(format!("unsupported modifier ({modifier}) in substitution")),
                }
            }
            Some('/') => {
                let all = self.peek() == Some('/');
                self.pos += all as usize;
                let pattern = self.operand('/', true, "syntax error: missing '/' in ${}")?;
                let replacement = self.operand('}', true, "syntax error: missing '}'")?;
                let Some(value) = self.get_env(&name).or_else(|| (!keep).then(String::new)) else {
                    // BuildKit writes a single '/' back even for `//`.
                    return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
                };
                let tokens = parse_pattern(&pattern)?;
                let text: Vec<char> = value.chars().collect();
                if all {
                    return Ok(replace_all(&tokens, &text, &replacement));
                }
                Ok(match find(&tokens, &text, 0, false, true) {
                    Some((s, e)) => format!("{}{replacement}{}", collect(&text[..s]), collect(&text[e..])),
                    None => value,
                })
            }
            _ => fail(format!("unsupported modifier ({modifier}) in substitution")),
        }
    }

    /// A modifier's operand, up to `stop`; running out of input reports `at_eof` instead.
    fn operand(&mut self, stop: char, raw: bool, at_eof: &str) -> Result<String, ExpandError> {
        match self.process_until(Some(stop), raw) {
            Ok((word, _)) => Ok(word),
            Err(_) if self.peek().is_none() => fail(at_eof),
            Err(e) => Err(e),
        }
    }

    /// A name: a run of digits (positional), one special-parameter character, or a run of
    /// letters, digits and underscores. Empty when nothing name-like follows.
    fn name(&mut self) -> String {
        match self.peek() {
            Some(c) if is_digit(c) => self.take_while(is_digit),
            Some(c @ ('@' | '*' | '#' | '?' | '-' | '$' | '!')) => {
                self.pos += 1;
                c.to_string()
            }
            _ => self.take_while(is_name_char),
        }
    }

    fn take_while(&mut self, keep: fn(char) -> bool) -> String {
        let start = self.pos;
        while self.peek().is_some_and(keep) {
            self.pos += 1;
        }
        collect(&self.chars[start..self.pos])
    }
}

/// Go's `unicode.IsDigit` (category Nd): every Nd run is ten digits starting at one of these.
fn is_digit(c: char) -> bool {
    const ZEROS: [u32; 68] = [
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0,
        0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
        0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0,
        0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50,
        0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
        0x1FBF0,
    ];
    let c = c as u32;
    let i = ZEROS.partition_point(|&z| z <= c);
    i > 0 && c - ZEROS[i - 1] < 10
}

/// Go's `unicode.IsLetter`, approximated: Rust's Alphabetic minus letter-numbers (Nl). It still
/// admits the few combining marks Unicode lists as Other_Alphabetic.
fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_numeric()
}

fn is_name_char(c: char) -> bool {
    c == '_' || is_letter(c) || is_digit(c)
}

fn collect(chars: &[char]) -> String {
    chars.iter().collect()
}

/// One element of a substitution pattern (BuildKit compiles these to a Go regexp, where `.`
/// does not match a newline, so neither `*` nor `?` do here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Star,
    Any,
    Lit(char),
}

fn parse_pattern(pattern: &str) -> Result<Vec<Tok>, ExpandError> {
    let invalid = |why: String| fail(format!("invalid pattern ({pattern}) in substitution: {why}"));
    let mut chars = pattern.strip_prefix('\u{FEFF}').unwrap_or(pattern).chars().peekable();
    let mut tokens = Vec::new();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '*' => Tok::Star,
            '?' => Tok::Any,
            // `\}` and `\/` were escaped only to get past the `${}` syntax: drop the backslash.
            '\\' if matches!(chars.peek(), Some('}' | '/')) => continue,
            '\\' => match chars.next() {
                Some(e @ ('*' | '?' | '\\')) => Tok::Lit(e),
                other => return invalid(format!("invalid escape '\\{}'", other.unwrap_or(EOF_RUNE))),
            },
            c => Tok::Lit(c),
        });
    }
    Ok(tokens)
}

fn keep_min(slot: &mut Option<usize>, start: usize) {
    if slot.is_none_or(|s| s > start) {
        *slot = Some(start);
    }
}

/// Finds `tokens` in `text` from `from` (only there when `anchored`) as Go's leftmost-first regexp
/// search does: leftmost start, then, as all quantifiers are `*` of one kind, the longest end
/// (greedy `.*`) or the shortest (lazy `.*?`, used anchored only). Runs the pattern as an NFA
/// whose slots keep the leftmost start reaching them: O(text × pattern) on any input.
fn find(tokens: &[Tok], text: &[char], from: usize, anchored: bool, longest: bool) -> Option<(usize, usize)> {
    debug_assert!(longest || anchored);
    let m = tokens.len();
    let mut cur = vec![None; m + 1];
    let mut next = vec![None; m + 1];
    let mut best: Option<(usize, usize)> = None;
    let mut pos = from;
    loop {
        if best.is_none() && (!anchored || pos == from) {
            keep_min(&mut cur[0], pos);
        }
        for i in 0..m {
            if let (Tok::Star, Some(s)) = (tokens[i], cur[i]) {
                keep_min(&mut cur[i + 1], s);
            }
        }
        if let Some(s) = cur[m] {
            if best.is_none_or(|(b, _)| s <= b) {
                best = Some((s, pos));
            }
            if !longest {
                return best;
            }
        }
        if let Some((b, _)) = best {
            cur.iter_mut().filter(|slot| slot.is_some_and(|s| s > b)).for_each(|slot| *slot = None);
        }
        let idle = cur.iter().all(Option::is_none) && (anchored || best.is_some());
        if pos == text.len() || idle {
            return best;
        }
        let c = text[pos];
        next.iter_mut().for_each(|slot| *slot = None);
        for i in 0..m {
            let Some(s) = cur[i] else { continue };
            match tokens[i] {
                Tok::Star if c != '\n' => keep_min(&mut next[i], s),
                Tok::Any if c != '\n' => keep_min(&mut next[i + 1], s),
                Tok::Lit(l) if l == c => keep_min(&mut next[i + 1], s),
                _ => {}
            }
        }
        std::mem::swap(&mut cur, &mut next);
        pos += 1;
    }
}

/// `${v#p}`-style trimming. BuildKit trims a suffix by reversing the value and the pattern and
/// trimming a prefix, so its error messages show the reversed pattern; so do ours.
fn trim(pattern: &str, value: &str, suffix: bool, longest: bool) -> Result<String, ExpandError> {
    let tokens = parse_pattern(&if suffix { reverse_pattern(pattern) } else { pattern.to_string() })?;
    let mut text: Vec<char> = value.chars().collect();
    if suffix {
        text.reverse();
    }
    let end = find(&tokens, &text, 0, true, longest).map_or(0, |(_, end)| end);
    let mut rest = text.split_off(end);
    if suffix {
        rest.reverse();
    }
    Ok(collect(&rest))
}

/// Reverses a pattern but keeps each escape pair in order (`a\*c` → `c\*a`).
fn reverse_pattern(pattern: &str) -> String {
    let mut units = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let mut unit = c.to_string();
        if c == '\\' {
            unit.extend(chars.next());
        }
        units.push(unit);
    }
    units.into_iter().rev().collect()
}

/// Go's `Regexp.ReplaceAllString`: after an empty match the search moves on one character, and
/// an empty match right after a previous match is not replaced.
fn replace_all(tokens: &[Tok], text: &[char], template: &str) -> String {
    let (mut out, mut last_end, mut search) = (String::new(), 0, 0);
    while search <= text.len() {
        let Some((s, e)) = find(tokens, text, search, false, true) else { break };
        out.extend(&text[last_end..s]);
        if e > last_end || s == 0 {
            out.push_str(&expand_template(template, &collect(&text[s..e])));
        }
        last_end = e;
        search = if search + 1 > e { search + 1 } else { e };
    }
    out.extend(&text[last_end..]);
    out
}

/// Go's `Regexp.Expand` for a pattern without groups: `$$` is `$`, `$0`/`${0}` the match, any
/// other well-formed `$name`/`${name}` is empty, and a malformed one stays literal.
fn expand_template(template: &str, matched: &str) -> String {
    let (mut out, mut rest) = (String::new(), template);
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let braced = rest.starts_with('{');
        let body = &rest[braced as usize..];
        let len = body.find(|c: char| !is_name_char(c)).unwrap_or(body.len());
        let after = if braced { body[len..].strip_prefix('}') } else { Some(&body[len..]) };
        match after.filter(|_| len > 0) {
            Some(after) => {
                out.push_str(if &body[..len] == "0" { matched } else { "" });
                rest = after;
            }
            None => out.push('$'),
        }
    }
    out + rest
}
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/buildkit-parser/shell/");

    fn corpus(name: &str) -> Option<String> {
        let path = format!("{CORPUS}{name}");
        let text = std::fs::read_to_string(&path).ok();
        if text.is_none() {
            println!("skipped: ../shared corpus not found at {path}");
        }
        text
    }

    fn env(entries: &[&str]) -> BTreeMap<String, String> {
        build_env(entries.iter().copied())
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    /// BuildKit's `TestShellParser4EnvVars`: `PLATFORM|input|expected`, Windows-only lines skipped.
    #[test]
    fn buildkit_env_var_vectors() {
        let Some(text) = corpus("envVarTest") else { return };
        let env = env(&["PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="]);
        let mut ran = 0;
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
            let f: Vec<&str> = line.trim().split('|').map(str::trim).collect();
            assert!(f.len() == 3 && matches!(f[0], "A" | "U" | "W"), "bad vector at line {}", n + 1);
            if f[0] == "W" {
                continue;
            }
            let got = Lexer::default().process_word(f[1], &env);
            if f[2] == "error" {
                assert!(got.is_err(), "line {}: {:?} gave {:?}", n + 1, f[1], got);
            } else {
                assert_eq!(got.as_deref(), Ok(f[2]), "line {}: {:?}", n + 1, f[1]);
            }
            ran += 1;
        }
        println!("envVarTest: {ran} passed");
        assert!(ran >= 200, "only {ran} envVarTest vectors ran");
    }

    /// BuildKit's `TestShellParser4Words`: `input | w1,w2`, `ENV k=v` lines add to the env.
    #[test]
    fn buildkit_words_vectors() {
        let Some(text) = corpus("wordsTest") else { return };
        let (mut entries, mut ran) = (Vec::new(), 0);
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
            if let Some(entry) = line.strip_prefix("ENV ") {
                entries.push(entry.trim_start_matches(' '));
                continue;
            }
            let f: Vec<&str> = line.split('|').collect();
            assert_eq!(f.len(), 2, "bad vector at line {}", n + 1);
            let expected: Vec<&str> = f[1].trim_start_matches(' ').split(',').collect();
            let got = Lexer::default().process_words(f[0].trim(), &build_env(entries.iter().copied()));
            assert_eq!(got.unwrap_or_else(|_| vec!["error".into()]), expected, "line {}", n + 1);
            ran += 1;
        }
        println!("wordsTest: {ran} passed");
        assert!(ran >= 20, "only {ran} wordsTest vectors ran");
    }

    /// BuildKit's `TestProcessWithMatches` (None = must fail).
    #[test]
    fn matches_and_substitutions() {
        const FB: &[&str] = &["FOO=xxx", "BAR="];
        const XY: &[&str] = &["FOO=xxyy"];
        #[rustfmt::skip]
        type Case<'a> = (&'a str, &'a [&'a str], Option<&'a str>, &'a [&'a str], &'a [&'a str]);
        let cases: &[Case] = &[
            ("x", &["DUMMY=dummy"], Some("x"), &[], &[]),
            ("x ${UNUSED}", &["DUMMY=dummy"], Some("x "), &[], &["UNUSED"]),
            ("x ${FOO}", &["FOO=y"], Some("x y"), &["FOO"], &[]),
            ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", FB, Some("xxx  ccc"), &["FOO", "BAR"], &["BAZ"]),
            ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", FB, Some("xxx bbb ccc"), &["FOO", "BAR"], &["BAZ"]),
            ("${FOO:-}", FB, Some("xxx"), &["FOO"], &[]),
            ("${FOO:-}", &[], Some(""), &[], &["FOO"]),
            ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", FB, Some("aaa bbb "), &["FOO", "BAR"], &["BAZ"]),
            ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", FB, Some("aaa  "), &["FOO", "BAR"], &["BAZ"]),
            ("${FOO?aaa}", FB, Some("xxx"), &["FOO"], &[]),
            ("${BAR?bbb}", FB, Some(""), &["BAR"], &[]),
            ("${BAZ?ccc}", FB, None, &[], &[]),
            ("${FOO:?aaa}", FB, Some("xxx"), &["FOO"], &[]),
            ("${BAR:?bbb}", FB, None, &[], &[]),
            ("${BAZ:?ccc}", FB, None, &[], &[]),
            ("${BAZ:?}", FB, None, &[], &[]),
            ("${FOO=aaa}", FB, None, &[], &[]),
            ("${FOO=:aaa}", FB, None, &[], &[]),
            ("${FOO=}", &[], None, &[], &[]),
            (r"${FOO#()[]{\}^$.\*\?|\\}", &[r"FOO=()[]{}^$.*?|\x"], Some("x"), &["FOO"], &[]),
            (r"${FOO%%\**}", &["FOO=xx**"], Some("xx"), &["FOO"], &[]),
            ("${FOO#*x*y}", XY, Some("y"), &["FOO"], &[]),
            ("${FOO#*}", XY, Some("xxyy"), &["FOO"], &[]),
            ("${FOO#$BAR}", &["FOO=xxyy", "BAR=x"], Some("xyy"), &["FOO", "BAR"], &[]),
            ("${FOO#$BAR}", &["FOO=xxyy", "BAR="], Some("xxyy"), &["FOO", "BAR"], &[]),
            ("${FOO#}", XY, Some("xxyy"), &["FOO"], &[]),
            ("${FOO##*x}", XY, Some("yy"), &["FOO"], &[]),
            ("${FOO##}", XY, Some("xxyy"), &["FOO"], &[]),
            (r"${FOO#?\?}", &["FOO=???y"], Some("?y"), &["FOO"], &[]),
            ("${ABC:-.}${FOO%x}${ABC:-.}", XY, Some(".xxyy."), &["FOO"], &["ABC"]),
            (r"${FOO%%\**\*}", &["FOO=a***yy*"], Some("a"), &["FOO"], &[]),
            ("${FOO%}", XY, Some("xxyy"), &["FOO"], &[]),
            ("${FOO%%$BAR}", &["FOO=xxyy", "BAR="], Some("xxyy"), &["FOO", "BAR"], &[]),
            ("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", &["FOO=/foo*/*/*.txt", r"NEEDLE=\*/"],
                Some("/foo.*/*.txt - /foo..*.txt"), &["FOO", "NEEDLE"], &[]),
            ("${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", &["FOO=/tmp/tmp/bar.txt", "NEEDLE=/tmp"],
                Some("/tmp/bar.txt - /bar.txt"), &["FOO", "NEEDLE"], &[]),
            ("${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
                &["FOO=/a/foo/b/c.txt", "NEEDLE=/?/", "REPLACEMENT=/"],
                Some("/foo/b/c.txt - /foo/c.txt"), &["FOO", "NEEDLE", "REPLACEMENT"], &[]),
            ("${FOO/$NEEDLE/$REPLACEMENT}", &["FOO=http://google.de", "NEEDLE=http://", "REPLACEMENT=https://"],
                Some("https://google.de"), &["FOO", "NEEDLE", "REPLACEMENT"], &[]),
            (r"${FOO//\//\/}", &["FOO=/tmp/foo.txt"], Some(r"\/tmp\/foo.txt"), &["FOO"], &[]),
            ("${FOO/$BAR/ww}", &["FOO=xxyy", "BAR="], Some("wwxxyy"), &["FOO", "BAR"], &[]),
            ("${FOO//ww}", XY, None, &[], &[]),
            ("${FOO//}", XY, None, &[], &[]),
            ("${FOO///}", XY, Some("xxyy"), &["FOO"], &[]),
            ("${FOO///}", &[], Some(""), &[], &["FOO"]),
        ];
        for &(input, entries, expected, matched, unmatched) in cases {
            let got = Lexer::default().process(input, &env(entries));
            match expected {
                None => assert!(got.is_err(), "{input:?} gave {got:?}"),
                Some(expected) => {
                    let got = got.unwrap_or_else(|e| panic!("{input:?}: {e}"));
                    assert_eq!(got.result, expected, "{input:?}");
                    assert_eq!((got.matched, got.unmatched), (set(matched), set(unmatched)), "{input:?}");
                }
            }
        }
    }

    #[test]
    fn release_file_name_with_optional_variant() {
        let word = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
        let base = ["VERSION=v1.2.3", "TARGETOS=linux"];
        for (extra, expected) in [
            (&["TARGETARCH=arm", "TARGETVARIANT=v7"][..], "something-v1.2.3.linux-arm-v7.tar.gz"),
            (&["TARGETARCH=arm64", "TARGETVARIANT="][..], "something-v1.2.3.linux-arm64.tar.gz"),
            (&["TARGETARCH=arm64"][..], "something-v1.2.3.linux-arm64.tar.gz"),
        ] {
            let env = env(&[&base[..], extra].concat());
            assert_eq!(Lexer::default().process_word(word, &env).unwrap(), expected);
        }
    }

    #[test]
    fn mandatory_variables() {
        let (full, empty, unset) = (env(&["VAR=plain", "ARG=x"]), env(&["VAR=", "ARG=x"]), env(&["ARG=x"]));
        let run = |word: &str, env: &BTreeMap<String, String>| Lexer::default().process_word(word, env);
        let error = |message: &str| Err(ExpandError { message: message.to_string() });
        assert_eq!(run("${VAR:?message here$ARG}", &full), Ok("plain".to_string()));
        assert_eq!(run("${VAR:?message here$ARG}", &empty), error("VAR: message herex"));
        assert_eq!(run("${VAR:?message here$ARG}", &unset), error("VAR: message herex"));
        assert_eq!(run("${VAR?message here$ARG}", &full), Ok("plain".to_string()));
        assert_eq!(run("${VAR?message here$ARG}", &empty), Ok(String::new()));
        assert_eq!(run("${VAR?message here$ARG}", &unset), error("VAR: message herex"));
    }

    #[test]
    fn error_messages() {
        let env = env(&["E=", "S=s", r"B=a\"]);
        for (word, message) in [
            ("'a", "unexpected end of statement while looking for matching single-quote"),
            ("\"a", "unexpected end of statement while looking for matching double-quote"),
            ("${", "syntax error: missing '}'"),
            ("${a:", "syntax error: missing '}'"),
            ("${a:-b", "syntax error: missing '}'"),
            ("${a:-'b}", "syntax error: missing '}'"),
            ("${}", "syntax error: bad substitution"),
            ("${:-a}", "syntax error: bad substitution"),
            ("${{a}", "syntax error: bad substitution"),
            ("${a", "unsupported modifier (\u{FFFD}) in substitution"),
            ("${a:=b}", "unsupported modifier (:=) in substitution"),
            ("${a:#x}", "unsupported modifier (:#) in substitution"),
            ("${a:%x}", "unsupported modifier (:%) in substitution"),
            ("${a!}", "unsupported modifier (!) in substitution"),
            ("${U?}", "U: is not allowed to be unset"),
            ("${E:?}", "E: is not allowed to be empty"),
            ("${U:?go away}", "U: go away"),
            ("${S/x", "syntax error: missing '/' in ${}"),
            ("${S/x/y", "syntax error: missing '}'"),
            (r"${S#\x}", r"invalid pattern (\x) in substitution: invalid escape '\x'"),
            (r"${S%b\x}", r"invalid pattern (\xb) in substitution: invalid escape '\x'"),
            ("${S/$B/}", "invalid pattern (a\\) in substitution: invalid escape '\\\u{FFFD}'"),
        ] {
            let got = Lexer::default().process_word(word, &env).map_err(|e| e.to_string());
            assert_eq!(got, Err(message.to_string()), "{word:?}");
        }
    }

    #[test]
    fn trims_and_replacements() {
        let env = env(&["P=a/b/c", "NL=a\nx", "V=banana", "R0=<$0>", "RD=$$", "RN=[$x]", "RB=${0}", "RE=a$", "E="]);
        for (word, expected) in [
            ("${P#*/}", "b/c"), ("${P##*/}", "c"), ("${P%/*}", "a/b"), ("${P%%/*}", "a"), ("${P#x}", "a/b/c"),
            ("${P%?}", "a/b/"), ("${P#*}", "a/b/c"), ("${P##*}", ""), ("${P%%*}", ""),
            // `*` and `?` become a Go regexp `.`, which never matches a newline.
            ("${NL#*x}", "a\nx"), ("${NL//?/Z}", "Z\nZ"),
            ("${V/a*/X}", "bX"), ("${V/n?/X}", "baXna"), ("${V//n?/X}", "baXX"), ("${V/#b/X}", "banana"),
            ("${V//$E/-}", "-b-a-n-a-n-a-"),
            // Replace-all expands Go regexp templates in the replacement; replace-first does not.
            ("${V//a/$R0}", "b<a>n<a>n<a>"), ("${V/a/$R0}", "b<$0>nana"), ("${V//a/$RD}", "b$n$n$"),
            ("${V//a/$RN}", "b[]n[]n[]"), ("${V//a/$RB}", "banana"), ("${V//a/$RE}", "ba$na$na$"),
        ] {
            assert_eq!(Lexer::default().process_word(word, &env).unwrap(), expected, "{word:?}");
        }
    }

    #[test]
    fn pattern_helpers() {
        let reversals =
            [(r"a\*c", r"c\*a"), (r"\\\ab", r"b\a\\"), (r"ab\", r"\ba"), ("👽\\🚀🖖", "🖖\\🚀👽"), (r"\\b", r"b\\")];
        for (pattern, reversed) in reversals {
            assert_eq!(reverse_pattern(pattern), reversed);
        }
        let lits: Vec<Tok> = r"(()[]{}^$.*?|\".chars().map(Tok::Lit).collect();
        assert_eq!(parse_pattern(r"(()[]{\}^$.\*\?|\\"), Ok(lits));
        assert_eq!(parse_pattern("*?"), Ok(vec![Tok::Star, Tok::Any]));
        for invalid in [r"\", r"\x", r"\\\"] {
            assert!(parse_pattern(invalid).is_err(), "{invalid:?}");
        }
    }

    #[test]
    fn lexer_flags() {
        let env = env(&["X=1", "Y=1"]);
        let lex = Lexer { raw_quotes: true, skip_unset_env: true, ..Lexer::default() };
        let got = lex.process(r#"'a $X' "$Y" $Z ${W:-d} ${Y:-d} ${W##x} ${V/a/b} ${V//a/b}"#, &env).unwrap();
        assert_eq!(got.result, r#"'a $X' "1" $Z ${W:-d} 1 ${W##x} ${V/a/b} ${V/a/b}"#);
        assert_eq!((got.matched, got.unmatched), (set(&["Y"]), set(&["V", "W", "Z"])));

        let input = r#"a\ b "c\d\"" \$X"#;
        let raw = Lexer { raw_escapes: true, ..Lexer::default() };
        check(raw, input, &env, r#"a\ b c\\d\" \$X"#, &[r"a\ b", r#"c\\d\""#, r"\$X"]);
        check(Lexer::default(), input, &env, r#"a b c\d" $X"#, &["a b", r#"c\d""#, "$X"]);
        let plain = Lexer { skip_process_quotes: true, ..Lexer::default() };
        check(plain, r#"'$X' "a b""#, &env, r#"'1' "a b""#, &["'1'", "\"a", "b\""]);
        check(Lexer::new('`'), "a`$X \"b`\"c\" C:\\dir", &env, "a$X b\"c C:\\dir", &["a$X", "b\"c", "C:\\dir"]);
    }

    fn check(lex: Lexer, input: &str, env: &BTreeMap<String, String>, result: &str, words: &[&str]) {
        let got = lex.process(input, env).unwrap();
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        assert_eq!((got.result.as_str(), got.words), (result, words), "{input:?}");
    }

    #[test]
    fn splitting_names_and_env_sources() {
        check(Lexer::default(), r#"x$V"" """#, &env(&["V=  a  b "]), "x  a  b  ", &["x", "a", "b"]); // "" adds no word
        // Names follow Go's unicode.IsDigit (Nd) and IsLetter; a leading byte-order mark is dropped.
        let names = env(&["١٢=v", "a=A"]);
        let cases = [("$١٢x", "vx"), ("$²", "$²"), ("$aⅫ", "AⅫ"), ("\u{FEFF}a\u{FEFF}", "a\u{FEFF}")];
        for (word, expected) in cases {
            assert_eq!(Lexer::default().process_word(word, &names).unwrap(), expected, "{word:?}");
        }
        assert_eq!(build_env(["foo", "car=hat", "car=bike=x"]), env(&["car=bike=x", "foo="]));
        let map: HashMap<String, String> = [("A".to_string(), "1".to_string())].into();
        let closure = |name: &str| (name == "A").then(|| "2".to_string());
        assert_eq!(Lexer::default().process_word("$A", &map).unwrap(), "1");
        assert_eq!(Lexer::default().process_word("$A", &closure).unwrap(), "2");
    }

    #[test]
    fn hostile_input_stays_cheap() {
        let ok = format!("{}x{}", "${a:-\"".repeat(MAX_DEPTH - 1), "\"}".repeat(MAX_DEPTH - 1));
        assert_eq!(Lexer::default().process_word(&ok, &env(&[])).unwrap(), "x");
        let nested = Lexer::default().process_word(&"${a:-".repeat(100_000), &env(&[]));
        assert_eq!(nested.unwrap_err().message, "syntax error: substitutions nested too deeply");
        // A backtracking matcher would take exponential time on these.
        let env = build_env([format!("V={}", "a".repeat(3000)).as_str()]);
        for word in ["${V##*a*a*a*a*b}", "${V%%*a*a*a*a*b}", "${V//*a*a*a*a*b/x}", "${V/*a*a*a*a*b/x}"] {
            assert_eq!(Lexer::default().process_word(word, &env).unwrap().len(), 3000, "{word:?}");
        }
    }

    /// Reference for `find`: every (start, end) pair, full-match by recursion.
    fn brute_find(tokens: &[Tok], text: &[char], longest: bool) -> Option<(usize, usize)> {
        fn full(t: &[Tok], s: &[char]) -> bool {
            match (t.first(), s.first()) {
                (None, _) => s.is_empty(),
                (Some(Tok::Star), _) => full(&t[1..], s) || (s.first().is_some_and(|&c| c != '\n') && full(t, &s[1..])),
                (Some(&tok), Some(&c)) => {
                    c != '\n' && (tok == Tok::Any || tok == Tok::Lit(c)) && full(&t[1..], &s[1..])
                }
                (Some(_), None) => false,
            }
        }
        let start = (0..=text.len()).find(|&s| (s..=text.len()).any(|e| full(tokens, &text[s..e])))?;
        let mut ends = (start..=text.len()).filter(|&e| full(tokens, &text[start..e]));
        if longest { ends.next_back() } else { ends.next() }.map(|e| (start, e))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn never_panics_and_is_deterministic(
            word in prop_oneof![r#"[\\`'"${}:#%/?*+=\- ab0\n]{0,40}"#, any::<String>()],
            flags in any::<[bool; 5]>(),
        ) {
            let lex = Lexer {
                escape: if flags[4] { '`' } else { '\\' },
                raw_quotes: flags[0], raw_escapes: flags[1], skip_process_quotes: flags[2], skip_unset_env: flags[3],
            };
            let env = env(&["a=x y", "b=", r"c=*\?/}"]);
            let first = lex.process(&word, &env);
            if let Ok(expansion) = &first {
                prop_assert!(expansion.words.iter().all(|w| !w.is_empty()));
            }
            prop_assert_eq!(first, lex.process(&word, &env));
        }

        #[test]
        fn plain_text_is_unchanged(word in "[a-z0-9 _.,/-]{0,40}") {
            prop_assert_eq!(Lexer::default().process_word(&word, &env(&[])).unwrap(), word);
        }

        #[test]
        fn find_agrees_with_brute_force(pattern in "[ab*?]{0,6}", text in "[ab\n]{0,10}", anchored: bool) {
            let tokens = parse_pattern(&pattern).unwrap();
            let text: Vec<char> = text.chars().collect();
            for longest in [true, false].into_iter().filter(|&l| l || anchored) {
                let expected = brute_find(&tokens, &text, longest).filter(|&(s, _)| !anchored || s == 0);
                prop_assert_eq!(find(&tokens, &text, 0, anchored, longest), expected);
            }
        }
    }
}
