//! The page address and the build: a shared link opens as the build (hash beats autosave
//! beats the default example), edits keep the hash current (so the address bar is always the
//! share link and a reload keeps the work), and a new hash while the page is open loads it.
use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::schedule::{self, Slot};
use crate::share::{self, PageOptions};
use crate::state::{Action, AppState, State};
use crate::{autosave, embed};

/// How long edits must pause before the hash is rewritten (in slices: a megabyte deflates in
/// most of a second).
const HASH_PAUSE_MS: u32 = 300;

fn location() -> Option<web_sys::Location> {
    Some(web_sys::window()?.location())
}

/// The page's UI options (`?embed=1&view=graph…`).
pub fn page_options() -> PageOptions {
    PageOptions::parse(&location().and_then(|l| l.search().ok()).unwrap_or_default())
}

/// The first state: the shared link if the hash holds one (unless the autosaved work continued
/// from that same link), else the autosaved work (never in
/// an embed, whose widgets must not overwrite the reader's own work), else the example. A
/// broken link is explained in the notice bar and the page opens anyway.
pub fn initial_state() -> AppState {
    let options = page_options();
    let hash = location().and_then(|l| l.hash().ok()).unwrap_or_default();
    let (shared, notice) = match share::decode(&hash) {
        Ok(Some(shared)) => {
            let note = shared.version_note();
            (Some(shared.input), note)
        }
        Ok(None) => (None, None),
        Err(error) => (None, Some(error.to_string())),
    };
    let restored = if options.embed { None } else { autosave::restore() };
    // Work saved while this very link was in the address bar is newer than the link (the
    // address follows edits only after a pause): a reload must not lose the last keystrokes.
    let continues_link = restored.is_some() && autosave::saved_link().is_some_and(|saved| saved == hash);
    let (first, notice) = if continues_link { (restored, None) } else { (shared.or(restored), notice) };
    let mut state = AppState::opening(first.unwrap_or_else(crate::example::input));
    state.notice = notice;
    // The theme picked on an earlier visit, unless the link's `?theme=` says otherwise.
    state.view.theme = autosave::restore_theme().unwrap_or_default();
    state.apply_page_options(&options);
    state
}

/// The address that opens the current build in the full app, with the UI options given.
pub fn app_url(hash: &str, options: &PageOptions) -> String {
    let Some(location) = location() else { return format!("#{hash}") };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}{}#{hash}", options.to_query())
}

/// Keeps `location.hash` equal to the build's link (after edits pause) and loads a hash the
/// reader pastes or navigates to. The first render leaves the address as it came.
#[hook]
pub fn use_link_sync(state: &State) {
    // The hash this page wrote last: a hashchange to it is our own echo.
    let written = use_mut_ref(|| None::<String>);
    let first_revision = use_memo((), {
        let revision = state.revision;
        move |_| revision
    });

    {
        let handle = state.clone();
        let written = written.clone();
        let first_revision = *first_revision;
        use_effect_with(state.revision, move |&revision| {
            let slot = Slot::default();
            if revision != first_revision {
                let mut encoder = None;
                schedule::in_slices(&slot, HASH_PAUSE_MS, move || {
                    let encoder = encoder.get_or_insert_with(|| share::LinkEncoder::new(&handle.input));
                    if encoder.too_large() {
                        // No link could open it: the address holds none rather than an older build's.
                        replace_hash("");
                        return true;
                    }
                    let Some(hash) = encoder.step() else { return false };
                    replace_hash(&hash);
                    embed::post_state(&hash);
                    *written.borrow_mut() = Some(hash);
                    true
                });
            }
            move || drop(slot.borrow_mut().take())
        });
    }

    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "hashchange", move |_| on_hash_change(&dispatcher, &written))
        });
        move || drop(listener)
    });
}

fn on_hash_change(dispatcher: &UseReducerDispatcher<AppState>, written: &Rc<RefCell<Option<String>>>) {
    let hash = location().and_then(|l| l.hash().ok()).unwrap_or_default();
    let hash = hash.trim_start_matches('#');
    if written.borrow().as_deref() == Some(hash) {
        return;
    }
    match share::decode(hash) {
        Ok(Some(shared)) => {
            dispatcher.dispatch(Action::Notify(shared.version_note()));
            dispatcher.dispatch(Action::Load(shared.input));
        }
        Ok(None) => {}
        Err(error) => dispatcher.dispatch(Action::Notify(Some(error.to_string()))),
    }
}

/// Rewrites the hash without a history entry and without a hashchange event.
fn replace_hash(hash: &str) {
    let Some(window) = web_sys::window() else { return };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{hash}")));
    }
}
