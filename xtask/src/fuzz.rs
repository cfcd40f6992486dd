//! `cargo xtask fuzz [TARGET] [SECONDS]`: a short cargo-fuzz run (needs the nightly toolchain
//! and `cargo install cargo-fuzz`), reporting executions and crashes.
use std::process::Command;

pub fn run(args: &[String]) -> Result<(), String> {
    let target = args.first().map_or("parse", String::as_str);
    let seconds = args.get(1).map_or("60", String::as_str);
    ensure_cargo_fuzz()?;
    let seeded = seed_corpus(target);
    println!("fuzz {target}: {seeded} seed files from ../shared/corpus, {seconds} s");
    let output = Command::new("cargo")
        .current_dir("fuzz")
        .args(["+nightly", "fuzz", "run", target, "--", &format!("-max_total_time={seconds}"), "-max_len=8192"])
        .output()
        .map_err(|e| format!("cargo fuzz: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    let done = log.lines().rev().find(|l| l.starts_with("Done ")).unwrap_or("(no summary line)");
    let crashed = log.contains("deadly signal") || log.contains("panicked at") || log.contains("ERROR: libFuzzer");
    println!("fuzz {target}: {done}; crashes: {}", if crashed { "YES (see fuzz/artifacts)" } else { "0" });
    if crashed || !output.status.success() {
        eprintln!("{}", log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n"));
        return Err(format!("fuzz target {target} failed"));
    }
    Ok(())
}

fn ensure_cargo_fuzz() -> Result<(), String> {
    let installed = Command::new("cargo").args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    let has_nightly = Command::new("rustup").args(["run", "nightly", "rustc", "--version"]).output().is_ok_and(|o| o.status.success());
    if !has_nightly {
        return Err("the fuzzer needs the nightly toolchain: rustup toolchain install nightly".into());
    }
    if !installed {
        let status = Command::new("cargo").args(["install", "cargo-fuzz"]).status().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("cargo install cargo-fuzz failed".into());
        }
    }
    Ok(())
}

/// Copies the shared corpus's Dockerfiles into the fuzzer's (git-ignored) corpus directory.
fn seed_corpus(target: &str) -> usize {
    let destination = std::path::Path::new("fuzz/corpus").join(target);
    let _ = std::fs::create_dir_all(&destination);
    let mut stack = vec![std::path::PathBuf::from("../shared/corpus")];
    let mut count = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                count += 1;
                let _ = std::fs::copy(&path, destination.join(format!("seed-{count}")));
            }
        }
    }
    count
}
