//! Access to ../shared/corpus: tests skip with a clear message when it is absent.
//! Each test binary uses part of it (hence no dead-code warnings for the rest).
#![allow(dead_code)]
use std::path::PathBuf;

pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.join("corpus").is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/corpus not found at {}", dir.display());
        None
    }
}

/// Every directory under `root` that holds a `Dockerfile`, sorted.
pub fn case_dirs(root: &std::path::Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                dirs.push(dir.clone());
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    dirs
}
