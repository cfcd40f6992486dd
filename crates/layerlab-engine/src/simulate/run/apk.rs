//! `apk add` / `apk del`: package sizes from the DB (sourced, or estimated from the Debian
//! equivalent and flagged); the index cache in /var/cache/apk unless `--no-cache`; `--virtual`
//! groups removed by `apk del` in the same RUN never reach the layer.

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;
use crate::sizes::{db, ApkSize, PackageManager};

pub const INDEX_CACHE_PATH: &str = "/var/cache/apk/(APKINDEX)";
/// What `apk add --update curl drill` left in /var/cache/apk: 3.009 MB layer vs 2.26 MB with
/// `rm -rf /var/cache/apk/*` in the same RUN (gists pmbauer/1dd68c25…, pmbauer/3b71f611…;
/// cache-size-semantics.md §2.1).
pub const INDEX_CACHE_BYTES: u64 = 749_000;

pub fn package_path(name: &str) -> String {
    ["/usr/.apk/", name].concat()
}

pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let sub = cmd.words.iter().skip(1).find(|w| !w.starts_with('-')).map(String::as_str).unwrap_or("");
    if ctx.facts.package_manager != PackageManager::Apk && ctx.facts.package_manager != PackageManager::None {
        ctx.unknown(cmd, "apk on an image without apk: this RUN fails");
        return true;
    }
    let no_cache = cmd.has("--no-cache");
    match sub {
        "update" => {
            ctx.tx.write(INDEX_CACHE_PATH, Entry::new(INDEX_CACHE_BYTES, Class::Compressed, Category::Cache));
        }
        "add" => {
            let mut virtual_name = None;
            let mut names = Vec::new();
            let mut skip = false;
            let mut seen_sub = false;
            for w in cmd.words.iter().skip(1) {
                if skip {
                    virtual_name = Some(w.clone());
                    skip = false;
                    continue;
                }
                match w.as_str() {
                    "--virtual" | "-t" => skip = true,
                    "--repository" | "-X" | "--root" | "-p" => skip = false,
                    _ if w.starts_with("--virtual=") => virtual_name = Some(w["--virtual=".len()..].to_owned()),
                    _ if w.starts_with('-') => {}
                    _ if !seen_sub => seen_sub = true,
                    _ => names.push(w.split(['=', '<', '>', '~']).next().unwrap_or(w).to_owned()),
                }
            }
            let mut total = 0;
            let mut quoted = None;
            for n in &names {
                if ctx.facts.apk_installed.contains(n) {
                    continue;
                }
                let bytes = match db().apk_size(n) {
                    ApkSize::Sourced(p) => {
                        ctx.note(format_args!("apk: {n} {} ({})", p.installed_bytes, p.source.citation()));
                        p.installed_bytes
                    }
                    ApkSize::EstimatedFromDebian { debian_package, installed_bytes, .. } => {
                        ctx.estimated = true;
                        ctx.note(format_args!("apk: {n} ≈ {installed_bytes} (ESTIMATE from Debian {debian_package} closure; overstates musl packages)"));
                        installed_bytes
                    }
                    ApkSize::Unknown { .. } => {
                        if n.contains('$') || cmd.conditional {
                            ctx.note(format_args!("apk package `{n}` unresolved (variable or conditional)"));
                        } else {
                            ctx.unknown_about(&mut quoted, cmd, format_args!("apk package `{n}` not in the size DB (size unknown, not counted)"));
                        }
                        continue;
                    }
                };
                total += bytes;
                ctx.tx.write(package_path(n), Entry::new(bytes, Class::Executables, Category::SystemPackages));
                ctx.facts.apk_installed.insert(n.clone());
            }
            if let Some(v) = virtual_name {
                ctx.facts.apk_virtual.insert(v, names.clone());
            }
            if !no_cache {
                ctx.tx.write(INDEX_CACHE_PATH, Entry::new(INDEX_CACHE_BYTES, Class::Compressed, Category::Cache));
                ctx.note(format_args!("apk add without --no-cache keeps the index in /var/cache/apk (~{INDEX_CACHE_BYTES} bytes, pmbauer gists)"));
            }
            if names.iter().any(|n| n == "gcc" || n == "build-base" || n == "clang") {
                ctx.facts.c_compiler = true;
            }
            ctx.note(format_args!("apk add: {total} bytes installed (apk info sizes; compressed at the executables ratio 0.43)"));
        }
        "del" => {
            for n in cmd.operands(1).into_iter().skip(1) {
                let group = ctx.facts.apk_virtual.remove(n).unwrap_or_else(|| vec![n.to_owned()]);
                for p in group {
                    ctx.tx.remove(&package_path(&p));
                    ctx.facts.apk_installed.remove(&p);
                }
            }
        }
        "upgrade" => ctx.unknown(cmd, "upgrade size depends on how old the base image is"),
        _ => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with};

    #[test]
    fn apk_table() {
        // (RUN text, min bytes, max bytes)
        let cases: &[(&str, u64, u64)] = &[
            ("apk add --no-cache ca-certificates", 1, 2_000_000),
            ("apk add ca-certificates", 749_000, 3_000_000),
            ("apk add --no-cache --virtual .build gcc musl-dev && apk del .build", 0, 0),
            ("apk add --update ca-certificates && rm -rf /var/cache/apk/*", 1, 2_000_000),
        ];
        for (run, min, max) in cases {
            let (bytes, _) = run_layer(&stage_with("alpine:3.24", &format!("RUN {run}")), 1);
            assert!(bytes >= *min && bytes <= *max, "{run}: {bytes}");
        }
        // --virtual deleted in a later layer frees nothing.
        let sim = stage_with("alpine:3.24", "RUN apk add --no-cache --virtual .build gcc musl-dev\nRUN apk del .build");
        assert!(run_layer(&sim, 1).0 > 10_000_000);
        assert_eq!(run_layer(&sim, 2).0, 0);
    }
}
