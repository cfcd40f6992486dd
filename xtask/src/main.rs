//! Layerlab's task runner: `cargo xtask <command>` (see `cargo xtask help`).
//!
//! std only, so it compiles in seconds on a fresh machine before anything else is installed.
mod bench;
mod fuzz;
mod process;
mod refresh_db;
mod serve;
mod setup;
mod size;
mod test_all;

use std::process::ExitCode;
use std::time::Instant;

use process::{command, format_duration, repo_root, run, Timings};
use setup::{run_setup, Scope};

const HELP: &str = "\
Layerlab tasks. On a fresh machine each command installs what it needs first.

usage: cargo xtask <command>

  serve [--port N] [--dir DIR]
                     set up, build the app (release) and serve dist/ on 127.0.0.1:8080;
                     with --dir, serve an existing build (e.g. `trunk build --dist DIR`)
  test               set up and run every test: native, wasm in Chromium, e2e; summary at the end
  setup              install what is missing: wasm32 target, trunk, wasm-bindgen-cli,
                     npm packages (wasm-opt, playwright-core), chromium, crates
  build              set up and build the app into dist/, then print its size
  size               size of dist/ by kind, raw and gzip -9
  refresh-db ...     regenerate data/ from the package registries (see data/README.md)
  bench [--quick]    criterion benchmarks of the engine, summarised (µs per file, ratios)
  bench --vs-hadolint [--repeat=N]
                     `layerlab check` vs hadolint 2.15.1 over the real-world corpus
  fuzz [TARGET] [SECONDS]
                     a short cargo-fuzz run (needs nightly and cargo-fuzz)
  help               this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve_command(&args[1..]),
        Some("test") => test_all::run(),
        Some("setup") => setup_command(),
        Some("build") => build_command(),
        Some("size") => size::run(&repo_root().join("dist")).map(|_| ()),
        Some("refresh-db") => refresh_db::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprint!("error: unknown command `{other}`\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!(
                "\nerror: {message} (after {})",
                format_duration(started.elapsed())
            );
            ExitCode::FAILURE
        }
    }
}

/// `trunk build --release` with the npm wasm-opt first on PATH (Trunk.toml: offline, locked).
pub fn trunk_build() -> Result<(), String> {
    run(command("trunk")
        .args(["build", "--release"])
        // Trunk's update check asks crates.io on every run; we pin the version anyway.
        .env("TRUNK_SKIP_VERSION_CHECK", "true"))
}

fn setup_command() -> Result<(), String> {
    let mut timings = Timings::default();
    let result = run_setup(Scope::Everything, &mut timings);
    timings.print("Set-up");
    result
}

fn build_command() -> Result<(), String> {
    let mut timings = Timings::default();
    run_setup(Scope::App, &mut timings)?;
    timings.step("trunk build --release", trunk_build, |_| "ok".into())?;
    timings.print("Steps");
    size::run(&repo_root().join("dist")).map(|_| ())
}

fn serve_command(args: &[String]) -> Result<(), String> {
    const USAGE: &str = "usage: cargo xtask serve [--port N] [--dir DIR (serve DIR as built, no build)]";
    let mut port = 8080;
    let mut dir = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(USAGE)?;
        match flag.as_str() {
            "--port" => port = value.parse().map_err(|_| format!("--port needs a number, not `{value}`"))?,
            "--dir" => dir = Some(std::path::PathBuf::from(value)),
            _ => return Err(USAGE.into()),
        }
    }
    let dir = match dir {
        Some(dir) => dir,
        None => {
            build_command()?;
            repo_root().join("dist")
        }
    };
    let address = serve::start(&dir, port, true)?;
    println!("\nLayerlab is running at http://{address}/");
    println!("(serving {} until you press Ctrl+C)", dir.display());
    loop {
        std::thread::park();
    }
}
