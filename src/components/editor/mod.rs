//! The editor pane: file tabs, the build's controls, the editor and the status line.
mod controls;
mod docs;
mod hover;
mod keys;
mod lines;
mod status;
mod tabs;
mod textarea;

use layerlab_engine::syntax::highlight::declared_args;
use yew::prelude::*;

use crate::schedule;
use crate::state::{EditorTab, State};
use controls::Controls;
pub use status::summary;
use status::StatusLine;
use tabs::{tab_id, EditorTabs, SideFile};
use textarea::{highlighted_while_typing, parse_for_display, Editor};

#[derive(Properties, PartialEq)]
pub struct EditorPaneProps {
    pub state: State,
}

#[function_component]
pub fn EditorPane(props: &EditorPaneProps) -> Html {
    let state = &props.state;
    let tab = state.view.editor_tab;
    // A text highlighted while typing is parsed once per revision, not again when its analysis lands.
    let current = !state.stale || highlighted_while_typing(&state.input.dockerfile);
    let document = use_memo((state.revision, current), {
        let state = state.clone();
        move |&(_, current)| parse_for_display(&state.input.dockerfile, current)
    });
    let args = match &*document {
        Some(document) => declared_args(&document.syntax).into_iter().map(str::to_owned).collect(),
        None => Vec::new(),
    };
    let panel = |shown: EditorTab, body: Html| {
        let id = tab_id(shown);
        html! {
            <div class="editor-panel" role="tabpanel" id={format!("editor-panel-{id}")} aria-labelledby={format!("editor-tab-{id}")} hidden={tab != shown}>
                { body }
            </div>
        }
    };
    html! {
        <section class="pane editor-pane" aria-label="Editor">
            <EditorTabs state={state.clone()} />
            <Controls state={state.clone()} declared_args={args} />
            { panel(EditorTab::Dockerfile, html! { <Editor state={state.clone()} {document} /> }) }
            if tab != EditorTab::Dockerfile {
                { panel(tab, html! { <SideFile state={state.clone()} {tab} /> }) }
            }
            <StatusLine
                report={state.report.clone()}
                awaiting_report={state.awaiting_report}
                too_large={schedule::too_large_to_analyse(&state.input.dockerfile)}
            />
        </section>
    }
}
