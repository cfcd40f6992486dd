//! Cache: see rules/mod.rs for how a rule is written.
mod copy_before_dependencies;
mod missing_cache_mount;
use super::Rule;

pub const RULES: &[&Rule] = &[
    &copy_before_dependencies::RULE,
    &missing_cache_mount::RULE,
];
