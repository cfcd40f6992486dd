fn main() {
    layerlab::panic_banner::install();
    yew::Renderer::<layerlab::App>::new().render();
    // Not before the first frame: only the analysis needs the database, and it runs after.
    let frame = gloo_render::request_animation_frame(|_| {
        gloo_timers::callback::Timeout::new(0, report_size_database_start_up).forget();
    });
    std::mem::forget(frame);
}

/// Builds the compiled-in size database right after the first frame, before the first analysis
/// (which waits for that frame too, see schedule.rs), and logs how long it took, so the e2e run
/// can report it (budget: 5 ms). The apt index, otherwise built on the first `apt-get install`
/// an analysis meets, is timed separately.
fn report_size_database_start_up() {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else { return };
    let started = performance.now();
    let database = layerlab_engine::sizes::db();
    let images_ready = performance.now();
    let _ = database.apt();
    let apt_ready = performance.now();
    let message = format!(
        "layerlab: size database ready in {:.2} ms; apt index built on first use in {:.2} ms",
        images_ready - started,
        apt_ready - images_ready
    );
    web_sys::console::info_1(&message.into());
}
