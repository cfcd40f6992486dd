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
mod consecutive_run;
mod cd_instead_of_workdir;
mod wget_without_progress;
mod invalid_label_key;
mod inline_ignore_pragma;
mod label_not_url;
mod label_not_rfc3339;
mod label_not_spdx;
mod label_not_git_hash;
mod label_not_semver;
mod label_not_email;
mod json_in_single_quotes;
mod label_missing;
mod label_not_in_schema;
mod label_empty;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &json_args_recommended::RULE,
    &stage_name_casing::RULE,
    &from_as_casing::RULE,
    &consistent_instruction_casing::RULE,
    &no_empty_continuation::RULE,
    &expose_proto_casing::RULE,
    &legacy_key_value_format::RULE,
    &invalid_definition_description::RULE,
    &directive_casing::RULE,
    &consecutive_run::RULE,
    &cd_instead_of_workdir::RULE,
    &wget_without_progress::RULE,
    &invalid_label_key::RULE,
    &inline_ignore_pragma::RULE,
    &label_not_url::RULE,
    &label_not_rfc3339::RULE,
    &label_not_spdx::RULE,
    &label_not_git_hash::RULE,
    &label_not_semver::RULE,
    &label_not_email::RULE,
    &json_in_single_quotes::RULE,
    &label_missing::RULE,
    &label_not_in_schema::RULE,
    &label_empty::RULE,
];
