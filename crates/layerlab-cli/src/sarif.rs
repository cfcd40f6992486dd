//! SARIF 2.1.0 output for code-scanning tools.
use layerlab_engine::rules::{self, Finding, Severity};
use serde_json::{json, Value};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

pub fn report(results: &[(String, Vec<Finding>)]) -> Value {
    let all = rules::all();
    let descriptors: Vec<Value> = all
        .iter()
        .map(|r| {
            let summary = r.doc.lines().find(|l| !l.starts_with('#') && !l.is_empty()).unwrap_or(r.name);
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": r.doc},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"category": r.category, "aliases": r.aliases.iter().map(|a| a.code).collect::<Vec<_>>()},
            })
        })
        .collect();
    let mut results_json = Vec::new();
    for (file, findings) in results {
        for f in findings {
            let mut result = json!({
                "ruleId": f.code,
                "ruleIndex": all.iter().position(|r| r.code == f.code).unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": file},
                    "region": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column},
                }}],
            });
            if let Some(fix) = &f.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| json!({"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start}, "insertedContent": {"text": e.replacement}}))
                    .collect();
                result["fixes"] = json!([{"description": {"text": fix.title}, "artifactChanges": [{"artifactLocation": {"uri": file}, "replacements": replacements}]}]);
            }
            results_json.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "layerlab", "version": env!("CARGO_PKG_VERSION"), "rules": descriptors}},
            "results": results_json,
        }],
    })
}
