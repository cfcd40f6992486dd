//! `layerlab rules` (the catalogue) and `layerlab explain CODE` (one rule's documentation).
use std::process::ExitCode;

use layerlab_engine::rules;

use crate::options::Options;

pub fn rules(args: &[String]) -> Result<ExitCode, String> {
    let options = Options::parse(args)?;
    let format = options.format("text", &["text", "json"])?;
    if format == "json" {
        let list: Vec<serde_json::Value> = rules::all()
            .iter()
            .map(|r| {
                serde_json::json!({"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
                    "aliases": r.aliases, "fix": r.fix, "doc": r.doc})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?);
        return Ok(ExitCode::SUCCESS);
    }
    for r in rules::all() {
        let aliases: Vec<&str> = r.aliases.iter().map(|a| a.code).collect();
        println!("{}  {:<40} {:<12} {:<8} {}", r.code, r.name, format!("{:?}", r.category), format!("{:?}", r.severity), aliases.join(", "));
    }
    println!("{} rules", rules::all().len());
    Ok(ExitCode::SUCCESS)
}

pub fn explain(args: &[String]) -> Result<ExitCode, String> {
    let [code] = args else { return Err("explain takes one CODE (e.g. LL1001, DL3008 or JSONArgsRecommended)".into()) };
    let Some(rule) = rules::by_code(code) else { return Err(format!("no rule answers to `{code}`; see `layerlab rules`")) };
    let aliases: Vec<String> = rule.aliases.iter().map(|a| format!("{} ({:?})", a.code, a.tool)).collect();
    println!("# {} {}\n", rule.code, rule.name);
    println!("Category: {:?} · Default severity: {:?} · Fix: {:?}", rule.category, rule.severity, rule.fix);
    if !aliases.is_empty() {
        println!("Also known as: {}", aliases.join(", "));
    }
    println!("\n{}", rule.doc.trim_end());
    Ok(ExitCode::SUCCESS)
}
