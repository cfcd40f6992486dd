//! The embed's compact chrome: the name, the final size, and "Open in Layerlab" carrying the
//! *current* build (edits made in the widget included), in a new tab.
use yew::prelude::*;

use crate::link;
use crate::share::{self, PageOptions};
use crate::state::State;

#[derive(Properties, PartialEq)]
pub struct EmbedBarProps {
    pub state: State,
}

#[function_component]
pub fn EmbedBar(props: &EmbedBarProps) -> Html {
    let state = &props.state;
    // Embedded builds are short documentation snippets: one deflate per edit is cheap.
    let href = use_memo(state.revision, {
        let input = state.input.clone();
        move |_| link::app_url(&share::encode(&input), &PageOptions::default())
    });
    html! {
        <header class="embed-bar">
            <h1 class="embed-brand">{ "Layerlab" }</h1>
            if state.view.readonly {
                <span class="embed-badge">{ "read-only" }</span>
            }
            <a class="embed-open" data-testid="open-in-layerlab" href={(*href).clone()} target="_blank" rel="noopener">
                { "Open in Layerlab ↗" }
            </a>
        </header>
    }
}
