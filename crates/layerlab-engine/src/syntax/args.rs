//! The AST phase's per-instruction argument parsers (BuildKit's `line_parsers.go`), one table.
//!
//! Each parser receives the argument text (after flags, trimmed) and returns BuildKit's argument
//! chain with logical ranges, or the AST-phase error BuildKit would return.
use super::json::{self, JsonArray};
use super::{flags, Keyword};

/// An argument with its range in the logical line (empty range for synthesised values).
pub struct Arg {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// One parsed instruction (BuildKit's `Node`) in logical-line coordinates.
pub struct Node {
    pub keyword: Keyword,
    pub name: String,
    pub name_range: (usize, usize),
    pub flags: Vec<flags::FlagWord>,
    pub args: Vec<Arg>,
    pub json: bool,
    pub trigger: Option<Box<Node>>,
}

/// BuildKit's `newNodeFromLine`: keyword, flags, then the keyword's argument parser.
/// `offset` is where `line` starts in the logical line.
pub fn node_from_line(line: &str, offset: usize, escape: char) -> Result<Node, String> {
    let lead = line.len() - line.trim_start().len();
    let trimmed = line.trim();
    let name_len = trimmed.find(is_token_space).unwrap_or(trimmed.len());
    let name = &trimmed[..name_len];
    let keyword = Keyword::from_name(&name.to_lowercase());
    let mut node = Node {
        keyword,
        name: name.to_owned(),
        name_range: (offset + lead, offset + lead + name_len),
        flags: Vec::new(),
        args: Vec::new(),
        json: false,
        trigger: None,
    };
    let after_name = &trimmed[name_len..];
    let rest_start = trimmed[name_len..].len() - after_name.trim_start_matches(is_token_space).len();
    if name_len == trimmed.len() {
        return finish(node, "", offset + lead + name_len, escape);
    }
    let rest_offset = offset + lead + name_len + rest_start;
    let rest = &after_name[rest_start..];
    let (flag_words, args_at) = flags::extract(rest);
    node.flags = flag_words
        .into_iter()
        .map(|f| flags::FlagWord { raw: f.raw, start: f.start + rest_offset, end: f.end + rest_offset })
        .collect();
    let remaining = &rest[args_at..];
    let args = remaining.trim();
    let args_offset = rest_offset + args_at + (remaining.len() - remaining.trim_start().len());
    finish(node, args, args_offset, escape)
}

fn finish(mut node: Node, args: &str, offset: usize, escape: char) -> Result<Node, String> {
    let shift = |arg: Arg| Arg { start: arg.start + offset, end: arg.end + offset, ..arg };
    match node.keyword {
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
            let (args, json) = maybe_json(args)?;
            node.args = args.into_iter().map(shift).collect();
            node.json = json;
        }
        Keyword::Add | Keyword::Copy | Keyword::Volume => {
            let (args, json) = maybe_json_to_list(args)?;
            node.args = args.into_iter().map(shift).collect();
            node.json = json;
        }
        Keyword::From | Keyword::Expose => node.args = whitespace_delimited(args).into_iter().map(shift).collect(),
        Keyword::Env | Keyword::Label => node.args = name_values(args, node.keyword, escape)?.into_iter().map(shift).collect(),
        Keyword::Arg => node.args = words(args, escape).into_iter().map(shift).collect(),
        Keyword::Healthcheck => {
            let (args, json) = health_config(args)?;
            node.args = args.into_iter().map(shift).collect();
            node.json = json;
        }
        Keyword::Maintainer | Keyword::User | Keyword::Workdir | Keyword::Stopsignal => {
            if !args.is_empty() {
                node.args = vec![shift(Arg { value: args.to_owned(), start: 0, end: args.len() })];
            }
        }
        Keyword::Onbuild => {
            if !args.is_empty() {
                node.trigger = Some(Box::new(node_from_line(args, offset, escape)?));
            }
        }
        // BuildKit keeps unknown instructions in the AST with one empty argument.
        Keyword::Unknown => node.args = vec![Arg { value: String::new(), start: offset, end: offset }],
    }
    Ok(node)
}

/// `[\t\v\f\r ]`: BuildKit's separator between keyword, words of FROM/EXPOSE, legacy ENV.
fn is_token_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\x0b' | '\x0c' | '\r')
}

fn whitespace_delimited(text: &str) -> Vec<Arg> {
    let mut args = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (is_token_space(c), start) {
            (true, Some(s)) => {
                args.push(Arg { value: text[s..i].to_owned(), start: s, end: i });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    args
}

fn json_args(text: &str) -> Result<Option<Vec<Arg>>, String> {
    if !text.starts_with('[') {
        return Ok(None);
    }
    match json::parse_array(text, 0) {
        JsonArray::Strings(strings) => {
            Ok(Some(strings.into_iter().map(|s| Arg { value: s.value, start: s.start, end: s.end }).collect()))
        }
        JsonArray::NotStrings => Err("when using JSON array syntax, arrays must be comprised of strings only".into()),
        JsonArray::Invalid => Ok(None),
    }
}

fn maybe_json(text: &str) -> Result<(Vec<Arg>, bool), String> {
    if text.is_empty() {
        return Ok((Vec::new(), false));
    }
    Ok(match json_args(text)? {
        Some(args) => (args, true),
        None => (vec![Arg { value: text.to_owned(), start: 0, end: text.len() }], false),
    })
}

fn maybe_json_to_list(text: &str) -> Result<(Vec<Arg>, bool), String> {
    Ok(match json_args(text)? {
        Some(args) => (args, true),
        None => (whitespace_delimited(text), false),
    })
}

/// HEALTHCHECK: a type word, then maybe-JSON.
fn health_config(text: &str) -> Result<(Vec<Arg>, bool), String> {
    let type_len = text.find(|c: char| c.is_ascii_whitespace() || c == '\x0b').unwrap_or(text.len());
    if type_len == 0 {
        return Ok((Vec::new(), false));
    }
    let rest = &text[type_len..];
    let rest_at = type_len + rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b').len();
    let (command, json) = maybe_json(&text[rest_at..])?;
    let mut args = vec![Arg { value: text[..type_len].to_owned(), start: 0, end: type_len }];
    args.extend(command.into_iter().map(|a| Arg { start: a.start + rest_at, end: a.end + rest_at, ..a }));
    Ok((args, json))
}

/// BuildKit's `parseWords`: quote-aware splitting that keeps quotes and escapes in the words.
pub fn words(text: &str, escape: char) -> Vec<Arg> {
    let mut words = Vec::new();
    let mut word = String::with_capacity(text.len().min(64));
    let mut start = None;
    let mut quote = None;
    let mut blank_ok = false;
    let mut chars = text.char_indices().peekable();
    while let Some((pos, ch)) = chars.next() {
        let Some(word_start) = start else {
            if !ch.is_whitespace() {
                start = Some(pos);
                reprocess(&mut word, &mut quote, &mut blank_ok, ch, &mut chars, escape, text.len());
            }
            continue;
        };
        if quote.is_none() && ch.is_whitespace() {
            if blank_ok || !word.is_empty() {
                words.push(Arg { value: std::mem::take(&mut word), start: word_start, end: pos });
            }
            start = None;
            blank_ok = false;
            continue;
        }
        reprocess(&mut word, &mut quote, &mut blank_ok, ch, &mut chars, escape, text.len());
    }
    if let Some(word_start) = start {
        if blank_ok || !word.is_empty() {
            words.push(Arg { value: word, start: word_start, end: text.len() });
        }
    }
    words
}

/// One non-separating character of `parseWords` (in a word or in quotes).
fn reprocess(
    word: &mut String,
    quote: &mut Option<char>,
    blank_ok: &mut bool,
    ch: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    escape: char,
    len: usize,
) {
    let at_end = |chars: &mut std::iter::Peekable<std::str::CharIndices>| chars.peek().is_none_or(|&(p, _)| p >= len);
    match *quote {
        None => {
            if ch == '\'' || ch == '"' {
                *quote = Some(ch);
                *blank_ok = true;
            }
            if ch == escape {
                if at_end(chars) {
                    return; // an escape at the very end is dropped
                }
                word.push(ch);
                let (_, next) = chars.next().expect("checked not at end");
                word.push(next);
                return;
            }
            word.push(ch);
        }
        Some(q) => {
            if ch == q {
                *quote = None;
            }
            if ch == escape && q != '\'' {
                if at_end(chars) {
                    *quote = None;
                    return;
                }
                word.push(ch);
                let (_, next) = chars.next().expect("checked not at end");
                word.push(next);
                return;
            }
            word.push(ch);
        }
    }
}

/// ENV and LABEL: `key=value ...`, or the legacy `key value` taking the whole rest.
fn name_values(text: &str, keyword: Keyword, escape: char) -> Result<Vec<Arg>, String> {
    let words = words(text, escape);
    let Some(first) = words.first() else { return Ok(Vec::new()) };
    let synthetic = |value: &str, at: usize| Arg { value: value.to_owned(), start: at, end: at };
    if !first.value.contains('=') {
        let key_len = text.find(is_token_space).unwrap_or(text.len());
        let value_at = key_len + text[key_len..].len() - text[key_len..].trim_start_matches(is_token_space).len();
        if key_len == text.len() {
            return Err(format!("{} must have two arguments", keyword.as_str()));
        }
        return Ok(vec![
            Arg { value: text[..key_len].to_owned(), start: 0, end: key_len },
            Arg { value: text[value_at..].to_owned(), start: value_at, end: text.len() },
            synthetic("", text.len()),
        ]);
    }
    let mut args = Vec::new();
    for word in words {
        let Some((key, value)) = word.value.split_once('=') else {
            return Err(format!(
                "Syntax error - can't find = in {}. Must be of the form: name=value",
                super::dump::go_quote(&word.value)
            ));
        };
        let value_at = word.start + key.len() + 1;
        args.push(Arg { value: key.to_owned(), start: word.start, end: word.start + key.len() });
        args.push(Arg { value: value.to_owned(), start: value_at, end: word.end.max(value_at) });
        args.push(synthetic("=", value_at - 1));
    }
    Ok(args)
}
