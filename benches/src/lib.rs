//! What the benchmarks share: the real-world corpus, and the median time per file.
use std::hint::black_box;
use std::path::{Path, PathBuf};
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
