//! The native `layerlab` command: the same engine as the web app, for CI and comparisons.
mod allocator;
mod analyze_command;
mod check_command;
mod db;
mod findings_json;
mod options;
mod parse_command;
mod rules_command;
mod sarif;

use std::process::ExitCode;

const USAGE: &str = "usage:
  layerlab parse [--format buildkit|json] FILE|-
  layerlab analyze FILE|- [--format json|text] [--dockerignore F] [--context F] [--build-arg K=V]...
                  [--target S] [--platform P] [--scenario NAME] [--changed PATH]...
                  scenarios: nothing, edit-source[=PATH], change-deps[=PATH], build-arg=NAME=VALUE,
                  new-base[=IMAGE], clean-ci, ci-inline, ci-max (default: edit-source)
  layerlab check FILE|-... [--format text|json|sarif] [--fail-on error|warning|info|style] [--no-effects] [build options]
  layerlab fix FILE [--unsafe] [--diff]
  layerlab rules [--format text|json]
  layerlab explain CODE
  layerlab db [--format text|json] | layerlab db lookup IMAGE[:TAG] [--platform P]";

#[global_allocator]
static GLOBAL: allocator::Mimalloc = allocator::Mimalloc;

fn main() -> ExitCode {
    quiet_on_broken_pipe();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("parse") => parse_command::run(rest),
        Some("analyze") => analyze_command::run(rest),
        Some("check") => check_command::check(rest),
        Some("fix") => check_command::fix(rest),
        Some("rules") => rules_command::rules(rest),
        Some("explain") => rules_command::explain(rest),
        Some("db") => Ok(ExitCode::from(db::run(rest).clamp(0, 255) as u8)),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    result.unwrap_or_else(|message| {
        eprintln!("layerlab: {message}");
        ExitCode::from(2)
    })
}

/// `layerlab check … | head` closes our stdout early: stop quietly instead of panicking.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload.downcast_ref::<String>().map(String::as_str).or(payload.downcast_ref::<&str>().copied());
        if message.is_some_and(|m| m.contains("Broken pipe")) {
            std::process::exit(0);
        }
        default(info);
    }));
}
