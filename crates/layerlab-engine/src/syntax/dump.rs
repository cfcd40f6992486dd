//! BuildKit's `Node.Dump()` format: one `(cmd ["--flag"] "arg" ...)` per instruction.
use std::sync::Arc;

use super::{Command, Instruction};

pub fn dump(instructions: &[Arc<Instruction>]) -> String {
    instructions.iter().map(|i| format!("({})\n", dump_command(&i.command))).collect()
}

fn dump_command(command: &Command) -> String {
    let mut out = command.name.to_lowercase();
    if !command.flags.is_empty() {
        let flags: Vec<String> = command.flags.iter().map(|f| go_quote(&f.raw)).collect();
        out.push_str(&format!(" [{}]", flags.join(" ")));
    }
    for arg in &command.args {
        out.push(' ');
        out.push_str(&go_quote(&arg.value));
    }
    if let Some(trigger) = &command.trigger {
        out.push_str(&format!(" ({})", dump_command(trigger)));
    }
    out.trim().to_owned()
}

/// Go's `strconv.Quote`: a double-quoted literal with Go escapes for non-printable characters.
pub fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if !is_go_printable(c) && (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if !is_go_printable(c) => out.push_str(&format!("\\U{:08x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint`: controls, non-ASCII spaces, format characters
/// and private-use characters are not printable.
fn is_go_printable(c: char) -> bool {
    let code = c as u32;
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(code, 0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F)
        || matches!(code, 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB)
        || matches!(code, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF | 0xE0000..=0xE007F | 0xFFFE | 0xFFFF))
}
