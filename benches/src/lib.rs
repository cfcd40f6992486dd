//! What the benchmarks share: the real-world corpus, and the median time per file.
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

/// The median over files of each file's median time (µs) over `rounds` runs of `work`.
pub fn per_file_median<T>(items: &[T], rounds: usize, work: impl Fn(&T) -> usize) -> f64 {
    let mut medians: Vec<f64> = items
        .iter()
        .map(|item| {
            black_box(work(item)); // warm
            let mut times: Vec<f64> = (0..rounds)
                .map(|_| {
                    let start = Instant::now();
                    black_box(work(black_box(item)));
                    start.elapsed().as_secs_f64() * 1e6
                })
                .collect();
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        })
        .collect();
    medians.sort_by(f64::total_cmp);
    medians.get(medians.len() / 2).copied().unwrap_or(0.0)
}

/// Every `Dockerfile` under ../shared/corpus/real-world with its text, in path order (none, with
/// a message, when the corpus is absent).
pub fn corpus() -> Vec<(PathBuf, String)> {
    let paths = layerlab_engine::test_corpus::real_world_dockerfiles().unwrap_or_default();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            (path, text)
        })
        .collect()
}
