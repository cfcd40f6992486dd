//! `layerlab analyze`: the whole report (JSON), or a readable summary.
use std::process::ExitCode;

use crate::options::Options;

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let options = Options::parse(args)?;
    let format = options.format("json", &["json", "text"])?;
    let [path] = options.files.as_slice() else { return Err("analyze takes one FILE (or -)".into()) };
    let report = layerlab_engine::analyze(&options.input_for(path)?);
    if format == "json" {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
        return Ok(ExitCode::SUCCESS);
    }
    let image = &report.final_image;
    println!(
        "{path}: {} instructions, {} stages; final image {} ({} compressed){}",
        report.instruction_count,
        report.stage_count,
        megabytes(image.uncompressed_bytes),
        megabytes(image.compressed_bytes),
        if image.complete { "" } else { ", some sizes unknown" }
    );
    for stage in &report.stages {
        let status = if stage.is_target { "target" } else if stage.needed { "needed" } else { "not built" };
        println!("  stage {} (line {}) FROM {} — {status}, {}", stage.name, stage.line, stage.base, megabytes(stage.uncompressed_bytes));
    }
    println!("  what-if: {} ({} hits, {} misses)", report.cache.scenario, report.cache.hits, report.cache.misses);
    for step in &report.steps {
        println!(
            "    {:>4} {:<10} {:>10} {:>10}  {:<7} {}",
            step.line,
            step.instruction,
            megabytes(step.layer_uncompressed_bytes),
            megabytes(step.layer_compressed_bytes),
            step.cache,
            step.reason
        );
    }
    let timeline = &report.cache.timeline;
    println!("  build time: {:.0} s cold, {:.0} s after the change", timeline.before_seconds, timeline.after_seconds);
    for d in &report.diagnostics {
        println!("  {}:{}: {:?}: {}", d.line, d.column, d.severity, d.message);
    }
    Ok(ExitCode::SUCCESS)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
