//! Every rule, by category. Adding a rule: its file, plus one line in its category's list.
use std::sync::OnceLock;

use super::Rule;
use crate::sorting;

pub fn all() -> &'static [&'static Rule] {
    static ALL: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<&'static Rule> = [
            super::correctness::RULES,
            super::security::RULES,
            super::size::RULES,
            super::cache::RULES,
            super::portability::RULES,
            super::style::RULES,
        ]
        .concat();
        sorting::sort_by_key(&mut rules, |r| r.code);
        rules
    })
}

/// A rule by its code, name or an alias (e.g. `DL3008` or `JSONArgsRecommended`).
pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.answers_to(code))
}
