//! Editing the textarea the way a person would, so that the browser's own undo history keeps
//! every change: Tab and Shift+Tab, and text replaced from outside (a fix, an example).
use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlElement, HtmlTextAreaElement};

use super::lines::{byte_offset, utf16_offset};

/// Spaces one indentation level inserts.
const INDENT: &str = "    ";

/// A replacement of `start..end` (byte offsets) by `text`, then the selection `select`.
#[derive(Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub select: (usize, usize),
}

/// Tab (or Shift+Tab, `outdent`) on `text` with the selection `start..end` (bytes).
/// A caret gets spaces up to the next tab stop; a selection over several lines, or Shift+Tab,
/// indents or outdents each whole line. `None` when nothing changes.
pub fn indent(text: &str, start: usize, end: usize, outdent: bool) -> Option<TextEdit> {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    if !outdent && !text[start..end].contains('\n') {
        let column = text[line_start(start)..start].chars().count();
        let spaces = INDENT.len() - column % INDENT.len();
        let caret = start + spaces;
        return Some(TextEdit { start, end, text: " ".repeat(spaces), select: (caret, caret) });
    }
    // A selection ending at the very start of a line leaves that line alone.
    let last = if end > start && text[..end].ends_with('\n') { end - 1 } else { end };
    let block_start = line_start(start);
    let block_end = text[last..].find('\n').map_or(text.len(), |i| last + i);
    let mut block = String::with_capacity(block_end - block_start + 16);
    let mut first_delta = 0isize;
    let mut total_delta = 0isize;
    for (index, line) in text[block_start..block_end].split('\n').enumerate() {
        if index > 0 {
            block.push('\n');
        }
        let delta = if outdent {
            let removed = if line.starts_with('\t') { 1 } else { (line.len() - line.trim_start_matches(' ').len()).min(INDENT.len()) };
            block.push_str(&line[removed..]);
            -(removed as isize)
        } else if line.is_empty() {
            0
        } else {
            block.push_str(INDENT);
            block.push_str(line);
            INDENT.len() as isize
        };
        if index == 0 {
            first_delta = delta;
        }
        total_delta += delta;
    }
    if total_delta == 0 {
        return None;
    }
    let new_start = (start as isize + first_delta).max(block_start as isize) as usize;
    let new_end = ((end as isize + total_delta).max(new_start as isize)) as usize;
    Some(TextEdit { start: block_start, end: block_end, text: block, select: (new_start, new_end) })
}

/// Replaces `start..end` (bytes of `text`, the textarea's value) through the browser's editing
/// commands, so Ctrl+Z undoes it; falls back to setting the value. Keeps focus where it was.
pub fn apply(textarea: &HtmlTextAreaElement, text: &str, edit: &TextEdit) {
    let document = textarea.owner_document();
    let previous = document.as_ref().and_then(|d| d.active_element()).and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let refocus = previous.as_ref().filter(|p| !p.is_same_node(Some(textarea)));
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = textarea.focus_with_options(&options);
    let (start16, end16) = (utf16_offset(text, edit.start) as u32, utf16_offset(text, edit.end) as u32);
    let _ = textarea.set_selection_range(start16, end16);
    let command = if edit.text.is_empty() { "delete" } else { "insertText" };
    let done = document
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .and_then(|d| d.exec_command_with_show_ui_and_value(command, false, &edit.text).ok())
        .unwrap_or(false);
    let mut expected = String::with_capacity(text.len() + edit.text.len());
    expected.push_str(&text[..edit.start]);
    expected.push_str(&edit.text);
    expected.push_str(&text[edit.end..]);
    if !done || (start16 == end16 && edit.text.is_empty()) || textarea.value() != expected {
        textarea.set_value(&expected);
    }
    let (a, b) = edit.select;
    let _ = textarea.set_selection_range(utf16_offset(&expected, a) as u32, utf16_offset(&expected, b) as u32);
    if let Some(previous) = refocus {
        let _ = previous.focus();
    }
}

/// The smallest edit that turns `old` into `new`: their common start and end are kept, so the
/// caret lands after the change and undo restores only what changed.
pub fn difference(old: &str, new: &str) -> TextEdit {
    let prefix = old.char_indices().zip(new.chars()).find(|&((_, a), b)| a != b).map_or(old.len().min(new.len()), |((i, _), _)| i);
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>()
        .min(max_suffix);
    let inserted = &new[prefix..new.len() - suffix];
    let caret = prefix + inserted.len();
    TextEdit { start: prefix, end: old.len() - suffix, text: inserted.to_owned(), select: (caret, caret) }
}

/// The selection of a textarea as byte offsets of `text` (its value).
pub fn selection(textarea: &HtmlTextAreaElement, text: &str) -> (usize, usize) {
    let start = textarea.selection_start().ok().flatten().unwrap_or(0) as usize;
    let end = textarea.selection_end().ok().flatten().unwrap_or(0) as usize;
    (byte_offset(text, start), byte_offset(text, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, start: usize, end: usize, outdent: bool) -> Option<(String, (usize, usize))> {
        indent(text, start, end, outdent).map(|e| (format!("{}{}{}", &text[..e.start], e.text, &text[e.end..]), e.select))
    }

    #[test]
    fn tab_at_a_caret_inserts_spaces_to_the_next_stop() {
        assert_eq!(run("RUN a", 0, 0, false), Some(("    RUN a".into(), (4, 4))));
        assert_eq!(run("RUN a", 3, 3, false), Some(("RUN  a".into(), (4, 4))));
    }

    #[test]
    fn tab_on_several_lines_indents_them_and_shift_tab_outdents() {
        let text = "RUN a \\\n&& b \\\n\n&& c\nEND";
        let (indented, select) = run(text, 8, 19, false).unwrap();
        assert_eq!(indented, "RUN a \\\n    && b \\\n\n    && c\nEND");
        assert_eq!(select, (12, 27));
        let (back, _) = run(&indented, 12, 27, true).unwrap();
        assert_eq!(back, text);
        assert_eq!(run("\tx\n  y", 0, 6, true).unwrap().0, "x\ny");
        assert_eq!(run("x", 1, 1, true), None, "nothing to outdent");
    }

    #[test]
    fn a_selection_ending_at_a_line_start_leaves_that_line() {
        assert_eq!(run("a\nb\n", 0, 2, false).unwrap().0, "    a\nb\n");
    }

    #[test]
    fn difference_keeps_the_common_start_and_end() {
        let edit = difference("RUN apt-get install curl", "RUN apt-get install -y curl");
        assert_eq!((edit.start, edit.end, edit.text.as_str()), (20, 20, "-y "));
        let edit = difference("aaa", "aa");
        assert_eq!((edit.start, edit.end, edit.text.as_str()), (2, 3, ""));
        let edit = difference("é1", "é2");
        assert_eq!((edit.start, edit.end, edit.text.as_str()), (2, 3, "2"));
        let edit = difference("", "x");
        assert_eq!((edit.start, edit.end, edit.text.as_str(), edit.select), (0, 0, "x", (1, 1)));
    }
}
