//! `layerlab parse`: the syntax tree, in BuildKit's dump format or as JSON with spans.
use std::process::ExitCode;

use layerlab_engine::syntax;

use crate::options::{read_bytes, Options};

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let options = Options::parse(args)?;
    let format = options.format("buildkit", &["buildkit", "json"])?;
    let [path] = options.files.as_slice() else { return Err("parse takes one FILE (or -)".into()) };
    let syntax = syntax::parse_bytes(&read_bytes(path)?);
    if format == "buildkit" {
        return Ok(match syntax.buildkit_dump() {
            Ok(dump) => {
                print!("{dump}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{path}:{}:{}: error: {}", error.line, error.column, error.message);
                ExitCode::FAILURE
            }
        });
    }
    let mut json = serde_json::to_value(&syntax).map_err(|e| e.to_string())?;
    // Tokens also get 1-based line/column (in characters) for readers without an index.
    let tokens = syntax.tokens().iter().map(|t| {
        let (line, column) = syntax.line_index.line_column(&syntax.source, t.span.start);
        serde_json::json!({"kind": t.kind, "start": t.span.start, "end": t.span.end, "line": line, "column": column})
    });
    json["tokens"] = serde_json::Value::Array(tokens.collect());
    println!("{}", serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?);
    Ok(ExitCode::SUCCESS)
}
