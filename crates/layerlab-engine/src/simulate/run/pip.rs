//! pip/pip3/`python -m pip`/uv: `install pkg…` from the DB (with dependencies, `.pyc` unless
//! `--no-compile`), `-r file`/`.` estimated and flagged, the wheel cache in ~/.cache/pip unless
//! `--no-cache-dir` / `PIP_NO_CACHE_DIR` / a cache mount.

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;
use crate::sizes::db;

/// `pip install -r requirements.txt` when the list is not known: an assumed typical web
/// application set (Django/Flask + a DB driver + requests ≈ the DB's django/flask/requests
/// rows with .pyc). ASSUMED, flagged.
pub const PIP_REQUIREMENTS_ASSUMED: u64 = 60_000_000;
pub fn ratio(key: &str, fallback: f64) -> f64 {
    db().fact(key).map(|f| f.value).filter(|v| v.is_finite()).unwrap_or(fallback)
}

pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let w: Vec<&str> = cmd.words.iter().map(String::as_str).collect();
    // python -m pip install …, uv pip install …, pip install …
    let start = match (cmd.program(), w.get(1).copied(), w.get(2).copied()) {
        ("python" | "python3", Some("-m"), Some("pip")) => 3,
        ("python" | "python3", _, _) => return python_other(cmd, ctx),
        ("uv", Some("pip"), _) => 2,
        ("uv", Some("sync"), _) => 1,
        ("pipx", _, _) => 1,
        _ => 1,
    };
    let sub = w.get(start).copied().unwrap_or("");
    let uv = cmd.program() == "uv";
    if !matches!(sub, "install" | "sync") {
        return true; // freeze, list, --version, config: no size
    }
    let mut installed = 0u64; // without .pyc
    let mut with_pyc = 0u64;
    let mut requirements = false;
    let mut i = start + 1;
    while i < w.len() {
        let a = w[i];
        if a == "-r" || a == "--requirement" || a.starts_with("--requirement=") || a.starts_with("-r") && a.len() > 2 {
            requirements = true;
            if a == "-r" || a == "--requirement" {
                i += 1;
            }
        } else if matches!(a, "-c" | "--constraint" | "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" | "-t" | "--target" | "--prefix") {
            i += 1;
        } else if a == "." || a == "-e" || a.starts_with("./") || a.starts_with('/') {
            requirements = true;
        } else if !a.starts_with('-') {
            let name = a.split(['=', '<', '>', '~', '!', '[', ';']).next().unwrap_or(a);
            match db().pypi(name) {
                Some(p) => {
                    let plain = p.with_deps_bytes.or(p.own_installed_bytes).unwrap_or(0);
                    installed += plain;
                    with_pyc += p.with_deps_pyc_bytes.unwrap_or(plain);
                    ctx.note(format_args!("pip {name}: {plain} bytes with dependencies ({})", p.source.citation()));
                }
                None => ctx.unknown(cmd, format_args!("PyPI package `{name}` not in the size DB (size unknown, not counted)")),
            }
        }
        i += 1;
    }
    if sub == "sync" {
        requirements = true;
    }
    if requirements {
        installed += PIP_REQUIREMENTS_ASSUMED;
        with_pyc += PIP_REQUIREMENTS_ASSUMED;
        ctx.estimate(format_args!("requirements not listed in the Dockerfile: ASSUMED {PIP_REQUIREMENTS_ASSUMED} bytes of packages (a typical web app)"));
    }
    let no_compile = cmd.has("--no-compile") || uv; // uv does not compile .pyc by default
    let bytes = if no_compile { installed } else { with_pyc };
    if bytes > 0 {
        let site = if cmd.has("--user") { format!("{}/.local/lib/python/site-packages", ctx.home()) } else { "/usr/local/lib/python3/site-packages".to_owned() };
        let path = format!("{site}/(packages of line {})", cmd.line);
        ctx.tx.write(path.as_str(), Entry::new(bytes, Class::Mixed, Category::LanguagePackages));
    }
    // The wheel cache.
    let no_cache_env = ctx.env.get("PIP_NO_CACHE_DIR").is_some_and(|v| !matches!(v, "" | "0" | "false" | "no" | "off"))
        || (uv && ctx.env.contains_key("UV_NO_CACHE"));
    let no_cache = cmd.has("--no-cache-dir") || cmd.has("--no-cache") || no_cache_env;
    let cache_dir = if uv { format!("{}/.cache/uv", ctx.home()) } else { format!("{}/.cache/pip", ctx.home()) };
    if !no_cache && installed > 0 {
        let r = ratio("pip.cache_per_installed_byte", 0.34);
        let cache = (installed as f64 * r) as u64;
        if ctx.mounted(&cache_dir) {
            ctx.note(format_args!("{cache_dir} is a cache mount: the wheel cache stays out of the layer"));
        } else {
            ctx.note(format_args!("wheel cache in {cache_dir}: {cache} bytes (≈ {r} × installed, build-facts.psv) — use --no-cache-dir or a cache mount"));
        }
        ctx.tx.write(format!("{cache_dir}/(wheels)"), Entry::new(cache, Class::PackageCache, Category::Cache));
    }
    true
}

fn python_other(cmd: &Command, ctx: &mut RunCtx) -> bool {
    if cmd.words.get(1).is_some_and(|w| w == "-m") && cmd.words.get(2).is_some_and(|w| w == "venv") {
        ctx.tx.write(ctx.abs(cmd.words.last().map(String::as_str).unwrap_or("venv")), Entry::new(20_000_000, Class::Mixed, Category::LanguagePackages));
        ctx.estimate("python -m venv: ASSUMED ~20 MB (pip + setuptools in the venv)");
        return true;
    }
    if cmd.words.get(1).is_some_and(|w| w == "--version" || w == "-V" || w == "-c") {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with};

    #[test]
    fn pip_table() {
        // (RUN, expects cache, estimated, unknown)
        let cases: &[(&str, bool, bool, bool)] = &[
            ("pip install requests", true, false, false),
            ("pip install --no-cache-dir requests", false, false, false),
            ("PIP_NO_CACHE_DIR=1 pip install requests", false, false, false),
            ("pip install --no-cache-dir -r requirements.txt", false, true, false),
            ("python -m pip install flask", true, false, false),
            ("pip install no-such-package-xyz", false, false, true),
        ];
        for (run, cache, est, unknown) in cases {
            let (_, step) = run_layer(&stage_with("python:3.12-slim", &format!("RUN {run}")), 1);
            assert_eq!(step.notes.iter().any(|n| n.contains("wheel cache")), *cache, "{run}: {:?}", step.notes);
            assert_eq!(step.estimated, *est, "{run}");
            assert_eq!(step.unknown, *unknown, "{run}");
        }
        let sim = stage_with("python:3.12-slim", "RUN --mount=type=cache,target=/root/.cache/pip pip install requests");
        let mounted = run_layer(&sim, 1).0;
        let plain = run_layer(&stage_with("python:3.12-slim", "RUN pip install requests"), 1).0;
        let no_cache = run_layer(&stage_with("python:3.12-slim", "RUN pip install --no-cache-dir requests"), 1).0;
        assert_eq!(mounted, no_cache);
        assert!(plain > no_cache);
    }
}
