//! `apt-get` / `apt`: `update` writes the package lists; `install` adds the closure of the
//! requested packages over what the stage already has (base image set + earlier layers),
//! following Recommends unless `--no-install-recommends`; `remove`/`purge` hide packages
//! (whiteouts: freeing nothing from earlier layers); `rm -rf /var/lib/apt/lists/*` in the same
//! RUN drops the lists (see files.rs).

use std::sync::Arc;

use super::{Command, RunCtx};
use crate::simulate::classes::{Category, Class};
use crate::simulate::vfs::Entry;
use crate::memo::Memo;
use crate::sorting;
use crate::sizes::{db, PackageManager, PackageNames};

pub const LISTS_PATH: &str = "/var/lib/apt/lists/(package indexes)";

/// dpkg bookkeeping per installed package: `/var/lib/dpkg/info/<pkg>.{list,md5sums,…}`.
/// Assumed (not measured): a few KiB per package.
pub const DPKG_INFO_PER_PACKAGE: u64 = 4 * 1024;
/// `/var/lib/dpkg/status` is rewritten (copied up whole) by every install: assumed ~1.1 KiB per
/// installed package (a status stanza).
pub const DPKG_STATUS_PER_PACKAGE: u64 = 1_100;

pub fn package_path(name: &str) -> String {
    ["/usr/.dpkg/", name].concat()
}

/// Debian virtual package names Dockerfiles request directly, mapped to their provider in
/// bookworm (the index only resolves virtual names inside Depends).
const VIRTUALS: &[(&str, &str)] = &[
    ("libxslt-dev", "libxslt1-dev"),
    ("libjpeg-dev", "libjpeg62-turbo-dev"),
    ("libgl1-mesa-glx", "libgl1"),
];
pub fn run(cmd: &Command, ctx: &mut RunCtx) -> bool {
    let sub = cmd.words.iter().skip(1).find(|w| !w.starts_with('-')).map(String::as_str).unwrap_or("");
    match sub {
        "update" => {
            if ctx.facts.package_manager != PackageManager::Apt {
                ctx.note("apt-get on an image without apt: this RUN fails");
            }
            match db().apt_lists_bytes() {
                Some((bytes, source)) => {
                    ctx.tx.write(LISTS_PATH, Entry::new(bytes, Class::Compressed, Category::Cache));
                    ctx.note(format_args!(
                        "apt-get update: {bytes} bytes of lists in /var/lib/apt/lists ({}) unless removed in the same RUN",
                        source.citation()
                    ));
                }
                None => ctx.unknown(cmd, "apt lists size not in the DB"),
            }
            true
        }
        "install" | "reinstall" => {
            install(cmd, ctx);
            true
        }
        "remove" | "purge" | "autoremove" => {
            for name in cmd.operands(2) {
                let name = crate::sizes::AptIndex::get(db().apt(), name).map(|p| p.name).unwrap_or("");
                if !name.is_empty() {
                    ctx.tx.remove(&package_path(name));
                    Arc::make_mut(&mut ctx.facts.apt_installed).remove(name);
                }
            }
            ctx.note("apt-get remove/purge: packages from earlier layers stay in the image (whiteouts)");
            true
        }
        "upgrade" | "dist-upgrade" | "full-upgrade" => {
            ctx.unknown(cmd, "upgrade size depends on how old the base image is");
            true
        }
        "clean" | "autoclean" => {
            ctx.tx.remove("/var/cache/apt/archives");
            true
        }
        // Read-only or bookkeeping: no size.
        _ => true,
    }
}

fn install(cmd: &Command, ctx: &mut RunCtx) {
    if ctx.facts.package_manager != PackageManager::Apt && ctx.facts.package_manager != PackageManager::None {
        ctx.unknown(cmd, "apt-get on an image without apt: this RUN fails");
        return;
    }
    if !ctx.facts.apt_known {
        ctx.estimate("base image's installed apt packages unknown: closure computed over debian:bookworm-slim");
    }
    let mut recommends = true;
    let mut names: Vec<String> = Vec::new();
    let mut skip_next = false;
    let mut seen_sub = false;
    for w in cmd.words.iter().skip(1) {
        if skip_next {
            skip_next = false;
            if w.contains("Install-Recommends") && (w.ends_with("false") || w.ends_with('0')) {
                recommends = false;
            }
            continue;
        }
        if w == "-o" || w == "--option" || w == "-t" || w == "--target-release" {
            skip_next = true;
            continue;
        }
        if w.starts_with('-') {
            if w == "--no-install-recommends" || (w.contains("Install-Recommends") && w.ends_with("false")) {
                recommends = false;
            }
            continue;
        }
        if !seen_sub {
            seen_sub = true;
            continue;
        }
        names.push(w.clone());
    }
    if ctx.env.contains_key("APT_NO_RECOMMENDS") {
        recommends = false;
    }
    let mut requested: Vec<&str> = Vec::new();
    let mut quoted = None;
    for n in &names {
        if n.contains('$') || n.contains('*') || n.ends_with(".deb") {
            ctx.unknown_about(&mut quoted, cmd, format_args!("package `{n}` cannot be resolved statically"));
            continue;
        }
        let clean = n.split(['=', ':', '/']).next().unwrap_or(n);
        let mapped = VIRTUALS.iter().find(|(v, _)| *v == clean && db().apt().get(clean).is_none()).map(|(_, p)| *p);
        requested.push(mapped.unwrap_or(n.as_str()));
    }
    if ctx.tx.get(LISTS_PATH).is_none() {
        ctx.note("apt-get install with no package lists in the stage (no apt-get update in this or an earlier layer): fails on a fresh image");
    }
    let installed = installed(&requested, recommends, ctx.facts.apt_docs, &ctx.facts.apt_installed);
    for (path, entry) in &installed.writes {
        ctx.tx.write(Arc::clone(path), entry.clone());
    }
    if installed.added > 0 {
        ctx.facts.apt_installed = Arc::clone(&installed.after);
        let status = DPKG_STATUS_PER_PACKAGE * installed.after.len() as u64;
        ctx.tx.write("/var/lib/dpkg/status", Entry::new(status, Class::Text, Category::Other));
    }
    for u in &installed.unknown {
        if cmd.conditional {
            ctx.note(format_args!("apt package `{u}` (in a conditional branch) is not in the DB"));
        } else {
            ctx.unknown_about(&mut quoted, cmd, format_args!("apt package `{u}` is not in the size DB (size unknown, not counted)"));
        }
    }
    let Installed { added, bytes, gz, docs_bytes, estimated_count, .. } = *installed;
    let index = db().apt();
    let src = index.source;
    ctx.note(format_args!(
        "apt-get install {}: {} new packages ({} requested; {}), {bytes} bytes ≈ {gz} gzip; sizes: {} ({}){}",
        if recommends { "with Recommends" } else { "--no-install-recommends" },
        added,
        requested.len(),
        if ctx.facts.apt_approximate { "base package set approximate" } else { "closure over the stage's packages" },
        src.citation(),
        src.date,
        if docs_bytes > 0 {
            format!("; non-slim image keeps docs/man/locales: +{docs_bytes} bytes (Installed-Size − slim files) at the /usr/share/doc ratio 0.57")
        } else {
            String::new()
        }
    ));
    if estimated_count > 0 {
        ctx.estimate(format_args!("{estimated_count} packages have estimated sizes ({})", index.estimate_method));
    }
    if ctx.facts.apt_approximate {
        ctx.estimated = true;
    }
    if added > 0 {
        ctx.note("dpkg bookkeeping (status, info files) assumed ~4 KiB per package + 1.1 KiB per installed package");
    }
}

/// What `apt-get install` of `requested` adds to a stage that has `before` installed: the
/// closure's files and sizes, and the installed set after it.
struct Installed {
    /// The set it was worked out on (kept, so that no other set takes its address).
    before: Arc<PackageNames>,
    after: Arc<PackageNames>,
    /// In path order; shared with the layers that write them.
    writes: Vec<(Arc<str>, Entry)>,
    added: usize,
    bytes: u64,
    gz: u64,
    docs_bytes: u64,
    estimated_count: usize,
    unknown: Vec<String>,
}

/// [`Installed`], remembered per installed set: an edited build re-simulates the installs of
/// the build it was edited from on the very same sets, and builds from the same base image
/// start from the same set.
fn installed(requested: &[&str], recommends: bool, docs: bool, before: &Arc<PackageNames>) -> Arc<Installed> {
    static INSTALLS: Memo<Arc<Installed>> = Memo::new(1024);
    let key = format!("{}{}{}", u8::from(recommends), u8::from(docs), requested.join(" "));
    let work_out = || {
        let closure = db().apt_closure(requested, &|p| before.contains(p), recommends);
        let index = db().apt();
        let mut installed = Installed {
            before: Arc::clone(before),
            after: Arc::clone(before),
            writes: Vec::with_capacity(closure.added.len() * 2),
            added: closure.added.len(),
            bytes: 0,
            gz: 0,
            docs_bytes: 0,
            estimated_count: closure.estimated_count,
            unknown: closure.unknown,
        };
        for name in &closure.added {
            let Some(p) = index.get(name) else { continue };
            // Non-slim Debian keeps docs, man pages and locales: Installed-Size − slim files.
            let docs = if docs { (p.installed_kib * 1024).saturating_sub(p.slim_bytes) } else { 0 };
            let entry = Entry::with_compressed(
                p.slim_bytes + docs,
                p.gzip_bytes + Class::Docs.compress(docs),
                Class::SharedLibs,
                Category::SystemPackages,
            );
            installed.docs_bytes += docs;
            installed.bytes += entry.size;
            installed.gz += entry.compressed;
            installed.writes.push((package_path(name).into(), entry));
            let list = Entry::new(DPKG_INFO_PER_PACKAGE, Class::Text, Category::Other);
            installed.writes.push((["/var/lib/dpkg/info/", name, ".list"].concat().into(), list));
        }
        if !closure.added.is_empty() {
            Arc::make_mut(&mut installed.after).extend(closure.added.iter().copied());
        }
        // In path order (each path once): the step's layer puts its changes in path order, and
        // a run already in order costs that sort one pass.
        sorting::sort_unstable_by(&mut installed.writes, |a, b| a.0.cmp(&b.0));
        Arc::new(installed)
    };
    INSTALLS.get_or_make(&key, |known| Arc::ptr_eq(&known.before, before), work_out)
}

#[cfg(test)]
mod tests {
    use crate::simulate::tests::{run_layer, stage_with};

    #[test]
    fn apt_table() {
        // (RUN text, lists left in the layer, min MB, max MB)
        let cases: &[(&str, bool, f64, f64)] = &[
            ("apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*", false, 3.0, 30.0),
            ("apt-get update && apt-get install -y --no-install-recommends curl", true, 23.0, 50.0),
            ("apt-get update && apt-get install -y curl && apt-get clean && rm -rf /var/lib/apt/lists/*", false, 3.0, 40.0),
            ("apt-get update", true, 19.0, 21.0),
        ];
        for (run, lists, min, max) in cases {
            let sim = stage_with("debian:bookworm-slim", &format!("RUN {run}"));
            let (bytes, step) = run_layer(&sim, 1);
            let mb = bytes as f64 / 1e6;
            assert!(mb >= *min && mb <= *max, "{run}: {mb} MB");
            assert!(step.notes.iter().any(|n| n.contains("apt-get update")), "{run}");
            assert_eq!(step.cache_bytes == 19_862_064, *lists, "{run}");
        }
        // Recommends add packages.
        let with = run_layer(&stage_with("debian:bookworm-slim", "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"), 1).0;
        let without = run_layer(&stage_with("debian:bookworm-slim", "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*"), 1).0;
        assert!(with > without, "{with} > {without}");
        // Already installed in an earlier layer: nothing new.
        let sim = stage_with("debian:bookworm-slim", "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*");
        let second = run_layer(&sim, 2).0;
        assert!(second < 300_000, "second install adds only bookkeeping: {second}");
        // Unknown package: flagged with its line.
        let sim = stage_with("debian:bookworm-slim", "RUN apt-get update && \\\n  apt-get install -y no-such-pkg-xyz");
        let (_, step) = run_layer(&sim, 1);
        assert!(step.unknown && step.unknown_commands.iter().any(|u| u.line == 3 && u.what.contains("no-such-pkg-xyz")), "{:?}", step.unknown_commands);
    }
}
