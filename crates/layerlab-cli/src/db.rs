//! `layerlab db`: inspect the curated size database.
//!
//! - `layerlab db [--format text|json]` — every entry with its source (json) or a summary (text).
//! - `layerlab db lookup IMAGE[:TAG][@DIGEST] [--platform P] [--format text|json]` — how a
//!   reference resolves. Exit code 1 when the image is unknown, 2 on a usage error.

use layerlab_engine::sizes::{
    db, AptPackage, ImageEntry, ImageResolution, Source, SourceKind, Uncompressed,
};
use serde_json::{json, Value};

const USAGE: &str = "usage: layerlab db [--format text|json]\n       layerlab db lookup IMAGE[:TAG] [--platform linux/amd64] [--format text|json]";

/// Entry point; `args` are the arguments after `db` (a leading `db` is tolerated).
pub fn run(args: &[String]) -> i32 {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    if args.first() == Some(&"db") {
        args.remove(0);
    }
    let mut format = "text";
    let mut platform = "linux/amd64";
    let mut positional: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i] {
            "--format" | "--platform" => {
                let Some(value) = args.get(i + 1) else {
                    eprintln!("{} needs a value\n{USAGE}", args[i]);
                    return 2;
                };
                if args[i] == "--format" {
                    format = value;
                } else {
                    platform = value;
                }
                i += 2;
            }
            a if a.starts_with("--format=") => {
                format = &a["--format=".len()..];
                i += 1;
            }
            a if a.starts_with("--platform=") => {
                platform = &a["--platform=".len()..];
                i += 1;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return 0;
            }
            a => {
                positional.push(a);
                i += 1;
            }
        }
    }
    if format != "text" && format != "json" {
        eprintln!("unknown format {format:?}\n{USAGE}");
        return 2;
    }
    match positional.as_slice() {
        [] => {
            if format == "json" {
                print_json(&dump());
            } else {
                print_summary();
            }
            0
        }
        ["lookup", reference] => lookup(reference, platform, format),
        _ => {
            eprintln!("{USAGE}");
            2
        }
    }
}

fn print_json(v: &Value) {
    match serde_json::to_string_pretty(v) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("json: {e}"),
    }
}

fn source_json(s: &Source) -> Value {
    let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
    v["citation"] = Value::String(s.citation());
    v
}

fn image_json(e: &ImageEntry) -> Value {
    let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
    v["source"] = source_json(&e.source);
    v
}

fn apt_package_json(p: &AptPackage) -> Value {
    let index = db().apt();
    let names = |groups: &mut dyn Iterator<Item = Vec<u32>>| -> Vec<Vec<&str>> {
        groups
            .map(|g| g.iter().map(|i| index.packages[*i as usize].name).collect())
            .collect()
    };
    json!({
        "name": p.name,
        "installed_kib": p.installed_kib,
        "slim_bytes": p.slim_bytes,
        "gzip_bytes": p.gzip_bytes,
        "measured": p.measured,
        "depends": names(&mut index.depends(p)),
        "recommends": names(&mut index.recommends(p)),
    })
}

/// The whole database as JSON: every entry carries (or inherits, for apt packages) its source.
fn dump() -> Value {
    let d = db();
    let apt_estimated = Source {
        kind: SourceKind::Estimated {
            method: d.apt().estimate_method,
        },
        ..d.apt().source
    };
    json!({
        "images": d.images.iter().map(image_json).collect::<Vec<_>>(),
        "image_profiles": d.profiles,
        "apt": {
            "source": source_json(&d.apt().source),
            "estimated_source": source_json(&apt_estimated),
            "packages": d.apt().packages.iter().map(apt_package_json).collect::<Vec<_>>(),
        },
        "apt_bases": d.apt_bases(),
        "apt_lists": d.apt_lists_bytes().map(|(b, s)| json!({"bytes": b, "source": source_json(&s)})),
        "pypi": d.pypi,
        "npm": d.npm,
        "apk": d.apk,
        "apk_debian_equivalents": d.apk_debian_equivalents,
        "facts": d.facts,
    })
}

fn print_summary() {
    let d = db();
    let mut repos: Vec<&str> = d.images.iter().map(|e| e.repository).collect();
    repos.sort();
    repos.dedup();
    println!(
        "images: {} entries, {} repositories",
        d.images.len(),
        repos.len()
    );
    for r in repos {
        let n = d.images.iter().filter(|e| e.repository == r).count();
        println!("  {r}: {n}");
    }
    let measured = d.apt().packages.iter().filter(|p| p.measured).count();
    println!(
        "debian bookworm packages: {} ({} measured, {} estimated) — {}",
        d.apt().packages.len(),
        measured,
        d.apt().packages.len() - measured,
        d.apt().source.citation()
    );
    println!(
        "apt base sets: {}",
        d.apt_bases()
            .iter()
            .map(|b| b.name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "pypi: {}, npm: {}, apk: {}, facts: {}",
        d.pypi.len(),
        d.npm.len(),
        d.apk.len(),
        d.facts.len()
    );
    println!("`layerlab db --format json` dumps every entry with its source.");
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn lookup(reference: &str, platform: &str, format: &str) -> i32 {
    let res = db().resolve_image(reference, platform);
    if format == "json" {
        let mut v = serde_json::to_value(&res).unwrap_or(Value::Null);
        if let Some(e) = res.entry() {
            v["entry"] = image_json(e);
            v["profile"] = serde_json::to_value(e.profile).unwrap_or(Value::Null);
        }
        print_json(&v);
        return if res.entry().is_some() { 0 } else { 1 };
    }
    match &res {
        ImageResolution::Unknown { reference, reason } => {
            println!("{}: UNKNOWN — {reason}", reference.original);
            println!("size: unknown (not 0)");
            1
        }
        ImageResolution::Known {
            reference,
            entry,
            matched,
            platform_fallback,
            notes,
        } => {
            println!(
                "{} → {} ({})",
                reference.original,
                entry.reference(),
                entry.platform
            );
            println!(
                "match: {}",
                serde_json::to_value(matched)
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            );
            if let Some(p) = platform_fallback {
                println!("platform fallback: {p}");
            }
            for n in notes {
                println!("note: {n}");
            }
            match entry.compressed_bytes {
                Some(c) => println!("compressed: {} ({c} bytes)", mb(c)),
                None => println!("compressed: unknown"),
            }
            match entry.uncompressed {
                Uncompressed::Sourced { bytes } => {
                    println!("uncompressed: {} (sourced)", mb(bytes))
                }
                Uncompressed::Estimated { bytes, method } => {
                    println!("uncompressed: ~{} (estimated: {method})", mb(bytes))
                }
                Uncompressed::Unknown => println!("uncompressed: unknown"),
            }
            if !entry.layers.is_empty() {
                let layers: Vec<String> = entry.layers.iter().map(|l| l.to_string()).collect();
                println!("layers ({}): {}", layers.len(), layers.join(" + "));
            }
            let p = entry.profile;
            println!(
                "os: {}, libc: {:?}, package manager: {:?}, shell: {}, CA certs: {:?}, user: {}, C toolchain: {}",
                p.os_family,
                p.libc,
                p.package_manager,
                p.shell.unwrap_or("none"),
                p.ca_certs,
                p.default_user,
                if p.c_toolchain { "yes" } else { "no" }
            );
            if !entry.toolchains.is_empty() {
                let t: Vec<String> = entry
                    .toolchains
                    .iter()
                    .map(|t| match t.version {
                        Some(v) => format!("{} {v}", t.name),
                        None => t.name.to_string(),
                    })
                    .collect();
                println!("toolchains: {}", t.join(", "));
            }
            if let Some((base, approximate)) = db().image_apt_base(entry) {
                println!(
                    "apt base: {} ({} packages{})",
                    base.name,
                    base.installed.len(),
                    if approximate {
                        ", approximate for this image"
                    } else {
                        ""
                    }
                );
            }
            println!(
                "source: {} [{}] {}",
                entry.source.citation(),
                kind_word(&entry.source.kind),
                entry.source.date
            );
            0
        }
    }
}

fn kind_word(k: &SourceKind) -> String {
    match k {
        SourceKind::Published => "published".into(),
        SourceKind::Measured => "measured".into(),
        SourceKind::Derived => "derived".into(),
        SourceKind::Estimated { method } => format!("estimated: {method}"),
    }
}
