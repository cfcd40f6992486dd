//! The shared corpus for unit tests: `../shared` beside the checkout (tests skip, saying so,
//! when it is absent).
use std::path::PathBuf;

/// Every `Dockerfile` under ../shared/corpus/real-world, sorted; `None` (with a printed
/// "skipped" line) when the corpus is not there.
pub fn real_world_dockerfiles() -> Option<Vec<PathBuf>> {
    let root = real_world_root();
    if !root.is_dir() {
        println!("skipped: ../shared corpus not found at {}", root.display());
        return None;
    }
    let mut files = Vec::new();
    let mut pending = vec![root];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                files.push(path);
            }
        }
    }
    files.sort();
    Some(files)
}

pub fn real_world_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real-world")
}
