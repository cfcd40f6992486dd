//! Keyboard shortcuts, listed in the help overlay (`?`). Each maps to one reducer action.
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::state::{Action, AppState, Panel};

/// Every shortcut with what it does, for the help overlay.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Alt+1 … Alt+5", "Show Problems, Layers, Graph, Cache or Size"),
    ("Alt+Shift+F", "Apply all safe fixes"),
    ("Alt+E", "Open the examples and lessons"),
    ("Tab / Shift+Tab", "Indent / outdent in the editor (Esc, then Tab, moves focus on)"),
    ("?", "Show or hide this help (outside the editor)"),
    ("Esc", "Close overlays"),
];

/// What a key press means, if anything. `in_text_field` keeps `?` typeable in the editor.
pub fn action_for(key: &str, alt: bool, shift: bool, in_text_field: bool) -> Option<Action> {
    match (key, alt, shift) {
        ("Escape", _, _) => Some(Action::CloseOverlays),
        ("?", false, _) if !in_text_field => Some(Action::ToggleHelp),
        ("F" | "f", true, true) => Some(Action::ApplySafeFixes),
        ("e" | "E", true, false) => Some(Action::ToggleGallery),
        (digit, true, false) => {
            let index = digit.parse::<usize>().ok()?.checked_sub(1)?;
            Panel::ALL.get(index).map(|&panel| Action::ShowPanel(panel))
        }
        _ => None,
    }
}

/// Listens on the document for the shortcuts above.
#[hook]
pub fn use_shortcuts(dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let document = web_sys::window().and_then(|w| w.document());
        let listener = document.map(|document| {
            // Not passive: a shortcut cancels the key's default action.
            EventListener::new_with_options(&document, "keydown", EventListenerOptions::enable_prevent_default(), move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                let in_text_field = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|e| matches!(e.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"));
                // Alt+digit is layout-dependent as `key`; `code` ("Digit1") is not.
                let code = event.code();
                let key = code.strip_prefix("Digit").map(str::to_owned).unwrap_or_else(|| event.key());
                if let Some(action) = action_for(&key, event.alt_key(), event.shift_key(), in_text_field) {
                    event.prevent_default();
                    dispatch.dispatch(action);
                }
            })
        });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_by_number_and_help_only_outside_text() {
        assert!(matches!(action_for("3", true, false, true), Some(Action::ShowPanel(Panel::Graph))));
        assert!(action_for("6", true, false, false).is_none());
        assert!(action_for("0", true, false, false).is_none());
        assert!(matches!(action_for("?", false, true, false), Some(Action::ToggleHelp)));
        assert!(action_for("?", false, true, true).is_none());
        assert!(matches!(action_for("F", true, true, true), Some(Action::ApplySafeFixes)));
        assert!(action_for("a", false, false, false).is_none());
    }
}
