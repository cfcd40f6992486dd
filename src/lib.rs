//! Layerlab's web app: a thin Yew shell around `layerlab_engine`.
//!
//! One reducer ([`state::AppState`]) holds the engine input and the latest report; each panel
//! is a component under [`components`] that renders part of the report and sends actions up.
pub mod components;
pub mod example;
pub mod state;

use yew::prelude::*;

use components::{Editor, Header, ProblemsPanel, StatusLine};
use state::{Action, AppState};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);

    let on_edit = {
        let state = state.dispatcher();
        Callback::from(move |text: String| state.dispatch(Action::EditDockerfile(text)))
    };

    html! {
        <div class="app">
            <Header />
            <main class="workspace">
                <section class="pane editor-pane" aria-label="Editor">
                    <Editor text={AttrValue::from(state.input.dockerfile.clone())} {on_edit} />
                    <StatusLine report={state.report.clone()} />
                </section>
                <aside class="side" aria-label="Analysis">
                    <ProblemsPanel report={state.report.clone()} />
                    <p class="side-note">
                        { "Coming next: layers, build graph, cache what-if and image size." }
                    </p>
                </aside>
            </main>
        </div>
    }
}
