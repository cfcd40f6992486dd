//! The build's options: target stage, platform and build arguments (`--target`, `--platform`,
//! `--build-arg`), in one compact bar.
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::{Action, State};

/// Platforms people build for; the engine's default is the first.
const PLATFORMS: [&str; 7] = ["linux/amd64", "linux/arm64", "linux/arm/v7", "linux/arm/v6", "linux/386", "linux/ppc64le", "linux/s390x"];

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub state: State,
    /// The ARG names the Dockerfile declares, suggested for build arguments.
    pub declared_args: Vec<String>,
}

#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let state = &props.state;
    let report = &state.report;
    let input = &state.input;
    let on_target = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            state.dispatch(Action::SetTarget((!value.is_empty()).then_some(value)));
        })
    };
    let on_platform = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            state.dispatch(Action::SetPlatform((value != PLATFORMS[0]).then_some(value)));
        })
    };
    // No stage yet (an empty file, or the page before its first analysis): no name to give.
    let last = report.stages.last().map_or_else(|| "last stage".to_owned(), |s| format!("last stage ({})", s.name));
    let target = input.target.clone().unwrap_or_default();
    let stages = report.stages.iter().map(|stage| {
        html! { <option value={stage.name.clone()} selected={stage.name == target}>{ &stage.name }</option> }
    });
    let platform = input.platform.clone().unwrap_or_else(|| PLATFORMS[0].to_owned());
    let mut platforms: Vec<String> = PLATFORMS.iter().map(|p| (*p).to_owned()).collect();
    if !platforms.contains(&platform) {
        platforms.push(platform.clone());
    }
    let args = input.build_args.iter().map(|(name, value)| {
        let onclick = {
            let state = state.clone();
            let name = name.clone();
            Callback::from(move |_| state.dispatch(Action::RemoveBuildArg(name.clone())))
        };
        html! {
            <li class="build-arg">
                <code>{ format!("{name}={value}") }</code>
                <button class="build-arg-remove" aria-label={format!("Remove build argument {name}")} {onclick}>{ "×" }</button>
            </li>
        }
    });
    let name_ref = use_node_ref();
    let value_ref = use_node_ref();
    let on_add = {
        let state = state.clone();
        let (name_ref, value_ref) = (name_ref.clone(), value_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (Some(name), Some(value)) = (name_ref.cast::<HtmlInputElement>(), value_ref.cast::<HtmlInputElement>()) else { return };
            let arg = name.value().trim().to_owned();
            if arg.is_empty() {
                return;
            }
            state.dispatch(Action::SetBuildArg { name: arg, value: value.value() });
            name.set_value("");
            value.set_value("");
        })
    };
    let suggestions = props.declared_args.iter().filter(|a| !input.build_args.contains_key(a.as_str()));
    html! {
        <div class="editor-controls" role="group" aria-label="Build options">
            <label class="control">
                <span class="control-label">{ "Target" }</span>
                <select class="picker picker-small" data-testid="target-select" onchange={on_target}>
                    <option value="" selected={target.is_empty()}>{ last }</option>
                    { for stages }
                </select>
            </label>
            <label class="control">
                <span class="control-label">{ "Platform" }</span>
                <select class="picker picker-small" data-testid="platform-select" onchange={on_platform}>
                    { for platforms.iter().map(|p| html! { <option value={p.clone()} selected={*p == platform}>{ p }</option> }) }
                </select>
            </label>
            <div class="control control-args">
                <span class="control-label" id="build-args-label">{ "Build args" }</span>
                <ul class="build-args" aria-labelledby="build-args-label">{ for args }</ul>
                <form class="build-arg-form" onsubmit={on_add}>
                    <input ref={name_ref} class="build-arg-input" list="declared-args" placeholder="NAME" aria-label="Build argument name" size="9" spellcheck="false" autocapitalize="off" />
                    <span aria-hidden="true">{ "=" }</span>
                    <input ref={value_ref} class="build-arg-input" placeholder="value" aria-label="Build argument value" size="7" spellcheck="false" autocapitalize="off" />
                    <button class="build-arg-add" type="submit">{ "Add" }</button>
                    <datalist id="declared-args">
                        { for suggestions.map(|a| html! { <option value={a.clone()} /> }) }
                    </datalist>
                </form>
            </div>
        </div>
    }
}
