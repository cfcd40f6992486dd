//! If the app ever panics, a banner says so and the text stays: autosave has already stored
//! it. The banner is built with plain DOM calls, since Yew is dead after a panic (the release
//! build aborts right after this hook), and its Reload button is handled by `static/boot.js`,
//! not by the wasm.
use std::panic::PanicHookInfo;

pub const MESSAGE: &str = "Layerlab hit an internal error; your text is kept (autosaved). Reload to continue.";

/// Replaces Yew's default hook (console only); call before rendering.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info: &PanicHookInfo<'_>| {
        web_sys::console::error_1(&format!("layerlab: {info}").into());
        show_banner(&info.to_string());
    }));
}

fn show_banner(details: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let body = document.body()?;
    let banner = document.create_element("div").ok()?;
    banner.set_class_name("panic-banner");
    banner.set_attribute("role", "alert").ok()?;
    banner.set_attribute("data-testid", "panic-banner").ok()?;
    let text = document.create_element("p").ok()?;
    text.set_text_content(Some(MESSAGE));
    let detail = document.create_element("p").ok()?;
    detail.set_class_name("panic-details");
    detail.set_text_content(Some(&details.chars().take(300).collect::<String>()));
    let reload = document.create_element("button").ok()?;
    reload.set_attribute("data-layerlab-reload", "").ok()?;
    reload.set_text_content(Some("Reload"));
    banner.append_with_node_3(&text, &detail, &reload).ok()?;
    body.prepend_with_node_1(&banner).ok()
}
