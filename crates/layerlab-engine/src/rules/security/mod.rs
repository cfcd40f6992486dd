//! Security: see rules/mod.rs for how a rule is written.
mod secrets_used_in_arg_or_env;
mod expose_ssh_port;
mod workdir_system_directory;
mod secret_file_copied;
mod missing_non_root_user;
mod curl_insecure;
mod wget_no_check_certificate;
mod pip_trusted_host;
mod tls_verification_disabled;
mod package_signature_check_disabled;
mod npm_strict_ssl_disabled;
mod repo_ssl_verify_disabled;
mod chpasswd_used;
mod credentials_in_run;
mod add_instead_of_copy;
mod last_user_root;
mod sudo_used;
mod base_image_untagged;
mod base_image_latest;
mod untrusted_registry;
mod cgo_binary_on_libc_less_base;
mod missing_ca_certificates;
mod shell_form_without_shell;
mod remote_fetch_without_integrity;

mod base_image_not_pinned_by_digest;
mod credential_file_copied;
mod secret_arg_in_run;
use super::Rule;

pub const RULES: &[&Rule] = &[
    &secrets_used_in_arg_or_env::RULE,
    &expose_ssh_port::RULE,
    &workdir_system_directory::RULE,
    &secret_file_copied::RULE,
    &missing_non_root_user::RULE,
    &curl_insecure::RULE,
    &wget_no_check_certificate::RULE,
    &pip_trusted_host::RULE,
    &tls_verification_disabled::RULE,
    &package_signature_check_disabled::RULE,
    &npm_strict_ssl_disabled::RULE,
    &repo_ssl_verify_disabled::RULE,
    &chpasswd_used::RULE,
    &credentials_in_run::RULE,
    &add_instead_of_copy::RULE,
    &last_user_root::RULE,
    &sudo_used::RULE,
    &base_image_untagged::RULE,
    &base_image_latest::RULE,
    &untrusted_registry::RULE,
    &cgo_binary_on_libc_less_base::RULE,
    &missing_ca_certificates::RULE,
    &shell_form_without_shell::RULE,
    &remote_fetch_without_integrity::RULE,
    &base_image_not_pinned_by_digest::RULE,
    &credential_file_copied::RULE,
    &secret_arg_in_run::RULE,
];
