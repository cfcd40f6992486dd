//! The Cache panel: pick what changed, and see which steps the rebuild re-runs and why, the
//! time it takes against a cold build, and both builds as timelines (stages in parallel lanes,
//! the critical path marked). Click a step to put the caret on its line.
mod gantt;
mod scenario;

use layerlab_engine::cache::{CacheRun, CacheStatus, Lane, StepCache, Timeline};
use layerlab_engine::Report;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::format;
use crate::state::{Action, State};
use gantt::{Bar, Group};
use scenario::{bump, Choice, Kind};

#[derive(Properties, PartialEq)]
pub struct CachePanelProps {
    pub state: State,
}

#[function_component]
pub fn CachePanel(props: &CachePanelProps) -> Html {
    let state = &props.state;
    let report = &state.report;
    let cache = &report.cache;
    let lines: Vec<&str> = state.input.dockerfile.lines().collect();
    let jump = {
        let state = state.clone();
        Callback::from(move |line: usize| state.dispatch(Action::JumpTo { line, column: 1 }))
    };

    html! {
        <section class="panel cache-panel" data-testid="panel-cache" aria-label="Cache">
            <ScenarioPicker state={state.clone()} />
            if report.stages.is_empty() {
                <p class="empty">{ "No stages yet: the rebuild starts at the first FROM." }</p>
            } else {
                { summary(cache) }
                { timeline_view(&cache.timeline, cache, &jump) }
                { assumptions(cache) }
                { steps_view(report, &lines, &jump) }
            }
        </section>
    }
}

/// ARG names `--build-arg` can change (global first, then each stage's), with their value now.
fn build_args(state: &State) -> Vec<(String, String)> {
    let report = &state.report;
    let mut args: Vec<(String, String)> = Vec::new();
    let names = report
        .model
        .global_args
        .iter()
        .map(|a| &a.name)
        .chain(report.stages.iter().flat_map(|s| &s.args));
    for name in names {
        if args.iter().any(|(known, _)| known == name) {
            continue;
        }
        let default = report.model.global_args.iter().find(|a| &a.name == name).and_then(|a| a.value.clone());
        let value = state.input.build_args.get(name).cloned().or(default).unwrap_or_default();
        args.push((name.clone(), value));
    }
    args
}

#[derive(Properties, PartialEq)]
struct ScenarioPickerProps {
    state: State,
}

#[function_component]
fn ScenarioPicker(props: &ScenarioPickerProps) -> Html {
    let state = &props.state;
    let input = &state.input;
    let choice = Choice::read(input.scenario.as_deref(), &input.changed);
    let args = build_args(state);
    let set = {
        let state = state.clone();
        Callback::from(move |choice: Choice| {
            let (scenario, changed) = choice.write(&state.input.changed);
            state.dispatch(Action::SetScenario { scenario, changed });
        })
    };
    let pick_kind = {
        let (set, args) = (set.clone(), args.clone());
        Callback::from(move |event: Event| {
            let mut next = Choice::new(Kind::from_id(&event.target_unchecked_into::<HtmlSelectElement>().value()));
            if let (Kind::BuildArg, Some((name, value))) = (next.kind, args.first()) {
                (next.detail, next.value) = (name.clone(), bump(value));
            }
            set.emit(next);
        })
    };
    let edit = |change: fn(&mut Choice, String)| {
        let (set, choice) = (set.clone(), choice.clone());
        Callback::from(move |text: String| {
            let mut next = choice.clone();
            change(&mut next, text);
            set.emit(next);
        })
    };

    let kinds = Kind::OFFERED.iter().chain((choice.kind == Kind::Other).then_some(&Kind::Other)).map(|&kind| {
        let disabled = kind == Kind::BuildArg && args.is_empty();
        let title = if kind == Kind::Other { format!("Other: {}", choice.detail) } else { kind.title().to_owned() };
        html! { <option value={kind.id()} selected={kind == choice.kind} {disabled}>{ title }</option> }
    });
    let default_file = state.report.cache.changed_files.first().cloned().unwrap_or_default();
    let detail = match choice.kind {
        Kind::EditSource | Kind::ChangeDeps => html! {
            <label class="field field-grow">
                <span class="field-label">{ "File" }</span>
                <DraftInput
                    value={choice.detail.clone()}
                    placeholder={if default_file.is_empty() { "a context path".to_owned() } else { format!("{default_file} (default)") }}
                    on_commit={edit(|c, path| c.detail = path)}
                />
            </label>
        },
        Kind::BuildArg => {
            let current = args.clone();
            let pick_arg = {
                let (set, choice) = (set.clone(), choice.clone());
                Callback::from(move |event: Event| {
                    let name = event.target_unchecked_into::<HtmlSelectElement>().value();
                    let now = current.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v.as_str());
                    set.emit(Choice { value: bump(now), detail: name, ..choice.clone() });
                })
            };
            html! {
                <>
                    <label class="field">
                        <span class="field-label">{ "ARG" }</span>
                        <select class="picker" onchange={pick_arg}>
                            { for args.iter().map(|(name, value)| html! {
                                <option value={name.clone()} selected={*name == choice.detail}>
                                    { if value.is_empty() { name.clone() } else { format!("{name} (now {value})") } }
                                </option>
                            }) }
                        </select>
                    </label>
                    <label class="field field-grow">
                        <span class="field-label">{ "New value" }</span>
                        <DraftInput value={choice.value.clone()} on_commit={edit(|c, value| c.value = value)} />
                    </label>
                </>
            }
        }
        Kind::NewBase => {
            let mut images: Vec<&str> = Vec::new();
            for stage in state.report.stages.iter().filter(|s| s.base_kind == "image") {
                if !images.contains(&stage.base.as_str()) {
                    images.push(&stage.base);
                }
            }
            html! {
                <label class="field field-grow">
                    <span class="field-label">{ "Image" }</span>
                    <select class="picker" onchange={edit(|c, image| c.detail = image).reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value())}>
                        <option value="" selected={choice.detail.is_empty()}>{ "the target's base (default)" }</option>
                        { for images.into_iter().map(|image| html! {
                            <option value={image.to_owned()} selected={choice.detail == image}>{ image }</option>
                        }) }
                    </select>
                </label>
            }
        }
        _ => Html::default(),
    };
    html! {
        <div class="build-toolbar cache-controls">
            <label class="field">
                <span class="field-label">{ "What changed?" }</span>
                <select class="picker cache-scenario" onchange={pick_kind}>{ for kinds }</select>
            </label>
            { detail }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DraftInputProps {
    /// The committed value (from the input the engine analysed).
    value: String,
    #[prop_or_default]
    placeholder: String,
    on_commit: Callback<String>,
}

/// A text field committed on Enter or when it loses focus. What is typed is kept in a draft:
/// the panel re-renders while analyses finish, and a field bound only to the committed value
/// would lose the typing.
#[function_component]
fn DraftInput(props: &DraftInputProps) -> Html {
    let draft = use_state(|| props.value.clone());
    {
        let draft = draft.clone();
        use_effect_with(props.value.clone(), move |value| draft.set(value.clone()));
    }
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| draft.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onchange = {
        let on_commit = props.on_commit.clone();
        Callback::from(move |event: Event| on_commit.emit(event.target_unchecked_into::<HtmlInputElement>().value().trim().to_owned()))
    };
    html! {
        <input type="text" class="picker" spellcheck="false" value={(*draft).clone()} placeholder={props.placeholder.clone()} {oninput} {onchange} />
    }
}

/// "3 of 11 steps rebuild · 58.7 s → 41.9 s, saved 16.8 s".
pub fn summary_text(cache: &CacheRun) -> String {
    let timeline = &cache.timeline;
    let built = cache.hits + cache.misses;
    let saved = if timeline.saved_seconds >= 0.0 {
        format!("saved {}", format::seconds(timeline.saved_seconds))
    } else {
        format!("{} slower", format::seconds(-timeline.saved_seconds))
    };
    format!(
        "{} of {} rebuild · {} → {}, {saved}",
        cache.misses,
        format::count(built, "step", "steps"),
        format::seconds(timeline.before_seconds),
        format::seconds(timeline.after_seconds)
    )
}

fn summary(cache: &CacheRun) -> Html {
    let timeline = &cache.timeline;
    let explained = format!(
        "{}: a cold build of the Dockerfile before the change. {}: the rebuild after it, with the cache this scenario allows{}. Estimated times: see how below.",
        format::seconds(timeline.before_seconds),
        format::seconds(timeline.after_seconds),
        if cache.skipped > 0 { format!("; {} in stages the target does not need are skipped", format::count(cache.skipped, "step", "steps")) } else { String::new() }
    );
    let changed = if cache.changed_files.is_empty() { String::new() } else { format!(" · changed: {}", cache.changed_files.join(", ")) };
    html! {
        <div class="cache-head">
            <p class="cache-summary" title={explained}>{ summary_text(cache) }</p>
            <p class="cache-scenario-text">{ &cache.scenario }{ changed }</p>
        </div>
    }
}

fn seconds_label(seconds: f64) -> String {
    if seconds >= 1.0 || seconds == 0.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{seconds:.1} s")
    }
}

fn timeline_view(timeline: &Timeline, cache: &CacheRun, jump: &Callback<usize>) -> Html {
    let chart = gantt::gantt(timeline);
    let px = |value: f64| format!("{value:.1}");
    let group_title = |group: Group| match group {
        Group::Before => format!("Before · cold build · {}", format::seconds(timeline.before_seconds)),
        Group::After => format!("After · {} · {}", cache.scenario, format::seconds(timeline.after_seconds)),
    };
    let description = format!(
        "Timeline: a cold build takes {}, the rebuild after the change {}; the critical path has {}.",
        format::seconds(timeline.before_seconds),
        format::seconds(timeline.after_seconds),
        format::count(timeline.critical_path.len(), "step", "steps")
    );
    let bar = |bar: &Bar| bar_view(bar, jump);
    html! {
        <figure class="timeline-figure">
            <div class="timeline-scroll">
                <svg class="timeline" viewBox={format!("0 0 {} {:.0}", gantt::WIDTH, chart.height)} role="img" aria-label={description}>
                    { for chart.ticks.iter().map(|(x, _)| html! {
                        <line class="tick-line" x1={px(*x)} x2={px(*x)} y1="0" y2={px(chart.axis_y)} />
                    }) }
                    { for chart.groups.iter().map(|(group, y)| html! {
                        <text class={classes!("group-title", matches!(group, Group::After).then_some("group-after"))} x="0" y={px(y + 15.0)}>
                            { shorten(&group_title(*group), 84) }
                        </text>
                    }) }
                    { for chart.rows.iter().map(|row| html! {
                        <g class="lane">
                            <rect class="lane-bg" x={px(gantt::LABEL_WIDTH)} y={px(row.y + 2.0)} width={px(gantt::WIDTH - gantt::LABEL_WIDTH)} height={px(gantt::ROW_HEIGHT - 4.0)} rx="3" />
                            <text class="lane-name" x={px(gantt::LABEL_WIDTH - 8.0)} y={px(row.y + 14.0)}>
                                <title>{ format!("{} ends at {}", row.name, format::seconds(row.end_seconds)) }</title>
                                { shorten(&row.name, 16) }
                            </text>
                        </g>
                    }) }
                    { for chart.bars.iter().map(bar) }
                    { for chart.ticks.iter().map(|(x, seconds)| html! {
                        <text class="tick-label" x={px(*x)} y={px(chart.axis_y + 15.0)}>{ seconds_label(*seconds) }</text>
                    }) }
                </svg>
            </div>
            <figcaption class="build-legend">
                <span><span class="swatch swatch-cold"></span>{ "cold build" }</span>
                <span><span class="swatch swatch-miss"></span>{ "rebuilt" }</span>
                <span><span class="swatch swatch-hit"></span>{ "cache hit" }</span>
                <span><span class="swatch swatch-critical"></span>{ "critical path" }</span>
            </figcaption>
        </figure>
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    format!("{}…", text.chars().take(max - 1).collect::<String>())
}

fn bar_view(bar: &Bar, jump: &Callback<usize>) -> Html {
    let line = bar.line;
    let onclick = jump.reform(move |_: MouseEvent| line);
    let status = match (bar.group, bar.status) {
        (Group::Before, _) => "cold",
        (_, CacheStatus::Hit) => "hit",
        (_, CacheStatus::Miss) => "miss",
        (_, CacheStatus::Skipped) => "skipped",
    };
    let title = format!(
        "Line {}: {}{}{}",
        line,
        if bar.free { "cache hit, no time".to_owned() } else { format!("{status}, {}", format::seconds(bar.seconds)) },
        if bar.group == Group::Before { " in the cold build" } else { "" },
        if bar.critical { " · on the critical path" } else { "" }
    );
    let (x, width) = if bar.free { (bar.x - 0.75, 1.5) } else { (bar.x, bar.width) };
    html! {
        <rect
            class={classes!("bar", format!("bar-{status}"), bar.free.then_some("bar-free"), bar.critical.then_some("bar-critical"))}
            x={format!("{x:.1}")}
            y={format!("{:.1}", bar.y)}
            width={format!("{width:.1}")}
            height={format!("{:.1}", gantt::BAR_HEIGHT)}
            rx="2"
            data-line={line.to_string()}
            {onclick}
        >
            <title>{ title }</title>
        </rect>
    }
}

fn assumptions(cache: &CacheRun) -> Html {
    let timeline = &cache.timeline;
    let rates: Vec<String> = timeline
        .assumptions
        .iter()
        .map(|a| if a.unit == "flag" { a.name.to_owned() } else { format!("{}: {} {}", a.name, trim_number(a.value), a.unit) })
        .collect();
    let all = cache.notes.iter().cloned().chain(rates.iter().cloned()).collect::<Vec<_>>().join("\n");
    html! {
        <details class="assumptions">
            <summary title={all}>{ format!("How this is estimated ({} assumptions)", cache.notes.len() + rates.len()) }</summary>
            <ul>
                { for cache.notes.iter().map(|note| html! { <li>{ note }</li> }) }
                { for rates.iter().map(|rate| html! { <li>{ rate }</li> }) }
            </ul>
        </details>
    }
}

/// `50` rather than `50.0`, `0.3` as is.
fn trim_number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// A lane step's seconds, by (stage, instruction).
fn lane_seconds(lanes: &[Lane], stage: usize, instruction: usize) -> Option<f64> {
    lanes.iter().find(|l| l.stage == stage)?.steps.iter().find(|s| s.instruction == instruction).map(|s| s.seconds)
}

fn steps_view(report: &Report, lines: &[&str], jump: &Callback<usize>) -> Html {
    let cache = &report.cache;
    let timeline = &cache.timeline;
    let stages = report.stages.iter().map(|stage| {
        let rows: Vec<&StepCache> = cache.steps.iter().filter(|s| s.stage == stage.index).collect();
        let lane = timeline.lanes.iter().find(|l| l.stage == stage.index);
        // A stage may wait for others: its own work and when it is done differ.
        let time = match lane {
            Some(lane) => format!(
                "{} of work · done at {}",
                format::seconds(lane.steps.iter().map(|s| s.seconds).sum()),
                format::seconds(lane.end_seconds)
            ),
            None => "not built".to_owned(),
        };
        html! {
            <li class="cache-stage">
                <h2 class="cache-stage-name">{ &stage.name }<span class="cache-stage-time">{ time }</span></h2>
                <ol class="cache-rows">
                    { for rows.into_iter().map(|step| step_row(step, timeline, lines, jump)) }
                </ol>
            </li>
        }
    });
    html! { <ol class="cache-stages" aria-label="Steps">{ for stages }</ol> }
}

fn step_row(step: &StepCache, timeline: &Timeline, lines: &[&str], jump: &Callback<usize>) -> Html {
    let line = step.line;
    let status = step.status.as_str();
    let after = lane_seconds(&timeline.lanes, step.stage, step.instruction);
    let before = lane_seconds(&timeline.before_lanes, step.stage, step.instruction);
    let time = match (step.status, after, before) {
        (CacheStatus::Hit, Some(after), Some(before)) if before > after => format!("saves {}", format::seconds(before - after)),
        (_, Some(after), _) if after > 0.0 => format::seconds(after),
        _ => String::new(),
    };
    let reason = step.reason.split_once(": ").map_or(step.reason.as_str(), |(_, why)| why);
    let text = format::instruction_text(lines, line);
    html! {
        <li>
            <button
                type="button"
                class={classes!("cache-step", format!("cache-{status}"))}
                data-status={status}
                data-line={line.to_string()}
                title={format!("Line {line}: {}", step.reason)}
                onclick={jump.reform(move |_: MouseEvent| line)}
            >
                <span class={classes!("chip", format!("chip-{status}"))}>{ status }</span>
                <span class="cache-line">{ line }</span>
                <code class="cache-text">{ text }</code>
                <span class="cache-time">{ time }</span>
                <span class="cache-reason">{ reason }</span>
            </button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use layerlab_engine::{analyze, Input};

    use super::*;
    use crate::example::GO_WEB_APP;

    #[test]
    fn the_summary_counts_the_rebuilt_steps_and_times_the_engine_reports() {
        let input = Input { dockerfile: GO_WEB_APP.into(), skip_effects: true, ..Default::default() };
        let cache = analyze(&input).cache;
        let t = &cache.timeline;
        let expected = format!(
            "{} of {} steps rebuild · {} → {}, saved {}",
            cache.misses,
            cache.hits + cache.misses,
            format::seconds(t.before_seconds),
            format::seconds(t.after_seconds),
            format::seconds(t.saved_seconds)
        );
        assert_eq!(summary_text(&cache), expected);
        assert!(cache.misses > 0 && cache.misses < cache.hits + cache.misses);

        let nothing = analyze(&Input { scenario: Some("nothing".into()), ..input.clone() }).cache;
        assert!(summary_text(&nothing).starts_with("0 of "), "{}", summary_text(&nothing));
    }

    #[test]
    fn times_read_short() {
        assert_eq!(seconds_label(10.0), "10 s");
        assert_eq!(seconds_label(0.2), "0.2 s");
        assert_eq!(trim_number(50.0), "50");
        assert_eq!(trim_number(0.3), "0.3");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
