//! Rules, the way ruff does them: one rule per file, each a [`Rule`] with a stable code, a
//! kebab-case name, a category, a default severity, aliases in other tools, documentation that
//! teaches, and a check that reports [`Finding`]s on exact ranges, with fixes as text edits.
//!
//! A rule file holds, in order: its documentation (`DOC`), the `RULE` constant, the check
//! function, and private helpers. Its category's `mod.rs` lists it; adding a rule touches one
//! file plus one line. Fixture files and snapshot tests live in `rules/fixtures` and `tests.rs`.

pub mod cache;
mod context;
mod fix_all;
mod lint;
pub mod correctness;
pub mod portability;
pub mod security;
pub mod size;
pub mod style;
mod helpers;
mod pragmas;
mod registry;
mod transform;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::sorting;
use crate::syntax::Span;

pub use context::RuleContext;
pub use fix_all::{fix_all, FixedText};
pub use lint::lint;
pub use registry::{all, by_code};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Correctness,
    Security,
    Size,
    Cache,
    Portability,
    Style,
}

/// Severities, as hadolint names them (its `--failure-threshold` order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Style,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "style" => Some(Severity::Style),
            _ => None,
        }
    }
}

/// Whether a rule can offer a fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    Always,
    Sometimes,
    Never,
}

/// How far a fix can be trusted (ruff's applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps the build's meaning; applied by "apply all safe fixes".
    Safe,
    /// May change behaviour; applied on request (`layerlab fix --unsafe`).
    Unsafe,
    /// A suggestion to review in a preview before applying.
    ManualWithPreview,
}

/// One rule's identity, documentation and check.
pub struct Rule {
    /// Layerlab's stable code, e.g. `LL1001`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `apt-get-install-missing-yes`.
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// The same check in other tools (hadolint, BuildKit, Trivy, Checkov, dockerfile-utils).
    pub aliases: &'static [Alias],
    /// Markdown with the sections: What it does, Why it matters, Example, Fix.
    pub doc: &'static str,
    pub fix: FixAvailability,
    pub check: fn(&RuleContext, &mut Findings),
}

impl Rule {
    /// True when `code` names this rule: its code, its name or one of its aliases.
    pub fn answers_to(&self, code: &str) -> bool {
        self.code.eq_ignore_ascii_case(code)
            || self.name.eq_ignore_ascii_case(code)
            || self.aliases.iter().any(|a| a.code.eq_ignore_ascii_case(code))
    }

    /// This rule's code in another tool.
    pub fn alias(&self, tool: Tool) -> Option<&'static str> {
        self.aliases.iter().find(|a| a.tool == tool).map(|a| a.code)
    }
}

/// The tools whose checks Layerlab mirrors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    Hadolint,
    Buildkit,
    Trivy,
    Checkov,
    DockerfileUtils,
}

/// A rule's code in another tool, e.g. hadolint `DL3014`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Alias {
    pub tool: Tool,
    pub code: &'static str,
}

impl Alias {
    pub const fn hadolint(code: &'static str) -> Alias {
        Alias { tool: Tool::Hadolint, code }
    }
    pub const fn buildkit(code: &'static str) -> Alias {
        Alias { tool: Tool::Buildkit, code }
    }
    pub const fn trivy(code: &'static str) -> Alias {
        Alias { tool: Tool::Trivy, code }
    }
    pub const fn checkov(code: &'static str) -> Alias {
        Alias { tool: Tool::Checkov, code }
    }
    pub const fn dockerfile_utils(code: &'static str) -> Alias {
        Alias { tool: Tool::DockerfileUtils, code }
    }
}

/// A text edit on the original Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Edit {
        Edit { start: span.start, end: span.end, replacement: replacement.into() }
    }
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit { start: at, end: at, replacement: text.into() }
    }
    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// Applies the edits to `text` (edits must not overlap; later offsets first).
    pub fn apply(&self, text: &str) -> String {
        let mut edits = self.edits.clone();
        sorting::sort_by_key(&mut edits, |e| std::cmp::Reverse((e.start, e.end)));
        let mut out = text.to_owned();
        for edit in edits {
            if edit.start <= edit.end && edit.end <= out.len() && out.is_char_boundary(edit.start) && out.is_char_boundary(edit.end) {
                out.replace_range(edit.start..edit.end, &edit.replacement);
            }
        }
        out
    }
}

/// What a fix changes, measured by analysing the fixed text (never a constant).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Effect {
    pub uncompressed_bytes_saved: i64,
    pub compressed_bytes_saved: i64,
    pub steps_no_longer_rebuilt: i64,
}

/// A problem found by a rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub aliases: &'static [Alias],
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub fix: Option<Fix>,
    pub effect: Option<Effect>,
}

/// Collects a rule's findings with their positions.
pub struct Findings<'a> {
    context: &'a RuleContext<'a>,
    rule: &'static Rule,
    found: Vec<Finding>,
}

impl<'a> Findings<'a> {
    /// Reports a finding on `span`; returns it so a fix can be attached.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        let syntax = self.context.syntax;
        let (line, column) = syntax.line_index.line_column(&syntax.source, span.start);
        let (end_line, end_column) = syntax.line_index.line_column(&syntax.source, span.end);
        self.found.push(Finding {
            code: self.rule.code,
            name: self.rule.name,
            aliases: self.rule.aliases,
            category: self.rule.category,
            severity: self.rule.severity,
            message: message.into(),
            span,
            line,
            column,
            end_line,
            end_column,
            fix: None,
            effect: None,
        });
        self.found.last_mut().expect("just pushed")
    }
}

impl Finding {
    /// Attaches a fix; a fix without edits is no fix (advice belongs in the message or doc).
    pub fn with_fix(&mut self, title: impl Into<String>, applicability: Applicability, edits: Vec<Edit>) -> &mut Finding {
        if !edits.is_empty() {
            self.fix = Some(Fix { title: title.into(), applicability, edits });
        }
        self
    }
}

/// Runs every rule, then applies pragmas (`# hadolint ignore=`, `# check=skip=`, …).
pub fn check(context: &RuleContext) -> Vec<Finding> {
    check_rules(context, all())
}

/// Runs the given rules with pragmas applied.
pub fn check_rules(context: &RuleContext, rules: &[&'static Rule]) -> Vec<Finding> {
    let pragmas = pragmas::Pragmas::read(context.syntax);
    let mut findings = Vec::new();
    // The rules' collectors take turns with one Vec: most rules find nothing, and then there is
    // nothing to drop or drain.
    let mut found = Vec::new();
    for &rule in rules {
        if pragmas.skips_globally(rule) {
            continue;
        }
        let mut collector = Findings { context, rule, found };
        (rule.check)(context, &mut collector);
        found = collector.found;
        if found.is_empty() {
            continue;
        }
        for mut finding in found.drain(..) {
            if pragmas.ignores(rule, context.syntax, finding.span) {
                continue;
            }
            if pragmas.promotes_to_error(rule) {
                finding.severity = Severity::Error;
            }
            findings.push(finding);
        }
    }
    sorting::sort_by(&mut findings, |a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    findings
}
