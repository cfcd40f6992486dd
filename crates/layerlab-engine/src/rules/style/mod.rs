//! Style: readability and conventions that make Dockerfiles easier to maintain.
mod json_args_recommended;

use super::Rule;

pub const RULES: &[&Rule] = &[&json_args_recommended::RULE];
