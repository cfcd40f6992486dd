//! Size: see rules/mod.rs for how a rule is written.
mod apt_lists_not_removed;
mod apt_install_recommends;
mod apk_add_no_cache;
mod yum_clean_all_missing;
mod dnf_clean_all_missing;
mod zypper_clean_missing;
mod pip_cache_not_disabled;
mod yarn_cache_not_cleaned;
mod useradd_without_no_log_init;
mod copy_whole_filesystem;
mod wget_and_curl;
mod copy_archive_then_extract;
mod go_binary_not_stripped;
mod toolchain_in_final_image;
mod static_binary_on_big_base;
mod cleanup_in_later_layer;
mod recursive_chown_after_copy;
mod apk_virtual_not_deleted;
mod node_dev_dependencies_shipped;
mod python_bytecode_shipped;
mod slim_variant_available;
mod python_build_tools_shipped;
use super::Rule;

pub const RULES: &[&Rule] = &[
    &apt_lists_not_removed::RULE,
    &apt_install_recommends::RULE,
    &apk_add_no_cache::RULE,
    &yum_clean_all_missing::RULE,
    &dnf_clean_all_missing::RULE,
    &zypper_clean_missing::RULE,
    &pip_cache_not_disabled::RULE,
    &yarn_cache_not_cleaned::RULE,
    &useradd_without_no_log_init::RULE,
    &copy_whole_filesystem::RULE,
    &wget_and_curl::RULE,
    &copy_archive_then_extract::RULE,
    &go_binary_not_stripped::RULE,
    &toolchain_in_final_image::RULE,
    &static_binary_on_big_base::RULE,
    &cleanup_in_later_layer::RULE,
    &recursive_chown_after_copy::RULE,
    &apk_virtual_not_deleted::RULE,
    &node_dev_dependencies_shipped::RULE,
    &python_bytecode_shipped::RULE,
    &slim_variant_available::RULE,
    &python_build_tools_shipped::RULE,
];
