//! Correctness: the build fails, or does not do what the text says.
mod apt_get_missing_yes;
mod maintainer_deprecated;

use super::Rule;

pub const RULES: &[&Rule] = &[&apt_get_missing_yes::RULE, &maintainer_deprecated::RULE];
