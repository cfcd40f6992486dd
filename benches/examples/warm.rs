//! The engine's analysis of every real-world file, warm, for counting instructions with
//! callgrind (a count, unlike a time, does not move with the machine's load): each file is
//! analysed once to warm up, then `ROUNDS` times (default 2), fix effects skipped, on the
//! `layerlab` command's allocator. Prints the median time per file too.
//!
//!     cargo build --profile bench -p layerlab-benches --example warm
//!     valgrind --tool=callgrind target/release/examples/warm
#[path = "../../crates/layerlab-cli/src/allocator.rs"]
mod allocator;
#[global_allocator]
static GLOBAL: allocator::Mimalloc = allocator::Mimalloc;

fn main() {
    let rounds = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(2);
    let inputs: Vec<layerlab_engine::Input> = layerlab_benches::corpus()
        .into_iter()
        .map(|(_, text)| layerlab_engine::Input { dockerfile: text, skip_effects: true, ..Default::default() })
        .collect();
    let median = layerlab_benches::per_file_median(&inputs, rounds, |input| layerlab_engine::analyze(input).steps.len());
    println!("{} files, {} analyses each: median {median:.1} us per file", inputs.len(), rounds + 1);
}
