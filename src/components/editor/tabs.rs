//! The file tabs (Dockerfile, `.dockerignore`, build context) and the editors of the two side
//! files, which are short: a plain textarea each, with the engine's problems and what it inferred.
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::format;
use crate::state::{Action, EditorTab, State};

const TABS: [(EditorTab, &str, &str); 3] = [
    (EditorTab::Dockerfile, "dockerfile", "Dockerfile"),
    (EditorTab::Dockerignore, "dockerignore", ".dockerignore"),
    (EditorTab::Context, "context", "Build context"),
];

pub fn tab_id(tab: EditorTab) -> &'static str {
    TABS.iter().find(|t| t.0 == tab).map_or("dockerfile", |t| t.1)
}

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub state: State,
}

#[function_component]
pub fn EditorTabs(props: &TabsProps) -> Html {
    let state = &props.state;
    let active = state.view.editor_tab;
    let tabs = TABS.iter().map(|&(tab, id, title)| {
        let selected = tab == active;
        let filled = match tab {
            EditorTab::Dockerfile => true,
            EditorTab::Dockerignore => state.input.dockerignore.is_some(),
            EditorTab::Context => state.input.context.is_some(),
        };
        let onclick = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::ShowEditorTab(tab)))
        };
        html! {
            <button
                role="tab"
                id={format!("editor-tab-{id}")}
                class={classes!("tab", selected.then_some("tab-active"))}
                aria-selected={selected.to_string()}
                aria-controls={format!("editor-panel-{id}")}
                tabindex={if selected { "0" } else { "-1" }}
                {onclick}
            >
                { title }
                if !filled {
                    <span class="tab-note">{ if tab == EditorTab::Context { " · inferred" } else { " · none" } }</span>
                }
            </button>
        }
    });
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |event: KeyboardEvent| {
            let index = TABS.iter().position(|t| t.0 == active).unwrap_or(0);
            let next = match event.key().as_str() {
                "ArrowRight" => (index + 1) % TABS.len(),
                "ArrowLeft" => (index + TABS.len() - 1) % TABS.len(),
                _ => return,
            };
            event.prevent_default();
            state.dispatch(Action::ShowEditorTab(TABS[next].0));
            if let Some(button) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("editor-tab-{}", TABS[next].1)))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = button.focus();
            }
        })
    };
    html! {
        <div class="pane-header editor-tabs" role="tablist" aria-label="Build files" {onkeydown}>{ for tabs }</div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SideFileProps {
    pub state: State,
    pub tab: EditorTab,
}

/// The `.dockerignore` or build-context editor.
#[function_component]
pub fn SideFile(props: &SideFileProps) -> Html {
    let state = &props.state;
    let context = &state.report.context;
    let (text, label, file, placeholder) = match props.tab {
        EditorTab::Dockerignore => (
            state.input.dockerignore.clone(),
            ".dockerignore",
            ".dockerignore",
            "# Patterns the build context leaves out, one a line:\n.git\nnode_modules\n*.log\n!keep.log\n\n\
             Empty: the context has no .dockerignore, so COPY . . sends everything.",
        ),
        _ => (
            state.input.context.clone(),
            "Build context",
            "context",
            "# The files of the build context, one a line: path size [version]\ngo.mod 1k\ngo.sum 20k\n\
             cmd/server/main.go 12k\n.git/ 20M\n\nEmpty: the context is inferred from the Dockerfile.",
        ),
    };
    let oninput = {
        let state = state.clone();
        let tab = props.tab;
        Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlTextAreaElement>().value();
            state.dispatch(match tab {
                EditorTab::Dockerignore => Action::EditDockerignore(value),
                _ => Action::EditContext(value),
            })
        })
    };
    let summary = match props.tab {
        EditorTab::Dockerignore => format!(
            "Sends {} of {} to the builder",
            format::bytes(context.sent_bytes),
            format::bytes(context.total_bytes)
        ),
        _ => format!(
            "{}{}, {}",
            if context.inferred { "Inferred from the Dockerfile: " } else { "" },
            format::count(context.files, "file", "files"),
            format::bytes(context.total_bytes)
        ),
    };
    let problems = context.problems.iter().filter(|p| p.file == file).map(|p| {
        html! { <li class="side-problem"><span class="problem-location">{ format!("line {}", p.line) }</span>{ " " }{ &p.message }</li> }
    });
    html! {
        <div class="side-file">
            <textarea
                class="side-file-text"
                aria-label={label}
                data-testid={format!("editor-{}", tab_id(props.tab))}
                value={text.unwrap_or_default()}
                {placeholder}
                {oninput}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
            />
            <p class="side-file-summary" data-testid="context-summary">{ summary }</p>
            if context.problems.iter().any(|p| p.file == file) {
                <ul class="side-problems" aria-label={format!("Problems in {label}")}>{ for problems }</ul>
            }
        </div>
    }
}
