//! A logical line: the pieces of several physical lines joined as BuildKit joins continuations,
//! with the map back to where each piece came from.
use super::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    logical_start: usize,
    source_start: usize,
    len: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalLine {
    pub text: String,
    pieces: Vec<Piece>,
}

impl LogicalLine {
    pub fn push(&mut self, source: &str, span: Span) {
        if span.is_empty() {
            return;
        }
        self.pieces.push(Piece { logical_start: self.text.len(), source_start: span.start, len: span.len() });
        self.text.push_str(&source[span.start..span.end]);
    }

    /// The source offset of a logical offset (the end of the text maps past the last piece).
    pub fn source_offset(&self, logical: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.logical_start <= logical).saturating_sub(1);
        match self.pieces.get(index) {
            Some(piece) => piece.source_start + (logical - piece.logical_start).min(piece.len),
            None => 0,
        }
    }

    /// One source span covering a logical range (it may cross continuation lines).
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        if start >= end {
            let at = self.source_offset(start);
            return Span::new(at, at);
        }
        Span::new(self.source_offset(start), self.source_offset(end - 1) + 1)
    }

    /// The source spans of a logical range, split at physical line boundaries.
    pub fn source_pieces(&self, start: usize, end: usize) -> Vec<Span> {
        self.pieces
            .iter()
            .filter_map(|p| {
                let from = start.max(p.logical_start);
                let to = end.min(p.logical_start + p.len);
                (from < to).then(|| {
                    Span::new(p.source_start + from - p.logical_start, p.source_start + to - p.logical_start)
                })
            })
            .collect()
    }
}

impl LogicalLine {
    /// Moves where the pieces came from (the text's tail moved in an edit).
    pub(super) fn move_sources(&mut self, moved: impl Fn(usize) -> usize) {
        self.pieces.iter_mut().for_each(|piece| piece.source_start = moved(piece.source_start));
    }

    /// The logical offset of a source offset inside one of the pieces.
    pub fn logical_offset(&self, source: usize) -> Option<usize> {
        self.pieces
            .iter()
            .find(|p| p.source_start <= source && source <= p.source_start + p.len)
            .map(|p| p.logical_start + source - p.source_start)
    }
}
