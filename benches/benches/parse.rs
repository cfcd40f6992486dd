//! Parsing the 309 real-world Dockerfiles: Layerlab's parser against the `dockerfile-parser`
//! crate, on the files that crate accepts (it rejects heredocs, the escape directive, ...).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real-world");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                files.push((path.clone(), std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    files.sort();
    if files.is_empty() {
        eprintln!("skipped: ../shared/corpus/real-world not found at {}", root.display());
    }
    files
}

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
}

criterion_group!(benches, parse_benchmarks);
criterion_main!(benches);
