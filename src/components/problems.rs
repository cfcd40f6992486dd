use std::rc::Rc;

use layerlab_engine::Report;
use yew::prelude::*;

#[derive(Properties)]
pub struct ProblemsPanelProps {
    pub report: Rc<Report>,
}

/// Each analysis makes a new `Rc`, so the same pointer means the same report; comparing
/// pointers spares a deep comparison of the whole report on every render.
impl PartialEq for ProblemsPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

/// The engine's diagnostics, in the order it reported them, each with its line:column.
#[function_component]
pub fn ProblemsPanel(props: &ProblemsPanelProps) -> Html {
    let diagnostics = &props.report.diagnostics;
    html! {
        <section class="panel" data-testid="panel-problems" aria-labelledby="problems-title">
            <header class="panel-header">
                <h2 id="problems-title" class="panel-title">{ "Problems" }</h2>
                <span class="badge" aria-label={format!("{} problems", diagnostics.len())}>
                    { diagnostics.len() }
                </span>
            </header>
            if diagnostics.is_empty() {
                <p class="empty">{ "No problems found." }</p>
            } else {
                <ol class="problems">
                    { for diagnostics.iter().map(|diagnostic| html! {
                        <li class="problem">
                            <span class="problem-location">
                                { format!("{}:{}", diagnostic.line, diagnostic.column) }
                            </span>
                            <span class="problem-message">{ &diagnostic.message }</span>
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}
