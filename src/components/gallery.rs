use layerlab_engine::analyze;
use yew::prelude::*;

use crate::examples::EXAMPLES;
use crate::format;
use crate::lessons::LESSONS;
use crate::state::{Action, LessonPosition, State};

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub state: State,
}

/// The examples and lessons as cards (Alt+E): what each shows and the image it builds.
#[function_component]
pub fn Gallery(props: &GalleryProps) -> Html {
    // The final size of each example, as the engine computes it (once per opening).
    let sizes = use_memo((), |_| EXAMPLES.iter().map(|e| analyze(&e.input()).final_image.uncompressed_bytes).collect::<Vec<_>>());
    let state = &props.state;
    let close = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::CloseOverlays))
    };
    let examples = EXAMPLES.iter().zip(sizes.iter()).map(|(example, &bytes)| {
        let open = {
            let state = state.clone();
            Callback::from(move |_| {
                state.dispatch(Action::CloseLesson);
                state.dispatch(Action::Load(example.input()));
            })
        };
        html! {
            <li>
                <button class="card" onclick={open}>
                    <span class="card-title">{ example.title }</span>
                    <span class="card-text">{ example.summary }</span>
                    <span class="card-figure">{ format!("image {}", format::bytes(bytes)) }</span>
                </button>
            </li>
        }
    });
    let lessons = LESSONS.iter().enumerate().map(|(index, lesson)| {
        let open = {
            let state = state.clone();
            Callback::from(move |_| {
                state.dispatch(Action::Load(LESSONS[index].steps[0].input()));
                state.dispatch(Action::OpenLesson(LessonPosition { lesson: index, step: 0 }));
            })
        };
        html! {
            <li>
                <button class="card" onclick={open}>
                    <span class="card-title">{ lesson.title }</span>
                    <span class="card-text">{ lesson.steps.iter().map(|s| s.title).collect::<Vec<_>>().join(" → ") }</span>
                    <span class="card-figure">{ format::count(lesson.steps.len(), "step", "steps") }</span>
                </button>
            </li>
        }
    });
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="gallery-title">
            <div class="dialog dialog-wide">
                <div class="dialog-header">
                    <h2 id="gallery-title">{ "Examples and lessons" }</h2>
                    <button class="icon-button" onclick={close} aria-label="Close" autofocus=true>{ "×" }</button>
                </div>
                <h3 class="gallery-heading">{ "Guided lessons" }</h3>
                <ul class="cards">{ for lessons }</ul>
                <h3 class="gallery-heading">{ "Examples" }</h3>
                <ul class="cards">{ for examples }</ul>
            </div>
        </div>
    }
}
