use std::rc::Rc;

use layerlab_engine::Report;
use yew::prelude::*;

#[derive(Properties)]
pub struct StatusLineProps {
    pub report: Rc<Report>,
}

/// Each analysis makes a new `Rc`, so the same pointer means the same report; comparing
/// pointers spares a deep comparison of the whole report on every render.
impl PartialEq for StatusLineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

/// The live line under the editor, recomputed by the engine on every keystroke.
#[function_component]
pub fn StatusLine(props: &StatusLineProps) -> Html {
    let report = &props.report;
    let has_problems = !report.diagnostics.is_empty();
    html! {
        <footer class="status-bar">
            <span
                class={classes!("status-dot", has_problems.then_some("status-dot-warn"))}
                aria-hidden="true"
            />
            <span class="status-text" data-testid="engine-status" role="status" aria-live="polite">
                { summary(report.instruction_count, report.stage_count, report.diagnostics.len()) }
            </span>
        </footer>
    }
}

/// "12 instructions · 2 stages", plus " · 3 problems" when the engine reported any.
pub fn summary(instruction_count: usize, stage_count: usize, problem_count: usize) -> String {
    let mut text = format!(
        "{} · {}",
        count(instruction_count, "instruction", "instructions"),
        count(stage_count, "stage", "stages"),
    );
    if problem_count > 0 {
        text.push_str(" · ");
        text.push_str(&count(problem_count, "problem", "problems"));
    }
    text
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn counts_instructions_and_stages() {
        assert_eq!(summary(12, 2, 0), "12 instructions · 2 stages");
        assert_eq!(summary(0, 0, 0), "0 instructions · 0 stages");
    }

    #[test]
    fn uses_the_singular_for_one() {
        assert_eq!(summary(1, 1, 1), "1 instruction · 1 stage · 1 problem");
    }

    #[test]
    fn adds_problems_only_when_there_are_some() {
        assert_eq!(summary(3, 1, 4), "3 instructions · 1 stage · 4 problems");
    }
}
