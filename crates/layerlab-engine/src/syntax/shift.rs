//! Moving what the parser made for a text's tail to where the same tail sits in an edited text
//! (see `ast::parse_edited`): offsets and lines inside the tail move by the same amount, and
//! what points before it (a fallback command's empty name span at 0) stays.
use super::tokens::Token;
use super::{Command, Diagnostic, Instruction, Span};

/// `position` when the tail it may be in moved from `from` to `to`.
pub(super) fn moved(position: usize, from: usize, to: usize) -> usize {
    if position >= from { position - from + to } else { position }
}

#[derive(Clone, Copy)]
pub(super) struct Shift {
    /// The tail's first byte and first (1-based) line in the earlier text.
    pub from: usize,
    pub from_line: usize,
    /// Where they are in the edited text.
    pub to: usize,
    pub to_line: usize,
}

impl Shift {
    pub fn moves_nothing(self) -> bool {
        self.from == self.to && self.from_line == self.to_line
    }

    pub fn offset(self, offset: usize) -> usize {
        moved(offset, self.from, self.to)
    }

    pub fn line(self, line: usize) -> usize {
        moved(line, self.from_line, self.to_line)
    }

    fn span(self, span: &mut Span) {
        *span = Span::new(self.offset(span.start), self.offset(span.end));
    }

    pub fn instruction(self, instruction: &mut Instruction) {
        self.command(&mut instruction.command);
        self.span(&mut instruction.span);
        instruction.start_line = self.line(instruction.start_line);
        instruction.end_line = self.line(instruction.end_line);
        for heredoc in &mut instruction.heredocs {
            self.span(&mut heredoc.body_span);
            self.span(&mut heredoc.terminator_span);
        }
        instruction.logical.move_sources(|offset| self.offset(offset));
    }

    fn command(self, command: &mut Command) {
        self.span(&mut command.name_span);
        command.flags.iter_mut().for_each(|flag| self.span(&mut flag.span));
        command.args.iter_mut().for_each(|word| self.span(&mut word.span));
        if let Some(trigger) = &mut command.trigger {
            self.command(trigger);
        }
    }

    pub fn token(self, token: &mut Token) {
        self.span(&mut token.span);
    }

    /// Columns stay: the tail starts a line in both texts.
    pub fn diagnostic(self, diagnostic: &mut Diagnostic) {
        self.span(&mut diagnostic.span);
        diagnostic.line = self.line(diagnostic.line);
        diagnostic.end_line = self.line(diagnostic.end_line);
    }
}
