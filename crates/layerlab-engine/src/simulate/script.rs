//! Splits RUN text into simple commands the way `sh` would see them: `&&`, `||`, `;`, `|`,
//! `&` and newlines separate commands; `\`-newline continues a line; quotes and `$(…)` keep
//! words together; `#` comments are dropped; `if/then/else/fi`, `for/do/done`, `case/esac`
//! and `{ }` are unwrapped (commands in `else`/`elif` branches and in `case` arms are marked
//! conditional); `sh -c '…'` and `bash -c "…"` are split recursively.

use std::collections::HashMap;
use std::sync::Arc;

use crate::fxhash::FxBuild;
use crate::memo::Memo;

/// Scripts by their text.
pub(crate) type Scripts = HashMap<String, Arc<[Cmd]>, FxBuild>;

/// Where [`split`]s come from in one simulation: the scripts an earlier simulation split (an
/// edited build runs mostly the same ones), else the scripts split by earlier analyses (the app
/// analyses on every keystroke and most RUN texts do not change); and those split here when
/// this simulation is kept for builds edited from it.
pub(crate) struct Splits<'a> {
    pub earlier: Option<&'a Scripts>,
    pub kept: Option<Scripts>,
}

impl Splits<'_> {
    /// [`split`] of `text`, shared.
    pub fn split(&mut self, text: &str, escape: char) -> Arc<[Cmd]> {
        if let Some(commands) = self.earlier.and_then(|earlier| earlier.get(text)) {
            return Arc::clone(commands);
        }
        let commands = remembered_split(text, escape);
        if let Some(kept) = &mut self.kept {
            kept.insert(text.to_owned(), Arc::clone(&commands));
        }
        commands
    }
}

/// [`split`], remembered across analyses with the escape character it was split with.
fn remembered_split(text: &str, escape: char) -> Arc<[Cmd]> {
    static SPLITS: Memo<(char, Arc<[Cmd]>)> = Memo::new(1024);
    SPLITS.get_or_make(text, |(split_with, _)| *split_with == escape, || (escape, split(text, escape).into())).1
}

/// One simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cmd {
    pub words: Vec<String>,
    /// 0-based line within the script text where the command starts.
    pub line: usize,
    /// Inside an `if` body or after `||`: may not run (simulated, unknown parts only noted).
    pub conditional: bool,
    /// In an `else`/`elif` branch or a `case` arm: an alternative to code that is simulated,
    /// so it is skipped (simulating every branch would count both).
    pub alternative: bool,
}

#[derive(Debug, PartialEq)]
enum Tok {
    Word(String, usize),
    Sep(&'static str, usize),
}

#[allow(unused_assignments)] // the last `flush!` resets state nobody reads
fn tokenize(text: &str, escape: char) -> Vec<Tok> {
    // Works on bytes: every character it looks at is ASCII (or the escape character, matched
    // whole), so each slice it copies is cut at a character boundary; runs of other bytes are
    // copied at once.
    let b = text.as_bytes();
    let mut escape_buf = [0u8; 4];
    let escape = escape.encode_utf8(&mut escape_buf).as_bytes();
    let char_len = |i: usize| text[i..].chars().next().map_or(1, char::len_utf8);
    // Bytes that end a run of ordinary word bytes.
    let special = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'|' | b'&' | b'\'' | b'"' | b'$' | b'`' | b'\\') || c == escape[0];
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 0;
    let mut word = String::new();
    let mut word_line = 0;
    let mut in_word = false;
    let mut at_line_start = true;
    macro_rules! flush {
        () => {
            if in_word {
                out.push(Tok::Word(std::mem::take(&mut word), word_line));
                in_word = false;
            }
        };
    }
    while i < b.len() {
        let c = b[i];
        // Dockerfile comment lines inside a continued RUN, and sh comments.
        if c == b'#' && !in_word {
            i = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
            continue;
        }
        let escape_len = if b[i..].starts_with(escape) { escape.len() } else { usize::from(c == b'\\') };
        if escape_len > 0 && b.get(i + escape_len) == Some(&b'\n') {
            i += escape_len + 1;
            line += 1;
            at_line_start = true;
            continue;
        }
        if c == b'\n' {
            flush!();
            if !at_line_start {
                out.push(Tok::Sep("\n", line));
            }
            line += 1;
            i += 1;
            at_line_start = true;
            continue;
        }
        if c == b' ' || c == b'\t' || c == b'\r' {
            flush!();
            i += 1;
            continue;
        }
        at_line_start = false;
        if !in_word || matches!(c, b';' | b'|' | b'&') {
            let next = b.get(i + 1).copied();
            let op = match (c, next) {
                (b'&', Some(b'&')) => Some("&&"),
                (b'|', Some(b'|')) => Some("||"),
                (b';', Some(b';')) => Some(";;"),
                _ => match c {
                    b';' => Some(";"),
                    b'|' => Some("|"),
                    b'&' if next != Some(b'>') && (i == 0 || b[i - 1] != b'>') => Some("&"),
                    _ => None,
                },
            };
            if let Some(op) = op {
                flush!();
                out.push(Tok::Sep(op, line));
                i += op.len();
                continue;
            }
        }
        if !in_word {
            in_word = true;
            word_line = line;
        }
        match c {
            b'\'' => {
                let end = b[i + 1..].iter().position(|&c| c == b'\'').map_or(b.len(), |p| i + 1 + p);
                line += b[i + 1..end].iter().filter(|&&c| c == b'\n').count();
                word.push_str(&text[i + 1..end]);
                i = end + 1;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'$' && b.get(i + 1) == Some(&b'(') {
                        let end = subst_end(b, i, &mut line);
                        word.push_str(&text[i..end]);
                        i = end;
                        continue;
                    }
                    if b[i] == b'\\' && i + 1 < b.len() {
                        if b[i + 1] == b'\n' {
                            line += 1;
                            i += 2;
                            continue;
                        }
                        if matches!(b[i + 1], b'"' | b'\\' | b'$' | b'`') {
                            i += 1;
                        }
                    }
                    if b[i] == b'\n' {
                        line += 1;
                    }
                    let end = b[i + 1..].iter().position(|&c| matches!(c, b'"' | b'$' | b'\\' | b'\n')).map_or(b.len(), |p| i + 1 + p);
                    word.push_str(&text[i..end]);
                    i = end;
                }
                i += 1;
            }
            b'$' if b.get(i + 1) == Some(&b'(') => {
                let end = subst_end(b, i, &mut line);
                word.push_str(&text[i..end]);
                i = end;
            }
            b'`' => {
                let end = b[i + 1..].iter().position(|&c| c == b'`').map_or(b.len(), |p| i + 1 + p);
                word.push_str(&text[i..end]);
                word.push('`');
                i = end + 1;
            }
            b'\\' if i + 1 < b.len() => {
                let len = char_len(i + 1);
                word.push_str(&text[i + 1..i + 1 + len]);
                i += 1 + len;
            }
            _ => {
                let first = i + char_len(i);
                let end = b[first..].iter().position(|&c| special(c)).map_or(b.len(), |p| first + p);
                word.push_str(&text[i..end]);
                i = end;
            }
        }
    }
    flush!();
    out
}

/// The end (exclusive) of a `$(…)` starting at `start`, skipping quoted text; counts lines.
fn subst_end(b: &[u8], start: usize, line: &mut usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\n' => *line += 1,
            b'\\' => i += 1,
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    if b[i] == b'\n' {
                        *line += 1;
                    }
                    if q == b'"' && b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Splits `text` (a RUN's shell text or a heredoc script) into simple commands.
pub fn split(text: &str, escape: char) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut start_line = 0;
    // Block stack: true when the current branch is conditional.
    // Open blocks: (is an `if`, in its else/elif part).
    let mut blocks: Vec<(bool, bool)> = Vec::new();
    let mut after_or = false;
    let mut in_case = 0usize;
    let push = |current: &mut Vec<String>, line: usize, cond: (bool, bool), cmds: &mut Vec<Cmd>| {
        if !current.is_empty() {
            cmds.push(Cmd { words: std::mem::take(current), line, conditional: cond.0, alternative: cond.1 });
        }
    };
    let state = |after_or: bool, in_case: usize, blocks: &[(bool, bool)]| {
        let alternative = in_case > 0 || blocks.iter().any(|b| b.1);
        (after_or || alternative || blocks.iter().any(|b| b.0), alternative)
    };
    for tok in tokenize(text, escape) {
        match tok {
            Tok::Word(w, line) => {
                if current.is_empty() {
                    start_line = line;
                    match w.as_str() {
                        "if" | "while" | "until" => {
                            blocks.push((w == "if", false));
                            continue;
                        }
                        "then" | "do" | "{" | "(" | "!" => continue,
                        "else" | "elif" => {
                            if let Some(b) = blocks.last_mut() {
                                b.1 = true;
                            }
                            continue;
                        }
                        "fi" | "done" | "}" | ")" => {
                            blocks.pop();
                            continue;
                        }
                        "for" => {
                            // `for x in a b c` — the list is not a command.
                            current.push(w);
                            continue;
                        }
                        "case" => {
                            in_case += 1;
                            current.push(w);
                            continue;
                        }
                        "esac" => {
                            in_case = in_case.saturating_sub(1);
                            continue;
                        }
                        _ => {}
                    }
                    // A case arm pattern: `'amd64')`, `*)`.
                    if in_case > 0 && w.ends_with(')') && !w.contains('(') {
                        continue;
                    }
                }
                if w == "in" && current.first().is_some_and(|c| c == "case") {
                    current.clear();
                    continue;
                }
                current.push(w);
            }
            Tok::Sep(op, _) => {
                let cond = state(after_or, in_case, &blocks);
                if current.first().is_some_and(|w| w == "for" || w == "case") {
                    current.clear();
                }
                push(&mut current, start_line, cond, &mut cmds);
                after_or = op == "||";
            }
        }
    }
    let cond = state(after_or, in_case, &blocks);
    if current.first().is_some_and(|w| w == "for" || w == "case") {
        current.clear();
    }
    push(&mut current, start_line, cond, &mut cmds);
    // `sh -c 'script'` / `bash -ec "…"`: split the script too.
    let mut out = Vec::new();
    for cmd in cmds {
        let shell = matches!(crate::scan::base_name(&cmd.words[0]), "sh" | "bash" | "ash" | "dash" | "su" | "runuser");
        let c_flag = cmd.words.iter().skip(1).position(|w| w.starts_with('-') && w.contains('c') && !w.starts_with("--"));
        match (shell, c_flag) {
            (true, Some(p)) if cmd.words.len() > p + 2 => {
                for mut inner in split(&cmd.words[p + 2], escape) {
                    inner.line += cmd.line;
                    inner.conditional |= cmd.conditional;
                    inner.alternative |= cmd.alternative;
                    out.push(inner);
                }
            }
            _ => out.push(cmd),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        split(text, '\\').iter().map(|c| c.words.join(" ")).collect()
    }

    /// A remembered split is the one made afresh with the escape character asked for.
    #[test]
    fn remembered_splits_are_fresh_ones() {
        let texts = ["apt-get update && apt-get install -y curl", "echo a`\nb && ls \\\nc", "if true; then make; else exit 1; fi"];
        for text in texts {
            for escape in ['\\', '`', '\\'] {
                assert_eq!(*remembered_split(text, escape), *split(text, escape), "{text:?} {escape}");
            }
        }
        assert_ne!(split(texts[1], '\\'), split(texts[1], '`'), "the escape character changes the split");
    }

    #[test]
    fn splits_like_sh() {
        let cases: &[(&str, &[&str])] = &[
            ("apt-get update && apt-get install -y curl", &["apt-get update", "apt-get install -y curl"]),
            ("set -eux; \\\n\tapt-get update; \\\n\trm -rf /x", &["set -eux", "apt-get update", "rm -rf /x"]),
            ("a || b | c & d\ne", &["a", "b", "c", "d", "e"]),
            ("echo 'a && b' \"c; d\"", &["echo a && b c; d"]),
            ("x=\"$(date '+%s')\"; y", &["x=$(date '+%s')", "y"]),
            ("if [ -f a ]; then rm a; else touch b; fi", &["[ -f a ]", "rm a", "touch b"]),
            ("for p in a b; do echo $p; done", &["echo $p"]),
            ("sh -c 'apk add curl && rm -rf /tmp/x'", &["apk add curl", "rm -rf /tmp/x"]),
            ("a \\\n# comment line\n  b", &["a b"]),
            ("case \"$arch\" in 'amd64') url=x ;; *) exit 1 ;; esac; tar xf y", &["url=x", "exit 1", "tar xf y"]),
            ("echo hi 2>&1 >/dev/null", &["echo hi 2>&1 >/dev/null"]),
            ("d=\"$( \\\n scan | awk 'system(\"[ -e /x/\" $1 \" ]\") == 0' )\"; apk add $d", &["d=$( \\\n scan | awk 'system(\"[ -e /x/\" $1 \" ]\") == 0' )", "apk add $d"]),
        ];
        for (text, expected) in cases {
            assert_eq!(words(text), *expected, "{text}");
        }
    }

    #[test]
    fn lines_and_conditions() {
        let cmds = split("a; \\\n b\nif x; then y; else z; fi\nfalse || w", '\\');
        let lines: Vec<usize> = cmds.iter().map(|c| c.line).collect();
        assert_eq!(lines, [0, 1, 2, 2, 2, 3, 3]);
        let cond: Vec<bool> = cmds.iter().map(|c| c.conditional).collect();
        assert_eq!(cond, [false, false, true, true, true, false, true]);
        let alt: Vec<bool> = cmds.iter().map(|c| c.alternative).collect();
        assert_eq!(alt, [false, false, false, false, true, false, false]);
    }
}
