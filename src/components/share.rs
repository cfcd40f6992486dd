//! The Share button: copies a link that opens this exact build anywhere, shows its length,
//! and offers it as a Markdown link. Where the clipboard is unavailable (an insecure origin,
//! a denied permission) the link is selected in the popover for Ctrl+C.
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::link;
use crate::share::{self, PageOptions, CHAT_LIMIT, MAX_DECODED_BYTES};
use crate::state::{Panel, State};

#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    pub state: State,
}

#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Nothing,
    Link,
    Markdown,
    /// The clipboard refused: the reader copies the selected text.
    Refused,
}

/// What the open popover shows.
#[derive(Clone, PartialEq)]
enum Shown {
    Link(String),
    /// No link could open this build (see [`share::LinkEncoder::too_large`]).
    TooLarge,
}

#[function_component]
pub fn ShareButton(props: &ShareButtonProps) -> Html {
    let state = &props.state;
    // The link is computed when the popover opens (deflate per keystroke is not needed).
    let shown = use_state(|| None::<Shown>);
    let copied = use_state(|| Copied::Nothing);
    let field = use_node_ref();

    let on_toggle = {
        let (shown, copied, state) = (shown.clone(), copied.clone(), state.clone());
        Callback::from(move |_| {
            if shown.is_some() {
                shown.set(None);
                return;
            }
            let encoder = share::LinkEncoder::new(&state.input);
            if encoder.too_large() {
                shown.set(Some(Shown::TooLarge));
                return;
            }
            let view = (state.view.panel != Panel::Problems).then_some(state.view.panel);
            let options = PageOptions { view, ..PageOptions::default() };
            let link = link::app_url(&encoder.finish(), &options);
            copy(link.clone(), Copied::Link, copied.clone());
            shown.set(Some(Shown::Link(link)));
        })
    };
    // Select the link whenever the popover shows, so Ctrl+C works at once.
    {
        let field = field.clone();
        use_effect_with((*shown).clone(), move |_| {
            if let Some(input) = field.cast::<HtmlInputElement>() {
                input.select();
            }
        });
    }
    let on_key = {
        let shown = shown.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                shown.set(None);
            }
        })
    };

    let popover = shown.as_ref().map(|shown| {
        let Shown::Link(link) = shown else {
            return html! {
                <div class="share-popover" role="dialog" aria-label="Share this build" onkeydown={on_key.clone()}>
                    <p class="share-meta" data-testid="share-too-large">
                        { format!("This build is too large for a link: links open builds of up to {} MB.", MAX_DECODED_BYTES >> 20) }
                    </p>
                    <p class="share-note">{ "It stays saved in this browser." }</p>
                </div>
            };
        };
        let markdown = format!("[Dockerfile in Layerlab]({link})");
        let copy_link = copy_callback(link.clone(), Copied::Link, &copied);
        let copy_markdown = copy_callback(markdown, Copied::Markdown, &copied);
        let length = link.chars().count();
        let status = match *copied {
            Copied::Nothing => "",
            Copied::Link => "Link copied.",
            Copied::Markdown => "Markdown link copied.",
            Copied::Refused => "Copying is blocked here: press Ctrl+C (⌘C) to copy the selected link.",
        };
        html! {
            <div class="share-popover" role="dialog" aria-label="Share this build" onkeydown={on_key.clone()}>
                <label class="share-label" for="share-link">{ "Link to this build" }</label>
                <input id="share-link" class="share-link" data-testid="share-link" ref={field.clone()}
                    readonly=true value={link.clone()} />
                <p class="share-meta">
                    <span data-testid="share-length">{ format!("{length} characters") }</span>
                    if length > CHAT_LIMIT {
                        <span class="share-warning">{ format!(" · longer than chat apps accept ({CHAT_LIMIT})") }</span>
                    }
                </p>
                <div class="share-actions">
                    <button class="button" onclick={copy_link}>{ "Copy link" }</button>
                    <button class="button" data-testid="share-markdown" onclick={copy_markdown}>{ "Copy as Markdown link" }</button>
                </div>
                <p class="share-status" role="status">{ status }</p>
                <p class="share-note">{ "Everything is in the link itself: nothing is uploaded." }</p>
            </div>
        }
    });

    html! {
        <div class="share">
            <button class="button share-button" data-testid="share-button" onclick={on_toggle}
                aria-expanded={shown.is_some().to_string()} title="Copy a link to this build">
                { "Share" }
            </button>
            { for popover }
        </div>
    }
}

fn copy_callback(text: String, what: Copied, copied: &UseStateHandle<Copied>) -> Callback<MouseEvent> {
    let copied = copied.clone();
    Callback::from(move |_| copy(text.clone(), what, copied.clone()))
}

/// Writes to the clipboard; reports `Refused` when there is none or the browser says no.
fn copy(text: String, what: Copied, copied: UseStateHandle<Copied>) {
    let Some(navigator) = web_sys::window().map(|window| window.navigator()) else { return };
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).is_ok_and(|c| !c.is_undefined());
    if !has_clipboard {
        copied.set(Copied::Refused);
        return;
    }
    let promise = navigator.clipboard().write_text(&text);
    yew::platform::spawn_local(async move {
        copied.set(if JsFuture::from(promise).await.is_ok() { what } else { Copied::Refused });
    });
}
