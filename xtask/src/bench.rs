//! `cargo xtask bench`: criterion benchmarks, summarised as µs per file and speed ratios.
use std::path::Path;
use std::process::Command;

/// (criterion group, function, label) rows of the summary table.
const ROWS: &[(&str, &str, &str)] = &[
    ("parse-all", "layerlab", "Layerlab parse, all real-world files"),
    ("analyze-all", "layerlab", "Layerlab analysis per keystroke (all but fix effects)"),
    ("analyze-all", "layerlab-with-fix-effects", "Layerlab full report (+ each fix re-analysed)"),
    ("parse-accepted-subset", "layerlab", "Layerlab parse, files dockerfile-parser accepts"),
    ("parse-accepted-subset", "dockerfile-parser", "dockerfile-parser crate, same files"),
];

pub fn run(args: &[String]) -> Result<(), String> {
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
    println!("\n{:<52} {:>12} {:>14}", "benchmark (criterion mean)", "per file", "per corpus");
    let mut per_file = Vec::new();
    for (group, function, label) in ROWS {
        let path = criterion.join(group).join(function).join("new/estimates.json");
        let Some(nanos) = std::fs::read_to_string(&path).ok().as_deref().and_then(mean_nanos) else { continue };
        let micros = nanos / 1000.0 / count(group);
        per_file.push((*group, *function, micros));
        println!("{label:<52} {micros:>9.1} µs {:>11.2} ms", nanos / 1e6);
    }
    let find = |g: &str, f: &str| per_file.iter().find(|r| r.0 == g && r.1 == f).map(|r| r.2);
    if let (Some(ours), Some(theirs)) =
        (find("parse-accepted-subset", "layerlab"), find("parse-accepted-subset", "dockerfile-parser"))
    {
        println!("ratio: Layerlab parses {:.1}x faster than dockerfile-parser per file", theirs / ours);
    }
    Ok(())
}

/// The `mean.point_estimate` of a criterion `estimates.json`, in nanoseconds.
fn mean_nanos(json: &str) -> Option<f64> {
    let after_mean = &json[json.find("\"mean\"")?..];
    let after_key = &after_mean[after_mean.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = after_key.find([',', '}'])?;
    after_key[..end].trim().parse().ok()
}
