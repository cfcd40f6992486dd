//! The Size panel: what the final image is made of (a stacked bar with a legend), its
//! compressed vs uncompressed size, and the same app on smaller bases, each measured by the
//! engine after typing pauses, with "Try it" to switch.
use layerlab_engine::alternatives::AlternativeBase;
use layerlab_engine::simulate::FinalImage;
use yew::prelude::*;

use crate::format;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct SizePanelProps {
    pub state: State,
}

#[function_component]
pub fn SizePanel(props: &SizePanelProps) -> Html {
    let state = &props.state;
    let image = &state.report.final_image;
    if state.report.stages.is_empty() {
        return html! {
            <section class="panel size" data-testid="panel-size" aria-label="Size">
                <p class="empty">{ "No image yet: start with a FROM line." }</p>
            </section>
        };
    }
    html! {
        <section class="panel size" data-testid="panel-size" aria-label="Size">
            <h2 class="size-heading">{ "Final image" }{ image.stage.as_deref().map(|s| format!(" ({s})")).unwrap_or_default() }</h2>
            <Totals state={state.clone()} />
            <Composition state={state.clone()} />
            <h2 class="size-heading">{ "On other bases" }</h2>
            <Alternatives state={state.clone()} />
        </section>
    }
}

/// Uncompressed (on disk) and compressed (pulled) size, as two bars on one scale.
#[function_component]
fn Totals(props: &SizePanelProps) -> Html {
    let image = &props.state.report.final_image;
    let bound = if image.complete { "" } else { "≥ " };
    let scale = image.uncompressed_bytes.max(image.compressed_bytes).max(1);
    let row = |label: &str, class: &str, bytes: u64, hint: &str| {
        html! {
            <div class="size-total" title={hint.to_owned()}>
                <span class="size-total-label">{ label.to_owned() }</span>
                <svg class="size-total-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                    <rect class={class.to_owned()} width={percent(bytes, scale)} height="10" rx="1" />
                </svg>
                <span class="size-total-figure" data-bytes={bytes.to_string()}>{ format!("{bound}{}", format::bytes(bytes)) }</span>
            </div>
        }
    };
    html! {
        <div class="size-totals" title={sources(image)}>
            { row("Uncompressed", "bar-uncompressed", image.uncompressed_bytes, "on disk, as docker image ls shows it") }
            { row("Compressed", "bar-compressed", image.compressed_bytes, "what a pull downloads (gzip layers)") }
        </div>
    }
}

/// The image's parts, in the order of the stacked bar and the legend.
fn parts(image: &FinalImage) -> [(&'static str, &'static str, u64); 6] {
    let c = &image.composition;
    [
        ("Base image", "part-base", c.base),
        ("System packages", "part-system", c.system_packages),
        ("Language packages", "part-language", c.language_packages),
        ("Application", "part-app", c.application),
        ("Other", "part-other", c.other),
        ("Waste", "part-waste", c.waste),
    ]
}

#[function_component]
fn Composition(props: &SizePanelProps) -> Html {
    let image = &props.state.report.final_image;
    let parts = parts(image);
    let total: u64 = parts.iter().map(|p| p.2).sum::<u64>().max(1);
    let mut x = 0.0;
    let segments = parts.iter().filter(|p| p.2 > 0).map(|(label, class, bytes)| {
        let width = *bytes as f64 * 100.0 / total as f64;
        let segment = html! {
            <rect class={*class} x={format!("{x:.2}")} width={format!("{width:.2}")} height="14">
                <title>{ format!("{label}: {}", format::bytes(*bytes)) }</title>
            </rect>
        };
        x += width;
        segment
    });
    let waste = format!(
        "copies hidden by later layers (deleted or overwritten): {}\ncaches left in layers: {}",
        format::bytes(image.composition.shadowed),
        format::bytes(image.composition.caches)
    );
    let legend = parts.iter().map(|(label, class, bytes)| {
        let title = match *class {
            "part-waste" => Some(waste.clone()),
            "part-base" => Some(sources(image)),
            _ => None,
        };
        html! {
            <li class={classes!("legend-item", (*bytes == 0).then_some("legend-zero"))} {title}>
                <svg class="legend-swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class={*class} width="10" height="10" rx="2" /></svg>
                <span class="legend-label">{ *label }</span>
                <span class="legend-figure" data-bytes={bytes.to_string()}>{ format::bytes(*bytes) }</span>
                <span class="legend-share">{ share(*bytes, total) }</span>
            </li>
        }
    });
    html! {
        <figure class="size-composition">
            <svg class="composition-bar" viewBox="0 0 100 14" preserveAspectRatio="none" role="img" aria-label="Composition of the final image">
                { for segments }
            </svg>
            <figcaption>
                <ul class="size-legend">{ for legend }</ul>
            </figcaption>
        </figure>
    }
}

#[function_component]
fn Alternatives(props: &SizePanelProps) -> Html {
    let state = &props.state;
    if !state.effects_measured {
        return html! { <p class="empty" aria-live="polite">{ "measuring…" }</p> };
    }
    let alternatives = &state.report.alternatives;
    if alternatives.is_empty() {
        return html! { <p class="empty">{ "No smaller base in the size database fits this image." }</p> };
    }
    let rows = alternatives.iter().map(|alternative| {
        let ontry = {
            let state = state.clone();
            let fix = alternative.fix.clone();
            Callback::from(move |_| state.dispatch(Action::ApplyFix(fix.clone())))
        };
        html! { <AlternativeRow alternative={alternative.clone()} {ontry} /> }
    });
    let image = &state.report.final_image;
    html! {
        <ul class="alternatives">
            <li class="alternative alternative-current" title={sources(image)}>
                <div class="alternative-main">
                    <code class="alternative-reference">{ &image.base.reference }</code>
                    <span class="alternative-size">
                        { format!("{}{} compressed", if image.complete { "" } else { "≥ " }, format::bytes(image.compressed_bytes)) }
                        <small>{ format!("{} on disk", format::bytes(image.uncompressed_bytes)) }</small>
                    </span>
                    <span class="alternative-saving">{ "now" }</span>
                </div>
            </li>
            { for rows }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct AlternativeRowProps {
    alternative: AlternativeBase,
    ontry: Callback<MouseEvent>,
}

#[function_component]
fn AlternativeRow(props: &AlternativeRowProps) -> Html {
    let alternative = &props.alternative;
    let works = alternative.breaks.is_empty();
    let mut hover = vec![alternative.source.clone()];
    hover.extend(alternative.notes.iter().cloned());
    html! {
        <li class={classes!("alternative", (!works).then_some("alternative-breaks"))}>
            <div class="alternative-main" title={hover.join("\n")}>
                <code class="alternative-reference">{ &alternative.reference }</code>
                <span class="alternative-size" data-bytes={alternative.compressed_bytes.to_string()}>
                    { format!("{} compressed", format::bytes(alternative.compressed_bytes)) }
                    <small>{ format!("{} on disk", format::bytes(alternative.uncompressed_bytes)) }</small>
                </span>
                <span class="alternative-saving">{ format::signed_bytes(alternative.compressed_bytes_saved) }</span>
                if works {
                    <button class="button alternative-try" onclick={props.ontry.clone()} aria-label={format!("Try {}", alternative.reference)}>{ "Try it" }</button>
                }
            </div>
            if !works || !alternative.caveats.is_empty() {
                <ul class="alternative-notes">
                    { for alternative.breaks.iter().map(|b| html! { <li class="alternative-break">{ format!("won't run: {b}") }</li> }) }
                    { for alternative.caveats.iter().map(|c| html! { <li>{ c }</li> }) }
                </ul>
            }
        </li>
    }
}

/// Where the total comes from: the base image's source and the image's notes.
fn sources(image: &FinalImage) -> String {
    let mut lines = vec![format!("base {}: {}", image.base.resolved.as_deref().unwrap_or(&image.base.reference), image.base.source)];
    lines.extend(image.notes.iter().cloned());
    lines.join("\n")
}

fn percent(bytes: u64, total: u64) -> String {
    format!("{:.2}", bytes as f64 * 100.0 / total.max(1) as f64)
}

/// "42 %", or "<1 %" for a part too small to round to a percent.
fn share(bytes: u64, total: u64) -> String {
    match bytes * 100 / total.max(1) {
        0 if bytes > 0 => "<1 %".to_owned(),
        whole => format!("{whole} %"),
    }
}

#[cfg(test)]
mod tests {
    use layerlab_engine::{analyze, Input};

    use super::*;

    #[test]
    fn the_parts_add_up_to_the_image() {
        let report = analyze(&Input { dockerfile: crate::example::GO_WEB_APP.into(), skip_effects: true, ..Default::default() });
        let image = &report.final_image;
        assert_eq!(parts(image).iter().map(|p| p.2).sum::<u64>(), image.uncompressed_bytes);
    }

    #[test]
    fn shares_round_down_and_show_tiny_parts() {
        assert_eq!(share(1, 1000), "<1 %");
        assert_eq!(share(0, 1000), "0 %");
        assert_eq!(share(999, 1000), "99 %");
        assert_eq!(percent(1, 4), "25.00");
    }
}
