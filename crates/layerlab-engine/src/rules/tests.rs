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
    let ignore = DockerIgnore::parse("");
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
            for (before, after) in text.lines().zip(fixed.lines()).filter(|(a, b)| a != b) {
                out.push_str(&format!("  - {before}\n  + {after}\n"));
            }
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
