use yew::prelude::*;

/// The top bar: product name, what it does, and the privacy promise that holds today.
#[function_component]
pub fn Header() -> Html {
    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                    <path class="logo-layer logo-layer-3" d="M16 19.5 4 13.5v3l12 6 12-6v-3z" />
                    <path class="logo-layer logo-layer-2" d="M16 15.5 4 9.5v3l12 6 12-6v-3z" />
                    <path class="logo-layer logo-layer-1" d="M16 4 4 9.5l12 6 12-6z" />
                    <path class="logo-layer logo-layer-3" d="M16 23.5 4 17.5v3l12 6 12-6v-3z" />
                </svg>
                <h1 class="brand-name">{ "Layerlab" }</h1>
            </div>
            <p class="tagline">{ "A Dockerfile playground: see how BuildKit reads your build, in the browser." }</p>
            <p class="privacy" title="The engine is compiled to WebAssembly and runs on this page.">
                { "Runs locally · nothing is uploaded" }
            </p>
        </header>
    }
}
