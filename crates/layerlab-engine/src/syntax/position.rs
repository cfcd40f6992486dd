//! Byte offsets to 1-based lines and character columns.
use super::{Diagnostic, Phase, Severity, Span};

/// The start offset of every line, for offset → (line, column) look-ups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// From the offsets where lines start: 0, then each offset after a `\n`.
    pub(crate) fn from_line_starts(line_starts: Vec<usize>) -> LineIndex {
        LineIndex { line_starts }
    }

    pub(crate) fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// 1-based line and 1-based column in characters of a byte offset.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        (line, text[line_start..offset].chars().count() + 1)
    }

    /// The byte offset where a 1-based line starts (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.clamp(1, self.line_starts.len()) - 1]
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    pub fn diagnostic(
        &self,
        text: &str,
        code: &'static str,
        severity: Severity,
        phase: Phase,
        message: String,
        span: Span,
    ) -> Diagnostic {
        let (line, column) = self.line_column(text, span.start);
        let (end_line, end_column) = self.line_column(text, span.end);
        Diagnostic { code, severity, phase, message, span, line, column, end_line, end_column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
