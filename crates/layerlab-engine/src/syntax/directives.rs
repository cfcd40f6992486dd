//! Parser directives (`# syntax=`, `# escape=`, `# check=`): only at the top of the file.

/// Scans lines for directives until the first line that is not one (BuildKit's
/// `DirectiveParser`).
#[derive(Default)]
pub struct DirectiveScanner {
    done: bool,
    seen: Vec<String>,
}

pub enum DirectiveLine {
    /// Not a directive (scanning may have stopped).
    None,
    Directive { name: String, value: String },
    /// A directive BuildKit rejects; the message is BuildKit's.
    Error { name: String, message: String },
}

impl DirectiveScanner {
    /// A scanner past the directives, as after any instruction (directives come first).
    pub fn finished() -> DirectiveScanner {
        DirectiveScanner { done: true, seen: Vec::new() }
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Examines one left-trimmed line without its newline.
    pub fn scan(&mut self, line: &str) -> DirectiveLine {
        if self.done {
            return DirectiveLine::None;
        }
        let Some((name, value)) = line.strip_prefix('#').and_then(|rest| split_directive(rest.trim_start())) else {
            self.done = true;
            return DirectiveLine::None;
        };
        let name = name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.done = true;
            return DirectiveLine::None;
        }
        if self.seen.contains(&name) {
            let message = format!("only one {name} parser directive can be used");
            return DirectiveLine::Error { name, message };
        }
        self.seen.push(name.clone());
        if name == "escape" && value != "\\" && value != "`" {
            let message = format!("invalid escape token '{value}' does not match ` or \\");
            return DirectiveLine::Error { name, message };
        }
        DirectiveLine::Directive { name, value: value.to_owned() }
    }
}

/// `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` with RE2's ASCII `\s`.
fn split_directive(text: &str) -> Option<(&str, &str)> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r');
    let name_len = text.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(text.len());
    if name_len == 0 || !text.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let after_equals = text[name_len..].trim_start_matches(is_space).strip_prefix('=')?;
    let value = after_equals.trim_start_matches(is_space).trim_end_matches(is_space);
    if value.is_empty() {
        // `(.+?)` must take one character: with only blanks left, it takes the last one.
        let last = after_equals.chars().last()?;
        return Some((&text[..name_len], &after_equals[after_equals.len() - last.len_utf8()..]));
    }
    Some((&text[..name_len], value))
}
