use yew::prelude::*;

use crate::shortcuts::SHORTCUTS;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct HelpOverlayProps {
    pub state: State,
}

/// The keyboard shortcuts, as a dialog (`?` toggles it, Esc closes it).
#[function_component]
pub fn HelpOverlay(props: &HelpOverlayProps) -> Html {
    let close = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::CloseOverlays))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
            <div class="dialog">
                <div class="dialog-header">
                    <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                    <button class="icon-button" onclick={close} aria-label="Close" autofocus=true>{ "×" }</button>
                </div>
                <dl class="shortcuts">
                    { for SHORTCUTS.iter().map(|(keys, what)| html! {
                        <><dt><kbd>{ *keys }</kbd></dt><dd>{ *what }</dd></>
                    }) }
                </dl>
            </div>
        </div>
    }
}
