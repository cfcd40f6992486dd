//! Style: readability and conventions that make Dockerfiles easier to maintain.
mod json_args_recommended;
mod stage_name_casing;
mod from_as_casing;
mod consistent_instruction_casing;
mod no_empty_continuation;
mod expose_proto_casing;
mod legacy_key_value_format;
mod invalid_definition_description;
mod directive_casing;

use super::Rule;

pub const RULES: &[&Rule] = &[&json_args_recommended::RULE, &stage_name_casing::RULE, &from_as_casing::RULE, &consistent_instruction_casing::RULE, &no_empty_continuation::RULE, &expose_proto_casing::RULE, &legacy_key_value_format::RULE, &invalid_definition_description::RULE, &directive_casing::RULE];
