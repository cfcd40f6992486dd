//! Analyses every Dockerfile under a directory N times (for profiling: `valgrind --tool=callgrind`).
fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| "../shared/corpus/real-world".into());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let mut inputs = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                let dockerfile = std::fs::read_to_string(&path).unwrap_or_default();
                inputs.push(layerlab_engine::Input { dockerfile, skip_effects: true, ..Default::default() });
            }
        }
    }
    let start = std::time::Instant::now();
    let mut steps = 0;
    for _ in 0..rounds {
        for input in &inputs {
            steps += layerlab_engine::analyze(input).steps.len();
        }
    }
    let per_file = start.elapsed().as_secs_f64() * 1e6 / (rounds * inputs.len()).max(1) as f64;
    println!("{} files x {rounds}: {steps} steps, {per_file:.1} µs/file", inputs.len());
}
