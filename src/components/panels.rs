//! The analysis side: a tab per panel (Problems, Layers, Graph, Cache, Size), one shown.
use yew::prelude::*;

use super::{cache::CachePanel, graph::GraphPanel, layers::LayersPanel, problems::ProblemsPanel, size::SizePanel};
use crate::state::{Action, Panel, State};

#[derive(Properties, PartialEq)]
pub struct AnalysisPanelsProps {
    pub state: State,
}

#[function_component]
pub fn AnalysisPanels(props: &AnalysisPanelsProps) -> Html {
    let state = &props.state;
    let active = state.view.panel;
    let problems = state.report.diagnostics.len() + state.report.findings.len();
    let tabs = state.view.panels.iter().enumerate().map(|(index, &panel)| {
        let selected = panel == active;
        let onclick = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::ShowPanel(panel)))
        };
        html! {
            <button
                role="tab"
                id={format!("tab-{}", panel.id())}
                class={classes!("panel-tab", selected.then_some("panel-tab-active"))}
                aria-selected={selected.to_string()}
                aria-controls={format!("panel-{}", panel.id())}
                tabindex={if selected { "0" } else { "-1" }}
                title={format!("{} (Alt+{})", panel.title(), index + 1)}
                {onclick}
            >
                { panel.title() }
                if panel == Panel::Problems && problems > 0 {
                    <span class="badge">{ problems }</span>
                }
            </button>
        }
    });
    let body = match active {
        Panel::Problems => html! { <ProblemsPanel state={state.clone()} /> },
        Panel::Layers => html! { <LayersPanel state={state.clone()} /> },
        Panel::Graph => html! { <GraphPanel state={state.clone()} /> },
        Panel::Cache => html! { <CachePanel state={state.clone()} /> },
        Panel::Size => html! { <SizePanel state={state.clone()} /> },
    };
    html! {
        <aside class="side" aria-label="Analysis">
            <div class="panel-tabs" role="tablist" aria-label="Analysis panels">{ for tabs }</div>
            <div
                class="panel-body"
                role="tabpanel"
                id={format!("panel-{}", active.id())}
                aria-labelledby={format!("tab-{}", active.id())}
            >
                { body }
            </div>
        </aside>
    }
}
