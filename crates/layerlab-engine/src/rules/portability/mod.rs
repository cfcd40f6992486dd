//! Portability: see rules/mod.rs for how a rule is written.
mod apt_get_unpinned;
mod pip_unpinned;
mod npm_unpinned;
mod apk_unpinned;
mod gem_unpinned;
mod yum_unpinned;
mod dnf_unpinned;
mod zypper_unpinned;
mod go_install_unpinned;
mod from_platform_flag_const_disallowed;
mod redundant_target_platform;
mod apt_instead_of_apt_get;
mod user_not_numeric;
mod buildkit_syntax_without_directive;
mod build_stage_emulated;
use super::Rule;

pub const RULES: &[&Rule] = &[
    &apt_get_unpinned::RULE,
    &pip_unpinned::RULE,
    &npm_unpinned::RULE,
    &apk_unpinned::RULE,
    &gem_unpinned::RULE,
    &yum_unpinned::RULE,
    &dnf_unpinned::RULE,
    &zypper_unpinned::RULE,
    &go_install_unpinned::RULE,
    &from_platform_flag_const_disallowed::RULE,
    &redundant_target_platform::RULE,
    &apt_instead_of_apt_get::RULE,
    &user_not_numeric::RULE,
    &buildkit_syntax_without_directive::RULE,
    &build_stage_emulated::RULE,
];
