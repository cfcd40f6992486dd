//! Work is never lost: the build (Dockerfile, side files, options) is saved in `localStorage`
//! after each change and restored on the next visit.
use std::cell::RefCell;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use layerlab_engine::Input;
use yew::prelude::*;

use crate::state::{State, Theme, ANALYSE_EVERY_KEYSTROKE_UP_TO};

const KEY: &str = "layerlab.autosave.v1";
/// The page's link (`location.hash`) when the build was last saved: the hash follows edits
/// only after a pause, so a reload right after typing finds an older link than the work.
const LINK_KEY: &str = "layerlab.autosave.link";
const THEME_KEY: &str = "layerlab.theme";
/// Texts up to this size are saved right after each change.
const SAVE_AT_ONCE_UP_TO: usize = ANALYSE_EVERY_KEYSTROKE_UP_TO;
/// How long typing in a larger text must pause before it is saved.
const LARGE_TEXT_PAUSE_MS: u32 = 300;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved build, if there is one and it can be read.
pub fn restore() -> Option<Input> {
    let text = storage()?.get_item(KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// The link the page showed when the build was last saved.
pub fn saved_link() -> Option<String> {
    storage()?.get_item(LINK_KEY).ok()?
}

/// Saves the input whenever it changes (the first render's input included): a short text at
/// once, a large one once typing pauses (serialising and storing a megabyte on every keystroke
/// would slow typing down) or when the page goes away, whichever comes first.
#[hook]
pub fn use_autosave(state: &State) {
    // The build waiting for a pause to be saved.
    let pending = use_mut_ref(|| None::<State>);
    {
        let pending = pending.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "pagehide", move |_| save_pending(&pending))
            });
            move || drop(listener)
        });
    }
    let handle = state.clone();
    use_effect_with(state.revision, move |_| {
        // An embedded widget must not overwrite the reader's own work (same origin, same key).
        let large = handle.input.dockerfile.len() > SAVE_AT_ONCE_UP_TO;
        let timeout = (!handle.view.embed).then(|| {
            *pending.borrow_mut() = Some(handle);
            let pending = pending.clone();
            Timeout::new(if large { LARGE_TEXT_PAUSE_MS } else { 0 }, move || save_pending(&pending))
        });
        move || drop(timeout)
    });
}

fn save_pending(pending: &RefCell<Option<State>>) {
    let Some(state) = pending.borrow_mut().take() else { return };
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&state.input)) {
        // A full or disabled storage must not break editing: the text stays on the page.
        let _ = storage.set_item(KEY, &text);
        let link = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        let _ = storage.set_item(LINK_KEY, &link);
    }
}

/// The theme chosen with the picker on an earlier visit.
pub fn restore_theme() -> Option<Theme> {
    Theme::from_id(&storage()?.get_item(THEME_KEY).ok()??)
}

pub fn save_theme(theme: Theme) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(THEME_KEY, theme.id());
    }
}
