//! Portability: see rules/mod.rs for how a rule is written.
use super::Rule;

pub const RULES: &[&Rule] = &[];
