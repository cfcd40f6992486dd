//! The Graph panel: the build as an SVG. A box per stage (name, base, size and a row per step,
//! coloured by the what-if scenario's cache verdict), external images as their own nodes, FROM /
//! COPY --from / mount edges in three styles, the target marked and the stages it does not need
//! greyed. Click or Enter on a stage or a step puts the caret on its line; "Export SVG"
//! downloads the drawing.
mod export;
mod layout;

use layerlab_engine::model::EdgeKind;
use layerlab_engine::report::{StageSummary, StepReport};
use layerlab_engine::Report;
use yew::prelude::*;

use crate::format;
use crate::state::{Action, State};
use layout::{EdgeLine, ImageNode, Layout, StageBox, CODE_CHAR_WIDTH, HEADER_HEIGHT, ROW_HEIGHT};

const ZOOMS: [u32; 6] = [50, 67, 80, 100, 125, 150];

#[derive(Clone, Copy, PartialEq)]
enum Zoom {
    /// Shrinks to the panel's width when wider, never grows.
    Fit,
    Percent(u32),
}

#[derive(Properties, PartialEq)]
pub struct GraphPanelProps {
    pub state: State,
}

#[function_component]
pub fn GraphPanel(props: &GraphPanelProps) -> Html {
    let state = &props.state;
    let report = &state.report;
    let zoom = use_state(|| Zoom::Fit);
    let svg = use_node_ref();
    let layout = layout::layout(report);
    let lines: Vec<&str> = state.input.dockerfile.lines().collect();

    if report.stages.is_empty() {
        return html! {
            <section class="panel graph-panel" data-testid="panel-graph" aria-label="Graph">
                <p class="empty">{ "No stages yet: the graph starts at the first FROM." }</p>
            </section>
        };
    }

    let export = {
        let (svg, state) = (svg.clone(), state.clone());
        let (width, height) = (layout.width, layout.height);
        Callback::from(move |_| {
            let done = svg.cast::<web_sys::Element>().ok_or(()).and_then(|element| {
                export::download(&element, width, height).map_err(|_| ())
            });
            if done.is_err() {
                state.dispatch(Action::Notify(Some("The graph could not be exported.".into())));
            }
        })
    };
    let (width, height, fit) = match *zoom {
        Zoom::Fit => (layout.width, layout.height, true),
        Zoom::Percent(percent) => {
            let scale = f64::from(percent) / 100.0;
            (layout.width * scale, layout.height * scale, false)
        }
    };
    let built = report.stages.iter().filter(|s| s.needed).count();
    let description = format!(
        "Build graph: {}, {} built for the target {}; cache state for: {}",
        format::count(report.stages.len(), "stage", "stages"),
        built,
        report.model.target.as_deref().unwrap_or("(none)"),
        report.cache.scenario
    );

    html! {
        <section class="panel graph-panel" data-testid="panel-graph" aria-label="Graph">
            <div class="build-toolbar">
                <p class="build-caption">
                    { "Cache state: " }<span class="build-scenario">{ &report.cache.scenario }</span>
                </p>
                <ZoomControls zoom={zoom.clone()} />
                <button type="button" class="button" onclick={export} title={format!("Download the graph as {}", export::FILE_NAME)}>
                    { "Export SVG" }
                </button>
            </div>
            <div class="graph-scroll">
                <svg
                    ref={svg}
                    xmlns="http://www.w3.org/2000/svg"
                    class={classes!("graph", fit.then_some("graph-fit"))}
                    viewBox={format!("0 0 {:.0} {:.0}", layout.width, layout.height)}
                    width={format!("{width:.0}")}
                    height={format!("{height:.0}")}
                    role="group"
                    aria-label={description.clone()}
                >
                    <title>{ description }</title>
                    { markers() }
                    <rect class="graph-bg" width={format!("{:.0}", layout.width)} height={format!("{:.0}", layout.height)} />
                    <g class="edges">{ for layout.edges.iter().map(|edge| edge_view(edge, report, &layout)) }</g>
                    <g class="images">{ for layout.images.iter().map(image_view) }</g>
                    <g class="stages">{ for layout.stages.iter().map(|stage| stage_view(stage, &report.stages[stage.stage], &report.steps, &lines, state)) }</g>
                </svg>
            </div>
            { legend() }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ZoomControlsProps {
    zoom: UseStateHandle<Zoom>,
}

#[function_component]
fn ZoomControls(props: &ZoomControlsProps) -> Html {
    let zoom = props.zoom.clone();
    let current = match *zoom {
        Zoom::Fit => None,
        Zoom::Percent(percent) => ZOOMS.iter().position(|&z| z == percent),
    };
    let step = |delta: isize| {
        let zoom = zoom.clone();
        // From "fit" the steps start at 100 %.
        let from = current.unwrap_or(3) as isize;
        let next = (from + delta).clamp(0, ZOOMS.len() as isize - 1) as usize;
        Callback::from(move |_| zoom.set(Zoom::Percent(ZOOMS[next])))
    };
    let fit = {
        let zoom = zoom.clone();
        Callback::from(move |_| zoom.set(Zoom::Fit))
    };
    let label = match *zoom {
        Zoom::Fit => "Fit".to_owned(),
        Zoom::Percent(percent) => format!("{percent}%"),
    };
    html! {
        <div class="zoom" role="group" aria-label="Zoom">
            <button type="button" class="button button-icon" onclick={step(-1)} aria-label="Zoom out" disabled={current == Some(0)}>{ "−" }</button>
            <button type="button" class="button zoom-level" onclick={fit} aria-label="Fit to the panel" aria-pressed={(*zoom == Zoom::Fit).to_string()}>{ label }</button>
            <button type="button" class="button button-icon" onclick={step(1)} aria-label="Zoom in" disabled={current == Some(ZOOMS.len() - 1)}>{ "+" }</button>
        </div>
    }
}

/// Arrow heads: FROM filled, COPY --from open, mount a diamond (dockerfilegraph's convention).
fn markers() -> Html {
    html! {
        <defs>
            <marker id="arrow-from" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto">
                <path class="marker-from" d="M0 0L8 4L0 8z" />
            </marker>
            <marker id="arrow-copy" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto">
                <path class="marker-copy" d="M1 1L7 4L1 7" />
            </marker>
            <marker id="arrow-mount" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto">
                <path class="marker-mount" d="M0 4L4 1L8 4L4 7z" />
            </marker>
        </defs>
    }
}

/// (class, marker id, label, the instruction that makes the edge).
fn edge_style(kind: EdgeKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        EdgeKind::From => ("edge-from", "arrow-from", "FROM", "FROM "),
        EdgeKind::CopyFrom => ("edge-copy", "arrow-copy", "COPY", "COPY --from="),
        EdgeKind::MountFrom => ("edge-mount", "arrow-mount", "mount", "RUN --mount from="),
    }
}

fn edge_view(edge: &EdgeLine, report: &Report, layout: &Layout) -> Html {
    let (class, marker, label, meaning) = edge_style(edge.kind);
    let source = match edge.source {
        layout::Source::Stage(index) => report.stages.get(index).map(|s| s.name.as_str()),
        layout::Source::Image(index) => layout.images.get(index).map(|i| i.reference.as_str()),
    };
    let target = report.stages.get(edge.target);
    let pruned = target.is_some_and(|t| !t.needed);
    let title = format!(
        "{}: {meaning}{}, line {}",
        target.map_or("", |t| t.name.as_str()),
        source.unwrap_or(""),
        edge.line
    );
    let at = edge.label_at();
    html! {
        <g class={classes!("edge", class, pruned.then_some("edge-pruned"))} data-kind={label}>
            <path d={edge.path()} marker-end={format!("url(#{marker})")}>
                <title>{ title }</title>
            </path>
            <text class="edge-label" x={format!("{:.1}", at.x)} y={format!("{:.1}", at.y)}>{ label }</text>
        </g>
    }
}

fn image_view(image: &ImageNode) -> Html {
    let rect = image.rect;
    let chars = ((rect.width - 16.0) / CODE_CHAR_WIDTH) as usize;
    html! {
        <g class="image-node">
            <title>{ format!("Image {}", image.reference) }</title>
            <rect x={format!("{:.1}", rect.x)} y={format!("{:.1}", rect.y)} width={format!("{:.1}", rect.width)} height={format!("{:.1}", rect.height)} rx="12" />
            <text class="image-text" x={format!("{:.1}", rect.center_x())} y={format!("{:.1}", rect.y + 16.0)}>
                { layout::shorten_middle(&image.reference, chars) }
            </text>
        </g>
    }
}

/// Click or Enter (or Space) on a stage or a step: the caret goes to `line`.
fn jump_handlers(state: &State, line: usize) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::JumpTo { line, column: 1 }))
    };
    let key = {
        let state = state.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                event.prevent_default();
                state.dispatch(Action::JumpTo { line, column: 1 });
            }
        })
    };
    (click, key)
}

fn stage_view(stage: &StageBox, summary: &StageSummary, steps: &[StepReport], lines: &[&str], state: &State) -> Html {
    let rect = stage.rect;
    let (onclick, onkeydown) = jump_handlers(state, summary.line);
    let size = format::bytes(summary.uncompressed_bytes);
    let status = if summary.is_target {
        Some(("badge-target", "target"))
    } else if !summary.needed {
        Some(("badge-pruned", "not built"))
    } else {
        None
    };
    let badge_width = status.map_or(0.0, |(_, text)| text.len() as f64 * 6.2 + 12.0);
    let base_chars = ((rect.width - 20.0 - badge_width) / CODE_CHAR_WIDTH) as usize;
    let name_chars = (((rect.width - 30.0) / 7.4) as usize).saturating_sub(size.len());
    let name_shown = layout::shorten_end(&summary.name, name_chars);
    let base_shown = layout::shorten_middle(&format!("FROM {}", summary.base), base_chars);
    // The name starts with the visible text, in reading order, so speech input can click it.
    let label = format!(
        "{name_shown} {size} {base_shown}{} — stage {} FROM {}, {} compressed, line {}",
        status.map(|(_, text)| format!(" {text}")).unwrap_or_default(),
        summary.name,
        summary.base,
        format::bytes(summary.compressed_bytes),
        summary.line
    );
    let px = |value: f64| format!("{value:.1}");
    html! {
        <g class={classes!("stage", summary.is_target.then_some("stage-target"), (!summary.needed).then_some("stage-pruned"))} data-stage={summary.name.clone()}>
            <rect class="stage-box" x={px(rect.x)} y={px(rect.y)} width={px(rect.width)} height={px(rect.height)} rx="8" />
            <g class="stage-head" role="button" tabindex="0" aria-label={label.clone()} {onclick} {onkeydown}>
                <title>{ label }</title>
                <rect class="stage-head-area" x={px(rect.x)} y={px(rect.y)} width={px(rect.width)} height={px(HEADER_HEIGHT)} rx="8" />
                // Spaces between the texts (SVG draws none of them) keep the words apart for
                // assistive technology, which reads the texts one after the other.
                <text class="stage-name" x={px(rect.x + 10.0)} y={px(rect.y + 18.0)}>{ name_shown }</text>{ " " }
                <text class="stage-size" x={px(rect.right() - 10.0)} y={px(rect.y + 18.0)}>{ size }</text>{ " " }
                <text class="stage-base" x={px(rect.x + 10.0)} y={px(rect.y + 35.0)}>{ base_shown }</text>{ " " }
                if let Some((class, text)) = status {
                    <rect class={classes!("badge-shape", class)} x={px(rect.right() - 8.0 - badge_width)} y={px(rect.y + 25.0)} width={px(badge_width)} height="14" rx="7" />
                    <text class={classes!("badge-text", class)} x={px(rect.right() - 8.0 - badge_width / 2.0)} y={px(rect.y + 35.5)}>{ text }</text>
                }
            </g>
            <line class="stage-rule" x1={px(rect.x)} x2={px(rect.right())} y1={px(rect.y + HEADER_HEIGHT - 3.0)} y2={px(rect.y + HEADER_HEIGHT - 3.0)} />
            { for stage.steps.iter().enumerate().filter_map(|(position, &index)| {
                steps.get(index).map(|step| step_view(stage, position, step, lines, state))
            }) }
        </g>
    }
}

fn step_view(stage: &StageBox, position: usize, step: &StepReport, lines: &[&str], state: &State) -> Html {
    let rect = stage.rect;
    let y = stage.row_y(position);
    let (onclick, onkeydown) = jump_handlers(state, step.line);
    let size = (!step.empty_layer).then(|| format::bytes(step.layer_uncompressed_bytes));
    let size_width = size.as_ref().map_or(0.0, |s| s.len() as f64 * CODE_CHAR_WIDTH + 8.0);
    let chars = ((rect.width - 26.0 - size_width) / CODE_CHAR_WIDTH) as usize;
    let text = format::instruction_text(lines, step.line);
    let reason = step.reason.split_once(": ").map_or(step.reason.as_str(), |(_, why)| why);
    let text_shown = layout::shorten_end(&text, chars);
    // Visible text first (see stage_view), then what the row only shows by its colour.
    let label = format!(
        "{text_shown}{} — line {}: {}, {}{}",
        size.as_ref().map(|s| format!(" {s}")).unwrap_or_default(),
        step.line,
        text,
        step.cache,
        if reason.is_empty() { String::new() } else { format!(": {reason}") },
    );
    let px = |value: f64| format!("{value:.1}");
    html! {
        <g class={classes!("step", format!("step-{}", step.cache))} role="button" tabindex="0" aria-label={label.clone()} data-line={step.line.to_string()} {onclick} {onkeydown}>
            <title>{ label }</title>
            <rect class="step-row" x={px(rect.x + 3.0)} y={px(y)} width={px(rect.width - 6.0)} height={px(ROW_HEIGHT)} rx="4" />
            <rect class="step-mark" x={px(rect.x + 9.0)} y={px(y + 5.0)} width="4" height="10" rx="1.5" />
            <text class="step-text" x={px(rect.x + 19.0)} y={px(y + 14.0)}>{ text_shown }</text>{ " " }
            if let Some(size) = size {
                <text class="step-size" x={px(rect.right() - 9.0)} y={px(y + 14.0)}>{ size }</text>
            }
        </g>
    }
}

fn legend() -> Html {
    html! {
        <ul class="build-legend" aria-label="Legend">
            <li><span class="swatch swatch-hit"></span>{ "cache hit" }</li>
            <li><span class="swatch swatch-miss"></span>{ "rebuilt" }</li>
            <li><span class="swatch swatch-skipped"></span>{ "not built" }</li>
            <li><span class="line-sample line-from"></span>{ "FROM" }</li>
            <li><span class="line-sample line-copy"></span>{ "COPY --from" }</li>
            <li><span class="line-sample line-mount"></span>{ "RUN --mount from=" }</li>
        </ul>
    }
}
