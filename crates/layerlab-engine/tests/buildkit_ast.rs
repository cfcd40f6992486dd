//! The parser against BuildKit's AST as JSON (`buildkit-ast.jsonl`): line ranges, flags, args,
//! exec form, heredoc bodies, ONBUILD triggers, warnings and errors, for every corpus file.
mod common;

use layerlab_engine::syntax::{self, Command, Instruction, Phase, Severity};
use serde_json::Value;

fn check_command(command: &Command, expected: &Value, file: &str, problems: &mut Vec<String>) {
    let expect_str = |key: &str| expected[key].as_str().unwrap_or_default().to_owned();
    if !command.name.eq_ignore_ascii_case(&expect_str("cmd")) {
        problems.push(format!("{file}: cmd {} != {}", command.name, expect_str("cmd")));
    }
    let args: Vec<&str> = command.arg_values().collect();
    let expected_args: Vec<&str> =
        expected["args"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    if command.trigger.is_none() && args != expected_args {
        problems.push(format!("{file}: args {args:?} != {expected_args:?}"));
    }
    let flags: Vec<&str> = command.flags.iter().map(|f| f.raw.as_str()).collect();
    let expected_flags: Vec<&str> =
        expected["flags"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    if flags != expected_flags {
        problems.push(format!("{file}: flags {flags:?} != {expected_flags:?}"));
    }
    if command.json != expected["json_form"].as_bool().unwrap_or(false) {
        problems.push(format!("{file}: json form differs for {}", command.name));
    }
    if let (Some(trigger), expected_trigger) = (&command.trigger, &expected["onbuild_trigger"]) {
        check_command(trigger, expected_trigger, file, problems);
    }
}

fn check_instruction(instruction: &Instruction, expected: &Value, file: &str, problems: &mut Vec<String>) {
    let lines = (instruction.start_line as u64, instruction.end_line as u64);
    let expected_lines = (expected["start_line"].as_u64().unwrap(), expected["end_line"].as_u64().unwrap());
    if lines != expected_lines {
        problems.push(format!("{file}: lines {lines:?} != {expected_lines:?}"));
    }
    if instruction.original != expected["original"].as_str().unwrap_or_default() {
        problems.push(format!("{file}: original {:?} != {}", instruction.original, expected["original"]));
    }
    check_command(&instruction.command, expected, file, problems);
    let expected_heredocs = expected["heredocs"].as_array().cloned().unwrap_or_default();
    if instruction.heredocs.len() != expected_heredocs.len() {
        problems.push(format!("{file}:{}: {} heredocs != {}", lines.0, instruction.heredocs.len(), expected_heredocs.len()));
    }
    for (heredoc, want) in instruction.heredocs.iter().zip(&expected_heredocs) {
        let got = (heredoc.name.as_str(), heredoc.file_descriptor as u64, heredoc.expand, heredoc.chomp, heredoc.content.as_str());
        let want = (
            want["name"].as_str().unwrap_or_default(),
            want["fd"].as_u64().unwrap_or_default(),
            want["expand"].as_bool().unwrap_or_default(),
            want["chomp"].as_bool().unwrap_or_default(),
            want["content"].as_str().unwrap_or_default(),
        );
        if got != want {
            problems.push(format!("{file}:{}: heredoc {got:?} != {want:?}", lines.0));
        }
    }
}

/// Compares every row of a `buildkit-ast.jsonl`; returns (files, instructions, problems).
fn compare(corpus: &std::path::Path) -> (usize, usize, Vec<String>) {
    let jsonl = std::fs::read_to_string(corpus.join("buildkit-ast.jsonl")).unwrap();
    let (mut files, mut instructions, mut problems) = (0, 0, Vec::new());
    for row in jsonl.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()) {
        let file = row["file"].as_str().unwrap();
        let syntax = syntax::parse_bytes(&std::fs::read(corpus.join(file)).unwrap());
        files += 1;
        if row["ok"] == Value::Bool(false) {
            match syntax.buildkit_dump() {
                Err(error) if error.message == row["error"].as_str().unwrap() => {}
                other => problems.push(format!("{file}: expected error {}, got {other:?}", row["error"])),
            }
            continue;
        }
        let expected = row["instructions"].as_array().unwrap();
        if expected.len() != syntax.instructions.len() {
            problems.push(format!("{file}: {} instructions != {}", syntax.instructions.len(), expected.len()));
            continue;
        }
        for (instruction, want) in syntax.instructions.iter().zip(expected) {
            instructions += 1;
            check_instruction(instruction, want, file, &mut problems);
        }
        let warnings: Vec<&str> = syntax
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning && d.phase == Phase::Instruction)
            .map(|d| d.message.as_str())
            .collect();
        let expected_warnings: Vec<&str> =
            row["warnings"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        if warnings != expected_warnings {
            problems.push(format!("{file}: warnings {warnings:?} != {expected_warnings:?}"));
        }
    }
    (files, instructions, problems)
}

#[test]
fn buildkit_parser_corpus_matches_buildkit_ast() {
    let Some(shared) = common::shared_dir() else { return };
    let (files, instructions, problems) = compare(&shared.join("corpus/buildkit-parser"));
    println!("buildkit-parser corpus: {files} files, {instructions} instructions, {} differences", problems.len());
    assert!(files >= 60);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn real_world_corpus_matches_buildkit_ast() {
    let Some(shared) = common::shared_dir() else { return };
    let (files, instructions, problems) = compare(&shared.join("corpus/real-world"));
    println!("real-world corpus: {files} files, {instructions} instructions, {} differences", problems.len());
    assert_eq!(files, 309);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
