//! "Export SVG": the drawing as a standalone file. The page styles the SVG with classes from
//! graph-drawing.css; the file carries that stylesheet's rules, read back from the page, in a
//! `<style>` of its own (only in the file: the page's CSP allows no inline styles), with the
//! theme variables they use copied from the page and the light theme chosen.
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, CssStyleSheet, Document, Element, HtmlAnchorElement, Url, XmlSerializer};

/// The stylesheet that draws the graph (Trunk adds a hash to the name).
const DRAWING_STYLESHEET: &str = "/graph-drawing";
pub const FILE_NAME: &str = "layerlab-graph.svg";

/// The rules of the page's graph-drawing stylesheet, as the browser parsed them.
fn drawing_rules(document: &Document) -> Result<String, JsValue> {
    let sheets = document.style_sheets();
    for index in 0..sheets.length() {
        let Some(sheet) = sheets.item(index) else { continue };
        if !sheet.href()?.is_some_and(|href| href.contains(DRAWING_STYLESHEET)) {
            continue;
        }
        let rules = sheet.dyn_into::<CssStyleSheet>()?.css_rules()?;
        return Ok((0..rules.length()).filter_map(|i| rules.item(i)).map(|rule| rule.css_text()).collect::<Vec<_>>().join("\n"));
    }
    Err("the graph-drawing stylesheet is not loaded".into())
}

/// Every `--name` the rules read through `var(--name)`, once each, in order.
pub fn variables_used(rules: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for piece in rules.split("var(").skip(1) {
        let name = piece.split([')', ',']).next().unwrap_or("").trim();
        if name.starts_with("--") && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// `markup` (an `<svg …>` element) with `style` as its first child.
pub fn with_style(markup: &str, style: &str) -> String {
    match markup.find('>') {
        Some(end) if markup.starts_with("<svg") => {
            let (open, rest) = markup.split_at(end + 1);
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{open}<style>{style}</style>{rest}\n")
        }
        _ => markup.to_owned(),
    }
}

/// Downloads `svg` at its natural `width` × `height`, styled as described above.
pub fn download(svg: &Element, width: f64, height: f64) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let copy: Element = svg.clone_node_with_deep(true)?.dyn_into()?;
    copy.set_attribute("width", &format!("{width:.0}"))?;
    copy.set_attribute("height", &format!("{height:.0}"))?;
    // Without "graph-fit": the file has its natural size.
    copy.set_attribute("class", "graph")?;

    let rules = drawing_rules(&document)?;
    let mut style = String::from("svg{color-scheme:light;");
    if let Some(root) = document.document_element() {
        if let Some(computed) = window.get_computed_style(&root)? {
            for name in variables_used(&rules) {
                let value = computed.get_property_value(name)?;
                style.push_str(&format!("{name}:{};", value.trim()));
            }
        }
    }
    style.push('}');
    style.push_str(&rules);
    let markup = with_style(&XmlSerializer::new()?.serialize_to_string(&copy)?, &style);

    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = Blob::new_with_str_sequence_and_options(&JsValue::from(vec![JsValue::from_str(&markup)]), &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let link: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(FILE_NAME);
    link.click();
    Url::revoke_object_url(&url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drawing_stylesheet_holds_the_drawing_and_its_variables() {
        let rules = include_str!("../../../static/css/graph-drawing.css");
        assert!(rules.contains(".stage-box") && rules.contains(".edge-copy"), "{rules}");
        assert!(!rules.contains(".build-toolbar") && !rules.contains(".cache-summary"), "panel chrome stays out of the file");
        let variables = variables_used(rules);
        assert!(variables.contains(&"--text") && variables.contains(&"--font-code"), "{variables:?}");
        assert_eq!(variables_used("a{color:var(--x);fill:var(--y, red);stroke:var(--x)}"), ["--x", "--y"]);
    }

    #[test]
    fn the_style_goes_inside_the_root_element() {
        let markup = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect/></svg>"#;
        let file = with_style(markup, ".a{fill:red}");
        assert!(file.starts_with("<?xml"));
        assert!(file.contains(r#"viewBox="0 0 10 10"><style>.a{fill:red}</style><rect/></svg>"#), "{file}");
        assert_eq!(with_style("<p>x</p>", "s"), "<p>x</p>");
    }
}
