//! `cargo build`/`install`/`fetch`: a release binary of typical size (the DB's measured
//! axum/tokio service), `target/` and `~/.cargo/registry` (assumed, flagged) unless cache mounts.

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;
use crate::sizes::db;

/// Cargo: `target/` of a release build of an axum-class service and `~/.cargo/registry`. ASSUMED.
pub const CARGO_TARGET_ASSUMED: u64 = 300_000_000;
pub const CARGO_REGISTRY_ASSUMED: u64 = 120_000_000;
pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let sub = cmd.words.get(1).map(String::as_str).unwrap_or("");
    if !matches!(sub, "build" | "install" | "fetch") {
        return matches!(sub, "--version" | "version" | "test" | "check" | "clippy" | "fmt");
    }
    let registry = format!("{}/.cargo/registry", ctx.env.get("CARGO_HOME").map(|h| h.trim_end_matches("/.cargo").to_owned()).unwrap_or_else(|| ctx.home()));
    ctx.tx.write(format!("{registry}/(crates)"), Entry::new(CARGO_REGISTRY_ASSUMED, Class::Mixed, Category::Cache));
    if sub == "fetch" {
        ctx.estimate(format_args!("cargo registry ASSUMED {CARGO_REGISTRY_ASSUMED} bytes"));
        return true;
    }
    let release = cmd.has("--release") || cmd.has("-r");
    // A release binary of an axum/tokio service (measured); debug ≈ 8× (assumed).
    let fact = db().fact("rust.axum.release_bytes");
    let size = fact.map(|f| f.value as u64).unwrap_or(2_000_000) * if release { 1 } else { 8 };
    let target = ctx.abs(ctx.env.get("CARGO_TARGET_DIR").unwrap_or("target"));
    ctx.tx.write(format!("{target}/(build artifacts)"), Entry::new(CARGO_TARGET_ASSUMED, Class::Mixed, Category::Cache));
    let name = ctx.workdir.rsplit('/').find(|s| !s.is_empty()).unwrap_or("app").to_owned();
    let bin = format!("{target}/{}/{name}", if release { "release" } else { "debug" });
    ctx.tx.write(bin.as_str(), Entry::new(size, Class::Executables, Category::Application));
    ctx.estimate(format_args!(
        "cargo build: binary {bin} ≈ {size} bytes (axum/tokio release binary, {}{}); target/ ASSUMED {CARGO_TARGET_ASSUMED}, registry ASSUMED {CARGO_REGISTRY_ASSUMED} unless cache mounts",
        fact.map(|f| f.source.citation()).unwrap_or_default(),
        if release { "" } else { "; debug ≈ 8× ASSUMED" }
    ));
    true
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with_context};

    #[test]
    fn cargo_is_an_estimate() {
        let (bytes, step) = run_layer(&stage_with_context("rust:1", "WORKDIR /app\nRUN cargo build --release", ""), 2);
        assert!(step.estimated && bytes > 100_000_000);
    }
}
