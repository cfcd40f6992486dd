//! Parses every Dockerfile under a directory N times (for profiling: `valgrind --tool=callgrind`).
fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| "../shared/corpus/real-world".into());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                files.push(std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let start = std::time::Instant::now();
    let mut instructions = 0;
    for _ in 0..rounds {
        for text in &files {
            instructions += layerlab_engine::syntax::parse(text).instructions.len();
        }
    }
    let per_file = start.elapsed().as_secs_f64() * 1e6 / (rounds * files.len()).max(1) as f64;
    println!("{} files x {rounds}: {instructions} instructions, {per_file:.1} µs/file", files.len());
}
