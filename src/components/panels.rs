//! The analysis side: a tab per panel (Problems, Layers, Graph, Cache, Size), one shown.
use std::rc::Rc;

use layerlab_engine::{Input, Report};
use yew::prelude::*;

use super::{cache::CachePanel, graph::GraphPanel, layers::LayersPanel, problems::ProblemsPanel, size::SizePanel};
use crate::schedule;
use crate::state::{Action, AppState, Panel, State, View};

#[derive(Properties)]
pub struct AnalysisPanelsProps {
    pub state: State,
    pub shown: Shown,
}

/// Only what the panels show is compared: the state's handle differs after every change.
impl PartialEq for AnalysisPanelsProps {
    fn eq(&self, other: &Self) -> bool {
        self.shown == other.shown
    }
}

/// What the panels show: the report, the view and the build's options, not the text being
/// typed. A keystroke that leaves the report as it was (a large text is analysed once typing
/// pauses) does not re-render them.
#[derive(Clone)]
pub struct Shown {
    report: Rc<Report>,
    awaiting_report: bool,
    effects_measured: bool,
    view: View,
    /// The input without its Dockerfile.
    options: Input,
}

impl Shown {
    pub fn of(state: &AppState) -> Shown {
        let Input { dockerfile: _, dockerignore, context, build_args, target, platform, scenario, changed, skip_effects } = &state.input;
        let options = Input {
            dockerfile: String::new(),
            dockerignore: dockerignore.clone(),
            context: context.clone(),
            build_args: build_args.clone(),
            target: target.clone(),
            platform: platform.clone(),
            scenario: scenario.clone(),
            changed: changed.clone(),
            skip_effects: *skip_effects,
        };
        Shown {
            report: state.report.clone(),
            awaiting_report: state.awaiting_report,
            effects_measured: state.effects_measured,
            view: state.view.clone(),
            options,
        }
    }
}

/// Each analysis makes a new `Rc`, so the same pointer means the same report.
impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
            && self.awaiting_report == other.awaiting_report
            && self.effects_measured == other.effects_measured
            && self.view == other.view
            && self.options == other.options
    }
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
        _ if state.awaiting_report => awaiting_report(active, &state.input),
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

/// What a panel shows before the first analysis: it runs right after the page is drawn, or
/// never for a text too large to analyse (the notice says so). The panel keeps its test id.
fn awaiting_report(panel: Panel, input: &Input) -> Html {
    let too_large = schedule::too_large_to_analyse(&input.dockerfile);
    html! {
        <section class="panel" data-testid={format!("panel-{}", panel.id())} aria-busy={(!too_large).to_string()}>
            <p class="empty">
                { if too_large { "Not analysed: this Dockerfile is too large (see the notice above)." } else { "Analysing…" } }
            </p>
        </section>
    }
}
