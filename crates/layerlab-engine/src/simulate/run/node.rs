//! npm/yarn/pnpm: `ci`/`install` (named packages from the DB, else an assumed node_modules,
//! flagged), `--omit=dev`/`--production`/`NODE_ENV=production`, the package cache unless
//! `cache clean` in the same RUN or a cache mount.

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;
use crate::sizes::db;
use super::pip::ratio;

/// `npm ci` with an unknown package.json: ASSUMED node_modules sizes (flagged).
pub const NODE_MODULES_ASSUMED_ALL: u64 = 250_000_000;
pub const NODE_MODULES_ASSUMED_PROD: u64 = 90_000_000;

pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let prog = cmd.program();
    let sub = cmd.words.iter().skip(1).find(|w| !w.starts_with('-')).map(String::as_str).unwrap_or(if prog == "yarn" { "install" } else { "" });
    let npm_cache = format!("{}/.npm", ctx.home());
    let cache_dir = match prog {
        "yarn" => "/usr/local/share/.cache/yarn".to_owned(),
        "pnpm" => format!("{}/.local/share/pnpm/store", ctx.home()),
        _ => npm_cache,
    };
    match sub {
        "ci" | "install" | "i" | "add" => {
            let prod = cmd.has("--production") || cmd.words.iter().any(|w| w == "--omit=dev" || w == "--only=production" || w == "--prod")
                || ctx.env.get("NODE_ENV").is_some_and(|v| v == "production");
            let named: Vec<&str> = cmd.operands(1).into_iter().skip(1).collect();
            let mut bytes = 0u64;
            if !named.is_empty() {
                for n in &named {
                    match db().npm(n) {
                        Some(p) => {
                            let b = p.node_modules_bytes.or(p.unpacked_bytes).unwrap_or(0);
                            bytes += b;
                            ctx.note(format_args!("npm {n}: node_modules {b} bytes ({})", p.source.citation()));
                        }
                        None => ctx.unknown(cmd, format_args!("npm package `{n}` not in the size DB (size unknown, not counted)")),
                    }
                }
            } else {
                bytes = if prod { NODE_MODULES_ASSUMED_PROD } else { NODE_MODULES_ASSUMED_ALL };
                ctx.estimate(format_args!(
                    "package.json not known: ASSUMED node_modules {bytes} bytes ({})",
                    if prod { "production dependencies only" } else { "dev dependencies included; --omit=dev would leave them out" }
                ));
            }
            if cmd.has("-g") || cmd.has("--global") {
                ctx.tx.write(format!("/usr/local/lib/node_modules/(line {})", cmd.line), Entry::new(bytes, Class::Text, Category::LanguagePackages));
            } else {
                let nm = ctx.abs("node_modules");
                ctx.tx.write(format!("{nm}/(packages)"), Entry::new(bytes, Class::Text, Category::LanguagePackages));
            }
            let r = ratio("npm.cache_per_installed_byte", 0.30);
            let cache = (bytes as f64 * r) as u64;
            if ctx.mounted(&cache_dir) {
                ctx.note(format_args!("{cache_dir} is a cache mount: the package cache stays out of the layer"));
            } else if cache > 0 {
                ctx.note(format_args!("{prog} cache in {cache_dir}: {cache} bytes (≈ {r} × node_modules, build-facts.psv) unless cleaned in the same RUN"));
            }
            ctx.tx.write(format!("{cache_dir}/(tarballs)"), Entry::new(cache, Class::PackageCache, Category::Cache));
        }
        "cache" if cmd.words.iter().any(|w| w == "clean" || w == "prune") => {
            ctx.tx.remove(&cache_dir);
        }
        "run" | "build" => {
            ctx.unknown(cmd, "build script output size unknown");
        }
        _ => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with};

    #[test]
    fn node_table() {
        let full = run_layer(&stage_with("node:22", "RUN npm ci"), 1);
        let prod = run_layer(&stage_with("node:22", "RUN npm ci --omit=dev"), 1);
        let cleaned = run_layer(&stage_with("node:22", "RUN npm ci --omit=dev && npm cache clean --force"), 1);
        let mounted = run_layer(&stage_with("node:22", "RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev"), 1);
        assert!(full.0 > prod.0 && prod.0 > cleaned.0, "{} {} {}", full.0, prod.0, cleaned.0);
        assert_eq!(cleaned.0, mounted.0);
        assert!(full.1.estimated);
        let express = run_layer(&stage_with("node:22", "RUN npm install express"), 1);
        assert!(!express.1.estimated && express.0 > 1_000_000, "{:?}", express.1.notes);
    }
}
