use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The Dockerfile text; the textarea always shows exactly this.
    pub text: AttrValue,
    /// Called with the whole new text on every edit.
    pub on_edit: Callback<String>,
}

/// The Dockerfile editor: a plain textarea for now (highlighting and gutter come later).
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: InputEvent| {
            let textarea: HtmlTextAreaElement = event.target_unchecked_into();
            on_edit.emit(textarea.value());
        })
    };

    html! {
        <div class="editor">
            <div class="pane-header">
                <label class="tab tab-active" for="dockerfile-editor">{ "Dockerfile" }</label>
            </div>
            <textarea
                id="dockerfile-editor"
                class="editor-text"
                data-testid="editor"
                value={props.text.clone()}
                {oninput}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                autocorrect="off"
                wrap="off"
            />
        </div>
    }
}
