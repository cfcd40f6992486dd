//! The Layers panel, like dive: per stage (needed stages first, the target marked, pruned
//! stages collapsed), the base image's layers and then one row per step, with bars
//! proportional to size, compressed figures, files added, waste and the cache verdict; and the
//! final image's efficiency and wasted bytes. A row jumps to its line.
use std::collections::BTreeSet;

use layerlab_engine::report::{StageSummary, StepReport};
use layerlab_engine::simulate::BaseInfo;
use layerlab_engine::Report;
use yew::prelude::*;

use crate::format;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct LayersPanelProps {
    pub state: State,
}

#[function_component]
pub fn LayersPanel(props: &LayersPanelProps) -> Html {
    let state = &props.state;
    let report = &state.report;
    // Stages the reader opened or closed, against the default (needed = open). By name, so
    // that a stage added above does not flip the ones below.
    let toggled = use_state(BTreeSet::<String>::new);
    if report.stages.is_empty() {
        return html! {
            <section class="panel layers" data-testid="panel-layers" aria-label="Layers">
                <p class="empty">{ "No stages yet: start with a FROM line." }</p>
            </section>
        };
    }
    let stages = stage_order(report).into_iter().map(|stage| {
        let open = stage.needed != toggled.contains(&stage.name);
        let ontoggle = {
            let toggled = toggled.clone();
            let name = stage.name.clone();
            Callback::from(move |_| {
                let mut next = (*toggled).clone();
                if !next.remove(&name) {
                    next.insert(name.clone());
                }
                toggled.set(next);
            })
        };
        html! { <StageLayers key={stage.index} state={state.clone()} index={stage.index} {open} {ontoggle} /> }
    });
    html! {
        <section class="panel layers" data-testid="panel-layers" aria-label="Layers">
            <ImageSummary state={state.clone()} />
            <p class="layers-key">
                <span><span class="key key-uncompressed" />{ "on disk" }</span>
                <span><span class="key key-compressed" />{ "compressed" }</span>
                <span><span class="layer-dot dot-hit" />{ "cache hit" }</span>
                <span><span class="layer-dot dot-miss" />{ "rebuilt" }</span>
                <span class="layers-key-hint">{ "Hover a size for its source · click a layer for its line" }</span>
            </p>
            { for stages }
        </section>
    }
}

/// dive's summary of the final image: size, efficiency, wasted bytes.
#[function_component]
fn ImageSummary(props: &LayersPanelProps) -> Html {
    let image = &props.state.report.final_image;
    let efficiency = format!("{:.1} %", image.efficiency * 100.0);
    let size_title = if image.complete { image.base.source.clone() } else { image.notes.join("\n") };
    html! {
        <dl class="layers-summary" aria-label="Final image">
            <div title={size_title}>
                <dt>{ "Image" }</dt>
                <dd data-bytes={image.uncompressed_bytes.to_string()}>
                    { if image.complete { "" } else { "≥ " } }{ format::bytes(image.uncompressed_bytes) }
                    <small>{ format!("{} compressed", format::bytes(image.compressed_bytes)) }</small>
                </dd>
            </div>
            <div title="dive's score: the bytes the image needs ÷ the bytes its layers hold">
                <dt>{ "Efficiency" }</dt>
                <dd class={classes!((image.efficiency < 0.9).then_some("layers-warn"))}>{ efficiency }</dd>
            </div>
            <div title="dive's wasted bytes: every copy of a path stored in two or more layers">
                <dt>{ "Wasted" }</dt>
                <dd class={classes!((image.wasted_bytes > 0).then_some("layers-warn"))}>{ format::bytes(image.wasted_bytes) }</dd>
            </div>
        </dl>
    }
}

#[derive(Properties, PartialEq)]
struct StageLayersProps {
    state: State,
    index: usize,
    open: bool,
    ontoggle: Callback<MouseEvent>,
}

#[function_component]
fn StageLayers(props: &StageLayersProps) -> Html {
    let report = &props.state.report;
    let Some(stage) = report.stages.iter().find(|s| s.index == props.index) else { return html! {} };
    let steps: Vec<&StepReport> = report.steps.iter().filter(|s| s.stage_index == stage.index).collect();
    let total = stage.uncompressed_bytes.max(1);
    let jump = |line: usize| {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::JumpTo { line, column: 1 }))
    };
    let lines: Vec<&str> = props.state.input.dockerfile.lines().collect();
    let rows = steps.iter().map(|step| {
        let text = AttrValue::from(lines.get(step.line - 1).map_or("", |l| l.trim()).to_owned());
        html! { <StepRow step={(*step).clone()} {text} {total} onjump={jump(step.line)} /> }
    });
    let body_id = format!("layers-stage-{}", stage.index);
    html! {
        <section class={classes!("layers-stage", (!stage.needed).then_some("layers-stage-pruned"))} aria-label={format!("Stage {}", stage.name)}>
            <h2 class="layers-stage-header">
                <button class="layers-stage-toggle" aria-expanded={props.open.to_string()} aria-controls={body_id.clone()} onclick={props.ontoggle.clone()}>
                    <span class="layers-caret" aria-hidden="true">{ if props.open { "▾" } else { "▸" } }</span>
                    <span class="layers-stage-name">{ &stage.name }</span>
                    if stage.is_target { <span class="layers-tag layers-tag-target">{ "target" }</span> }
                    if !stage.needed { <span class="layers-tag">{ "not built" }</span> }
                    <span class="layers-stage-size" title="all layers of the stage's image">
                        { stage_size(stage, &steps) }
                    </span>
                </button>
            </h2>
            if props.open {
                <ol class="layer-list" id={body_id}>
                    <BaseRow stage={stage.clone()} from={parent_size(report, stage)} {total} onjump={jump(stage.line)} />
                    { for rows }
                </ol>
            }
        </section>
    }
}

/// "953 MB · 350 MB"; "≥ …" when a part of unknown size is not counted; "unknown" when nothing is known.
fn stage_size(stage: &StageSummary, steps: &[&StepReport]) -> Html {
    let partial = (stage.base_kind == "image" && !stage.base_image.known) || steps.iter().any(|s| s.unknown);
    match (partial, stage.uncompressed_bytes) {
        (true, 0) => html! { <span class="layer-unknown">{ "unknown" }</span> },
        (partial, bytes) => html! {
            <>
                { if partial { "≥ " } else { "" } }{ format::bytes(bytes) }
                <small>{ format!(" · {}", format::bytes(stage.compressed_bytes)) }</small>
            </>
        },
    }
}

/// The stage this one is built FROM, with its size (its layers are this stage's lower layers).
fn parent_size(report: &Report, stage: &StageSummary) -> Option<(u64, u64)> {
    (stage.base_kind == "stage")
        .then(|| report.stages.iter().find(|s| s.name == stage.base && s.index < stage.index))
        .flatten()
        .map(|parent| (parent.uncompressed_bytes, parent.compressed_bytes))
}

/// Needed stages in file order, then the ones the target does not need.
fn stage_order(report: &Report) -> Vec<&StageSummary> {
    let (mut needed, pruned): (Vec<_>, Vec<_>) = report.stages.iter().partition(|s| s.needed);
    needed.extend(pruned);
    needed
}

#[derive(Properties, PartialEq)]
struct BaseRowProps {
    stage: StageSummary,
    /// Sizes of the parent stage when the stage is built FROM another stage.
    from: Option<(u64, u64)>,
    total: u64,
    onjump: Callback<MouseEvent>,
}

#[function_component]
fn BaseRow(props: &BaseRowProps) -> Html {
    let stage = &props.stage;
    let base = &stage.base_image;
    let (label, sizes, title) = match (stage.base_kind, props.from) {
        ("stage", Some(sizes)) => (format!("from stage {}: all its layers", stage.base), Some(sizes), base_source(base)),
        ("scratch", _) => ("scratch: no layers".to_owned(), Some((0, 0)), base.source.clone()),
        ("image", _) if !base.known => (format!("base: {}, not in the size database", stage.base), None, base_source(base)),
        _ => (
            format!("base: {}, {}", stage.base, format::count(base.layers, "layer", "layers")),
            base.uncompressed_bytes.zip(base.compressed_bytes),
            base_source(base),
        ),
    };
    html! {
        <li>
            <button class="layer-row layer-base" onclick={props.onjump.clone()} {title}>
                <span class="layer-dot dot-base" aria-hidden="true" />
                <span class="layer-text">{ label }</span>
                { size_cells(sizes, props.total) }
                <span class="layer-extra" />
            </button>
        </li>
    }
}

/// Where the base's numbers come from: the size DB entry, its source and date, its notes.
fn base_source(base: &BaseInfo) -> String {
    if !base.known {
        return base.notes.join("\n");
    }
    let mut lines = vec![format!("{}: {}", base.resolved.as_deref().unwrap_or(&base.reference), base.source)];
    lines.extend(base.notes.iter().cloned());
    lines.join("\n")
}

#[derive(Properties, PartialEq)]
struct StepRowProps {
    step: StepReport,
    text: AttrValue,
    total: u64,
    onjump: Callback<MouseEvent>,
}

#[function_component]
fn StepRow(props: &StepRowProps) -> Html {
    let step = &props.step;
    let sizes = (!(step.unknown && step.layer_uncompressed_bytes == 0)).then_some((step.layer_uncompressed_bytes, step.layer_compressed_bytes));
    let cache = format!("cache {}{}", step.cache, if step.reason.is_empty() { String::new() } else { format!(": {}", step.reason) });
    html! {
        <li>
            <button
                class={classes!("layer-row", step.empty_layer.then_some("layer-empty"))}
                onclick={props.onjump.clone()}
                title={step_source(step)}
            >
                <span class={classes!("layer-dot", format!("dot-{}", step.cache))} title={cache.clone()} />
                <span class="visually-hidden">{ cache }</span>
                <span class="layer-text"><span class="layer-line">{ step.line }</span>{ &*props.text }</span>
                if step.empty_layer {
                    <span class="layer-sizes layer-metadata">{ "metadata only" }</span>
                } else {
                    { size_cells(sizes, props.total) }
                }
                <span class="layer-extra">
                    if step.files_added > 0 { <span>{ format::count(step.files_added, "file", "files") }</span> }
                    if step.waste_bytes > 0 { <span class="layers-warn">{ format!("{} waste", format::bytes(step.waste_bytes)) }</span> }
                </span>
            </button>
        </li>
    }
}

/// The bar (uncompressed, with the compressed part inside) and both figures, or "unknown".
fn size_cells(sizes: Option<(u64, u64)>, total: u64) -> Html {
    let Some((uncompressed, compressed)) = sizes else {
        return html! { <><span class="layer-bar" /><span class="layer-sizes layer-unknown">{ "unknown" }</span></> };
    };
    html! {
        <>
            <svg class="layer-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                <rect class="bar-track" width="100" height="8" />
                <rect class="bar-uncompressed" width={bar_width(uncompressed, total)} height="8" />
                <rect class="bar-compressed" width={bar_width(compressed, total)} height="8" />
            </svg>
            <span class="layer-sizes">
                { format::bytes(uncompressed) }
                <small>{ format::bytes(compressed) }</small>
            </span>
        </>
    }
}

/// A bar's width in percent of `total`; a non-empty layer always shows a sliver.
fn bar_width(bytes: u64, total: u64) -> String {
    if bytes == 0 {
        return "0".to_owned();
    }
    format!("{:.2}", (bytes as f64 * 100.0 / total.max(1) as f64).clamp(0.6, 100.0))
}

/// Where a step's size comes from, for its hover: the engine's estimate notes and unknowns.
fn step_source(step: &StepReport) -> String {
    if step.empty_layer {
        return "metadata only: no layer, no bytes".to_owned();
    }
    let mut lines: Vec<String> = step.estimate.clone();
    lines.extend(step.unknown_commands.iter().map(|u| format!("unknown size (not counted): {}", u.what)));
    if lines.is_empty() {
        lines.push("computed from the files the step writes".to_owned());
    } else if step.estimated {
        lines.insert(0, "estimated:".to_owned());
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use layerlab_engine::{analyze, Input};

    use super::*;

    #[test]
    fn needed_stages_come_first() {
        let report = analyze(&Input {
            dockerfile: "FROM alpine AS unused\nFROM golang:1.23 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\n".into(),
            skip_effects: true,
            ..Default::default()
        });
        let names: Vec<&str> = stage_order(&report).iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["build", "stage-2", "unused"]);
    }

    #[test]
    fn bars_are_proportional_and_never_invisible() {
        assert_eq!(bar_width(50, 200), "25.00");
        assert_eq!(bar_width(1, 1_000_000), "0.60");
        assert_eq!(bar_width(0, 10), "0");
        assert_eq!(bar_width(10, 0), "100.00");
    }

    #[test]
    fn a_step_says_where_its_size_comes_from() {
        let report = analyze(&Input { dockerfile: crate::example::GO_WEB_APP.into(), skip_effects: true, ..Default::default() });
        let download = report.steps.iter().find(|s| s.line == 9).unwrap();
        assert!(step_source(download).starts_with("estimated:\nmodule cache"), "{}", step_source(download));
        let user = report.steps.iter().find(|s| s.instruction == "USER").unwrap();
        assert_eq!(step_source(user), "metadata only: no layer, no bytes");
        let build = &report.stages[0];
        assert!(base_source(&build.base_image).contains("golang:"), "{}", base_source(&build.base_image));
        assert_eq!(parent_size(&report, build), None);
    }
}
