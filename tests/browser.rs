//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! `cargo test -p layerlab --target wasm32-unknown-unknown`, or `cargo xtask test`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use layerlab::components::summary;
use layerlab::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement, InputEvent, InputEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh `App` in its own `<div>` (the harness page has its own `#output`, so every
/// query below stays inside this root). The tests share one page: the autosaved work and the
/// link in the address bar are cleared first, so every app opens with the example.
async fn mount_app() -> Element {
    // One app at a time: an earlier test's app would still write the address bar and autosave.
    if let Some(previous) = MOUNTED.with(|mounted| mounted.borrow_mut().take()) {
        previous.destroy();
        settle().await;
    }
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let location = window.location();
    let without_hash = format!("{}{}", location.pathname().unwrap(), location.search().unwrap());
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&without_hash)).unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    MOUNTED.with(|mounted| *mounted.borrow_mut() = Some(app));
    // The editor fills its textarea from the state after the first render.
    for _ in 0..500 {
        settle().await;
        let editor: HtmlTextAreaElement = find(&root, "editor").dyn_into().unwrap();
        if !editor.value().is_empty() {
            break;
        }
        sleep(Duration::from_millis(10)).await;
    }
    root
}

thread_local! {
    static MOUNTED: std::cell::RefCell<Option<yew::AppHandle<App>>> = const { std::cell::RefCell::new(None) };
}

/// Lets Yew's scheduler run the pending renders.
async fn settle() {
    sleep(Duration::ZERO).await;
}

/// Waits (up to 5 s) until the engine status satisfies `done`, then returns it. Yew renders
/// asynchronously, and a debug-build analysis can take more than one tick.
async fn status_when(root: &Element, done: impl Fn(&str) -> bool) -> String {
    for _ in 0..500 {
        let status = status_text(root);
        if done(&status) {
            return status;
        }
        sleep(Duration::from_millis(10)).await;
    }
    status_text(root)
}

/// Asserts that the engine status becomes `expected` ("12 instructions · 2 stages"), followed
/// by nothing or by the number of problems the rules found.
async fn expect_status(root: &Element, expected: &str) {
    let matches = |s: &str| s == expected || s.strip_prefix(expected).is_some_and(|rest| rest.starts_with(" · ") && rest.contains(" problem"));
    let status = status_when(root, matches).await;
    assert!(matches(&status), "status {status:?}, expected {expected:?}");
}

fn find(root: &Element, test_id: &str) -> Element {
    root.query_selector(&format!("[data-testid='{test_id}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
}

fn status_text(root: &Element) -> String {
    find(root, "engine-status")
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Sets the editor's text the way typing does: new value, then a bubbling `input` event (Yew
/// listens at the app root).
fn type_into_editor(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = find(root, "editor").dyn_into().unwrap();
    editor.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    editor.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn shows_the_example_and_its_counts() {
    let root = mount_app().await;
    let editor: HtmlTextAreaElement = find(&root, "editor").dyn_into().unwrap();
    assert!(
        editor.value().contains("FROM golang:"),
        "the editor opens with the Go example"
    );
    expect_status(&root, "12 instructions · 2 stages").await;
}

#[wasm_bindgen_test]
async fn the_final_image_size_follows_the_target_stage() {
    let root = mount_app().await;
    expect_status(&root, "12 instructions · 2 stages").await;
    let size = find(&root, "final-size");
    let before = size.text_content().unwrap_or_default();
    assert!(before.starts_with("image ") && before.contains(" MB"), "{before}");
    let sources = size.get_attribute("title").unwrap_or_default();
    assert!(sources.starts_with("base "), "the size says where it comes from: {sources}");
    let editor: HtmlTextAreaElement = find(&root, "editor").dyn_into().unwrap();
    type_into_editor(&root, &format!("{}\nFROM scratch\n", editor.value()));
    expect_status(&root, "13 instructions · 3 stages").await;
    let after = find(&root, "final-size").text_content().unwrap_or_default();
    assert_eq!(after, "image 0.0 MB · 0.0 MB compressed", "an empty scratch stage is now the image");
}

#[wasm_bindgen_test]
async fn the_status_follows_every_edit() {
    let root = mount_app().await;
    let editor: HtmlTextAreaElement = find(&root, "editor").dyn_into().unwrap();
    let example = editor.value();

    type_into_editor(&root, &format!("{example}FROM scratch\n"));
    expect_status(&root, "13 instructions · 3 stages").await;

    type_into_editor(&root, "FROM alpine:3.22\nRUN apk add --no-cache curl\n");
    expect_status(&root, "2 instructions · 1 stage").await;

    // An empty file has no instructions (the engine may also report that as a problem).
    type_into_editor(&root, "");
    let status = status_when(&root, |s| s.starts_with("0 instructions · 0 stages")).await;
    assert!(status.starts_with("0 instructions · 0 stages"), "{status}");
}

#[wasm_bindgen_test]
async fn the_problems_panel_lists_what_the_engine_reports() {
    let root = mount_app().await;
    // A file with rule findings only, and one with parser errors: the panel mirrors the engine.
    for text in [
        "FROM alpine:3.22\n",
        "FROM\nRUN\nCOPY --from= a\nFORM alpine\n\\\n",
    ] {
        type_into_editor(&root, text);
        let report = layerlab_engine::analyze(&layerlab_engine::Input {
            dockerfile: text.into(),
            ..Default::default()
        });
        let problems = report.diagnostics.len() + report.findings.len();
        let expected = summary(report.instruction_count, report.stage_count, problems);
        assert_eq!(status_when(&root, |s| s == expected).await, expected);
        let panel = find(&root, "panel-problems");
        let items = panel.query_selector_all(".problem").unwrap();
        assert_eq!(items.length() as usize, problems, "for {text:?}");
        // Errors come first, the parser's before the rules' (category "build" sorts first).
        let first_error = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == layerlab_engine::syntax::Severity::Error)
            .map(|d| (d.line, d.column))
            .min();
        if problems == 0 {
            assert!(panel.text_content().unwrap().contains("No problems found."));
        } else if let Some((line, column)) = first_error {
            let item: Element = items.get(0).unwrap().dyn_into().unwrap();
            let location = item.query_selector(".problem-location").unwrap().unwrap();
            assert_eq!(location.text_content().unwrap(), format!("{line}:{column}"));
        }
    }
}
