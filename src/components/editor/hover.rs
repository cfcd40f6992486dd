//! What the editor explains about a place in the text: its problems (message, rule, the rule
//! documentation's first paragraph) and the instruction there. Shown as a card under the pointer,
//! and in the strip under the editor for the caret's line, so the keyboard reaches it too.
use layerlab_engine::rules;
use layerlab_engine::syntax::Keyword;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::docs;
use super::lines::Problem;

#[derive(Clone, Debug, PartialEq)]
pub struct HoverContent {
    pub problems: Vec<Problem>,
    pub keyword: Option<Keyword>,
}

#[derive(Properties, PartialEq)]
pub struct HoverContentProps {
    pub content: HoverContent,
    /// One line per item, without the rule documentation (the caret strip).
    #[prop_or_default]
    pub compact: bool,
}

#[function_component]
pub fn HoverContentView(props: &HoverContentProps) -> Html {
    let HoverContent { problems, keyword } = &props.content;
    // The strip has one line: the most severe problem, and how many more the line has.
    let shown = if props.compact { problems.iter().min_by_key(|p| p.level).into_iter().collect() } else { problems.iter().collect::<Vec<_>>() };
    let hidden = problems.len() - shown.len();
    let more = (hidden > 0).then(|| {
        let all = problems.iter().map(|p| format!("{}: {}", p.code, p.message)).collect::<Vec<_>>().join("\n");
        html! { <span class="hover-more" title={all}>{ format!("+{hidden} more on this line") }</span> }
    });
    let problems = shown.into_iter().map(|problem| {
        let rule = rules::by_code(problem.code).filter(|_| !problem.name.is_empty());
        let doc = rule.filter(|_| !props.compact).map(|rule| docs::summary(rule.doc));
        let level = problem.level.name();
        html! {
            <div class={classes!("hover-problem", format!("hover-{level}"))}>
                <span class={classes!("hover-level", format!("level-{level}"))}>{ level }</span>
                <span class="hover-message">{ &problem.message }</span>
                <span class="hover-code">
                    { problem.code }
                    if !problem.name.is_empty() {
                        { " · " }{ problem.name }
                    }
                </span>
                if let Some(doc) = doc {
                    <p class="hover-doc">{ doc }</p>
                }
            </div>
        }
    });
    let instruction = keyword.map(|keyword| {
        let (form, text) = docs::instruction(keyword);
        html! {
            <div class="hover-instruction">
                <code class="hover-form">{ form }</code>
                <span class="hover-text">{ text }</span>
            </div>
        }
    });
    html! { <>{ for problems }{ for more }{ for instruction }</> }
}

#[derive(Properties, PartialEq)]
pub struct HoverCardProps {
    pub content: HoverContent,
    /// Where the card's top-left corner should be, in px of the code area.
    pub x: i32,
    pub y: i32,
}

/// A card under the hovered place. It never takes focus and lets the pointer through.
#[function_component]
pub fn HoverCard(props: &HoverCardProps) -> Html {
    let card = use_node_ref();
    {
        let card = card.clone();
        use_effect_with((props.x, props.y), move |&(x, y)| place(&card, x, y));
    }
    html! {
        <div class="hover-card" role="tooltip" data-testid="editor-hover" ref={card}>
            <HoverContentView content={props.content.clone()} />
        </div>
    }
}

/// Positions the card (CSSOM, as the CSP forbids style attributes), inside the code area:
/// above the line when there is no room below it.
fn place(card: &NodeRef, x: i32, y: i32) {
    let Some(card) = card.cast::<HtmlElement>() else { return };
    let Some(area) = card.parent_element() else { return };
    let (width, height) = (card.offset_width(), card.offset_height());
    let left = x.min(area.client_width() - width - 8).max(4);
    let top = if y + height + 4 > area.client_height() && y - 26 - height > 0 { y - 26 - height } else { y + 2 };
    let style = card.style();
    let _ = style.set_property("left", &format!("{left}px"));
    let _ = style.set_property("top", &format!("{top}px"));
}
