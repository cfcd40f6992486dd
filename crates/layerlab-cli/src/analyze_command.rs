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
    println!("{path}: {} instructions, {} stages", report.instruction_count, report.stage_count);
    for stage in &report.stages {
        let status = if stage.is_target { "target" } else if stage.needed { "needed" } else { "not built" };
        println!("  stage {} (line {}) FROM {} — {status}", stage.name, stage.line, stage.base);
    }
    for d in &report.diagnostics {
        println!("  {}:{}: {:?}: {}", d.line, d.column, d.severity, d.message);
    }
    Ok(ExitCode::SUCCESS)
}
