//! Correctness: the build fails, or does not do what the text says.
mod apt_get_missing_yes;
mod maintainer_deprecated;
mod duplicate_stage_name;
mod reserved_stage_name;
mod undefined_arg_in_from;
mod workdir_relative_path;
mod undefined_var;
mod multiple_instructions_disallowed;
mod invalid_default_arg_in_from;
mod copy_ignored_file;
mod expose_invalid_format;
mod expose_invalid_port;
mod expose_invalid_protocol;
mod invalid_stop_signal;
mod copy_destination_not_directory;
mod from_invalid_as;
mod package_update_alone;
mod missing_healthcheck;
mod yum_missing_yes;
mod dnf_missing_yes;
mod zypper_missing_yes;
mod expose_port_out_of_range;
mod copy_from_unknown_stage;
mod copy_from_own_stage;
mod onbuild_forbidden_trigger;
mod env_self_reference;
mod copy_relative_without_workdir;
mod invalid_first_instruction;
mod ln_bin_sh;
mod zypper_dist_upgrade;
mod pointless_command;
mod copy_from_invalid_value;
mod pipe_without_pipefail;

mod invalid_base_image_platform;
use super::Rule;

pub const RULES: &[&Rule] = &[
    &apt_get_missing_yes::RULE,
    &maintainer_deprecated::RULE,
    &duplicate_stage_name::RULE,
    &reserved_stage_name::RULE,
    &undefined_arg_in_from::RULE,
    &workdir_relative_path::RULE,
    &undefined_var::RULE,
    &multiple_instructions_disallowed::RULE,
    &invalid_default_arg_in_from::RULE,
    &copy_ignored_file::RULE,
    &expose_invalid_format::RULE,
    &expose_invalid_port::RULE,
    &expose_invalid_protocol::RULE,
    &invalid_stop_signal::RULE,
    &copy_destination_not_directory::RULE,
    &from_invalid_as::RULE,
    &package_update_alone::RULE,
    &missing_healthcheck::RULE,
    &yum_missing_yes::RULE,
    &dnf_missing_yes::RULE,
    &zypper_missing_yes::RULE,
    &expose_port_out_of_range::RULE,
    &copy_from_unknown_stage::RULE,
    &copy_from_own_stage::RULE,
    &onbuild_forbidden_trigger::RULE,
    &env_self_reference::RULE,
    &copy_relative_without_workdir::RULE,
    &invalid_first_instruction::RULE,
    &ln_bin_sh::RULE,
    &zypper_dist_upgrade::RULE,
    &pointless_command::RULE,
    &copy_from_invalid_value::RULE,
    &pipe_without_pipefail::RULE,
    &invalid_base_image_platform::RULE,
];
