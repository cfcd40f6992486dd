//! Cache: see rules/mod.rs for how a rule is written.
mod copy_before_dependencies;
mod missing_cache_mount;
mod copy_from_without_link;
mod weak_dockerignore;
mod volatile_arg_too_early;
mod build_input_copied;
use super::Rule;

pub const RULES: &[&Rule] = &[
    &copy_before_dependencies::RULE,
    &missing_cache_mount::RULE,
    &copy_from_without_link::RULE,
    &weak_dockerignore::RULE,
    &volatile_arg_too_early::RULE,
    &build_input_copied::RULE,
];
