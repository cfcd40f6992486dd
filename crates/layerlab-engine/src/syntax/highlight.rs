//! Syntax highlighting for editors: the parser's lossless tokens, refined where a token holds
//! more than one kind of text (variables and strings inside arguments, a heredoc's `<<EOF`).
//! No second lexer: every span comes from [`Syntax::tokens`], only split further.
use super::{Keyword, Span, Syntax, TokenKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// `# syntax=…`, `# escape=…`, `# check=…`.
    Directive,
    Comment,
    /// The instruction (`RUN`), and `AS` in `FROM … AS name`.
    Keyword,
    /// `--from=build`, `--mount=…`.
    Flag,
    /// `$NAME`, `${NAME:-default}`.
    Variable,
    /// `"…"` and `'…'`.
    String,
    /// `<<EOF` and the line that ends the here-document.
    HeredocDelimiter,
    HeredocBody,
    /// The escape character that continues an instruction on the next line.
    LineContinuation,
}

impl HighlightKind {
    /// A short kebab-case name, e.g. for a CSS class.
    pub fn name(self) -> &'static str {
        match self {
            HighlightKind::Directive => "directive",
            HighlightKind::Comment => "comment",
            HighlightKind::Keyword => "keyword",
            HighlightKind::Flag => "flag",
            HighlightKind::Variable => "variable",
            HighlightKind::String => "string",
            HighlightKind::HeredocDelimiter => "heredoc-delimiter",
            HighlightKind::HeredocBody => "heredoc-body",
            HighlightKind::LineContinuation => "line-continuation",
        }
    }
}

/// A highlighted byte range of the source; text outside every span is plain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub kind: HighlightKind,
    pub span: Span,
}

/// The highlighted spans of `syntax.source`, in order and never overlapping.
pub fn highlight(syntax: &Syntax) -> Vec<Highlight> {
    let source = syntax.source.as_str();
    let mut out = Vec::with_capacity(syntax.tokens().len());
    // `AS` in `FROM image AS name` is an argument to the parser but a keyword to the reader.
    let mut as_keywords = syntax
        .instructions
        .iter()
        .filter(|i| i.is(Keyword::From))
        .filter_map(|i| i.command.args.get(1))
        .filter(|word| word.value.eq_ignore_ascii_case("as") && word.span.len() == 2)
        .map(|word| word.span.start)
        .peekable();
    // Bodies of `<<"EOF"` heredocs are not expanded: no variables to show there.
    let literal_bodies: Vec<Span> = syntax
        .instructions
        .iter()
        .flat_map(|i| &i.heredocs)
        .filter(|h| !h.expand)
        .map(|h| h.body_span)
        .collect();
    // A quoted string can span several argument tokens (`COPY "a b" c` is split at spaces, and
    // a shell command at line continuations): the open quote carries over until the instruction ends.
    let mut quote: Option<u8> = None;
    let mut continued = false;
    for token in syntax.tokens() {
        let span = token.span;
        match token.kind {
            TokenKind::Keyword => quote = None,
            TokenKind::Newline if !continued => quote = None,
            _ => {}
        }
        if token.kind != TokenKind::Whitespace {
            continued = token.kind == TokenKind::LineContinuation;
        }
        let kind = match token.kind {
            TokenKind::Directive => HighlightKind::Directive,
            TokenKind::Comment => HighlightKind::Comment,
            TokenKind::Keyword => HighlightKind::Keyword,
            TokenKind::HeredocTerminator => HighlightKind::HeredocDelimiter,
            TokenKind::LineContinuation => HighlightKind::LineContinuation,
            TokenKind::Flag => {
                refine(source, span, Some(HighlightKind::Flag), syntax.escape, true, &mut None, &mut out);
                continue;
            }
            TokenKind::HeredocBody => {
                let expands = !literal_bodies.iter().any(|b| b.start <= span.start && span.end <= b.end);
                refine(source, span, Some(HighlightKind::HeredocBody), syntax.escape, expands, &mut None, &mut out);
                continue;
            }
            TokenKind::Argument => {
                while as_keywords.next_if(|&start| start < span.start).is_some() {}
                if as_keywords.peek() == Some(&span.start) && span.len() == 2 {
                    HighlightKind::Keyword
                } else {
                    refine(source, span, None, syntax.escape, true, &mut quote, &mut out);
                    continue;
                }
            }
            _ => continue,
        };
        out.push(Highlight { kind, span });
    }
    out
}

/// Splits `span` into variables, strings and heredoc markers; the rest gets `base` (or stays
/// plain). A string's variables stay variables: the string is cut around them. `quote` is the
/// quote still open from the previous token, and is left open for the next one.
fn refine(
    source: &str,
    span: Span,
    base: Option<HighlightKind>,
    escape: char,
    variables: bool,
    open: &mut Option<u8>,
    out: &mut Vec<Highlight>,
) {
    let bytes = source.as_bytes();
    let escape = escape as u32 as u8;
    let mut push = |kind: Option<HighlightKind>, start: usize, end: usize| {
        if let (Some(kind), true) = (kind, start < end) {
            match out.last_mut() {
                Some(last) if last.kind == kind && last.span.end == start => last.span.end = end,
                _ => out.push(Highlight { kind, span: Span::new(start, end) }),
            }
        }
    };
    let mut at = span.start;
    let mut plain_from = at;
    let mut quote = *open;
    while at < span.end {
        let b = bytes[at];
        let current = if quote.is_some() { Some(HighlightKind::String) } else { base };
        if b == escape && at + 1 < span.end && quote != Some(b'\'') {
            at += 2;
            continue;
        }
        if variables && b == b'$' && quote != Some(b'\'') {
            let end = variable_end(bytes, at, span.end);
            if end > at + 1 {
                push(current, plain_from, at);
                push(Some(HighlightKind::Variable), at, end);
                at = end;
                plain_from = at;
                continue;
            }
        }
        if base.is_none() && (b == b'"' || b == b'\'') && quote.is_none_or(|q| q == b) {
            if quote.is_none() {
                push(current, plain_from, at);
                plain_from = at;
                quote = Some(b);
            } else {
                push(Some(HighlightKind::String), plain_from, at + 1);
                plain_from = at + 1;
                quote = None;
            }
            at += 1;
            continue;
        }
        if quote.is_none() && base.is_none() && b == b'<' && bytes.get(at + 1) == Some(&b'<') {
            let end = heredoc_marker_end(bytes, at, span.end);
            if end > at + 2 {
                push(current, plain_from, at);
                push(Some(HighlightKind::HeredocDelimiter), at, end);
                at = end;
                plain_from = at;
                continue;
            }
        }
        at += 1;
    }
    let current = if quote.is_some() { Some(HighlightKind::String) } else { base };
    push(current, plain_from, span.end);
    *open = quote;
}

/// The end of `$NAME` or `${…}` starting at `at`, or `at + 1` when `$` starts no variable.
fn variable_end(bytes: &[u8], at: usize, limit: usize) -> usize {
    let mut end = at + 1;
    if bytes.get(end) == Some(&b'{') {
        let mut depth = 0;
        while end < limit {
            match bytes[end] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return end + 1;
                    }
                }
                b'\n' => break,
                _ => {}
            }
            end += 1;
        }
        return at + 1;
    }
    while end < limit && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
        end += 1;
    }
    end
}

/// The end of a heredoc marker (`<<EOF`, `<<-"EOF"`) starting at `at`.
fn heredoc_marker_end(bytes: &[u8], at: usize, limit: usize) -> usize {
    let mut end = at + 2;
    if bytes.get(end) == Some(&b'-') {
        end += 1;
    }
    let quote = bytes.get(end).copied().filter(|&b| b == b'"' || b == b'\'');
    if quote.is_some() {
        end += 1;
    }
    let name_start = end;
    while end < limit && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
        end += 1;
    }
    if end == name_start {
        return at;
    }
    if let Some(q) = quote {
        if bytes.get(end) != Some(&q) {
            return at;
        }
        end += 1;
    }
    end
}

/// The names the Dockerfile declares with `ARG`, global and per stage, each once, in order.
pub fn declared_args(syntax: &Syntax) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for instruction in syntax.instructions.iter().filter(|i| i.is(Keyword::Arg)) {
        for word in &instruction.command.args {
            let name = word.value.split('=').next().unwrap_or("");
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn kinds(text: &str) -> Vec<(&'static str, String)> {
        let syntax = parse(text);
        highlight(&syntax).iter().map(|h| (h.kind.name(), text[h.span.start..h.span.end].to_owned())).collect()
    }

    fn has(spans: &[(&'static str, String)], kind: &str, text: &str) -> bool {
        spans.iter().any(|(k, t)| *k == kind && t == text)
    }

    #[test]
    fn classifies_every_kind_of_token() {
        let text = "# syntax=docker/dockerfile:1\n# a comment\nARG GO=1.23\nFROM golang:${GO} AS build\n\
                    COPY --from=build /a \"/b c\"\nRUN echo 'hi' $HOME \\\n  && true\nRUN <<EOF\necho $X\nEOF\n";
        let spans = kinds(text);
        assert!(has(&spans, "directive", "# syntax=docker/dockerfile:1") || has(&spans, "directive", "syntax=docker/dockerfile:1"), "{spans:?}");
        assert!(spans.iter().any(|(k, t)| *k == "comment" && t.contains("a comment")));
        for keyword in ["ARG", "FROM", "AS", "COPY", "RUN"] {
            assert!(has(&spans, "keyword", keyword), "{keyword}: {spans:?}");
        }
        assert!(has(&spans, "flag", "--from=build"));
        assert!(has(&spans, "variable", "${GO}"));
        assert!(has(&spans, "variable", "$HOME"));
        assert!(has(&spans, "variable", "$X"), "heredoc bodies expand: {spans:?}");
        assert!(has(&spans, "string", "\"/b") && has(&spans, "string", "c\""), "a string split at a space: {spans:?}");
        assert!(has(&spans, "string", "'hi'"));
        assert!(has(&spans, "line-continuation", "\\"));
        assert!(has(&spans, "heredoc-delimiter", "<<EOF"));
        assert!(has(&spans, "heredoc-delimiter", "EOF"));
        assert!(spans.iter().any(|(k, t)| *k == "heredoc-body" && t.starts_with("echo ")));
    }

    #[test]
    fn spans_are_ordered_disjoint_and_on_char_boundaries() {
        for text in ["FROM a\nRUN \"unterminated $X\nRUN echo ${A:-${B}}é 'x $Y'\n", "RUN <<-\"EOT\" cat\n\t$Z\nEOT\n", "", "FROM\n\\"] {
            let syntax = parse(text);
            let spans = highlight(&syntax);
            let mut at = 0;
            for h in &spans {
                assert!(h.span.start >= at && h.span.start < h.span.end, "{text:?}: {spans:?}");
                assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
                at = h.span.end;
            }
        }
    }

    #[test]
    fn strings_keep_their_variables_and_single_quotes_do_not_expand() {
        let spans = kinds("RUN echo \"a $B c\" '$D'\n");
        assert!(has(&spans, "string", "\"a "));
        assert!(has(&spans, "variable", "$B"));
        assert!(has(&spans, "string", " c\""));
        assert!(has(&spans, "string", "'$D'"));
        let literal = kinds("RUN <<'EOF'\necho $X\nEOF\n");
        assert!(!literal.iter().any(|(k, _)| *k == "variable"), "{literal:?}");
    }

    #[test]
    fn a_string_continues_over_a_line_continuation_but_not_past_the_instruction() {
        let spans = kinds("RUN echo \"a \\\n  b\"\nRUN echo c\n");
        assert!(has(&spans, "string", "\"a "), "{spans:?}");
        assert!(has(&spans, "string", "  b\""), "{spans:?}");
        let unterminated = kinds("RUN echo \"a\nRUN echo b\n");
        assert!(!unterminated.iter().any(|(k, t)| *k == "string" && t.contains('b')), "{unterminated:?}");
    }

    #[test]
    fn lists_declared_args_once() {
        let syntax = parse("ARG A=1\nARG B\nFROM x\nARG A\nARG C=3 D\n");
        assert_eq!(declared_args(&syntax), ["A", "B", "C", "D"]);
    }
}
