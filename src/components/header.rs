use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::ShareButton;
use crate::examples::{self, EXAMPLES};
use crate::lessons::LESSONS;
use crate::state::{Action, LessonPosition, State, Theme};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub state: State,
}

/// The top bar: product name, examples and lessons, theme, help, and the privacy promise.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let state = &props.state;
    let on_pick = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let value = select.value();
            select.set_value("");
            if let Some(lesson) = value.strip_prefix("lesson:").and_then(|i| i.parse::<usize>().ok()) {
                if let Some(first) = LESSONS.get(lesson).and_then(|l| l.steps.first()) {
                    state.dispatch(Action::Load(first.input()));
                    state.dispatch(Action::OpenLesson(LessonPosition { lesson, step: 0 }));
                }
            } else if let Some(example) = value.strip_prefix("example:").and_then(examples::by_id) {
                state.dispatch(Action::CloseLesson);
                state.dispatch(Action::Load(example.input()));
            }
        })
    };
    let on_theme = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(theme) = Theme::from_id(&select.value()) {
                state.dispatch(Action::SetTheme(theme));
            }
        })
    };
    let on_gallery = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ToggleGallery))
    };
    let on_help = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ToggleHelp))
    };
    let theme = state.view.theme;
    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                    <path class="logo-layer logo-layer-3" d="M16 19.5 4 13.5v3l12 6 12-6v-3z" />
                    <path class="logo-layer logo-layer-2" d="M16 15.5 4 9.5v3l12 6 12-6v-3z" />
                    <path class="logo-layer logo-layer-1" d="M16 4 4 9.5l12 6 12-6z" />
                    <path class="logo-layer logo-layer-3" d="M16 23.5 4 17.5v3l12 6 12-6v-3z" />
                </svg>
                <h1 class="brand-name">{ "Layerlab" }</h1>
            </div>
            <label class="visually-hidden" for="example-picker">{ "Open an example or a lesson" }</label>
            <select id="example-picker" class="picker" data-testid="example-picker" onchange={on_pick} title="Open an example or a lesson">
                <option value="" selected=true>{ "Examples & lessons…" }</option>
                <optgroup label="Examples">
                    { for EXAMPLES.iter().map(|e| html! { <option value={format!("example:{}", e.id)}>{ e.title }</option> }) }
                </optgroup>
                <optgroup label="Lessons">
                    { for LESSONS.iter().enumerate().map(|(i, l)| html! { <option value={format!("lesson:{i}")}>{ l.title }</option> }) }
                </optgroup>
            </select>
            <button class="button" onclick={on_gallery} title="Examples and lessons, with what each shows (Alt+E)">{ "Gallery" }</button>
            <p class="privacy" title="The engine is compiled to WebAssembly and runs on this page.">
                { "Runs locally · nothing is uploaded" }
            </p>
            <div class="topbar-actions">
                <ShareButton state={state.clone()} />
                <label class="visually-hidden" for="theme-picker">{ "Theme" }</label>
                <select id="theme-picker" class="picker picker-small" onchange={on_theme}>
                    { for [(Theme::System, "System theme"), (Theme::Light, "Light"), (Theme::Dark, "Dark")].into_iter().map(|(t, label)| html! {
                        <option value={t.id()} selected={t == theme}>{ label }</option>
                    }) }
                </select>
                <button class="icon-button" onclick={on_help} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">{ "?" }</button>
            </div>
        </header>
    }
}
