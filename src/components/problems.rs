//! The Problems panel: the parser's and model's diagnostics and the rules' findings, grouped by
//! severity and then category; each opens to its documentation and a preview of its fix.
use std::collections::HashMap;

use layerlab_engine::rules::{self, Applicability, Category, Finding, Severity};
use layerlab_engine::sorting;
use layerlab_engine::syntax::{self, Diagnostic};
use layerlab_engine::Report;
use yew::prelude::*;

use super::markdown;
use crate::diff::{self, Change, DiffLine};
use crate::format;
use crate::schedule::MEASURE_EFFECTS_UP_TO;
use crate::state::{Action, State};

/// Where a problem is in the report.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    Diagnostic(usize),
    Finding(usize),
}

/// One row of the panel: a diagnostic or a finding, in the terms the panel groups by.
#[derive(Clone, Copy)]
pub struct Problem<'a> {
    pub source: Source,
    pub level: Severity,
    pub category: &'static str,
    pub code: &'static str,
    pub name: &'static str,
    pub message: &'a str,
    pub line: usize,
    pub column: usize,
    pub finding: Option<&'a Finding>,
}

fn category_name(category: Category) -> &'static str {
    match category {
        Category::Correctness => "correctness",
        Category::Security => "security",
        Category::Size => "size",
        Category::Cache => "cache",
        Category::Portability => "portability",
        Category::Style => "style",
    }
}

fn from_diagnostic((index, diagnostic): (usize, &Diagnostic)) -> Problem<'_> {
    let level = match diagnostic.severity {
        syntax::Severity::Error => Severity::Error,
        syntax::Severity::Warning => Severity::Warning,
        syntax::Severity::Info => Severity::Info,
    };
    Problem {
        source: Source::Diagnostic(index),
        level,
        category: "build",
        code: diagnostic.code,
        name: "",
        message: &diagnostic.message,
        line: diagnostic.line,
        column: diagnostic.column,
        finding: None,
    }
}

fn from_finding((index, finding): (usize, &Finding)) -> Problem<'_> {
    Problem {
        source: Source::Finding(index),
        level: finding.severity,
        category: category_name(finding.category),
        code: finding.code,
        name: finding.name,
        message: &finding.message,
        line: finding.line,
        column: finding.column,
        finding: Some(finding),
    }
}

/// Every problem, most severe first, then by category, then by position.
pub fn problems(report: &Report) -> Vec<Problem<'_>> {
    let mut all: Vec<Problem> =
        report.diagnostics.iter().enumerate().map(from_diagnostic).chain(report.findings.iter().enumerate().map(from_finding)).collect();
    sorting::sort_by_key(&mut all, |p| (p.level, p.category, p.line, p.column));
    all
}

fn level_title(level: Severity) -> &'static str {
    match level {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
        Severity::Style => "Style",
    }
}

fn level_class(level: Severity) -> &'static str {
    match level {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
        Severity::Style => "sev-style",
    }
}

/// The badges for a measured effect: "−19.9 MB", "2 fewer steps rebuilt".
pub fn effect_badges(finding: &Finding) -> Vec<String> {
    let Some(effect) = &finding.effect else { return Vec::new() };
    let mut badges = Vec::new();
    if effect.uncompressed_bytes_saved != 0 {
        badges.push(format::signed_bytes(effect.uncompressed_bytes_saved));
    }
    if effect.steps_no_longer_rebuilt > 0 {
        badges.push(format!("{} fewer rebuilt", format::count(effect.steps_no_longer_rebuilt as usize, "step", "steps")));
    }
    badges
}

#[derive(Properties, PartialEq)]
pub struct ProblemsPanelProps {
    pub state: State,
}

#[function_component]
pub fn ProblemsPanel(props: &ProblemsPanelProps) -> Html {
    let state = &props.state;
    let report = &state.report;
    let all = problems(report);
    let safe_fixes = report.findings.iter().filter(|f| f.fix.as_ref().is_some_and(|fix| fix.applicability == Applicability::Safe)).count();
    let apply_safe = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ApplySafeFixes))
    };

    let mut sections = Vec::new();
    for level in [Severity::Error, Severity::Warning, Severity::Info, Severity::Style] {
        let of_level: Vec<&Problem> = all.iter().filter(|p| p.level == level).collect();
        if of_level.is_empty() {
            continue;
        }
        let mut groups = Vec::new();
        let mut start = 0;
        while start < of_level.len() {
            let category = of_level[start].category;
            let end = start + of_level[start..].iter().take_while(|p| p.category == category).count();
            // Keyed by code and rank, not by place: a line added above moves the problems below,
            // which then update rather than being rebuilt.
            let mut ranks = HashMap::new();
            let items = of_level[start..end].iter().map(|problem| {
                let rank = ranks.entry(problem.code).and_modify(|rank| *rank += 1).or_insert(0);
                let key = format!("{}#{rank}", problem.code);
                html! { <ProblemItem {key} state={state.clone()} problem={ProblemKey::of(problem, &all)} /> }
            });
            groups.push(html! {
                <li class="problem-group">
                    <h4 class="problem-category">{ category }</h4>
                    <ol class="problems">{ for items }</ol>
                </li>
            });
            start = end;
        }
        sections.push(html! {
            <section class={classes!("problem-level", level_class(level))} aria-label={level_title(level)}>
                <h3 class="problem-level-title">
                    { level_title(level) }
                    <span class="count">{ of_level.len() }</span>
                </h3>
                <ul class="problem-groups">{ for groups }</ul>
            </section>
        });
    }

    html! {
        <section class="panel" data-testid="panel-problems" aria-labelledby="problems-title">
            <header class="panel-header problems-toolbar">
                <h2 id="problems-title" class="panel-title">
                    { format::count(all.len(), "problem", "problems") }
                </h2>
                if !state.effects_measured && report.findings.iter().any(|f| f.fix.is_some()) {
                    if state.input.dockerfile.len() > MEASURE_EFFECTS_UP_TO {
                        <span class="measuring" title="Measuring means one more analysis per fix">
                            { format!("effects are measured for files up to {} kB", MEASURE_EFFECTS_UP_TO / 1024) }
                        </span>
                    } else {
                        <span class="measuring" title="Each fix is applied and the build analysed again">{ "measuring effects…" }</span>
                    }
                }
                <button class="button button-primary" disabled={safe_fixes == 0} onclick={apply_safe} title="Apply every safe fix, repeatedly, until none is left (Alt+Shift+F)">
                    { format!("Apply {} safe {}", safe_fixes, if safe_fixes == 1 { "fix" } else { "fixes" }) }
                </button>
            </header>
            if all.is_empty() {
                <p class="empty">{ "No problems found." }</p>
            } else {
                { for sections }
            }
        </section>
    }
}

/// Identifies a problem in the current report across re-renders (the report changes on every
/// keystroke; the item looks itself up again by code and position). `nth` tells apart two
/// problems with the same code at the same place (e.g. two failed expansions on one line).
#[derive(Clone, PartialEq)]
pub struct ProblemKey {
    code: &'static str,
    line: usize,
    column: usize,
    nth: usize,
    /// Where it is in the current report: each item reads only its own entry.
    source: Source,
}

impl ProblemKey {
    fn same_place(&self, problem: &Problem) -> bool {
        problem.code == self.code && problem.line == self.line && problem.column == self.column
    }

    fn of(problem: &Problem, all: &[Problem]) -> ProblemKey {
        let mut key = ProblemKey { code: problem.code, line: problem.line, column: problem.column, nth: 0, source: problem.source };
        key.nth = all.iter().take_while(|p| !std::ptr::eq(*p, problem)).filter(|p| key.same_place(p)).count();
        key
    }

    /// The problem in `report` (None when the report changed under the key).
    fn find<'a>(&self, report: &'a Report) -> Option<Problem<'a>> {
        let problem = match self.source {
            Source::Diagnostic(index) => from_diagnostic((index, report.diagnostics.get(index)?)),
            Source::Finding(index) => from_finding((index, report.findings.get(index)?)),
        };
        self.same_place(&problem).then_some(problem)
    }
}

#[derive(Properties, PartialEq)]
struct ProblemItemProps {
    state: State,
    problem: ProblemKey,
}

#[function_component]
fn ProblemItem(props: &ProblemItemProps) -> Html {
    let open = use_state(|| false);
    let state = &props.state;
    let key = &props.problem;
    let Some(problem) = key.find(&state.report) else {
        return Html::default();
    };
    let jump = {
        let state = state.clone();
        let (line, column) = (problem.line, problem.column);
        Callback::from(move |_| state.dispatch(Action::JumpTo { line, column }))
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let badges = problem.finding.map(effect_badges).unwrap_or_default();
    let fix = problem.finding.and_then(|f| f.fix.as_ref());
    let detail_id = format!("problem-detail-{}-{}-{}-{}", key.code, key.line, key.column, key.nth);
    html! {
        <li class={classes!("problem", level_class(problem.level))}>
            <div class="problem-row">
                <button class="problem-location link-button" onclick={jump} title="Go to the line">
                    { format!("{}:{}", problem.line, problem.column) }
                </button>
                <span class="problem-message">{ problem.message }</span>
            </div>
            <div class="problem-meta">
                <button class="problem-code link-button" onclick={toggle} aria-expanded={open.to_string()} aria-controls={detail_id.clone()}>
                    { problem.code }
                    if !problem.name.is_empty() {
                        <span class="problem-name">{ format!(" {}", problem.name) }</span>
                    }
                </button>
                if let Some(fix) = fix {
                    <span class={classes!("fix-kind", applicability_class(fix.applicability))}>{ applicability_label(fix.applicability) }</span>
                }
                { for badges.into_iter().map(|badge| html! { <span class="effect-badge">{ badge }</span> }) }
            </div>
            if *open {
                <div class="problem-detail" id={detail_id}>
                    if let Some(fix) = fix {
                        <FixPreview state={state.clone()} fix={fix.clone()} />
                    }
                    { rules::by_code(problem.code).map(|rule| markdown::render(rule.doc)).unwrap_or_default() }
                </div>
            }
        </li>
    }
}

fn applicability_label(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe fix",
        Applicability::Unsafe => "unsafe fix",
        Applicability::ManualWithPreview => "suggested edit",
    }
}

fn applicability_class(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "fix-safe",
        Applicability::Unsafe => "fix-unsafe",
        Applicability::ManualWithPreview => "fix-manual",
    }
}

#[derive(Properties, PartialEq)]
struct FixPreviewProps {
    state: State,
    fix: rules::Fix,
}

/// The fix as a diff of the Dockerfile, and the button that applies it.
#[function_component]
fn FixPreview(props: &FixPreviewProps) -> Html {
    let before = &props.state.input.dockerfile;
    let after = props.fix.apply(before);
    let lines = diff::lines(before, &after);
    let hunks = diff::hunks(&lines, 1);
    let apply = {
        let state = props.state.clone();
        let fix = props.fix.clone();
        Callback::from(move |_| state.dispatch(Action::ApplyFix(fix.clone())))
    };
    let rows = hunks.into_iter().map(|line| match line {
        None => html! { <div class="diff-gap">{ "…" }</div> },
        Some(line) => diff_line(&line),
    });
    html! {
        <div class="fix-preview">
            <div class="fix-header">
                <span class="fix-title">{ props.fix.title.clone() }</span>
                <button class="button button-primary" onclick={apply}>{ "Apply" }</button>
            </div>
            <div class="diff" role="group" aria-label="Preview of the fix">{ for rows }</div>
        </div>
    }
}

/// One line of a diff: its number, `+`/`−` and its text (the lesson bar uses it too).
pub fn diff_line(line: &DiffLine) -> Html {
    let (class, mark) = match line.change {
        Change::Same => ("diff-same", " "),
        Change::Removed => ("diff-removed", "−"),
        Change::Added => ("diff-added", "+"),
    };
    html! {
        <div class={classes!("diff-line", class)}>
            <span class="diff-number">{ line.line }</span>
            <span class="diff-mark" aria-hidden="true">{ mark }</span>
            <span class="diff-text">{ line.text.to_owned() }</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use layerlab_engine::{analyze, Input};

    use super::*;

    fn report(text: &str) -> Report {
        analyze(&Input { dockerfile: text.into(), ..Default::default() })
    }

    #[test]
    fn diagnostics_and_findings_are_listed_most_severe_first() {
        let report = report("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nENV X=${MISSING?no}\n");
        let all = problems(&report);
        assert_eq!(all.len(), report.diagnostics.len() + report.findings.len());
        assert!(all.windows(2).all(|w| (w[0].level, w[0].category) <= (w[1].level, w[1].category)));
        assert!(all.iter().any(|p| p.finding.is_none()) && all.iter().any(|p| p.finding.is_some()));
    }

    #[test]
    fn problems_at_the_same_place_get_distinct_keys() {
        let report = report("FROM alpine\nENV A=${X?one} B=${Y?two}\n");
        let all = problems(&report);
        let keys: Vec<ProblemKey> = all.iter().map(|p| ProblemKey::of(p, &all)).collect();
        assert!(keys.iter().any(|key| key.nth == 1), "two failed expansions at 2:1");
        for (index, key) in keys.iter().enumerate() {
            assert!(keys[index + 1..].iter().all(|other| other != key));
            assert_eq!(key.find(&report).unwrap().source, all[index].source);
        }
    }

    #[test]
    fn effect_badges_come_from_the_measured_effect() {
        let mut input = Input { dockerfile: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n".into(), ..Default::default() };
        input.skip_effects = false;
        let report = analyze(&input);
        let lists = report.findings.iter().find(|f| f.aliases.iter().any(|a| a.code == "DL3009")).expect("DL3009 finding");
        let badges = effect_badges(lists);
        let saved = lists.effect.as_ref().unwrap().uncompressed_bytes_saved;
        assert!(saved > 15_000_000, "apt lists are ~19.9 MB: {saved}");
        assert_eq!(badges[0], format::signed_bytes(saved));
    }
}
