//! Fixes over the real-world corpus: "apply all safe fixes" reaches a fixed point, and the
//! result still parses with no new diagnostics.
mod common;

use layerlab_engine::rules::{fix_all, Applicability};
use layerlab_engine::{syntax, Input};

#[test]
fn applying_all_safe_fixes_reaches_a_fixed_point() {
    let Some(shared) = common::shared_dir() else { return };
    let (mut files, mut changed, mut applied, mut max_rounds) = (0, 0, 0, 0);
    for dir in common::case_dirs(&shared.join("corpus/real-world")) {
        let text = String::from_utf8_lossy(&std::fs::read(dir.join("Dockerfile")).unwrap()).into_owned();
        let fixed = fix_all(&Input { dockerfile: text.clone(), ..Default::default() }, Applicability::Safe);
        assert!(fixed.reached_fixed_point, "{}: no fixed point after {} rounds", dir.display(), fixed.rounds);
        let errors = |t: &str| syntax::parse(t).diagnostics.iter().filter(|d| d.severity == syntax::Severity::Error).count();
        assert!(errors(&fixed.text) <= errors(&text), "{}: the fixes add errors", dir.display());
        files += 1;
        changed += usize::from(fixed.text != text);
        applied += fixed.fixes_applied;
        max_rounds = max_rounds.max(fixed.rounds);
    }
    println!("{files} files: {changed} changed by {applied} safe fixes; at most {max_rounds} rounds to a fixed point");
    assert_eq!(files, 309);
}
