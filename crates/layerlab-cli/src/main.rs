//! The native `layerlab` command: the same engine as the web app, for CI and comparisons.
use std::io::Read;
use std::process::ExitCode;

use layerlab_engine::syntax;

const USAGE: &str = "usage:
  layerlab parse [--format buildkit|json] FILE|-   print the syntax tree
  layerlab help                                   this text";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("parse") => parse(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    result.unwrap_or_else(|message| {
        eprintln!("layerlab: {message}");
        ExitCode::from(2)
    })
}

/// Reads a file, or standard input for `-`.
fn read_input(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("reading standard input: {e}"))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| format!("reading {path}: {e}"))
}

/// Splits `--format X` (or `--format=X`) from the positional arguments.
fn take_format(args: &[String], default: &str) -> Result<(String, Vec<String>), String> {
    let mut format = default.to_owned();
    let mut rest = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if let Some(value) = arg.strip_prefix("--format=") {
            format = value.to_owned();
        } else if arg == "--format" {
            format = iter.next().ok_or("--format needs a value")?.clone();
        } else {
            rest.push(arg.clone());
        }
    }
    Ok((format, rest))
}

fn parse(args: &[String]) -> Result<ExitCode, String> {
    let (format, files) = take_format(args, "buildkit")?;
    let [path] = files.as_slice() else { return Err(format!("parse takes one FILE (or -)\n{USAGE}")) };
    let syntax = syntax::parse_bytes(&read_input(path)?);
    match format.as_str() {
        "buildkit" => match syntax.buildkit_dump() {
            Ok(dump) => {
                print!("{dump}");
                Ok(ExitCode::SUCCESS)
            }
            Err(error) => {
                eprintln!("{path}:{}:{}: error: {}", error.line, error.column, error.message);
                Ok(ExitCode::FAILURE)
            }
        },
        "json" => {
            let mut json = serde_json::to_value(&syntax).map_err(|e| e.to_string())?;
            // Tokens also get 1-based line/column (in characters) for readers without an index.
            let tokens = syntax.tokens.iter().map(|t| {
                let (line, column) = syntax.line_index.line_column(&syntax.source, t.span.start);
                serde_json::json!({"kind": t.kind, "start": t.span.start, "end": t.span.end, "line": line, "column": column})
            });
            json["tokens"] = serde_json::Value::Array(tokens.collect());
            let json = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            println!("{json}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown format `{other}` for parse (buildkit or json)")),
    }
}
