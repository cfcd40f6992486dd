//! Parsing the 309 real-world Dockerfiles: Layerlab's parser against the `dockerfile-parser`
//! crate, on the files that crate accepts (it rejects heredocs, the escape directive, ...);
//! Layerlab's full analysis (parse, model, simulation, cache what-if, all rules) on the same
//! files beside that crate's mere parse; and the median time per file, each file timed alone.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use layerlab_benches::{corpus, per_file_median};
use std::hint::black_box;
use std::path::Path;

// The `layerlab` command's allocator; both parsers run on it.
#[path = "../../crates/layerlab-cli/src/allocator.rs"]
mod allocator;
#[global_allocator]
static GLOBAL: allocator::Mimalloc = allocator::Mimalloc;

fn parse_benchmarks(c: &mut Criterion) {
    let all = corpus();
    if all.is_empty() {
        return;
    }
    let accepted: Vec<&str> = all
        .iter()
        .map(|(_, text)| text.as_str())
        .filter(|text| dockerfile_parser::Dockerfile::parse(text).is_ok())
        .collect();
    eprintln!("corpus: {} files, dockerfile-parser accepts {}", all.len(), accepted.len());
    // `cargo xtask bench` turns the criterion estimates into µs per file with these counts.
    let counts = format!("all={}\naccepted-subset={}\n", all.len(), accepted.len());
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion");
    let _ = std::fs::create_dir_all(&target).and_then(|_| std::fs::write(target.join("corpus-counts.txt"), counts));

    let mut group = c.benchmark_group("parse-accepted-subset");
    group.throughput(Throughput::Elements(accepted.len() as u64));
    group.bench_function("layerlab", |b| {
        b.iter(|| accepted.iter().map(|t| layerlab_engine::syntax::parse(black_box(t)).instructions.len()).sum::<usize>())
    });
    group.bench_function("dockerfile-parser", |b| {
        b.iter(|| {
            accepted
                .iter()
                .map(|t| dockerfile_parser::Dockerfile::parse(black_box(t)).map_or(0, |d| d.instructions.len()))
                .sum::<usize>()
        })
    });
    // Issue 6's comparison: Layerlab's whole analysis (fix effects skipped) against the mere
    // parse above, on the same files, in the same run.
    let accepted_inputs: Vec<layerlab_engine::Input> = accepted
        .iter()
        .map(|t| layerlab_engine::Input { dockerfile: (*t).to_owned(), skip_effects: true, ..Default::default() })
        .collect();
    group.bench_function("layerlab-analysis", |b| {
        b.iter(|| accepted_inputs.iter().map(|i| layerlab_engine::analyze(black_box(i)).steps.len()).sum::<usize>())
    });
    group.finish();

    let mut group = c.benchmark_group("parse-all");
    group.throughput(Throughput::Elements(all.len() as u64));
    group.bench_function("layerlab", |b| {
        b.iter(|| all.iter().map(|(_, t)| layerlab_engine::syntax::parse(black_box(t)).instructions.len()).sum::<usize>())
    });
    group.finish();

    // Parse + model + context + layer sizes + cache what-if + rules: what the app runs on every
    // keystroke (fix effects skipped); then the full report, each fix's effect measured.
    let inputs: Vec<layerlab_engine::Input> = all
        .iter()
        .map(|(_, t)| layerlab_engine::Input { dockerfile: t.clone(), skip_effects: true, ..Default::default() })
        .collect();
    let mut group = c.benchmark_group("analyze-all");
    group.throughput(Throughput::Elements(all.len() as u64));
    group.bench_function("layerlab", |b| {
        b.iter(|| inputs.iter().map(|i| layerlab_engine::analyze(black_box(i)).steps.len()).sum::<usize>())
    });
    let with_effects: Vec<layerlab_engine::Input> =
        inputs.iter().map(|i| layerlab_engine::Input { skip_effects: false, ..i.clone() }).collect();
    group.sample_size(10);
    group.bench_function("layerlab-with-fix-effects", |b| {
        b.iter(|| with_effects.iter().map(|i| layerlab_engine::analyze(black_box(i)).findings.len()).sum::<usize>())
    });
    group.finish();

    // Median per file: every file timed alone (criterion's numbers above are per corpus pass,
    // so their per-file figure is a mean, which the few very large files pull up).
    let rounds = std::env::var("LAYERLAB_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(15);
    let analysis = |i: &layerlab_engine::Input| layerlab_engine::analyze(i).steps.len();
    let medians = [
        ("analysis-all", per_file_median(&inputs, rounds, analysis)),
        ("analysis-with-fix-effects-all", per_file_median(&with_effects, rounds.min(5), analysis)),
        ("parse-all", per_file_median(&all, rounds, |(_, t)| layerlab_engine::syntax::parse(t).instructions.len())),
        ("analysis-accepted-subset", per_file_median(&accepted_inputs, rounds, analysis)),
        (
            "dockerfile-parser-accepted-subset",
            per_file_median(&accepted, rounds, |t| dockerfile_parser::Dockerfile::parse(t).map_or(0, |d| d.instructions.len())),
        ),
    ];
    let text: String = medians.iter().map(|(name, micros)| format!("{name}={micros:.3}\n")).collect();
    eprintln!("median µs per file (each file timed alone, {rounds} rounds):\n{text}");
    let _ = std::fs::write(target.join("per-file-medians.txt"), text);
}

criterion_group!(benches, parse_benchmarks);
criterion_main!(benches);
