//! Splits RUN text into simple commands the way `sh` would see them: `&&`, `||`, `;`, `|`,
//! `&` and newlines separate commands; `\`-newline continues a line; quotes and `$(…)` keep
//! words together; `#` comments are dropped; `if/then/else/fi`, `for/do/done`, `case/esac`
//! and `{ }` are unwrapped (commands in `else`/`elif` branches and in `case` arms are marked
//! conditional); `sh -c '…'` and `bash -c "…"` are split recursively.

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
    let chars: Vec<char> = text.chars().collect();
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
    while i < chars.len() {
        let c = chars[i];
        // Dockerfile comment lines inside a continued RUN, and sh comments.
        if c == '#' && !in_word {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if (c == escape || c == '\\') && chars.get(i + 1) == Some(&'\n') {
            i += 2;
            line += 1;
            at_line_start = true;
            continue;
        }
        if c == '\n' {
            flush!();
            if !at_line_start {
                out.push(Tok::Sep("\n", line));
            }
            line += 1;
            i += 1;
            at_line_start = true;
            continue;
        }
        if c == ' ' || c == '\t' || c == '\r' {
            flush!();
            i += 1;
            continue;
        }
        at_line_start = false;
        if !in_word || matches!(c, ';' | '|' | '&') {
            let next = chars.get(i + 1).copied();
            let op = match (c, next) {
                ('&', Some('&')) => Some("&&"),
                ('|', Some('|')) => Some("||"),
                (';', Some(';')) => Some(";;"),
                _ => match c {
                    ';' => Some(";"),
                    '|' => Some("|"),
                    '&' if chars.get(i + 1) != Some(&'>') && (i == 0 || chars[i - 1] != '>') => Some("&"),
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
            '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    word.push(chars[i]);
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '$' && chars.get(i + 1) == Some(&'(') {
                        let end = subst_end(&chars, i, &mut line);
                        word.extend(&chars[i..end]);
                        i = end;
                        continue;
                    }
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        if chars[i + 1] == '\n' {
                            line += 1;
                            i += 2;
                            continue;
                        }
                        if matches!(chars[i + 1], '"' | '\\' | '$' | '`') {
                            i += 1;
                        }
                    }
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    word.push(chars[i]);
                    i += 1;
                }
                i += 1;
            }
            '$' if chars.get(i + 1) == Some(&'(') => {
                let end = subst_end(&chars, i, &mut line);
                word.extend(&chars[i..end]);
                i = end;
            }
            '`' => {
                word.push(c);
                i += 1;
                while i < chars.len() && chars[i] != '`' {
                    word.push(chars[i]);
                    i += 1;
                }
                word.push('`');
                i += 1;
            }
            '\\' if i + 1 < chars.len() => {
                word.push(chars[i + 1]);
                i += 2;
            }
            _ => {
                word.push(c);
                i += 1;
            }
        }
    }
    flush!();
    out
}

/// The end (exclusive) of a `$(…)` starting at `start`, skipping quoted text; counts lines.
fn subst_end(chars: &[char], start: usize, line: &mut usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            '\n' => *line += 1,
            '\\' => i += 1,
            q @ ('\'' | '"') => {
                i += 1;
                while i < chars.len() && chars[i] != q {
                    if chars[i] == '\n' {
                        *line += 1;
                    }
                    if q == '"' && chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len()
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
        let shell = matches!(cmd.words[0].rsplit('/').next(), Some("sh" | "bash" | "ash" | "dash" | "su" | "runuser"));
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
