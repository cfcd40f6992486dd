//! Layerlab's web app: a Yew shell around `layerlab_engine`.
//!
//! One reducer ([`state::AppState`]) holds the engine input, the latest report and the view;
//! each panel is a component under [`components`] that renders part of the report and sends
//! actions up. Nothing here analyses a Dockerfile: the engine does.
pub mod autosave;
pub mod components;
pub mod diff;
pub mod embed;
pub mod example;
pub mod examples;
pub mod format;
pub mod lessons;
pub mod link;
pub mod panic_banner;
pub mod schedule;
pub mod share;
pub mod shortcuts;
pub mod state;

use yew::prelude::*;

use components::{AnalysisPanels, EditorPane, EmbedBar, Gallery, Header, HelpOverlay, LessonBar, Shown};

#[function_component]
pub fn App() -> Html {
    // A shared link beats the autosaved work, which beats the example (see link.rs).
    let state = use_reducer(link::initial_state);
    schedule::use_analysis(&state);
    autosave::use_autosave(&state);
    link::use_link_sync(&state);
    embed::use_embed_api(&state);
    shortcuts::use_shortcuts(state.dispatcher());
    use_theme(state.view.theme, state.view.embed);
    use_first_render_marks(state.awaiting_report);

    html! {
        <div class={classes!("app", state.view.embed.then_some("app-embed"))}>
            if state.view.embed {
                <EmbedBar state={state.clone()} />
            } else {
                <Header state={state.clone()} />
            }
            if let Some(notice) = &state.notice {
                <div class="notice" role="alert">
                    <span>{ notice }</span>
                    <button class="link-button" onclick={dismiss_notice(&state)}>{ "Dismiss" }</button>
                </div>
            }
            if let Some(position) = state.lesson {
                <LessonBar {position} state={state.clone()} />
            }
            <main class="workspace">
                <EditorPane state={state.clone()} />
                <AnalysisPanels state={state.clone()} shown={Shown::of(&state)} />
            </main>
            if state.view.gallery_open {
                <Gallery state={state.clone()} />
            }
            if state.view.help_open {
                <HelpOverlay state={state.clone()} />
            }
        </div>
    }
}

fn dismiss_notice(state: &state::State) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_| state.dispatch(state::Action::Notify(None)))
}

/// Puts the chosen theme on `<html data-theme>` ("system" leaves it to the media query) and
/// remembers it for the next visit (not an embed's, which the host page chose).
#[hook]
fn use_theme(theme: state::Theme, embed: bool) {
    use_effect_with(theme, move |theme| {
        if !embed {
            autosave::save_theme(*theme);
        }
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = match theme {
                state::Theme::System => root.remove_attribute("data-theme"),
                other => root.set_attribute("data-theme", other.id()),
            };
        }
    });
}

/// Marks the first render for the e2e budget check (first render ≤ 400 ms), and the first
/// render of a report (the first analysis runs right after the first frame is drawn): each
/// mark's `startTime` counts from the navigation's start.
#[hook]
fn use_first_render_marks(awaiting_report: bool) {
    use_effect_with((), |_| mark("layerlab-first-render"));
    use_effect_with(awaiting_report, |&awaiting| {
        if !awaiting {
            mark("layerlab-first-report");
        }
    });
}

fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
