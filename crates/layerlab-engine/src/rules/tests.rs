//! Every rule: its metadata is complete, its fixture triggers it, its findings match the
//! snapshot, and its fixes leave a file that parses with no new diagnostics.
use std::path::PathBuf;

use super::{all, Applicability, Finding, Rule, RuleContext};
use crate::context::{self, DockerIgnore};
use crate::model::{self, ModelOptions};
use crate::syntax;

fn fixture_path(rule: &Rule) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/rules/fixtures").join(format!("{}.Dockerfile", rule.code))
}

/// Runs one rule (pragmas applied) over a Dockerfile text.
pub fn run_rule(rule: &'static Rule, text: &str) -> Vec<Finding> {
    let syntax = syntax::parse(text);
    let model = model::build(&syntax, &ModelOptions::default());
    let build_context = context::infer(&syntax);
    // A rule's fixture may come with a `.dockerignore` next to it: `fixtures/<CODE>.dockerignore`.
    let ignore_path = fixture_path(rule).with_extension("dockerignore");
    let ignore = DockerIgnore::parse(&std::fs::read_to_string(ignore_path).unwrap_or_default());
    let rule_context = RuleContext::new(&syntax, &model, &build_context, Some(&ignore));
    super::check_rules(&rule_context, &[rule])
}

fn render(text: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!("{}:{}-{}:{} {} {}\n", f.line, f.column, f.end_line, f.end_column, f.code, f.message));
        if let Some(fix) = &f.fix {
            let fixed = fix.apply(text);
            out.push_str(&format!("  fix ({:?}): {}\n", fix.applicability, fix.title));
            out.push_str(&line_diff(text, &fixed));
        }
    }
    out
}

/// The changed lines of `after` against `before` (longest common subsequence), `-`/`+` prefixed.
pub fn line_diff(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("  - {}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("  + {}\n", b[j]));
            j += 1;
        }
    }
    out
}

#[test]
fn rules_have_complete_metadata() {
    let mut codes = std::collections::BTreeSet::new();
    for rule in all() {
        assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
        assert!(rule.code.len() == 6 && rule.code.starts_with("LL"), "{}: codes look like LL1001", rule.code);
        assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", rule.name);
        for section in ["## What it does", "## Why it matters", "## Example", "## Fix"] {
            assert!(rule.doc.contains(section), "{} lacks {section}", rule.code);
        }
    }
    println!("{} rules", codes.len());
}

#[test]
fn fixtures_trigger_their_rule_and_match_snapshots() {
    for rule in all() {
        let path = fixture_path(rule);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing fixture {}", path.display()));
        let findings = run_rule(rule, &text);
        assert!(!findings.is_empty(), "{}: its fixture must trigger it", rule.code);
        insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(rule.code, render(&text, &findings));
        });
    }
}

#[test]
fn fixes_leave_a_file_that_parses_without_new_diagnostics() {
    for rule in all() {
        let text = std::fs::read_to_string(fixture_path(rule)).unwrap();
        let before = syntax::parse(&text).diagnostics.len();
        for finding in run_rule(rule, &text) {
            let Some(fix) = &finding.fix else { continue };
            let fixed = syntax::parse(&fix.apply(&text));
            assert!(fixed.diagnostics.len() <= before, "{} fix `{}` adds diagnostics: {:?}", rule.code, fix.title, fixed.diagnostics);
            if fix.applicability == Applicability::Safe {
                let again = run_rule(rule, &fix.apply(&text));
                assert!(again.len() < run_rule(rule, &text).len(), "{}: a safe fix must remove its finding", rule.code);
            }
        }
    }
}

/// Every registered rule over the real-world corpus: no panic, every fix leaves a file that
/// parses with no new diagnostics, and the counts per code (run with
/// `--nocapture` to see them, and `LAYERLAB_SAMPLE=LL1105` to print that code's findings).
#[test]
fn rules_run_over_the_real_world_corpus() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real-world");
    let Ok(entries) = std::fs::read_dir(&root) else {
        println!("skipped: no corpus at {}", root.display());
        return;
    };
    let mut files = Vec::new();
    let mut pending: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(std::fs::read_dir(&path).into_iter().flatten().filter_map(|e| e.ok().map(|e| e.path())));
        } else if path.file_name().is_some_and(|n| n == "Dockerfile") {
            files.push(path);
        }
    }
    files.sort();
    let sample = std::env::var("LAYERLAB_SAMPLE").ok();
    let mut counts = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    let mut broken_fixes = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let syntax = syntax::parse_bytes(&bytes);
        let model = model::build(&syntax, &ModelOptions::default());
        let build_context = context::infer(&syntax);
        let rule_context = RuleContext::new(&syntax, &model, &build_context, None);
        let findings = super::check_rules(&rule_context, all());
        let mut seen = std::collections::BTreeSet::new();
        let before = syntax.diagnostics.len();
        for finding in &findings {
            if let Some(fix) = &finding.fix {
                let fixed = syntax::parse(&fix.apply(&syntax.source));
                if fixed.diagnostics.len() > before {
                    broken_fixes.push(format!("{} {} line {}: {:?}", path.display(), finding.code, finding.line, fixed.diagnostics.last()));
                }
                if fix.applicability == Applicability::Safe {
                    let rule = all().iter().copied().find(|r| r.code == finding.code).expect("registered");
                    let fixed_model = model::build(&fixed, &ModelOptions::default());
                    let fixed_context = RuleContext::new(&fixed, &fixed_model, &build_context, None);
                    let remaining = super::check_rules(&fixed_context, &[rule]).len();
                    if remaining >= findings.iter().filter(|f| f.code == finding.code).count() {
                        broken_fixes.push(format!("{} {} line {}: the safe fix does not remove the finding", path.display(), finding.code, finding.line));
                    }
                }
            }
            let entry = counts.entry(finding.code).or_default();
            entry.0 += 1;
            if seen.insert(finding.code) {
                entry.1 += 1;
            }
            if sample.as_deref().is_some_and(|s| s == finding.code || s == "all") {
                let text = &syntax.source[finding.span.start..finding.span.end.min(finding.span.start + 120)];
                println!("{}:{} {} {} | {}", path.strip_prefix(&root).unwrap().display(), finding.line, finding.code, finding.message, text.replace('\n', "⏎"));
            }
        }
    }
    println!("{} files", files.len());
    assert!(broken_fixes.is_empty(), "fixes that add parse diagnostics:\n{}", broken_fixes.join("\n"));
    for (code, (findings, files)) in &counts {
        println!("{code} {findings} findings in {files} files");
    }
}

/// Every rule over the real-world corpus (../shared/corpus/real-world): no panic, counts per
/// hadolint code. With `LAYERLAB_CORPUS_FINDINGS=path`, writes `file<TAB>alias<TAB>line` rows
/// (line = the instruction's first line, as hadolint reports it) for comparing with hadolint.
#[test]
fn every_rule_runs_over_the_real_world_corpus() {
    let Some(files) = crate::test_corpus::real_world_dockerfiles() else { return };
    let root = crate::test_corpus::real_world_root();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    let mut rows = String::new();
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let syntax = syntax::parse(&text);
        let model = model::build(&syntax, &ModelOptions::default());
        let build_context = context::infer(&syntax);
        let rule_context = RuleContext::new(&syntax, &model, &build_context, None);
        for finding in super::check(&rule_context) {
            let Some(code) = finding.aliases.iter().find(|a| a.tool == super::Tool::Hadolint).map(|a| a.code) else { continue };
            *counts.entry(code).or_default() += 1;
            let holder = syntax.instructions.iter().find(|i| i.span.start <= finding.span.start && finding.span.start <= i.span.end);
            let line = holder.map_or(finding.line, |i| i.start_line);
            let relative = path.strip_prefix(&root).unwrap_or(path).display();
            rows.push_str(&format!("{relative}\t{code}\t{line}\n"));
        }
    }
    println!("{} files", files.len());
    for (code, count) in &counts {
        println!("{code}\t{count}");
    }
    if let Ok(out) = std::env::var("LAYERLAB_CORPUS_FINDINGS") {
        std::fs::write(out, rows).unwrap();
    }
}

/// Every registered rule over BuildKit's parser test files (odd escapes, heredocs, BOMs, broken
/// input): no panic.
#[test]
fn rules_survive_the_buildkit_parser_corpus() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/buildkit-parser");
    if !root.is_dir() {
        println!("skipped: no corpus at {}", root.display());
        return;
    }
    let mut pending = vec![root];
    let mut count = 0;
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(std::fs::read_dir(&path).into_iter().flatten().filter_map(|e| e.ok().map(|e| e.path())));
            continue;
        }
        if !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("Dockerfile")) {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let syntax = syntax::parse_bytes(&bytes);
        let model = model::build(&syntax, &ModelOptions::default());
        let build_context = context::infer(&syntax);
        let ignore = DockerIgnore::parse("*.env\nsecrets\n");
        let rule_context = RuleContext::new(&syntax, &model, &build_context, Some(&ignore));
        for finding in super::check_rules(&rule_context, all()) {
            if let Some(fix) = &finding.fix {
                let _ = syntax::parse(&fix.apply(&syntax.source));
            }
        }
        count += 1;
    }
    println!("{count} files");
}
