use yew::prelude::*;

use super::problems::diff_line;
use crate::diff::{self, Change};
use crate::format;
use crate::lessons::{step_delta, LESSONS};
use crate::state::{Action, LessonPosition, State};

#[derive(Properties, PartialEq)]
pub struct LessonBarProps {
    pub position: LessonPosition,
    pub state: State,
}

/// The current lesson step: its narrative, what changed since the previous step (the diff, and
/// the size and rebuild delta the engine measures), and the way to the other steps.
#[function_component]
pub fn LessonBar(props: &LessonBarProps) -> Html {
    let Some(lesson) = LESSONS.get(props.position.lesson) else { return Html::default() };
    let Some(step) = lesson.steps.get(props.position.step) else { return Html::default() };
    let go = |index: usize| {
        let state = props.state.clone();
        let position = LessonPosition { lesson: props.position.lesson, step: index };
        Callback::from(move |_| {
            if let Some(step) = LESSONS[position.lesson].steps.get(position.step) {
                state.dispatch(Action::Load(step.input()));
                state.dispatch(Action::OpenLesson(position));
            }
        })
    };
    let close = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::CloseLesson))
    };
    let index = props.position.step;
    let delta = use_memo(props.position, |position| step_delta(&LESSONS[position.lesson], position.step));
    let changes = index.checked_sub(1).map(|previous| {
        let lines = diff::lines(lesson.steps[previous].dockerfile, step.dockerfile);
        let changed: Vec<_> = lines.into_iter().filter(|l| l.change != Change::Same).collect();
        html! {
            <details class="lesson-diff">
                <summary>{ format!("What changed: {}", format::count(changed.len(), "line", "lines")) }</summary>
                <div class="diff">
                    { for changed.iter().map(diff_line) }
                </div>
            </details>
        }
    });
    html! {
        <section class="lesson" aria-label="Lesson" data-testid="lesson">
            <header class="lesson-header">
                <span class="lesson-title">{ lesson.title }</span>
                <span class="lesson-progress">{ format!("Step {} of {}", index + 1, lesson.steps.len()) }</span>
                <button class="link-button" onclick={close}>{ "Close lesson" }</button>
            </header>
            <h2 class="lesson-step-title">{ step.title }</h2>
            <p class="lesson-narrative">{ step.narrative }</p>
            if let Some(delta) = &*delta {
                <p class="lesson-delta" data-testid="lesson-delta">
                    { format!("Image {} → {}", format::bytes(delta.before_bytes), format::bytes(delta.after_bytes)) }
                    { " · " }
                    { format!("after a source edit {} → {} rebuild", format::count(delta.before_rebuilt, "step", "steps"), delta.after_rebuilt) }
                </p>
            }
            { changes.unwrap_or_default() }
            <nav class="lesson-nav">
                <button class="button" disabled={index == 0} onclick={go(index.saturating_sub(1))}>{ "← Previous" }</button>
                <button class="button button-primary" disabled={index + 1 >= lesson.steps.len()} onclick={go(index + 1)}>{ "Next →" }</button>
            </nav>
        </section>
    }
}
