//! The embed's postMessage API, version 1 (documented in README, "Embedding").
//!
//! Host → frame: `{layerlab: 1, type: "set-content", dockerfile, dockerignore, context,
//! build_args, target, platform, scenario, changed}` and `{layerlab: 1, type: "set-view", view,
//! theme, readonly, panels}`. They are accepted only from the parent window and, when the embed
//! address names `host=<origin>`, only from that origin.
//! Frame → host (to `host`, else to any origin: the page that embeds the widget gave it its
//! content): `ready`, `state` (the share hash), `result` (final size, rebuilt steps), `resize`.
//!
//! One more type, `debug-panic`, is the panic banner's test hook: honoured only from this
//! page's own origin (a test's `window.postMessage`), never from a host or a link.
use std::rc::Rc;

use gloo_events::EventListener;
use layerlab_engine::{Input, Report};
use serde::Deserialize;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageEvent;
use yew::prelude::*;

use crate::link::page_options;
use crate::share::{self, parse_panels};
use crate::state::{Action, AppState, Panel, State, Theme};

pub const API_VERSION: u32 = 1;
/// A `set-content` larger than a share link may hold is refused like one.
const MAX_MESSAGE_BYTES: usize = share::MAX_DECODED_BYTES;

/// The embedding window, when this page is in a frame.
fn host_window() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    (JsValue::from(&parent) != JsValue::from(&window)).then_some(parent)
}

fn post(message: serde_json::Value) {
    let Some(host) = host_window() else { return };
    let Ok(message) = js_sys::JSON::parse(&message.to_string()) else { return };
    let origin = page_options().host.unwrap_or_else(|| "*".to_owned());
    let _ = host.post_message(&message, &origin);
}

pub fn post_state(hash: &str) {
    post(json!({ "layerlab": API_VERSION, "type": "state", "hash": format!("#{hash}") }));
}

fn result_message(report: &Report) -> serde_json::Value {
    let image = &report.final_image;
    json!({
        "layerlab": API_VERSION,
        "type": "result",
        "finalSize": { "uncompressed": image.uncompressed_bytes, "compressed": image.compressed_bytes, "complete": image.complete },
        "rebuiltSteps": report.cache.misses,
        "problems": report.diagnostics.len() + report.findings.len(),
    })
}

/// Answers the host: `ready` and the first `state` on mount, `result` after an analysis whose
/// result differs from the last one posted (measuring fixes' effects later replaces the report
/// but not its result), `resize` when the height changes; and obeys the host's messages.
#[hook]
pub fn use_embed_api(state: &State) {
    let dispatcher = state.dispatcher();
    let input = state.input.clone();
    use_effect_with((), move |_| {
        post(json!({ "layerlab": API_VERSION, "type": "ready", "engine": layerlab_engine::VERSION }));
        post_state(&share::encode(&input));
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "message", move |event| {
                if let Some(event) = event.dyn_ref::<MessageEvent>() {
                    on_message(&dispatcher, event);
                }
            })
        });
        move || drop(listener)
    });

    let report = state.report.clone();
    let last_result = use_mut_ref(|| serde_json::Value::Null);
    use_effect_with((Rc::as_ptr(&state.report) as usize, state.stale), move |&(_, stale)| {
        let result = result_message(&report);
        if !stale && result != *last_result.borrow() {
            *last_result.borrow_mut() = result.clone();
            post(result);
        }
    });

    // After every render: the content may have grown or shrunk.
    let last_height = use_mut_ref(|| 0);
    let embedded = state.view.embed;
    use_effect(move || {
        let height = embedded.then(content_height).flatten();
        if let Some(height) = height.filter(|&h| h != *last_height.borrow()) {
            *last_height.borrow_mut() = height;
            post(json!({ "layerlab": API_VERSION, "type": "resize", "height": height }));
        }
    });
}

fn content_height() -> Option<i32> {
    let app = web_sys::window()?.document()?.query_selector(".app").ok()??;
    Some(app.scroll_height())
}

#[derive(Deserialize)]
struct Message {
    layerlab: u32,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SetView {
    view: Option<String>,
    theme: Option<String>,
    readonly: Option<bool>,
    panels: Option<Vec<String>>,
}

fn on_message(dispatcher: &UseReducerDispatcher<AppState>, event: &MessageEvent) {
    let Some(window) = web_sys::window() else { return };
    let own_origin = window.location().origin().unwrap_or_default();
    let Ok(text) = js_sys::JSON::stringify(&event.data()) else { return };
    let text = String::from(text);
    if text.len() > MAX_MESSAGE_BYTES {
        return;
    }
    let Ok(message) = serde_json::from_str::<Message>(&text) else { return };
    if message.layerlab != API_VERSION {
        return;
    }
    if message.kind == "debug-panic" && event.origin() == own_origin {
        panic!("debug-panic: the panic banner's test hook");
    }
    let from_parent = event.source().is_some_and(|source| JsValue::from(source) == JsValue::from(window.parent().ok().flatten()));
    let host_allowed = page_options().host.is_none_or(|host| host == event.origin());
    if !from_parent || !host_allowed {
        return;
    }
    match message.kind.as_str() {
        "set-content" => {
            if let Ok(input) = serde_json::from_str::<Input>(&text) {
                dispatcher.dispatch(Action::Load(input));
            }
        }
        "set-view" => {
            let Ok(view) = serde_json::from_str::<SetView>(&text) else { return };
            if let Some(panels) = view.panels.and_then(|list| parse_panels(&list.join(","))) {
                dispatcher.dispatch(Action::SetPanels(panels));
            }
            if let Some(panel) = view.view.as_deref().and_then(Panel::from_id) {
                dispatcher.dispatch(Action::ShowPanel(panel));
            }
            if let Some(theme) = view.theme.as_deref().and_then(Theme::from_id) {
                dispatcher.dispatch(Action::SetTheme(theme));
            }
            if let Some(readonly) = view.readonly {
                dispatcher.dispatch(Action::SetReadonly(readonly));
            }
        }
        _ => {}
    }
}
