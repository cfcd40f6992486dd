use std::rc::Rc;

use layerlab_engine::simulate::FinalImage;
use layerlab_engine::Report;
use yew::prelude::*;

use crate::schedule::ANALYSE_UP_TO;

#[derive(Properties)]
pub struct StatusLineProps {
    pub report: Rc<Report>,
    /// Nothing analysed yet (the page has just opened).
    pub awaiting_report: bool,
    /// The text is too large for the page to analyse.
    pub too_large: bool,
}

/// Each analysis makes a new `Rc`, so the same pointer means the same report; comparing
/// pointers spares a deep comparison of the whole report on every render.
impl PartialEq for StatusLineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
            && self.awaiting_report == other.awaiting_report
            && self.too_large == other.too_large
    }
}

/// The live line under the editor, recomputed by the engine on every keystroke.
#[function_component]
pub fn StatusLine(props: &StatusLineProps) -> Html {
    let report = &props.report;
    if props.awaiting_report {
        let too_large = props.too_large;
        let text = if too_large { format!("Not analysed: over {} kB", ANALYSE_UP_TO / 1024) } else { "Analysing…".to_owned() };
        return html! {
            <footer class="status-bar">
                <span class="status-dot status-dot-none" aria-hidden="true" />
                <span class="status-text" data-testid="engine-status" role="status" aria-live="polite" aria-busy={(!too_large).to_string()}>
                    { text }
                </span>
                <span class="status-size" data-testid="final-size" />
            </footer>
        };
    }
    let has_problems = !report.diagnostics.is_empty() || !report.findings.is_empty();
    html! {
        <footer class="status-bar">
            <span
                class={classes!("status-dot", has_problems.then_some("status-dot-warn"))}
                aria-hidden="true"
            />
            <span class="status-text" data-testid="engine-status" role="status" aria-live="polite">
                { summary(report.instruction_count, report.stage_count, report.diagnostics.len() + report.findings.len()) }
            </span>
            <span class="status-size" data-testid="final-size" title={size_sources(&report.final_image)}>
                { final_size(&report.final_image) }
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

/// "image 18.4 MB · 9.3 MB compressed" (a lower bound when some size is unknown).
pub fn final_size(image: &FinalImage) -> String {
    if image.uncompressed_bytes == 0 && !image.complete {
        return "image size unknown".to_owned();
    }
    let bound = if image.complete { "" } else { "at least " };
    format!("image {bound}{} · {} compressed", megabytes(image.uncompressed_bytes), megabytes(image.compressed_bytes))
}

/// Where the size comes from, shown on hover: the base image's source, then the estimates.
fn size_sources(image: &FinalImage) -> String {
    let base = &image.base;
    let mut lines = vec![format!("base {}: {}", base.resolved.as_deref().unwrap_or(&base.reference), base.source)];
    lines.extend(base.notes.iter().chain(&image.notes).take(6).cloned());
    lines.join("\n")
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::{final_size, summary};
    use layerlab_engine::simulate::FinalImage;

    #[test]
    fn final_size_says_when_it_is_a_lower_bound_or_unknown() {
        let image = FinalImage { uncompressed_bytes: 18_370_954, compressed_bytes: 9_270_951, complete: true, ..Default::default() };
        assert_eq!(final_size(&image), "image 18.4 MB · 9.3 MB compressed");
        let partial = FinalImage { complete: false, ..image };
        assert_eq!(final_size(&partial), "image at least 18.4 MB · 9.3 MB compressed");
        assert_eq!(final_size(&FinalImage::default()), "image size unknown");
    }

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
