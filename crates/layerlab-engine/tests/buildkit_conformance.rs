//! The parser against BuildKit's own output: its test files and 309 real-world Dockerfiles.
mod common;

use layerlab_engine::syntax;

/// Parses every case under `root` and compares the dump with `result`; returns the failures.
fn compare_dumps(root: &std::path::Path) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let dirs: Vec<_> = common::case_dirs(root).into_iter().filter(|d| d.join("result").exists()).collect();
    for dir in &dirs {
        let input = std::fs::read(dir.join("Dockerfile")).unwrap();
        let expected = std::fs::read_to_string(dir.join("result")).unwrap();
        let syntax = syntax::parse_bytes(&input);
        assert_eq!(syntax.to_text().as_bytes(), input.as_slice(), "lossless: {}", dir.display());
        match syntax.buildkit_dump() {
            Ok(dump) if dump == expected => {}
            Ok(dump) => failures.push(format!("{}:\n--- expected\n{expected}--- got\n{dump}", dir.display())),
            Err(error) => failures.push(format!("{}: unexpected error {error:?}", dir.display())),
        }
    }
    (dirs.len(), failures)
}

#[test]
fn buildkit_testfiles_dump_identically() {
    let Some(shared) = common::shared_dir() else { return };
    let (count, failures) = compare_dumps(&shared.join("corpus/buildkit-parser/testfiles"));
    println!("buildkit testfiles: {} of {count} identical", count - failures.len());
    assert_eq!(count, 33);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn real_world_files_dump_identically() {
    let Some(shared) = common::shared_dir() else { return };
    let (count, failures) = compare_dumps(&shared.join("corpus/real-world"));
    println!("real-world: {} of {count} identical", count - failures.len());
    assert_eq!(count, 309);
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn negative_testfiles_are_rejected() {
    let Some(shared) = common::shared_dir() else { return };
    let dirs = common::case_dirs(&shared.join("corpus/buildkit-parser/testfiles-negative"));
    assert_eq!(dirs.len(), 4);
    for dir in dirs {
        let syntax = syntax::parse_bytes(&std::fs::read(dir.join("Dockerfile")).unwrap());
        let error = syntax.buildkit_dump().expect_err(&format!("{} must be rejected", dir.display()));
        println!("{}: {}", dir.display(), error.message);
    }
}
