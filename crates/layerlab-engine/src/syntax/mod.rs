//! A BuildKit-faithful, lossless, error-tolerant Dockerfile parser.
//!
//! Parsing follows BuildKit's two phases (see `reference/buildkit-parser-spec.md`):
//! [`ast`] turns text into instructions exactly as `parser.Parse` does (the `Node.Dump()` of the
//! result is byte-identical to BuildKit's), then [`checks`] applies the instruction-phase rules
//! (`instructions.Parse`: flags, arity, stage names). Unlike BuildKit, nothing stops at the first
//! error: every problem becomes a [`Diagnostic`] and the rest of the file is still parsed.
//!
//! Lossless: [`Syntax::tokens`] partitions the input, so printing them gives it back byte for byte.

mod args;
mod ast;
mod checks;
mod directives;
pub mod dump;
mod flags;
pub mod heredoc;
pub mod highlight;
mod json;
mod logical_line;
pub mod mount;
mod position;
mod shift;
pub mod shell;
mod tokens;
mod typed;

use std::sync::{Arc, OnceLock};

use serde::Serialize;

pub use position::LineIndex;
pub use tokens::{Token, TokenKind};
pub use typed::{InlineFile, ShellCommand, SourcesAndDestination};

/// A byte range in the parsed text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The instructions BuildKit knows, matched case-insensitively.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    pub fn from_name(name: &str) -> Keyword {
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
            .unwrap_or(Keyword::Unknown)
    }

    /// The canonical upper-case spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "",
        }
    }
}

/// One argument value as BuildKit's AST holds it, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    pub value: String,
    /// Covers the word in the source; empty for values BuildKit synthesises (ENV's `=`).
    pub span: Span,
}

/// A `--name[=value]` flag word, as written (quotes removed, as BuildKit does).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The flag word as BuildKit keeps it, e.g. `--from=build`.
    pub raw: String,
    pub name: String,
    pub value: Option<String>,
    pub span: Span,
}

/// One instruction's parsed form: BuildKit's `Node` (keyword, flags, arguments).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Command {
    pub keyword: Keyword,
    /// The keyword as written (its case is kept for linting).
    pub name: String,
    pub name_span: Span,
    pub flags: Vec<Flag>,
    /// BuildKit's argument chain; for ENV and LABEL it is (key, value, separator) triples.
    pub args: Vec<Word>,
    /// Exec (JSON array) form.
    pub json: bool,
    /// The trigger of an ONBUILD.
    pub trigger: Option<Box<Command>>,
}

impl Command {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }
    pub fn arg_values(&self) -> impl Iterator<Item = &str> {
        self.args.iter().map(|w| w.value.as_str())
    }
}

/// A here-document attached to a RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    pub name: String,
    pub file_descriptor: u32,
    /// False when any part of the delimiter was quoted (`<<"EOF"`): no variable expansion.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from every content line.
    pub chomp: bool,
    /// The raw body (each line with its newline), before chomping.
    pub content: String,
    pub body_span: Span,
    pub terminator_span: Span,
}

/// One instruction with its place in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Instruction {
    pub command: Command,
    /// From the keyword to the end of the last line (heredoc terminator included).
    pub span: Span,
    /// 1-based, as BuildKit's `StartLine`/`EndLine`.
    pub start_line: usize,
    pub end_line: usize,
    pub heredocs: Vec<Heredoc>,
    /// Comment lines directly above (BuildKit's `PrevComment`), without the `#`.
    pub comments: Vec<String>,
    /// The joined logical line (continuations removed), as BuildKit's `Original`.
    pub original: String,
    /// Where each piece of `original` came from.
    #[serde(skip)]
    pub(crate) logical: logical_line::LogicalLine,
}

impl Instruction {
    pub fn is(&self, keyword: Keyword) -> bool {
        self.command.keyword == keyword
    }

    /// The source offset of byte `offset` inside an argument's value, for arguments whose value
    /// is their text as written (shell-form commands, unquoted words); `None` otherwise.
    pub fn source_offset_in(&self, word: &Word, offset: usize) -> Option<usize> {
        let start = self.logical.logical_offset(word.span.start)?;
        let text = self.original.get(start..start + word.value.len())?;
        (text == word.value).then(|| self.logical.source_offset(start + offset.min(word.value.len())))
    }
}

/// A parser directive (`# syntax=`, `# escape=`, `# check=`) at the top of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub span: Span,
    pub line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Which of BuildKit's phases would report the problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// `parser.Parse` fails: BuildKit prints no AST at all.
    Ast,
    /// `instructions.Parse` fails: the AST exists, the build does not start.
    Instruction,
    /// BuildKit's dispatch (`dockerfile2llb`): expansion, stage references, platforms.
    Dispatch,
    /// Not a BuildKit error (e.g. invalid UTF-8, which BuildKit accepts silently).
    Input,
}

/// A problem found while parsing: data with a place, never a panic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub phase: Phase,
    pub message: String,
    pub span: Span,
    /// 1-based line and column (columns count characters).
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// The result of parsing: everything, including what went wrong.
#[derive(Clone, Debug)]
pub struct Syntax {
    /// The parsed text: the input itself, or its lossy UTF-8 decoding (see [`parse_bytes`]).
    pub source: String,
    pub escape: char,
    pub directives: Vec<Directive>,
    /// Shared, so that the parse of an edit takes over the ones before it without copies.
    pub instructions: Vec<Arc<Instruction>>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the parser classified, from which [`Syntax::tokens`] is made when first asked for
    /// (the analysis never asks).
    marks: Vec<Token>,
    tokens: OnceLock<Vec<Token>>,
    pub line_index: LineIndex,
    /// The input bytes when they were not valid UTF-8 (`source` is then their lossy decoding).
    pub original: Option<OriginalBytes>,
    /// Where each instruction's parse ended, when kept ([`parse_for_edits`]).
    resumable: ast::Resumable,
    /// For the parse of an edit ([`parse_edited`]): which instructions are the earlier parse's.
    pub(crate) edit: Option<EditMap>,
}

/// How the instructions of an edit's parse sit among the earlier parse's: the first `kept` are
/// the earlier ones, and from `tail.first` on they are the earlier ones moved (the same text).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct EditMap {
    pub kept: usize,
    pub tail: Option<MovedTail>,
}

/// Instructions `first..` are the earlier `earlier_first..`; lines from `earlier_line` on moved
/// to start at `line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MovedTail {
    pub first: usize,
    pub earlier_first: usize,
    pub line: usize,
    pub earlier_line: usize,
}

impl MovedTail {
    /// Where an earlier instruction index of the tail is now.
    pub fn instruction(&self, earlier: usize) -> usize {
        shift::moved(earlier, self.earlier_first, self.first)
    }

    /// Where an earlier line of the tail is now.
    pub fn line(&self, earlier: usize) -> usize {
        shift::moved(earlier, self.earlier_line, self.line)
    }
}

impl Serialize for Syntax {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut fields = serializer.serialize_struct("Syntax", 6)?;
        fields.serialize_field("source", &self.source)?;
        fields.serialize_field("escape", &self.escape)?;
        fields.serialize_field("directives", &self.directives)?;
        fields.serialize_field("instructions", &self.instructions)?;
        fields.serialize_field("diagnostics", &self.diagnostics)?;
        fields.serialize_field("tokens", self.tokens())?;
        fields.end()
    }
}

/// Invalid UTF-8 input and where each U+FFFD of the decoded text came from.
#[derive(Clone, Debug)]
pub struct OriginalBytes {
    pub bytes: Vec<u8>,
    /// (offset in `source`, offset in `bytes`) at the start and end of each replacement.
    checkpoints: Vec<(usize, usize)>,
}

impl OriginalBytes {
    /// Decodes lossily, remembering where every replacement character came from.
    fn decode(bytes: &[u8]) -> (String, OriginalBytes) {
        let mut text = String::with_capacity(bytes.len() + 16);
        let mut checkpoints = Vec::new();
        let mut at = 0;
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            at += chunk.valid().len();
            if !chunk.invalid().is_empty() {
                checkpoints.push((text.len(), at));
                text.push(char::REPLACEMENT_CHARACTER);
                at += chunk.invalid().len();
                checkpoints.push((text.len(), at));
            }
        }
        (text, OriginalBytes { bytes: bytes.to_vec(), checkpoints })
    }

    /// The input offset of a decoded offset (both on character boundaries).
    pub fn offset(&self, decoded: usize) -> usize {
        match self.checkpoints.partition_point(|&(d, _)| d <= decoded) {
            0 => decoded,
            i => self.checkpoints[i - 1].1 + (decoded - self.checkpoints[i - 1].0),
        }
    }
}

impl Syntax {
    pub(crate) fn new(
        source: String,
        escape: char,
        directives: Vec<Directive>,
        instructions: Vec<Arc<Instruction>>,
        diagnostics: Vec<Diagnostic>,
        marks: Vec<Token>,
        line_index: LineIndex,
    ) -> Syntax {
        let resumable = ast::Resumable::default();
        let (tokens, original, edit) = (OnceLock::new(), None, None);
        Syntax { source, escape, directives, instructions, diagnostics, marks, tokens, line_index, original, resumable, edit }
    }

    /// A partition of `source` into classified tokens: the lossless tree's leaves.
    pub fn tokens(&self) -> &[Token] {
        self.tokens.get_or_init(|| tokens::partition(&self.source, self.marks.clone()))
    }

    /// The text back from the tokens; equal to the input for valid UTF-8.
    pub fn to_text(&self) -> String {
        self.tokens().iter().map(|t| &self.source[t.span.start..t.span.end]).collect()
    }

    /// The input back from the tokens, byte for byte, whatever the input was.
    pub fn to_bytes(&self) -> Vec<u8> {
        let Some(original) = &self.original else { return self.to_text().into_bytes() };
        let mut bytes = Vec::with_capacity(original.bytes.len());
        for token in self.tokens() {
            bytes.extend_from_slice(&original.bytes[original.offset(token.span.start)..original.offset(token.span.end)]);
        }
        bytes
    }

    /// BuildKit's `Node.Dump()` of the whole file, or the AST-phase error BuildKit would return.
    pub fn buildkit_dump(&self) -> Result<String, &Diagnostic> {
        match self.diagnostics.iter().find(|d| d.phase == Phase::Ast && d.severity == Severity::Error) {
            Some(error) => Err(error),
            None => Ok(dump::dump(&self.instructions)),
        }
    }

    pub fn text(&self, span: Span) -> &str {
        &self.source[span.start..span.end]
    }
}

/// Parses Dockerfile text. Never fails and never panics: problems are [`Syntax::diagnostics`].
pub fn parse(text: &str) -> Syntax {
    ast::parse(text.to_owned(), false)
}

/// [`parse`], keeping where each instruction's parse ended: edits of the text are then parsed
/// from the last instruction before them ([`parse_edited`]).
pub fn parse_for_edits(text: &str) -> Syntax {
    ast::parse(text.to_owned(), true)
}

/// [`parse`] of `text`, an edit of the text `earlier` was parsed from ([`parse_for_edits`]):
/// the instructions that end before the first byte the texts differ in are taken over.
pub fn parse_edited(earlier: &Syntax, text: &str) -> Syntax {
    ast::parse_edited(earlier, text.to_owned(), true)
}

/// [`parse_edited`] for a build that is only simulated: its diagnostics lack those of the
/// instruction checks (argument counts, unknown instructions), which change no instruction.
pub(crate) fn parse_edited_unchecked(earlier: &Syntax, text: &str) -> Syntax {
    ast::parse_edited(earlier, text.to_owned(), false)
}

/// Parses raw bytes. Invalid UTF-8 is decoded lossily (each bad sequence becomes U+FFFD) and
/// reported; BuildKit itself accepts such bytes silently.
pub fn parse_bytes(bytes: &[u8]) -> Syntax {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(error) => {
            let (text, original) = OriginalBytes::decode(bytes);
            let bad_offset = error.valid_up_to();
            let mut syntax = ast::parse(text, false);
            syntax.original = Some(original);
            let span = Span::new(bad_offset, (bad_offset + 1).min(syntax.source.len()));
            let diagnostic = syntax.line_index.diagnostic(
                &syntax.source,
                "invalid-utf8",
                Severity::Warning,
                Phase::Input,
                "the file is not valid UTF-8; invalid bytes are shown as \u{FFFD}".to_owned(),
                span,
            );
            syntax.diagnostics.insert(0, diagnostic);
            syntax
        }
    }
}
