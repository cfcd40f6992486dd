//! The editor's text model for rendering: lines, highlighted pieces with squiggles, problems by
//! position, and the conversions between the browser's UTF-16 offsets and Rust's byte offsets.
//! Pure, so it is unit-tested; the components only turn it into elements.
use layerlab_engine::rules::{self, Finding};
use layerlab_engine::sorting;
use layerlab_engine::syntax::highlight::{highlight, Highlight, HighlightKind};
use layerlab_engine::syntax::{self, Diagnostic, Keyword, Syntax};
use layerlab_engine::Report;

/// Columns a tab advances to (the textarea's `tab-size`).
pub const TAB_SIZE: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// A diagnostic or a rule finding, placed in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub level: Level,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub end_line: usize,
    pub message: String,
    pub code: &'static str,
    /// The rule's kebab-case name; empty for parser and model diagnostics.
    pub name: &'static str,
}

impl Problem {
    fn from_diagnostic(d: &Diagnostic) -> Problem {
        let level = match d.severity {
            syntax::Severity::Error => Level::Error,
            syntax::Severity::Warning => Level::Warning,
            syntax::Severity::Info => Level::Info,
        };
        Problem {
            level,
            start: d.span.start,
            end: d.span.end,
            line: d.line,
            end_line: d.end_line,
            message: d.message.clone(),
            code: d.code,
            name: "",
        }
    }

    fn from_finding(f: &Finding) -> Problem {
        let level = match f.severity {
            rules::Severity::Error => Level::Error,
            rules::Severity::Warning => Level::Warning,
            rules::Severity::Info | rules::Severity::Style => Level::Info,
        };
        Problem {
            level,
            start: f.span.start,
            end: f.span.end,
            line: f.line,
            end_line: f.end_line,
            message: f.message.clone(),
            code: f.code,
            name: f.name,
        }
    }

    /// Covers byte `offset`; an empty range covers the character it points at.
    pub fn covers(&self, offset: usize) -> bool {
        (self.start <= offset && offset < self.end) || (self.start == self.end && self.start == offset)
    }
}

/// Every problem of the report, in text order.
pub fn problems(report: &Report) -> Vec<Problem> {
    let mut all: Vec<Problem> = report.diagnostics.iter().map(Problem::from_diagnostic).collect();
    all.extend(report.findings.iter().map(Problem::from_finding));
    sorting::sort_by_key(&mut all, |p| (p.start, p.level));
    all
}

/// The problems found in `old`, placed in `new` while `new` waits for its analysis: those
/// before the edited stretch stay, those after it move with the text, those around it stretch
/// with it, and those in it are dropped (what the edit did there is unknown until then).
pub fn moved_by_edit(problems: &[Problem], old: &str, new: &str) -> Vec<Problem> {
    // The edited stretch: old[prefix..old_end] became new[prefix..new_end], on char boundaries
    // (bytes shared by both texts are split into chars alike).
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = old.len().min(new.len()) - prefix;
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(room).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) {
        suffix -= 1;
    }
    let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
    let newlines = |text: &str| text.bytes().filter(|&b| b == b'\n').count() as isize;
    let lines = newlines(&new[prefix..new_end]) - newlines(&old[prefix..old_end]);
    let bytes = new_end as isize - old_end as isize;
    let moved = |at: usize, by: isize| at.saturating_add_signed(by);
    problems
        .iter()
        .filter_map(|problem| {
            let before = problem.end < prefix || (problem.end == prefix && problem.start < problem.end);
            let after = problem.start >= old_end;
            let around = problem.start < prefix && problem.end > old_end;
            let mut placed = problem.clone();
            if after {
                placed.start = moved(problem.start, bytes);
                placed.line = moved(problem.line, lines);
            }
            if after || around {
                placed.end = moved(problem.end, bytes);
                placed.end_line = moved(problem.end_line, lines);
            }
            (before || after || around).then_some(placed)
        })
        .collect()
}

/// The parsed text: its lines and highlighted spans.
pub struct Document {
    pub syntax: Syntax,
    pub highlights: Vec<Highlight>,
    /// Byte offset where each line starts.
    pub line_starts: Vec<usize>,
}

impl Document {
    pub fn new(text: &str) -> Document {
        let syntax = syntax::parse(text);
        let highlights = highlight(&syntax);
        Document { line_starts: line_starts(&syntax.source), highlights, syntax }
    }

    pub fn text(&self) -> &str {
        &self.syntax.source
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of 1-based `line`, without its newline.
    pub fn line_range(&self, line: usize) -> (usize, usize) {
        let text = self.text();
        let start = self.line_starts[line.clamp(1, self.line_count()) - 1];
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        (start, end)
    }

    /// The instruction keyword whose instruction covers `line`, e.g. `RUN` on a continuation line.
    pub fn keyword_at_line(&self, line: usize) -> Option<Keyword> {
        let index = self.syntax.instructions.partition_point(|i| i.start_line <= line);
        let instruction = self.syntax.instructions.get(index.checked_sub(1)?)?;
        (instruction.end_line >= line && instruction.command.keyword != Keyword::Unknown).then_some(instruction.command.keyword)
    }

    /// The keyword under byte `offset`, if the offset is on one.
    pub fn keyword_at(&self, offset: usize) -> Option<Keyword> {
        let index = self.highlights.partition_point(|h| h.span.end <= offset);
        let h = self.highlights.get(index)?;
        let on_it = h.kind == HighlightKind::Keyword && h.span.start <= offset;
        let keyword = Keyword::from_name(&self.text()[h.span.start..h.span.end]);
        (on_it && keyword != Keyword::Unknown).then_some(keyword)
    }

    /// The pieces of 1-based `line`, each with its highlight and the worst problem under it.
    pub fn pieces(&self, line: usize, problems: &[Problem]) -> Vec<Piece> {
        let (start, end) = self.line_range(line);
        let text = self.text();
        // Cut at every highlight and squiggle boundary inside the line.
        let mut cuts = vec![start, end];
        let first = self.highlights.partition_point(|h| h.span.end <= start);
        for h in self.highlights[first..].iter().take_while(|h| h.span.start < end) {
            cuts.push(h.span.start.clamp(start, end));
            cuts.push(h.span.end.clamp(start, end));
        }
        let on_line: Vec<(usize, usize, Level)> = problems
            .iter()
            .filter(|p| p.start <= end && (p.end > start || p.start == p.end))
            .map(|p| {
                // An empty range underlines the character it points at.
                let mut p_end = p.end;
                if p.start == p.end {
                    p_end = text[p.start..].chars().next().filter(|&c| c != '\n').map_or(p.start, |c| p.start + c.len_utf8());
                }
                (p.start.max(start), p_end.min(end), p.level)
            })
            .collect();
        for &(s, e, _) in &on_line {
            cuts.push(s);
            cuts.push(e);
        }
        sorting::sort_unstable(&mut cuts);
        cuts.dedup();
        let mut pieces = Vec::with_capacity(cuts.len());
        let mut h_index = first;
        for pair in cuts.windows(2) {
            let (s, e) = (pair[0], pair[1]);
            while self.highlights.get(h_index).is_some_and(|h| h.span.end <= s) {
                h_index += 1;
            }
            let kind = self.highlights.get(h_index).filter(|h| h.span.start <= s).map(|h| h.kind);
            let squiggle = on_line.iter().filter(|&&(ps, pe, _)| ps <= s && e <= pe).map(|p| p.2).min();
            pieces.push(Piece { text: text[s..e].to_owned(), kind, squiggle });
        }
        // A problem at the very end of a line (e.g. a missing argument) marks the line's end.
        if let Some(level) = on_line.iter().filter(|&&(ps, pe, _)| ps == end && pe == end).map(|p| p.2).min() {
            pieces.push(Piece { text: String::new(), kind: None, squiggle: Some(level) });
        }
        pieces
    }
}

/// A run of text with one look.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub text: String,
    pub kind: Option<HighlightKind>,
    pub squiggle: Option<Level>,
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
    starts
}

/// The worst problem starting on each line, as (line, level), in line order.
pub fn markers(problems: &[Problem]) -> Vec<(usize, Level)> {
    let mut markers: Vec<(usize, Level)> = Vec::new();
    for p in problems {
        match markers.iter_mut().find(|(line, _)| *line == p.line) {
            Some(marker) => marker.1 = marker.1.min(p.level),
            None => markers.push((p.line, p.level)),
        }
    }
    sorting::sort_unstable(&mut markers);
    markers
}

/// The byte offset of a UTF-16 offset (as `selectionStart` counts). Runs on every keystroke, so
/// it reads bytes rather than decoding chars: each char starts at a byte that is not a
/// continuation byte, and only four-byte chars take two UTF-16 units.
pub fn byte_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (index, &byte) in text.as_bytes().iter().enumerate() {
        if byte & 0xC0 != 0x80 {
            if units >= utf16 {
                return index;
            }
            units += 1 + usize::from(byte >= 0xF0);
        }
    }
    text.len()
}

/// The UTF-16 offset of a byte offset.
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().map(char::len_utf16).sum()
}

/// The byte offset at a 1-based line and character column, clamped to the text and the line.
pub fn offset_at(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..end].char_indices().nth(column.saturating_sub(1)).map_or(end, |(i, _)| start + i)
}

/// The 1-based line of byte `offset`.
pub fn line_at(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count()
}

/// The byte offset shown at visual column `cell` (0-based, tabs expanded) of a line's text.
pub fn offset_at_cell(line_text: &str, cell: usize) -> Option<usize> {
    let mut column = 0;
    for (index, c) in line_text.char_indices() {
        let width = if c == '\t' { TAB_SIZE - column % TAB_SIZE } else { 1 };
        if cell < column + width {
            return Some(index);
        }
        column += width;
    }
    None
}

/// The visual column (tabs expanded) of byte `offset` in a line's text.
pub fn cell_of(line_text: &str, offset: usize) -> usize {
    line_text[..offset.min(line_text.len())]
        .chars()
        .fold(0, |column, c| if c == '\t' { column + TAB_SIZE - column % TAB_SIZE } else { column + 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "FROM alpine AS build\nRUN echo \"$HOME\" \\\n  && true\n";

    fn problem(start: usize, end: usize, level: Level, line: usize) -> Problem {
        Problem { level, start, end, line, end_line: line, message: String::new(), code: "X", name: "" }
    }

    #[test]
    fn problems_move_with_the_text_until_it_is_analysed() {
        let old = "FROM a\nRUN é b\nCOPY c d\n";
        let found = [problem(0, 4, Level::Info, 1), problem(7, 10, Level::Warning, 2), problem(16, 20, Level::Error, 3), problem(7, 24, Level::Info, 2)];
        let placed = |new: &str| -> Vec<(usize, usize, usize)> {
            moved_by_edit(&found, old, new).iter().map(|p| (p.start, p.end, p.line)).collect()
        };
        // A line typed before the RUN: everything after it moves down a line and 7 bytes.
        assert_eq!(placed("FROM a\nUSER x\nRUN é b\nCOPY c d\n"), [(0, 4, 1), (14, 17, 3), (23, 27, 4), (14, 31, 3)]);
        // A character replaced inside the RUN's squiggle drops it; the one around it stretches.
        assert_eq!(placed("FROM a\nRUX é b\nCOPY c d\n"), [(0, 4, 1), (16, 20, 3), (7, 24, 2)]);
        // é replaced by è (one shared UTF-8 byte): the edit stays on char boundaries.
        assert_eq!(placed("FROM a\nRUN è b\nCOPY c d\n"), [(0, 4, 1), (7, 10, 2), (16, 20, 3), (7, 24, 2)]);
        // Typing at the end of the file moves nothing.
        assert_eq!(placed(&format!("{old}RUN z")), [(0, 4, 1), (7, 10, 2), (16, 20, 3), (7, 24, 2)]);
    }

    #[test]
    fn pieces_rebuild_the_line_with_highlights() {
        let document = Document::new(TEXT);
        let pieces = document.pieces(2, &[]);
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "RUN echo \"$HOME\" \\");
        let kinds: Vec<_> = pieces.iter().filter_map(|p| Some((p.kind?.name(), p.text.as_str()))).collect();
        assert_eq!(kinds, [("keyword", "RUN"), ("string", "\""), ("variable", "$HOME"), ("string", "\""), ("line-continuation", "\\")]);
    }

    #[test]
    fn squiggles_cover_exactly_the_problem_range_and_empty_ranges_at_line_end() {
        let document = Document::new(TEXT);
        let pieces = document.pieces(1, &[problem(5, 11, Level::Warning, 1), problem(7, 9, Level::Error, 1), problem(20, 20, Level::Info, 1)]);
        let marked: Vec<_> = pieces.iter().filter_map(|p| Some((p.text.as_str(), p.squiggle?))).collect();
        assert_eq!(marked, [("al", Level::Warning), ("pi", Level::Error), ("ne", Level::Warning), ("", Level::Info)]);
    }

    #[test]
    fn multi_line_problems_mark_every_line_they_cover() {
        let document = Document::new(TEXT);
        let run = problem(21, TEXT.len() - 1, Level::Warning, 2);
        assert!(document.pieces(3, std::slice::from_ref(&run)).iter().all(|p| p.squiggle == Some(Level::Warning)));
        assert_eq!(markers(&[run, problem(0, 4, Level::Error, 1), problem(5, 6, Level::Info, 1)]), [(1, Level::Error), (2, Level::Warning)]);
    }

    #[test]
    fn keywords_by_offset_and_by_line() {
        let document = Document::new(TEXT);
        assert_eq!(document.keyword_at(1), Some(Keyword::From));
        assert_eq!(document.keyword_at(13), None);
        assert_eq!(document.keyword_at(document.line_starts[1] + 1), Some(Keyword::Run));
        assert_eq!(document.keyword_at_line(3), Some(Keyword::Run), "a continuation line belongs to its RUN");
        assert_eq!(document.keyword_at_line(4), None);
    }

    #[test]
    fn offsets_convert_between_utf16_bytes_and_cells() {
        let text = "é😀a\tb";
        assert_eq!(byte_offset(text, 3), 6);
        assert_eq!(utf16_offset(text, 6), 3);
        assert_eq!(byte_offset(text, 99), text.len());
        assert_eq!(offset_at_cell("a\tb", 2), Some(1), "inside the tab");
        assert_eq!(offset_at_cell("a\tb", 4), Some(2));
        assert_eq!(offset_at_cell("a\tb", 5), None);
        assert_eq!(cell_of("a\tb", 2), 4);
        let document = Document::new(TEXT);
        assert_eq!(offset_at(TEXT, 2, 5), document.line_starts[1] + 4);
        assert_eq!(offset_at(TEXT, 1, 999), 20);
        assert_eq!(offset_at(TEXT, 99, 1), TEXT.len());
        assert_eq!(line_at(TEXT, 21), 2);
    }
}
