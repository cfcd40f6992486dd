//! Running tools: the repository root, the PATH every tool sees, commands that echo what they
//! run, and step timings.
use std::env;
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// `$CARGO_HOME`, where `cargo install` puts trunk and wasm-bindgen.
pub fn cargo_home() -> PathBuf {
    match env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home),
        None => PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo"),
    }
}

/// The npm tools (wasm-opt 132 from binaryen) come first, then cargo's bin, then the caller's
/// PATH, so Trunk finds the right wasm-opt even when Debian's old one is installed.
pub fn tool_path() -> OsString {
    let mut dirs = vec![
        repo_root().join("e2e/node_modules/.bin"),
        cargo_home().join("bin"),
    ];
    if let Some(path) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&path));
    }
    env::join_paths(dirs).expect("PATH entries contain no separator")
}

/// The cargo that runs this xtask (so `cargo +toolchain xtask` stays on that toolchain).
pub fn cargo() -> Command {
    command(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// A command run from the repository root with the tool PATH.
pub fn command(program: impl Into<OsString>) -> Command {
    let mut cmd = Command::new(program.into());
    cmd.current_dir(repo_root()).env("PATH", tool_path());
    cmd
}

fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs a command to completion with inherited output; an error names the command.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let text = describe(cmd);
    println!("$ {text}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{text}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{text}` failed ({status})"))
    }
}

/// Runs a command, printing its stdout as it comes and also returning it (stderr is inherited).
pub fn run_tee(cmd: &mut Command) -> Result<String, (String, String)> {
    let text = describe(cmd);
    println!("$ {text}");
    let mut child = match cmd.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) => return Err((format!("could not start `{text}`: {e}"), String::new())),
    };
    let mut captured = String::new();
    for line in BufReader::new(child.stdout.take().expect("stdout is piped")).lines() {
        let Ok(line) = line else { break };
        println!("{line}");
        captured.push_str(&line);
        captured.push('\n');
    }
    match child.wait() {
        Ok(status) if status.success() => Ok(captured),
        Ok(status) => Err((format!("`{text}` failed ({status})"), captured)),
        Err(e) => Err((format!("`{text}` did not finish: {e}"), captured)),
    }
}

/// The trimmed stdout of a command that succeeded, or None (missing tool, failure).
pub fn stdout_of(cmd: &mut Command) -> Option<String> {
    let output = cmd.stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// "4.3 s" or "4m29s".
pub fn format_duration(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.1} s")
    } else {
        format!(
            "{}m{:02}s",
            duration.as_secs() / 60,
            duration.as_secs() % 60
        )
    }
}

/// Per-step outcomes and durations, printed as a table at the end.
#[derive(Default)]
pub struct Timings {
    steps: Vec<(String, String, Duration)>,
}

impl Timings {
    /// Runs `step`, prints its heading and duration, and records "ok", its note, or "FAILED".
    pub fn step<T>(
        &mut self,
        name: &str,
        step: impl FnOnce() -> Result<T, String>,
        note: impl FnOnce(&T) -> String,
    ) -> Result<T, String> {
        println!("\n==> {name}");
        let start = Instant::now();
        let result = step();
        let elapsed = start.elapsed();
        let outcome = match &result {
            Ok(value) => note(value),
            Err(_) => "FAILED".to_owned(),
        };
        println!("<== {name}: {outcome} ({})", format_duration(elapsed));
        self.steps.push((name.to_owned(), outcome, elapsed));
        result
    }

    pub fn record(&mut self, name: &str, outcome: &str) {
        self.steps
            .push((name.to_owned(), outcome.to_owned(), Duration::ZERO));
    }

    pub fn print(&self, title: &str) {
        let name_width = self.steps.iter().map(|s| s.0.len()).max().unwrap_or(0);
        let outcome_width = self
            .steps
            .iter()
            .map(|s| s.1.chars().count())
            .max()
            .unwrap_or(0);
        println!("\n{title}");
        for (name, outcome, elapsed) in &self.steps {
            let padding = outcome_width - outcome.chars().count();
            println!(
                "  {name:<name_width$}  {outcome}{:padding$}  {:>8}",
                "",
                format_duration(*elapsed)
            );
        }
        let total: Duration = self.steps.iter().map(|s| s.2).sum();
        println!(
            "  {:<name_width$}  {:outcome_width$}  {:>8}",
            "total",
            "",
            format_duration(total)
        );
    }
}
