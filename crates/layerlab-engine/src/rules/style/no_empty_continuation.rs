use crate::rules::{Alias, Applicability, Category, Edit, FixAvailability, Findings, Rule, RuleContext, Severity};
use crate::syntax::Span;

const DOC: &str = r#"## What it does
Flags blank lines inside an instruction continued with `\`.

## Why it matters
BuildKit skips a blank line in the middle of a continued instruction today, but warns that this
will become an error in a future release. A blank line also invites a real bug: whoever edits
the file later may think the instruction ended there.

## Example
```dockerfile
RUN apt-get update && \

    apt-get install -y curl
```
Use instead:
```dockerfile
RUN apt-get update && \
    apt-get install -y curl
```

## Fix
Deletes the blank lines. Safe: BuildKit ignores them already.
"#;

pub const RULE: Rule = Rule {
    code: "LL6104",
    name: "no-empty-continuation",
    category: Category::Style,
    severity: Severity::Warning,
    aliases: &[Alias::buildkit("NoEmptyContinuation"), Alias::dockerfile_utils("EMPTY_CONTINUATION_LINE")],
    doc: DOC,
    fix: FixAvailability::Always,
    check,
};

fn check(context: &RuleContext, findings: &mut Findings) {
    let source = &context.syntax.source;
    let lines = &context.syntax.line_index;
    for (_, instruction) in context.instructions() {
        if instruction.start_line == instruction.end_line {
            continue;
        }
        let in_heredoc = |at: usize| {
            instruction.heredocs.iter().any(|h| h.body_span.start <= at && at < h.terminator_span.end.max(h.body_span.end))
        };
        // Blank lines between the keyword line and the end of the instruction's own text.
        let text_end = instruction.heredocs.first().map_or(instruction.span.end, |h| h.body_span.start);
        // The lines come from the line index: no search for their ends.
        let mut blanks = Vec::new();
        let (keyword_line, _) = lines.line_column(source, instruction.span.start);
        for line in keyword_line + 1..=lines.line_count() {
            let at = lines.line_start(line);
            if at >= text_end {
                break;
            }
            let line_end = if line < lines.line_count() { lines.line_start(line + 1) } else { source.len() };
            if is_blank(&source[at..line_end]) && !in_heredoc(at) {
                blanks.push(Span::new(at, line_end));
            }
        }
        let Some(first) = blanks.first().copied() else { continue };
        let count = blanks.len();
        let message = format!(
            "Empty continuation line{} in `{}`: BuildKit will reject this in a future release",
            if count > 1 { "s" } else { "" },
            instruction.command.name
        );
        let edits = blanks.into_iter().map(Edit::delete).collect();
        findings.report(Span::new(first.start, first.start), message).with_fix(
            "Remove the empty continuation line(s)",
            Applicability::Safe,
            edits,
        );
    }
}

/// `line.trim().is_empty()`, deciding most lines by their first byte that is not ASCII whitespace
/// (std's `trim` decodes characters from both ends).
fn is_blank(line: &str) -> bool {
    match line.bytes().find(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)) {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => line.trim().is_empty(),
    }
}
