//! The AST phase: BuildKit's `parser.Parse` loop over physical lines, keeping every span.
use std::sync::Arc;

use super::args::{self, Node};
use super::directives::{DirectiveLine, DirectiveScanner};
use super::logical_line::LogicalLine;
use super::shift::Shift;
use super::tokens::{Token, TokenKind};
use crate::scan::line_end;
use crate::sorting;
use super::{
    checks, heredoc, Command, Diagnostic, Directive, EditMap, Flag, Instruction, Keyword, LineIndex, MovedTail, Phase,
    Severity, Span, Syntax, Word,
};

/// BuildKit's scanner fails on lines longer than this (bufio.MaxScanTokenSize - 1).
const MAX_LINE_BYTES: usize = 65_535;

struct PhysicalLine {
    /// Where the line's text starts (after a BOM on the first line).
    start: usize,
    /// End of the text without trailing CR/LF characters.
    content_end: usize,
}

/// Parses `source`; with `keep_resume_points`, keeps where each instruction's parse ended so
/// that edits of the text are parsed from there ([`parse_edited`]).
pub fn parse(source: String, keep_resume_points: bool) -> Syntax {
    let mut line_starts = Vec::with_capacity(source.len() / 32 + 2);
    line_starts.push(0);
    push_line_starts(source.as_bytes(), 0..source.len(), &mut line_starts);
    let line_index = LineIndex::from_line_starts(line_starts);
    let mut parser = Parser::new(&source, &line_index);
    if keep_resume_points {
        parser.resume_points = Some(Vec::new());
    }
    if source.starts_with('\u{feff}') {
        parser.mark(TokenKind::Bom, Span::new(0, 3));
    }
    parser.run(Vec::new());
    let parsed = parser.into_parsed();
    parsed.into_syntax(source, line_index, true)
}

/// [`parse`] of `source`, an edit of the text `earlier` was parsed from: the instructions that
/// end before the first byte the two texts differ in are taken over, and the parse goes on
/// from the line after them until it is past the edit, in the state the earlier parse had
/// there: the rest is the earlier parse's, moved (a whole parse when `earlier` kept no resume
/// points). Without `checks`, the diagnostics lack those of the instruction checks (see
/// [`checks`]: they change no instruction).
pub fn parse_edited(earlier: &Syntax, source: String, checks: bool) -> Syntax {
    let shared = shared_prefix(&earlier.source, &source);
    let room = earlier.source.len().min(source.len()) - shared;
    let same_tail = shared_suffix(&earlier.source, &source, room);
    // An instruction that ran into the end of the earlier text might go on in the edited one.
    let point = earlier.resumable.points.iter().rev().find(|p| p.offset <= shared && p.offset < earlier.source.len());
    let Some(point) = point else { return parse(source, false) };
    let line_index = edited_line_index(earlier, &source, shared, same_tail);
    let mut parser = Parser::new(&source, &line_index);
    parser.next_line = point.next_line;
    parser.escape = point.escape;
    parser.directive_scanner = DirectiveScanner::finished();
    parser.directives = earlier.directives[..point.directives].to_vec();
    parser.instructions = earlier.instructions[..point.instructions].to_vec();
    parser.diagnostics = earlier.resumable.diagnostics[..point.diagnostics].to_vec();
    parser.marks = earlier.marks[..point.marks].to_vec();
    parser.earlier = Some(Earlier { syntax: earlier, tail: source.len() - same_tail });
    parser.edit = Some(EditMap { kept: point.instructions, tail: None });
    parser.run(point.comments.clone());
    let parsed = parser.into_parsed();
    parsed.into_syntax(source, line_index, checks)
}

/// How many leading bytes two texts share.
fn shared_prefix(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Whole chunks first (a slice comparison is a memcmp), then byte by byte.
    let chunks = a.chunks(64).zip(b.chunks(64)).take_while(|(x, y)| x == y).count() * 64;
    let start = chunks.min(a.len()).min(b.len());
    start + a[start..].iter().zip(&b[start..]).take_while(|(x, y)| x == y).count()
}

/// How many trailing bytes two texts share, at most `room`.
fn shared_suffix(a: &str, b: &str, room: usize) -> usize {
    let (a, b) = (&a.as_bytes()[a.len() - room..], &b.as_bytes()[b.len() - room..]);
    // Whole chunks from the end first, as in `shared_prefix`.
    let chunks = (a.rchunks(64).zip(b.rchunks(64)).take_while(|(x, y)| x == y).count() * 64).min(room);
    let rest = room - chunks;
    chunks + a[..rest].iter().rev().zip(b[..rest].iter().rev()).take_while(|(x, y)| x == y).count()
}

/// The earlier parse of an edited text, and where the text's tail that the edit left starts.
struct Earlier<'a> {
    syntax: &'a Syntax,
    tail: usize,
}

/// The parser's state after an instruction, from which a text that shares everything before
/// `offset` is parsed on.
#[derive(Clone, Debug)]
struct ResumePoint {
    /// Where the line after the instruction starts.
    offset: usize,
    next_line: usize,
    instructions: usize,
    diagnostics: usize,
    marks: usize,
    directives: usize,
    escape: char,
    /// The comments carried on to the next instruction.
    comments: Vec<String>,
}

/// Where the parse of each instruction ended (kept on request, see [`parse`]).
#[derive(Clone, Debug, Default)]
pub(super) struct Resumable {
    points: Vec<ResumePoint>,
    /// The parser's own diagnostics in the order found (before the checks and the sort).
    diagnostics: Vec<Diagnostic>,
}

/// What the parser made, before the checks.
struct Parsed {
    escape: char,
    directives: Vec<Directive>,
    instructions: Vec<Arc<Instruction>>,
    diagnostics: Vec<Diagnostic>,
    marks: Vec<Token>,
    resume_points: Option<Vec<ResumePoint>>,
    edit: Option<EditMap>,
}

impl Parsed {
    fn into_syntax(self, source: String, line_index: LineIndex, checks: bool) -> Syntax {
        let Parsed { escape, directives, instructions, mut diagnostics, marks, resume_points, edit } = self;
        let resumable = match resume_points {
            Some(points) => Resumable { points, diagnostics: diagnostics.clone() },
            None => Resumable::default(),
        };
        if checks {
            checks::check(&source, &line_index, &instructions, &mut diagnostics);
        }
        sorting::sort_by_key(&mut diagnostics, |d| (d.span.start, d.span.end));
        let mut syntax = Syntax::new(source, escape, directives, instructions, diagnostics, marks, line_index);
        syntax.resumable = resumable;
        syntax.edit = edit;
        syntax
    }
}

/// Pushes where each line after a newline in `bytes[range]` starts.
fn push_line_starts(bytes: &[u8], range: std::ops::Range<usize>, line_starts: &mut Vec<usize>) {
    // Bytes: a newline byte is never part of another character.
    let mut at = range.start;
    while at < range.end {
        let newline = line_end(&bytes[..range.end], at);
        if newline < range.end {
            line_starts.push(newline + 1);
        }
        at = newline + 1;
    }
}

/// The line index of `source`, an edit of `earlier`'s text that shares its first `shared`
/// bytes and its last `same_tail`: only the lines between are looked for.
fn edited_line_index(earlier: &Syntax, source: &str, shared: usize, same_tail: usize) -> LineIndex {
    let starts = earlier.line_index.line_starts();
    let (tail, earlier_tail) = (source.len() - same_tail, earlier.source.len() - same_tail);
    let mut line_starts: Vec<usize> = starts.iter().copied().take_while(|&start| start <= shared).collect();
    push_line_starts(source.as_bytes(), shared..tail, &mut line_starts);
    line_starts.extend(starts.iter().filter(|&&start| start > earlier_tail).map(|start| start - earlier_tail + tail));
    LineIndex::from_line_starts(line_starts)
}

struct Parser<'a> {
    source: &'a str,
    /// How many lines have text (a newline at the very end starts none); a line's text is made
    /// when read, from where `line_index` says it starts.
    line_count: usize,
    next_line: usize,
    escape: char,
    directive_scanner: DirectiveScanner,
    directives: Vec<Directive>,
    instructions: Vec<Arc<Instruction>>,
    diagnostics: Vec<Diagnostic>,
    marks: Vec<Token>,
    line_index: &'a LineIndex,
    /// Kept when asked for ([`parse`]).
    resume_points: Option<Vec<ResumePoint>>,
    /// Set when parsing an edit ([`parse_edited`]).
    earlier: Option<Earlier<'a>>,
    edit: Option<EditMap>,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str, line_index: &'a LineIndex) -> Parser<'a> {
        let line_starts = line_index.line_starts();
        // Every line starts before the end of the text but the one after a final newline (or
        // after a BOM alone).
        let last = line_starts.len() - 1;
        let last_start = if last == 0 && source.starts_with('\u{feff}') { 3 } else { line_starts[last] };
        let line_count = if last_start < source.len() { line_starts.len() } else { last };
        Parser {
            source,
            line_count,
            next_line: 0,
            escape: '\\',
            directive_scanner: DirectiveScanner::default(),
            directives: Vec::new(),
            instructions: Vec::new(),
            diagnostics: Vec::new(),
            marks: Vec::with_capacity(source.len() / 8 + 8),
            line_index,
            resume_points: None,
            earlier: None,
            edit: None,
        }
    }

    fn into_parsed(self) -> Parsed {
        let Parser { escape, directives, instructions, diagnostics, marks, resume_points, edit, .. } = self;
        Parsed { escape, directives, instructions, diagnostics, marks, resume_points, edit }
    }

    /// Parses from line `next_line` on, `comments` the comment lines above it.
    fn run(&mut self, mut comments: Vec<String>) {
        while self.next_line < self.line_count {
            let line_number = self.next_line + 1;
            let (raw_start, raw_end) = self.take_line();
            let raw = &self.source[raw_start..raw_end];
            if is_comment(raw) {
                let mut chars = raw.chars();
                chars.next();
                match chars.as_str().trim() {
                    "" => comments.clear(),
                    text => comments.push(text.to_owned()),
                }
            }
            let trimmed_start = raw_end - raw.trim_start().len();
            let content = Span::new(trimmed_start, raw_end);
            if self.scan_directive(content, line_number) {
                comments.pop();
            }
            if is_comment(raw) {
                self.mark(TokenKind::Comment, content);
                continue;
            }
            let (first, continues) = self.trim_continuation(content);
            if !continues && first.is_empty() {
                continue;
            }
            comments = self.instruction(first, continues, line_number, std::mem::take(&mut comments));
            self.keep_resume_point(&comments);
            if self.take_over_rest(&comments) {
                break;
            }
        }
        if self.instructions.is_empty() {
            let end = self.source.len();
            self.error(Phase::Ast, "no-instructions", "file with no instructions".into(), Span::new(end, end));
        }
    }

    fn keep_resume_point(&mut self, comments: &[String]) {
        let offset = self.line_start(self.next_line);
        let Some(points) = &mut self.resume_points else { return };
        points.push(ResumePoint {
            offset,
            next_line: self.next_line,
            instructions: self.instructions.len(),
            diagnostics: self.diagnostics.len(),
            marks: self.marks.len(),
            directives: self.directives.len(),
            escape: self.escape,
            comments: comments.to_vec(),
        });
    }

    /// Past an edit, once the parser is where the earlier parse was after an instruction (same
    /// escape, same comments carried, the same text on), the rest is the earlier parse's.
    fn take_over_rest(&mut self, comments: &[String]) -> bool {
        let Some(earlier) = &self.earlier else { return false };
        let offset = self.line_start(self.next_line);
        if offset < earlier.tail || offset == self.source.len() {
            return false;
        }
        let syntax = earlier.syntax;
        // The same place of the tail in the earlier text.
        let from = offset + syntax.source.len() - self.source.len();
        let points = &syntax.resumable.points;
        let Ok(found) = points.binary_search_by_key(&from, |p| p.offset) else { return false };
        let point = &points[found];
        if point.escape != self.escape || point.comments != comments {
            return false;
        }
        let shift = Shift { from, from_line: point.next_line + 1, to: offset, to_line: self.next_line + 1 };
        let tail = MovedTail { first: self.instructions.len(), earlier_first: point.instructions, line: shift.to_line, earlier_line: shift.from_line };
        self.edit = Some(EditMap { tail: Some(tail), ..self.edit.unwrap_or_default() });
        self.instructions.extend(syntax.instructions[point.instructions..].iter().map(|instruction| {
            if shift.moves_nothing() {
                return Arc::clone(instruction);
            }
            let mut instruction = Instruction::clone(instruction);
            shift.instruction(&mut instruction);
            Arc::new(instruction)
        }));
        self.diagnostics.extend(syntax.resumable.diagnostics[point.diagnostics..].iter().map(|diagnostic| {
            let mut diagnostic = diagnostic.clone();
            shift.diagnostic(&mut diagnostic);
            diagnostic
        }));
        self.marks.extend(syntax.marks[point.marks..].iter().map(|token| {
            let mut token = *token;
            shift.token(&mut token);
            token
        }));
        true
    }

    /// Reads one instruction starting with `first`; returns the comments list to carry on.
    fn instruction(&mut self, first: Span, continues: bool, start_line: usize, comments: Vec<String>) -> Vec<String> {
        let mut logical = LogicalLine::default();
        logical.push(self.source, first);
        let mut continues = continues;
        let mut empty_continuation: Option<Span> = None;
        let mut end = self.line(start_line - 1).content_end;
        while continues && self.next_line < self.line_count {
            let (raw_start, raw_end) = self.take_line();
            let raw = &self.source[raw_start..raw_end];
            end = raw_end;
            self.scan_directive(Span::new(raw_start, raw_end), self.next_line);
            if is_comment(raw) {
                self.mark(TokenKind::Comment, Span::new(raw_end - raw.trim_start().len(), raw_end));
                continue;
            }
            if raw.trim_start().is_empty() {
                empty_continuation.get_or_insert(Span::new(raw_start, raw_end));
                continue;
            }
            let (piece, more) = self.trim_continuation(Span::new(raw_start, raw_end));
            logical.push(self.source, piece);
            continues = more;
        }
        let text = std::mem::take(&mut logical.text);
        if let Some(span) = empty_continuation {
            let message = format!("Empty continuation line found in: {text}");
            self.diagnose(Severity::Warning, Phase::Instruction, "empty-continuation", message, span);
        }
        let command = match args::node_from_line(&text, 0, self.escape) {
            Ok(node) => self.command(&node, &logical),
            Err(message) => {
                let span = logical.source_span(0, text.len());
                self.error(Phase::Ast, "invalid-arguments", message, span);
                let fallback = args::node_from_line(text.split_whitespace().next().unwrap_or(""), 0, self.escape);
                fallback.map(|node| self.command(&node, &logical)).unwrap_or_else(|_| unknown_command(&text))
            }
        };
        let keyword_start = command.name_span.start;
        let mut instruction = Instruction {
            command,
            span: Span::new(keyword_start, end),
            start_line,
            end_line: self.next_line,
            heredocs: Vec::new(),
            comments,
            original: text,
            logical,
        };
        if heredoc::allowed(&instruction.command) && instruction.original.contains("<<") {
            self.read_heredocs(&mut instruction);
        }
        self.instructions.push(Arc::new(instruction));
        Vec::new()
    }

    fn read_heredocs(&mut self, instruction: &mut Instruction) {
        let specs = match heredoc::from_line(&instruction.original) {
            Ok(specs) => specs,
            Err(message) => return self.error(Phase::Ast, "invalid-heredoc", message, instruction.span),
        };
        for spec in specs {
            let body_start = self.line_start(self.next_line);
            let mut body_end = body_start;
            let mut terminator = None;
            while self.next_line < self.line_count {
                let (line_start, line_end) = self.take_line();
                let line = &self.source[line_start..line_end];
                let candidate = if spec.chomp { line.trim_start_matches('\t') } else { line };
                if candidate == spec.name {
                    terminator = Some(Span::new(line_start, line_end));
                    break;
                }
                body_end = self.line_end_with_newline(self.next_line - 1);
            }
            let body = Span::new(body_start, body_end.max(body_start));
            self.mark(TokenKind::HeredocBody, body);
            instruction.end_line = self.next_line;
            let Some(terminator) = terminator else {
                instruction.span.end = self.source.len();
                let span = instruction.span;
                return self.error(Phase::Ast, "unterminated-heredoc", "unterminated heredoc".into(), span);
            };
            self.mark(TokenKind::HeredocTerminator, terminator);
            instruction.span.end = terminator.end;
            instruction.heredocs.push(super::Heredoc {
                content: self.source[body.start..body.end].to_owned(),
                name: spec.name,
                file_descriptor: spec.file_descriptor,
                expand: spec.expand,
                chomp: spec.chomp,
                body_span: body,
                terminator_span: terminator,
            });
        }
    }

    /// Converts a logical-line node into a [`Command`] with source spans, marking its tokens.
    fn command(&mut self, node: &Node, logical: &LogicalLine) -> Command {
        let name_span = logical.source_span(node.name_range.0, node.name_range.1);
        self.mark(TokenKind::Keyword, name_span);
        let flags = node
            .flags
            .iter()
            .map(|f| {
                self.mark_pieces(TokenKind::Flag, logical, f.start, f.end);
                let (name, value) = super::flags::split(&f.raw);
                Flag { raw: f.raw.clone(), name, value, span: logical.source_span(f.start, f.end) }
            })
            .collect();
        let args = node
            .args
            .iter()
            .map(|a| {
                self.mark_pieces(TokenKind::Argument, logical, a.start, a.end);
                Word { value: a.value.clone(), span: logical.source_span(a.start, a.end) }
            })
            .collect();
        Command {
            keyword: node.keyword,
            name: node.name.clone(),
            name_span,
            flags,
            args,
            json: node.json,
            trigger: node.trigger.as_ref().map(|t| Box::new(self.command(t, logical))),
        }
    }

    /// Feeds a line to the directive scanner; true when it was a valid directive.
    fn scan_directive(&mut self, content: Span, line: usize) -> bool {
        if self.directive_scanner.is_done() {
            return false;
        }
        let text = self.source[content.start..content.end].trim_start();
        let span = Span::new(content.end - text.len(), content.end);
        match self.directive_scanner.scan(text) {
            DirectiveLine::None => false,
            DirectiveLine::Directive { name, value } => {
                if name == "escape" {
                    self.escape = value.chars().next().unwrap_or('\\');
                }
                self.mark(TokenKind::Directive, span);
                self.directives.push(Directive { name, value, span, line });
                true
            }
            DirectiveLine::Error { name, message } => {
                self.mark(TokenKind::Directive, span);
                self.error(Phase::Ast, "invalid-directive", message, span);
                name == "syntax" || name == "check"
            }
        }
    }

    /// BuildKit's continuation rule: the line ends with one escape (plus blanks) not preceded by
    /// another escape, or is only the escape. Returns the kept text and whether it continues.
    fn trim_continuation(&mut self, content: Span) -> (Span, bool) {
        let text = &self.source[content.start..content.end];
        let without_blanks = text.trim_end_matches([' ', '\t']);
        let escape = self.escape;
        let Some(before_escape) = without_blanks.strip_suffix(escape) else { return (content, false) };
        if before_escape.ends_with(escape) {
            return (content, false);
        }
        let kept_end = content.start + before_escape.len();
        self.mark(TokenKind::LineContinuation, Span::new(kept_end, kept_end + escape.len_utf8()));
        (Span::new(content.start, kept_end), true)
    }

    /// Advances past one physical line; returns its text span without CR/LF.
    fn take_line(&mut self) -> (usize, usize) {
        let line = self.line(self.next_line);
        self.next_line += 1;
        let span = (line.start, line.content_end);
        if span.1 - span.0 > MAX_LINE_BYTES {
            let message = format!("dockerfile line greater than max allowed size of {MAX_LINE_BYTES}");
            self.error(Phase::Ast, "line-too-long", message, Span::new(span.0, span.1));
        }
        span
    }

    fn line_end_with_newline(&self, index: usize) -> usize {
        self.line_start(index + 1)
    }

    /// Where line `index` starts (after a BOM on the first), or the end of the text past the
    /// last line.
    fn line_start(&self, index: usize) -> usize {
        match index {
            _ if index >= self.line_count => self.source.len(),
            0 if self.source.starts_with('\u{feff}') => 3,
            _ => self.line_index.line_starts()[index],
        }
    }

    /// Line `index` (one of the `line_count`).
    fn line(&self, index: usize) -> PhysicalLine {
        let bytes = self.source.as_bytes();
        let start = self.line_start(index);
        let mut content_end = self.line_index.line_starts().get(index + 1).copied().unwrap_or(bytes.len());
        while content_end > start && matches!(bytes[content_end - 1], b'\r' | b'\n') {
            content_end -= 1;
        }
        PhysicalLine { start, content_end }
    }

    fn mark(&mut self, kind: TokenKind, span: Span) {
        self.marks.push(Token { kind, span });
    }

    fn mark_pieces(&mut self, kind: TokenKind, logical: &LogicalLine, start: usize, end: usize) {
        for span in logical.source_pieces(start, end) {
            self.mark(kind, span);
        }
    }

    fn error(&mut self, phase: Phase, code: &'static str, message: String, span: Span) {
        self.diagnose(Severity::Error, phase, code, message, span);
    }

    fn diagnose(&mut self, severity: Severity, phase: Phase, code: &'static str, message: String, span: Span) {
        let diagnostic = self.line_index.diagnostic(self.source, code, severity, phase, message, span);
        self.diagnostics.push(diagnostic);
    }
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

fn unknown_command(text: &str) -> Command {
    Command {
        keyword: Keyword::Unknown,
        name: text.split_whitespace().next().unwrap_or("").to_owned(),
        name_span: Span::default(),
        flags: Vec::new(),
        args: Vec::new(),
        json: false,
        trigger: None,
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, parse_edited, LineIndex, Syntax};

    /// Everything a parse gives, the logical lines of the instructions included.
    fn everything(syntax: &Syntax) -> String {
        let json = serde_json::to_string(syntax).expect("serialises");
        format!("{json}\n{:?}\n{:?}", syntax.instructions, syntax.line_index)
    }

    fn assert_parsed_as_alone(before: &str, after: &str) {
        let earlier = parse(before.to_owned(), true);
        let edited = parse_edited(&earlier, after.to_owned(), true);
        assert_eq!(everything(&edited), everything(&parse(after.to_owned(), false)), "{before:?} -> {after:?}");
        // Without the checks, only the checks' diagnostics are missing.
        let unchecked = parse_edited(&earlier, after.to_owned(), false);
        assert_eq!(format!("{:?}", unchecked.instructions), format!("{:?}", edited.instructions));
        let (checked, missing): (Vec<_>, Vec<_>) = edited.diagnostics.iter().partition(|d| unchecked.diagnostics.contains(d));
        assert_eq!(checked.len(), unchecked.diagnostics.len(), "{before:?} -> {after:?}");
        assert!(missing.iter().all(|d| d.phase == super::Phase::Instruction), "{missing:?}");
    }

    /// An edited text parsed from the earlier parse's last instruction before the edit is
    /// parsed as if alone: edits at every place, of directives, continuations, heredocs and
    /// comments, texts that end inside an instruction, and every fix of the real-world corpus.
    #[test]
    fn an_edited_text_parses_as_if_alone() {
        // The tail after an edit holds what the parser reports too: an empty continuation line,
        // an unknown instruction, bad arguments, a heredoc.
        let base = "# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine AS a\n# a comment\nRUN echo a \\\n  && echo b\n\nCOPY <<EOF /x\nhello\nEOF\nRUN ls\nFROB x\nRUN a \\\n\n  b\nHEALTHCHECK --interval=1s\nCMD [\"x\"]\n";
        let mut edits: Vec<String> = (0..=base.len()).filter(|&i| base.is_char_boundary(i)).map(|i| format!("{}X{}", &base[..i], &base[i..])).collect();
        edits.extend((0..base.len()).map(|i| format!("{}{}", &base[..i], &base[i + 1..])));
        // Whole lines added and removed move the rest of the text and its line numbers.
        let line_starts = (0..base.len()).filter(|&i| i == 0 || base.as_bytes()[i - 1] == b'\n');
        for i in line_starts {
            let next = base[i..].find('\n').map_or(base.len(), |n| i + n + 1);
            edits.push(format!("{}RUN added \\\n  twice\n{}", &base[..i], &base[i..]));
            edits.push(format!("{}{}", &base[..i], &base[next..]));
            edits.push(format!("{}RUN <<EOF\n{}", &base[..i], &base[i..]));
        }
        edits.extend([
            base.replace("# escape=\\", "# escape=`"),
            format!("{base}RUN tail \\"),
            format!("{base}RUN cat <<EOF\nunterminated"),
            base.replace('\n', "\r\n"),
            format!("\u{feff}{base}"),
        ]);
        for after in &edits {
            assert_parsed_as_alone(base, after);
        }
        for (before, after) in [("FROM a\nRUN b \\", "FROM a\nRUN b \\\n c\n"), ("FROM a\nRUN <<EOF\nx", "FROM a\nRUN <<EOF\nx\nEOF\n"), ("FROM a\nRUN b", "FROM a\nRUN b\nUSER c\n")] {
            assert_parsed_as_alone(before, after);
        }
        let Some(files) = crate::test_corpus::real_world_dockerfiles() else { return };
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else { continue };
            let report = crate::analyze(&crate::Input { dockerfile: text.clone(), skip_effects: true, ..Default::default() });
            for fix in report.findings.iter().filter_map(|f| f.fix.as_ref()) {
                assert_parsed_as_alone(&text, &fix.apply(&text));
            }
        }
    }

    #[test]
    fn the_line_index_is_the_one_of_the_text() {
        for text in ["", "\n", "FROM a\nRUN b", "FROM a\r\nRUN b\n\n", "\u{feff}FROM a\nRUN \\\n  b\n", "# x\n\nFROM a"] {
            assert_eq!(parse(text.to_owned(), false).line_index, LineIndex::new(text), "{text:?}");
        }
    }
}
