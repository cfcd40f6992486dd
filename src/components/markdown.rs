//! Renders the rule docs' small Markdown subset: `##` headings, paragraphs, `-` lists, fenced
//! code blocks and inline `code`. Text is only ever inserted as text, never as HTML.
use yew::prelude::*;

pub fn render(doc: &str) -> Html {
    let mut blocks: Vec<Html> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;

    let flush = |blocks: &mut Vec<Html>, paragraph: &mut Vec<&str>, list: &mut Vec<String>| {
        if !paragraph.is_empty() {
            blocks.push(html! { <p>{ inline(&paragraph.join(" ")) }</p> });
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(html! { <ul>{ for list.iter().map(|item| html! { <li>{ inline(item) }</li> }) }</ul> });
            list.clear();
        }
    };

    for line in doc.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                let text = lines.join("\n");
                blocks.push(html! { <pre class="doc-code"><code>{ text }</code></pre> });
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut blocks, &mut paragraph, &mut list);
            code = Some(Vec::new());
        } else if let Some(heading) = trimmed.strip_prefix("## ") {
            flush(&mut blocks, &mut paragraph, &mut list);
            blocks.push(html! { <h4 class="doc-heading">{ heading.to_owned() }</h4> });
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            if !paragraph.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut Vec::new());
            }
            list.push(item.to_owned());
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list);
        } else if let (Some(item), true) = (list.last_mut(), line.starts_with(' ')) {
            // An indented line continues the list item above it.
            item.push(' ');
            item.push_str(trimmed);
        } else {
            paragraph.push(trimmed);
        }
    }
    if let Some(lines) = code {
        blocks.push(html! { <pre class="doc-code"><code>{ lines.join("\n") }</code></pre> });
    }
    flush(&mut blocks, &mut paragraph, &mut list);
    html! { <div class="doc">{ for blocks }</div> }
}

/// Inline `code` spans; everything else is plain text.
fn inline(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(index, part)| {
        if index % 2 == 1 {
            html! { <code>{ part.to_owned() }</code> }
        } else {
            html! { { part.to_owned() } }
        }
    });
    html! { <>{ for parts }</> }
}
