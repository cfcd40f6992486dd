fn main() {
    report_size_database_start_up();
    yew::Renderer::<layerlab::App>::new().render();
}

/// Builds the compiled-in size database (images, then the apt index) before the first analysis
/// and logs how long that took, so the e2e run can report it (budget: 5 ms).
fn report_size_database_start_up() {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else { return };
    let started = performance.now();
    let _ = layerlab_engine::sizes::db().apt();
    let elapsed = performance.now() - started;
    web_sys::console::info_1(&format!("layerlab: size database ready in {elapsed:.2} ms").into());
}
