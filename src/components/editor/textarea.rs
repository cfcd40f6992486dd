//! The Dockerfile editor. The textarea stays the real input (undo, selection, IME, screen
//! readers); its text is transparent over a highlighted copy of the same lines, drawn in the same
//! font and moved with the textarea's scroll. Only the lines near the view are drawn, each a
//! memoised component, so a keystroke re-renders a few dozen small lines whatever the file size.
use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::hover::{HoverCard, HoverContent, HoverContentView};
use super::keys::{self, apply, difference, indent};
use super::lines::{self, cell_of, line_at, markers, offset_at, offset_at_cell, Document, Level, Piece};
use crate::state::{as_shown, Action, State};

/// Keep equal to `--editor-line` and the `.editor-text` padding in editor.css.
const LINE_HEIGHT: f64 = 22.0;
const PAD_TOP: f64 = 12.0;
const PAD_LEFT: f64 = 14.0;
/// Lines drawn beyond the visible ones, and the step the drawn window moves by while scrolling.
const OVERSCAN: usize = 30;
const WINDOW_STEP: usize = 20;
/// Larger texts are shown without highlighting (the textarea alone), whatever the analysis does.
const HIGHLIGHT_UP_TO: usize = 512 * 1024;
const HIGHLIGHT_WHILE_TYPING_UP_TO: usize = 64 * 1024;

#[derive(Properties)]
pub struct EditorProps {
    pub state: State,
    /// The parsed and highlighted text, when it is highlighted (see [`parse_for_display`]).
    pub document: Rc<Option<Document>>,
}

impl PartialEq for EditorProps {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && Rc::ptr_eq(&self.document, &other.document)
    }
}

/// The text parsed for highlighting, unless it is too large to highlight on this keystroke:
/// the highlight must describe exactly the text shown, so a text too large to parse on every
/// keystroke goes plain while typing and is highlighted again once its analysis lands.
pub fn parse_for_display(text: &str, report_is_current: bool) -> Option<Document> {
    let highlighted = text.len() <= HIGHLIGHT_UP_TO && (report_is_current || highlighted_while_typing(text));
    highlighted.then(|| Document::new(text))
}

/// Whether the text is parsed for highlighting on every keystroke (parsing 30 kB takes about
/// 4 ms in Chromium), so that typing changes only the line typed in, not every line drawn.
pub fn highlighted_while_typing(text: &str) -> bool {
    text.len() <= HIGHLIGHT_WHILE_TYPING_UP_TO
}

/// The lines drawn: `first` is 0-based.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Window {
    first: usize,
    count: usize,
}

/// What the pointer rests on, and where its card goes (px in the code area).
#[derive(Clone, PartialEq)]
struct Hover {
    content: HoverContent,
    x: i32,
    y: i32,
}

#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let state = &props.state;
    let text = &state.input.dockerfile;
    let textarea = use_node_ref();
    let code_lines = use_node_ref();
    let gutter_lines = use_node_ref();
    let measure = use_node_ref();
    let window = use_state_eq(|| Window { first: 0, count: 80 });
    let caret_line = use_state_eq(|| 1usize);
    let hover = use_state_eq(|| None::<Hover>);
    let char_width = use_memo((), |_| Cell::new(0.0f64));
    let escaped = use_memo((), |_| Cell::new(false));
    let mounted = use_memo((), |_| Cell::new(false));
    // An input event came since the last key went down.
    let typed = use_memo((), |_| Cell::new(false));
    // The revision the textarea's last input event made: the textarea already shows it.
    let typed_revision = use_memo((), |_| Cell::new(None::<u64>));

    let live = !state.stale;
    let document = &props.document;
    let report_id = Rc::as_ptr(&state.report) as usize;
    // The last analysed text's problems, and that text: while a new text waits for its
    // analysis they are shown moved along with the edits, so squiggles do not blink off.
    let analysed = use_mut_ref(|| (Rc::new(Vec::new()), String::new()));
    let problems = use_memo((report_id, live, state.revision), {
        let (state, analysed) = (state.clone(), analysed.clone());
        move |&(_, live, _)| {
            let text = &state.input.dockerfile;
            if live {
                let problems = Rc::new(lines::problems(&state.report));
                *analysed.borrow_mut() = (problems.clone(), text.clone());
                problems
            } else {
                let (problems, old) = &*analysed.borrow();
                Rc::new(lines::moved_by_edit(problems, old, text))
            }
        }
    });
    let markers = use_memo((report_id, live, state.revision), {
        let problems = problems.clone();
        move |_| markers(&problems)
    });
    let line_count = use_memo(state.revision, {
        let state = state.clone();
        move |_| line_at(&state.input.dockerfile, state.input.dockerfile.len())
    });

    // The textarea's value follows the state: on mount it is set; a change from elsewhere (a
    // fix, an example) goes through the browser's editing commands so Ctrl+Z reverts it.
    {
        let textarea = textarea.clone();
        let text = text.clone();
        let typed_revision = typed_revision.clone();
        use_effect_with(state.revision, move |&revision| {
            if let Some(element) = textarea.cast::<HtmlTextAreaElement>() {
                if !mounted.replace(true) {
                    element.set_value(&text);
                } else if typed_revision.take() == Some(revision) {
                    // The textarea made this revision: it already shows it (reading a large
                    // text back to compare costs milliseconds).
                } else {
                    let shown = element.value();
                    let wanted = as_shown(&text);
                    if shown != wanted {
                        apply(&element, &shown, &difference(&shown, &wanted));
                    }
                }
            }
        });
    }

    // Other panels ask to show a line: caret there, scrolled into view, focused.
    {
        let textarea = textarea.clone();
        let state = state.clone();
        let caret_line = caret_line.clone();
        use_effect_with(state.jump, move |jump| {
            if let (Some(jump), Some(element)) = (jump, textarea.cast::<HtmlTextAreaElement>()) {
                let text = &state.input.dockerfile;
                let at = lines::utf16_offset(text, offset_at(text, jump.line, jump.column)) as u32;
                let _ = element.focus();
                let _ = element.set_selection_range(at, at);
                let wanted = (jump.line.saturating_sub(1) as f64 * LINE_HEIGHT - f64::from(element.client_height()) / 3.0).max(0.0);
                element.set_scroll_top(wanted as i32);
                caret_line.set(jump.line);
            }
        });
    }

    // After every render: the drawn lines follow the textarea's scroll.
    {
        let (textarea, code_lines, gutter_lines, first) = (textarea.clone(), code_lines.clone(), gutter_lines.clone(), window.first);
        use_effect(move || sync_scroll(&textarea, &code_lines, &gutter_lines, first));
    }

    // The window of drawn lines also depends on the editor's height.
    {
        let (textarea, window) = (textarea.clone(), window.clone());
        use_effect_with((), move |_| {
            update_window(&textarea, &window);
            let listener = web_sys::window().map(|w| {
                let (textarea, window) = (textarea.clone(), window.clone());
                EventListener::new(&w, "resize", move |_| update_window(&textarea, &window))
            });
            move || drop(listener)
        });
    }

    let oninput = {
        let state = state.clone();
        let typed_revision = typed_revision.clone();
        let caret_line = caret_line.clone();
        let hover = hover.clone();
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| {
            let element: HtmlTextAreaElement = event.target_unchecked_into();
            let value = element.value();
            caret_line.set(caret_line_of(&element, &value));
            typed.set(true);
            hover.set(None);
            // The revision this edit makes (unless another action comes first).
            if value != as_shown(&state.input.dockerfile) {
                typed_revision.set(Some(state.revision + 1));
            }
            state.dispatch(Action::EditDockerfile(value));
        })
    };
    let onscroll = {
        let (textarea, code_lines, gutter_lines, window, hover) =
            (textarea.clone(), code_lines.clone(), gutter_lines.clone(), window.clone(), hover.clone());
        Callback::from(move |_: Event| {
            sync_scroll(&textarea, &code_lines, &gutter_lines, window.first);
            update_window(&textarea, &window);
            hover.set(None);
        })
    };
    let onkeydown = {
        let escaped = escaped.clone();
        let typed = typed.clone();
        Callback::from(move |event: KeyboardEvent| {
            typed.set(false);
            match event.key().as_str() {
                "Escape" => escaped.set(true),
                "Shift" | "Control" | "Alt" | "Meta" => {}
                "Tab" if !(event.ctrl_key() || event.alt_key() || event.meta_key()) => {
                    // Esc, then Tab: focus moves on, as everywhere else on the page.
                    if escaped.replace(false) {
                        return;
                    }
                    event.prevent_default();
                    let element: HtmlTextAreaElement = event.target_unchecked_into();
                    let value = element.value();
                    let (start, end) = keys::selection(&element, &value);
                    if let Some(edit) = indent(&value, start, end, event.shift_key()) {
                        apply(&element, &value, &edit);
                    }
                }
                _ => escaped.set(false),
            }
        })
    };
    let track_caret = {
        let caret_line = caret_line.clone();
        move |element: HtmlTextAreaElement| caret_line.set(caret_line_of(&element, &element.value()))
    };
    let onkeyup = {
        let track_caret = track_caret.clone();
        Callback::from(move |event: KeyboardEvent| {
            // A key that typed was tracked by `oninput`: reading a large text again costs.
            if !typed.get() {
                track_caret(event.target_unchecked_into());
            }
        })
    };
    let onmouseup = {
        let track_caret = track_caret.clone();
        Callback::from(move |event: MouseEvent| track_caret(event.target_unchecked_into()))
    };
    let onfocus = Callback::from(move |event: FocusEvent| track_caret(event.target_unchecked_into()));
    let onmousemove = {
        let (document, problems, hover, measure, char_width) =
            (document.clone(), problems.clone(), hover.clone(), measure.clone(), char_width.clone());
        Callback::from(move |event: MouseEvent| {
            let element: HtmlTextAreaElement = event.target_unchecked_into();
            if char_width.get() == 0.0 {
                if let Some(span) = measure.cast::<web_sys::Element>() {
                    char_width.set(span.get_bounding_client_rect().width() / 10.0);
                }
            }
            let found = document.as_ref().as_ref().and_then(|document| {
                hover_at(document, &problems, &element, event.offset_x(), event.offset_y(), char_width.get())
            });
            hover.set(found);
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let ongutterleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let ongutterwheel = {
        let textarea = textarea.clone();
        Callback::from(move |event: WheelEvent| {
            if let Some(element) = textarea.cast::<web_sys::Element>() {
                element.scroll_by_with_x_and_y(event.delta_x(), event.delta_y());
            }
        })
    };

    let Window { first, count } = *window;
    let last = (first + count).min(*line_count);
    let gutter = (first + 1..=last).map(|line| {
        let marker = markers.iter().find(|(l, _)| *l == line).map(|(_, level)| *level);
        let (onmouseenter, onmousedown) = match marker {
            Some(_) => {
                let hover = hover.clone();
                let problems = problems.clone();
                let state = state.clone();
                let y = (line as f64 * LINE_HEIGHT + PAD_TOP) as i32;
                let textarea = textarea.clone();
                (
                    Some(Callback::from(move |_: MouseEvent| {
                        let scrolled = textarea.cast::<web_sys::Element>().map_or(0, |t| t.scroll_top());
                        let on_line = problems.iter().filter(|p| p.line == line).cloned().collect();
                        hover.set(Some(Hover { content: HoverContent { problems: on_line, keyword: None }, x: 4, y: y - scrolled }));
                    })),
                    // On press, not click: the focus then goes straight to the editor.
                    Some(Callback::from(move |event: MouseEvent| {
                        event.prevent_default();
                        state.dispatch(Action::JumpTo { line, column: 1 });
                    })),
                )
            }
            None => (None, None),
        };
        html! {
            <div key={line} class={classes!("gutter-line", marker.map(|m| format!("gutter-{}", m.name())))} {onmouseenter} {onmousedown}>
                if let Some(level) = marker {
                    <span class={classes!("gutter-marker", format!("marker-{}", level.name()))} title={level_title(level)} />
                }
                { line }
            </div>
        }
    });
    let code = document.as_ref().as_ref().map(|document| {
        let rows = (first + 1..=last.min(document.line_count())).map(|line| {
            html! { <CodeLine key={line} pieces={document.pieces(line, &problems)} /> }
        });
        html! {
            <div class="editor-overlay" aria-hidden="true">
                <div class="editor-lines" ref={code_lines.clone()}>{ for rows }</div>
                <span class="editor-measure" ref={measure.clone()}>{ "0000000000" }</span>
            </div>
        }
    });
    let caret = {
        let line = *caret_line;
        let on_line: Vec<_> = problems.iter().filter(|p| p.line <= line && line <= p.end_line).cloned().collect();
        let keyword = document.as_ref().as_ref().and_then(|d| d.keyword_at_line(line));
        HoverContent { problems: on_line, keyword }
    };

    html! {
        <div class="editor-body">
            <div class="editor-frame">
                <div class="editor-gutter" aria-hidden="true" onwheel={ongutterwheel} onmouseleave={ongutterleave}>
                    <div class="gutter-lines" ref={gutter_lines}>{ for gutter }</div>
                    <div class="gutter-sizer">{ *line_count }</div>
                </div>
                <div class="editor-code">
                    { for code }
                    <textarea
                        id="dockerfile-editor"
                        ref={textarea}
                        class={classes!("editor-text", document.is_none().then_some("editor-text-plain"))}
                        data-testid="editor"
                        aria-label="Dockerfile"
                        aria-describedby="caret-info"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        autocorrect="off"
                        wrap="off"
                        readonly={state.view.readonly}
                        {oninput}
                        {onscroll}
                        {onkeydown}
                        {onkeyup}
                        {onmouseup}
                        {onfocus}
                        {onmousemove}
                        {onmouseleave}
                    />
                    if let Some(Hover { content, x, y }) = (*hover).clone() {
                        <HoverCard {content} {x} {y} />
                    }
                </div>
            </div>
            <div id="caret-info" class="caret-info" data-testid="caret-info">
                <span class="caret-line">{ format!("Ln {}", *caret_line) }</span>
                <HoverContentView content={caret} compact=true />
            </div>
        </div>
    }
}

fn level_title(level: Level) -> &'static str {
    match level {
        Level::Error => "Error on this line",
        Level::Warning => "Warning on this line",
        Level::Info => "Note on this line",
    }
}

#[derive(Properties, PartialEq)]
struct CodeLineProps {
    pieces: Vec<Piece>,
}

/// One line of the highlighted copy; unchanged lines are not re-rendered.
#[function_component]
fn CodeLine(props: &CodeLineProps) -> Html {
    let pieces = props.pieces.iter().map(|piece| {
        if piece.kind.is_none() && piece.squiggle.is_none() {
            return html! { { piece.text.as_str() } };
        }
        let class = classes!(
            piece.kind.map(|k| format!("hl-{}", k.name())),
            piece.squiggle.map(|s| format!("squiggle squiggle-{}", s.name())),
            piece.text.is_empty().then_some("squiggle-end"),
        );
        html! { <span {class}>{ piece.text.as_str() }</span> }
    });
    html! { <div class="code-line">{ for pieces }</div> }
}

/// Moves the drawn lines and line numbers to the textarea's scroll position.
fn sync_scroll(textarea: &NodeRef, code_lines: &NodeRef, gutter_lines: &NodeRef, first: usize) {
    let Some(element) = textarea.cast::<HtmlTextAreaElement>() else { return };
    let top = first as f64 * LINE_HEIGHT - f64::from(element.scroll_top());
    let left = -f64::from(element.scroll_left());
    if let Some(lines) = code_lines.cast::<HtmlElement>() {
        let _ = lines.style().set_property("transform", &format!("translate({left}px, {top}px)"));
    }
    if let Some(gutter) = gutter_lines.cast::<HtmlElement>() {
        let _ = gutter.style().set_property("transform", &format!("translateY({top}px)"));
    }
}

/// Moves the window of drawn lines, in steps, so that scrolling re-renders rarely.
fn update_window(textarea: &NodeRef, window: &UseStateHandle<Window>) {
    let Some(element) = textarea.cast::<HtmlTextAreaElement>() else { return };
    let top_line = ((f64::from(element.scroll_top()) - PAD_TOP).max(0.0) / LINE_HEIGHT) as usize;
    let visible = (f64::from(element.client_height()) / LINE_HEIGHT).ceil() as usize + 1;
    let first = top_line.saturating_sub(OVERSCAN) / WINDOW_STEP * WINDOW_STEP;
    window.set(Window { first, count: visible + 2 * OVERSCAN + WINDOW_STEP });
}

fn caret_line_of(element: &HtmlTextAreaElement, value: &str) -> usize {
    let (start, _) = keys::selection(element, value);
    line_at(value, start)
}

/// What lies under the pointer at (x, y) px in the textarea: problems there, else a keyword.
fn hover_at(document: &Document, problems: &[lines::Problem], element: &HtmlTextAreaElement, x: i32, y: i32, char_width: f64) -> Option<Hover> {
    if x >= element.client_width() || y >= element.client_height() || char_width <= 0.0 {
        return None;
    }
    let content_x = f64::from(x + element.scroll_left()) - PAD_LEFT;
    let content_y = f64::from(y + element.scroll_top()) - PAD_TOP;
    if content_x < 0.0 || content_y < 0.0 {
        return None;
    }
    let line = (content_y / LINE_HEIGHT) as usize + 1;
    if line > document.line_count() {
        return None;
    }
    let (start, end) = document.line_range(line);
    let line_text = &document.text()[start..end];
    let offset = start + offset_at_cell(line_text, (content_x / char_width) as usize)?;
    let under: Vec<_> = problems.iter().filter(|p| p.covers(offset)).cloned().collect();
    // A keyword under a problem gets both explanations.
    let keyword = document.keyword_at(offset);
    let anchor = match (under.first(), keyword) {
        (Some(first), _) => first.start.max(start),
        (None, Some(_)) => document.highlights[document.highlights.partition_point(|h| h.span.end <= offset)].span.start,
        (None, None) => return None,
    };
    let cell = cell_of(line_text, anchor.min(end) - start);
    Some(Hover {
        content: HoverContent { problems: under, keyword },
        x: (cell as f64 * char_width + PAD_LEFT) as i32 - element.scroll_left(),
        y: (line as f64 * LINE_HEIGHT + PAD_TOP) as i32 - element.scroll_top(),
    })
}
