//! The lossless layer: classified tokens that partition the whole input.
use serde::Serialize;

use super::Span;
use crate::sorting;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    Bom,
    Directive,
    Comment,
    Keyword,
    Flag,
    Argument,
    HeredocBody,
    HeredocTerminator,
    LineContinuation,
    Whitespace,
    Newline,
    /// Text inside an instruction that no argument covers (e.g. a line BuildKit ignores).
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Builds the partition: marked spans keep their kind, the gaps between them become
/// whitespace, newline or text tokens. Overlapping marks keep the earlier one.
pub fn partition(source: &str, mut marks: Vec<Token>) -> Vec<Token> {
    sorting::sort_by_key(&mut marks, |t| (t.span.start, std::cmp::Reverse(t.span.end)));
    let mut tokens = Vec::with_capacity(marks.len() * 3 + 8);
    let mut at = 0;
    for mark in marks {
        if mark.span.start < at || mark.span.is_empty() {
            continue;
        }
        fill_gap(source, at, mark.span.start, &mut tokens);
        tokens.push(mark);
        at = mark.span.end;
    }
    fill_gap(source, at, source.len(), &mut tokens);
    tokens
}

fn fill_gap(source: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    let bytes = source.as_bytes();
    let mut at = start;
    while at < end {
        let kind = |b: u8| match b {
            b'\n' => TokenKind::Newline,
            b' ' | b'\t' | b'\r' => TokenKind::Whitespace,
            _ => TokenKind::Text,
        };
        let first = kind(bytes[at]);
        let mut next = at + 1;
        while next < end && kind(bytes[next]) == first && first != TokenKind::Newline {
            next += 1;
        }
        while !source.is_char_boundary(next) {
            next += 1;
        }
        tokens.push(Token { kind: first, span: Span::new(at, next) });
        at = next;
    }
}
