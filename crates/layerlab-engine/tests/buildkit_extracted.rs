//! BuildKit's Go unit-test expectations (`corpus/buildkit-parser/extracted`): heredocs, typed
//! COPY/RUN views, warnings, instruction-phase errors, arity and line numbers.
mod common;

use std::path::{Path, PathBuf};

use layerlab_engine::syntax::{self, heredoc, Phase, Severity, Syntax};
use serde_json::Value;

fn extracted() -> Option<PathBuf> {
    common::shared_dir().map(|s| s.join("corpus/buildkit-parser/extracted"))
}

fn load(dir: &Path) -> (Syntax, Value) {
    let syntax = syntax::parse_bytes(&std::fs::read(dir.join("Dockerfile")).unwrap());
    let expected = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    (syntax, expected)
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

fn has_instruction_error(syntax: &Syntax, text: &str) -> bool {
    syntax.diagnostics.iter().any(|d| d.severity == Severity::Error && d.message.contains(text))
}

#[test]
fn heredocs_are_extracted_like_buildkit() {
    let Some(root) = extracted() else { return };
    for case in ["parser-extracts-heredoc", "parser-json-no-heredoc"] {
        let (syntax, expected) = load(&root.join("heredoc").join(case));
        assert!(syntax.buildkit_dump().is_ok(), "{case} must parse");
        let expected = expected["heredocs"].as_array().unwrap();
        // parser-extracts-heredoc lists children after FROM; parser-json-no-heredoc lists all.
        let skip = syntax.instructions.len() - expected.len();
        assert!(skip <= 1, "{case}: {} instructions for {} expectations", syntax.instructions.len(), expected.len());
        for (instruction, want) in syntax.instructions[skip..].iter().zip(expected) {
            let got: Vec<Value> = instruction
                .heredocs
                .iter()
                .map(|h| {
                    serde_json::json!({"name": h.name, "content": h.content, "expand": h.expand,
                        "chomp": h.chomp, "fd": h.file_descriptor})
                })
                .collect();
            let want = want.as_array().cloned().unwrap_or_default();
            assert_eq!(got, want, "{case} line {}", instruction.start_line);
        }
        println!("{case}: {} instructions checked", expected.len());
    }
}

#[test]
fn heredoc_words_are_recognised_like_buildkit() {
    let Some(root) = extracted() else { return };
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("heredoc/heredoc-word-cases.json")).unwrap()).unwrap();
    for word in strings(&cases["valid"]) {
        let spec = heredoc::parse_word(&word).unwrap_or_else(|e| panic!("{word}: {e}"));
        assert_eq!(spec.map(|s| s.name).as_deref(), Some("EOF"), "{word}");
    }
    for word in strings(&cases["invalid"]) {
        assert!(heredoc::parse_word(&word).is_err(), "{word} must be an error");
    }
    for word in strings(&cases["not_heredoc"]) {
        assert!(matches!(heredoc::parse_word(&word), Ok(None)), "{word} is not a heredoc");
    }
    let lines: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("heredoc/heredocs-from-line.json")).unwrap()).unwrap();
    let cases = lines["cases"].as_array().unwrap();
    for case in cases {
        let line = case["line"].as_str().unwrap();
        let names: Vec<String> = heredoc::from_line(line).unwrap().into_iter().map(|s| s.name).collect();
        assert_eq!(names, strings(&case["heredoc_names"]), "{line}");
    }
    println!("heredocs-from-line: {} cases", cases.len());
}

#[test]
fn copy_and_run_views_match_buildkit_instructions() {
    let Some(root) = extracted() else { return };
    let mut checked = 0;
    for entry in std::fs::read_dir(root.join("heredoc")).unwrap().flatten() {
        let name = entry.file_name().into_string().unwrap();
        let (syntax, expected) = if name.starts_with("instr-") { load(&entry.path()) } else { continue };
        let instruction = &syntax.instructions[0];
        if let Some(message) = expected["instruction_error_contains"].as_str() {
            assert!(has_instruction_error(&syntax, message), "{name}: expected error {message}");
        } else if name.starts_with("instr-copy") {
            let view = instruction.sources_and_destination().unwrap();
            assert_eq!(view.destination, expected["dest_path"].as_str().unwrap(), "{name}");
            assert_eq!(view.source_paths, strings(&expected["source_paths"]), "{name}");
            let contents: Vec<Value> = view
                .source_contents
                .iter()
                .map(|f| serde_json::json!({"path": f.name, "data": f.data, "expand": f.expand}))
                .collect();
            assert_eq!(Value::Array(contents), expected["source_contents"], "{name}");
        } else {
            let view = instruction.shell_command().unwrap();
            assert_eq!(view.command_line, strings(&expected["cmdline"]), "{name}");
            assert_eq!(view.prepend_shell, expected["prepend_shell"].as_bool().unwrap(), "{name}");
            let files: Vec<Value> = view
                .files
                .iter()
                .map(|f| serde_json::json!({"name": f.name, "data": f.data, "chomp": f.chomp}))
                .collect();
            assert_eq!(Value::Array(files), expected["files"], "{name}");
        }
        checked += 1;
    }
    println!("instruction views: {checked} cases");
    assert_eq!(checked, 15);
}

#[test]
fn empty_continuation_lines_warn() {
    let Some(root) = extracted() else { return };
    let (syntax, expected) = load(&root.join("warnings/empty-continuation"));
    let warnings: Vec<&str> =
        syntax.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| d.message.as_str()).collect();
    assert_eq!(warnings.len() as u64, expected["warning_count"].as_u64().unwrap());
    for text in strings(&expected["warnings_contain"]) {
        assert!(warnings.iter().any(|w| w.contains(&text)), "missing warning {text}");
    }
}

#[test]
fn instruction_errors_are_reported_and_the_ast_still_exists() {
    let Some(root) = extracted() else { return };
    let dirs = common::case_dirs(&root.join("instruction-errors"));
    assert_eq!(dirs.len(), 6);
    for dir in dirs {
        let (syntax, expected) = load(&dir);
        assert!(syntax.buildkit_dump().is_ok(), "{}: the AST phase must succeed", dir.display());
        let message = expected["instruction_error_contains"].as_str().unwrap();
        let found = syntax.diagnostics.iter().find(|d| d.phase == Phase::Instruction && d.message.contains(message));
        let found = found.unwrap_or_else(|| panic!("{}: no error containing {message}: {:?}", dir.display(), syntax.diagnostics));
        assert!(found.line >= 1 && found.column >= 1);
    }
    let arity: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("instruction-errors/arity.json")).unwrap()).unwrap();
    let mut cases = 0;
    for (group, message) in [
        ("exactly_one_argument", "requires exactly one argument"),
        ("at_least_one_argument", "requires at least one argument"),
        ("no_destination_with_one_arg", "requires at least two arguments, but only one was provided"),
    ] {
        for keyword in strings(&arity[group]) {
            let text = if group == "no_destination_with_one_arg" { format!("FROM x\n{keyword} arg1\n") } else { format!("FROM x\n{keyword}\n") };
            let syntax = syntax::parse(&text);
            assert!(syntax.buildkit_dump().is_ok(), "{text:?}");
            assert!(has_instruction_error(&syntax, &format!("{keyword} {message}")), "{text:?}: {:?}", syntax.diagnostics);
            cases += 1;
        }
    }
    println!("arity: {cases} cases");
}

#[test]
fn instruction_line_ranges_match_buildkit() {
    let Some(root) = extracted() else { return };
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("line-numbers/expected.json")).unwrap()).unwrap();
    let syntax = syntax::parse_bytes(&std::fs::read(root.join("../testfile-line/Dockerfile")).unwrap());
    let ranges: Vec<Value> =
        syntax.instructions.iter().map(|i| serde_json::json!([i.start_line, i.end_line])).collect();
    assert_eq!(Value::Array(ranges), expected["children"]);
}
