//! The app state and its single reducer: the current engine [`Input`] and the [`Report`] the
//! engine computed for it. Components read this and send [`Action`]s; none of them analyses.
use std::rc::Rc;

use layerlab_engine::{analyze, Input, Report};
use yew::Reducible;

use crate::example;

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub input: Input,
    /// Always the engine's answer for `input`; shared with panels without copying.
    pub report: Rc<Report>,
}

pub enum Action {
    /// The Dockerfile text changed (a keystroke, a paste, later an applied fix).
    EditDockerfile(String),
}

impl AppState {
    pub fn new(input: Input) -> Self {
        let report = Rc::new(analyze(&input));
        Self { input, report }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new(Input {
            dockerfile: example::GO_WEB_APP.to_owned(),
            // Effects cost one analysis per fix: the problems panel does not show them yet.
            skip_effects: true,
            ..Default::default()
        })
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::EditDockerfile(text) => {
                if text == self.input.dockerfile {
                    return self;
                }
                let mut input = self.input.clone();
                input.dockerfile = text;
                Rc::new(Self::new(input))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_state_is_the_example_and_its_report() {
        let state = AppState::default();
        assert_eq!(state.input.dockerfile, example::GO_WEB_APP);
        assert_eq!(state.report.stage_count, 2);
        assert_eq!(*state.report, analyze(&state.input));
    }

    #[test]
    fn editing_recomputes_the_report() {
        let state = Rc::new(AppState::default());
        let text = format!("{}FROM scratch\n", example::GO_WEB_APP);
        let next = state.clone().reduce(Action::EditDockerfile(text.clone()));
        assert_eq!(next.input.dockerfile, text);
        assert_eq!(next.report.stage_count, state.report.stage_count + 1);
        assert_eq!(
            next.report.instruction_count,
            state.report.instruction_count + 1
        );
    }

    #[test]
    fn an_unchanged_text_keeps_the_same_state() {
        let state = Rc::new(AppState::default());
        let next = state
            .clone()
            .reduce(Action::EditDockerfile(example::GO_WEB_APP.to_owned()));
        assert!(Rc::ptr_eq(&state, &next));
    }
}
