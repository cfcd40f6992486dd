//! `cargo xtask refresh-db [apt|pip|npm]...`: regenerate the parts of `data/` that this machine's
//! package registries can reproduce. Base-image rows (docker-library/repo-info) are curated by hand
//! and are not touched here. See data/README.md for what each file is.
//!
//! - `apt`: Debian bookworm package index extract (`apt-cache dumpavail`, after `apt-get update`),
//!   restricted to everything reachable from data/apt-seeds.txt and the bookworm-slim base set.
//!   Measured slim sizes come from ../shared/size-facts/debian-deb-files.csv when present;
//!   `--measure N` fetches up to N more .debs with `apt-get download` and measures them here.
//! - `pip PKG...` / `npm PKG...`: measure installed sizes and print rows in the format of
//!   data/pypi.psv / data/npm.psv (append them by hand after review).
//!
//! std only, by design (xtask has no dependencies).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let mut measure = 0usize;
    let mut what: Vec<String> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--measure" => {
                measure = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--measure needs a number")?
            }
            "apt" | "pip" | "npm" if what.is_empty() => what.push(a.clone()),
            "-h" | "--help" => {
                println!(
                    "usage: cargo xtask refresh-db apt [--measure N] | pip PKG... | npm PKG..."
                );
                return Ok(());
            }
            _ => rest.push(a.clone()),
        }
    }
    match what.first().map(String::as_str).unwrap_or("apt") {
        "apt" => refresh_apt(&root, measure),
        "pip" => measure_pip(&rest),
        "npm" => measure_npm(&rest),
        _ => unreachable!(),
    }
}

fn workspace_root() -> PathBuf {
    if let Some(r) = std::env::var_os("LAYERLAB_ROOT") {
        return PathBuf::from(r);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn shared_facts(root: &Path) -> PathBuf {
    std::env::var_os("LAYERLAB_SIZE_FACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/size-facts"))
}

fn sh(cmd: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .map_err(|e| format!("{cmd}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{cmd} {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn today() -> String {
    sh("date", &["-u", "+%Y-%m-%d"])
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

// ---------------------------------------------------------------- apt

#[derive(Default, Clone)]
struct Stanza {
    name: String,
    version: String,
    section: String,
    installed_kib: u64,
    deps: Vec<Vec<String>>, // Pre-Depends then Depends; inner = alternatives
    recs: Vec<Vec<String>>,
    provides: Vec<String>,
}

fn parse_relations(field: &str) -> Vec<Vec<String>> {
    field
        .split(',')
        .map(|group| {
            group
                .split('|')
                .map(|alt| {
                    let name = alt.trim().split([' ', '(']).next().unwrap_or("");
                    name.split(':').next().unwrap_or("").to_string()
                })
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|g| !g.is_empty())
        .collect()
}

fn parse_dumpavail(text: &str) -> HashMap<String, Stanza> {
    let mut out: HashMap<String, Stanza> = HashMap::new();
    for block in text.split("\n\n") {
        let mut s = Stanza::default();
        let (mut pre, mut dep) = (Vec::new(), Vec::new());
        let mut arch_ok = true;
        for line in block.lines() {
            let Some((k, v)) = line.split_once(": ") else {
                continue;
            };
            match k {
                "Package" => s.name = v.to_string(),
                "Version" => s.version = v.to_string(),
                "Section" => s.section = v.rsplit('/').next().unwrap_or(v).to_string(),
                "Installed-Size" => s.installed_kib = v.trim().parse().unwrap_or(0),
                "Pre-Depends" => pre = parse_relations(v),
                "Depends" => dep = parse_relations(v),
                "Recommends" => s.recs = parse_relations(v),
                "Provides" => s.provides = parse_relations(v).into_iter().flatten().collect(),
                "Architecture" => arch_ok = v == "amd64" || v == "all",
                _ => {}
            }
        }
        if s.name.is_empty() || !arch_ok {
            continue;
        }
        pre.extend(dep);
        s.deps = pre;
        // dumpavail can list several versions; keep the newest-looking (last wins is apt's order).
        out.insert(s.name.clone(), s);
    }
    out
}

/// The Debian archive's Packages indexes from /var/lib/apt/lists (after `apt-get update`).
/// Not `apt-cache dumpavail`: that also reports locally installed third-party packages (a
/// NodeSource `nodejs`, for instance). Main first, then -updates and -security, so a later
/// (newer) record of a package replaces an earlier one.
fn read_debian_lists() -> Result<HashMap<String, Stanza>, String> {
    let dir = Path::new("/var/lib/apt/lists");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e} (run apt-get update)", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            n.starts_with("deb.debian.org_debian")
                && n.contains("bookworm")
                && n.contains("_main_binary-amd64_Packages")
        })
        .collect();
    let rank = |p: &PathBuf| {
        let n = p.to_string_lossy();
        if n.contains("security") {
            2
        } else if n.contains("updates") {
            1
        } else {
            0
        }
    };
    files.sort_by_key(rank);
    if files.is_empty() {
        return Err(
            "no deb.debian.org bookworm Packages index in /var/lib/apt/lists; run apt-get update"
                .into(),
        );
    }
    let mut out = HashMap::new();
    for f in files {
        // apt-helper decompresses whatever apt stored (lz4, gz, xz, or plain).
        let text = sh(
            "/usr/lib/apt/apt-helper",
            &["cat-file", &f.display().to_string()],
        )?;
        out.extend(parse_dumpavail(&text));
    }
    Ok(out)
}

fn read_name_list(path: &Path) -> Result<Vec<String>, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| l.split_whitespace())
        .map(str::to_string)
        .collect())
}

/// Measured sizes keyed by package: (files after slim excludes, gzip -6 of that tar).
fn read_measured(path: &Path) -> HashMap<String, (u64, u64)> {
    let mut m = HashMap::new();
    let Ok(text) = fs::read_to_string(path) else {
        return m;
    };
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() >= 9 {
            if let (Ok(slim), Ok(gz)) = (f[4].parse(), f[8].parse()) {
                m.insert(f[0].to_string(), (slim, gz));
            }
        }
    }
    m
}

fn refresh_apt(root: &Path, measure: usize) -> Result<(), String> {
    let data = root.join("data");
    let facts = shared_facts(root);
    let pkgs = read_debian_lists()?;
    let mut providers: HashMap<String, Vec<String>> = HashMap::new();
    let mut names: Vec<&String> = pkgs.keys().collect();
    names.sort();
    for n in names {
        for p in &pkgs[n].provides {
            if p != n {
                providers.entry(p.clone()).or_default().push(n.clone());
            }
        }
    }

    // Base sets (data/apt-bases.psv): the bookworm-slim row is the installed base; every other
    // row's packages are seeds too, so image base sets always resolve.
    let bases_text = fs::read_to_string(data.join("apt-bases.psv")).map_err(|e| e.to_string())?;
    let mut base: Vec<String> = Vec::new();
    let mut seeds = read_name_list(&data.join("apt-seeds.txt"))?;
    for line in bases_text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('|').collect();
        if f.len() < 3 {
            continue;
        }
        let names = f[2].split_whitespace().map(str::to_string);
        if f[0] == "bookworm-slim" {
            base.extend(names);
        } else {
            seeds.extend(names);
        }
    }
    let base_set: HashSet<&str> = base.iter().map(String::as_str).collect();

    // Alternatives expand a virtual name into its providers, base-installed ones first.
    let expand = |alt: &str| -> Vec<String> {
        if pkgs.contains_key(alt) {
            return vec![alt.to_string()];
        }
        let mut ps = providers.get(alt).cloned().unwrap_or_default();
        ps.sort_by_key(|p| !base_set.contains(p.as_str()));
        ps
    };
    let resolve_group = |g: &Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for a in g {
            for p in expand(a) {
                if !v.contains(&p) {
                    v.push(p);
                }
            }
        }
        v
    };

    let mut missing_seeds = Vec::new();
    let mut keep: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    for s in base.iter().chain(seeds.iter()) {
        let e = expand(s);
        match e.first() {
            Some(p) => queue.push_back(p.clone()),
            None => missing_seeds.push(s.clone()),
        }
    }
    while let Some(n) = queue.pop_front() {
        if !keep.insert(n.clone()) {
            continue;
        }
        let st = &pkgs[&n];
        for g in st.deps.iter().chain(st.recs.iter()) {
            // Reachability follows the first resolvable alternative, as apt does on a clean system.
            if let Some(p) = resolve_group(g).into_iter().next() {
                if !keep.contains(&p) {
                    queue.push_back(p);
                }
            }
        }
    }

    let mut measured = read_measured(&facts.join("debian-deb-files.csv"));
    let measured_from_shared = measured.len();
    // Our own measurements (`--measure`), kept in data/ so later runs reuse them.
    let cache_path = data.join("debian-deb-measured.psv");
    let cache = fs::read_to_string(&cache_path).unwrap_or_else(|_| {
        format!(
            "#file|debian-deb-measured|.deb files measured here by `cargo xtask refresh-db apt --measure N`\n\
             #source|measured|{}|apt-get download PKG; dpkg-deb -x; drop usr/share/{{doc (except copyright),groff,info,linda,lintian/overrides,locale,man}}; sum of regular-file sizes; gzip -6 of a tar of the rest\n\
             #columns|name|version|slim_bytes|gzip_bytes\n",
            today()
        )
    });
    for line in cache.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('|').collect();
        if let (Some(n), Some(Ok(s)), Some(Ok(g))) = (
            f.first(),
            f.get(2).map(|v| v.parse()),
            f.get(3).map(|v| v.parse()),
        ) {
            measured.entry(n.to_string()).or_insert((s, g));
        }
    }
    if measure > 0 {
        let todo: Vec<String> = keep
            .iter()
            .filter(|n| !measured.contains_key(*n))
            .take(measure)
            .cloned()
            .collect();
        eprintln!("measuring {} .deb files", todo.len());
        fs::write(&cache_path, &cache).map_err(|e| e.to_string())?;
        let mut done = 0usize;
        measure_debs(&todo, &mut |n, slim, gz| {
            let line = format!("{n}|{}|{slim}|{gz}\n", pkgs[n].version);
            // Append right away so an interrupted run keeps its measurements.
            if let Ok(mut f) = fs::OpenOptions::new().append(true).open(&cache_path) {
                use std::io::Write;
                let _ = f.write_all(line.as_bytes());
            }
            measured.insert(n.to_string(), (slim, gz));
            done += 1;
            if done.is_multiple_of(50) {
                eprintln!("measured {done}/{}", todo.len());
            }
        })?;
    }

    // Per-section ratios from measured packages: slim bytes per Installed-Size byte, gzip per slim.
    let mut by_section: BTreeMap<String, (f64, f64, f64, usize)> = BTreeMap::new();
    let mut total = (0f64, 0f64, 0f64, 0usize);
    for (n, (slim, gz)) in &measured {
        let Some(st) = pkgs.get(n) else { continue };
        let inst = st.installed_kib as f64 * 1024.0;
        let e = by_section.entry(st.section.clone()).or_default();
        for acc in [e, &mut total] {
            acc.0 += inst;
            acc.1 += *slim as f64;
            acc.2 += *gz as f64;
            acc.3 += 1;
        }
    }
    let ratio = |section: &str| -> (f64, f64) {
        let r = match by_section.get(section) {
            Some(r) if r.3 >= 5 && r.0 > 0.0 && r.1 > 0.0 => *r,
            _ => total,
        };
        (r.1 / r.0, r.2 / r.1)
    };

    let date = apt_lists_date().unwrap_or_else(today);
    let index: HashMap<&String, usize> = keep.iter().enumerate().map(|(i, n)| (n, i)).collect();
    let mut out = String::new();
    out.push_str("#file|debian-bookworm-packages|Debian bookworm amd64 package index extract\n");
    out.push_str(&format!(
        "#source|measured|{date}|Packages indexes of deb.debian.org bookworm, bookworm-updates, bookworm-security main amd64 (/var/lib/apt/lists after apt-get update; date = InRelease Date); sizes: .deb data.tar regular files after the slim path-excludes and gzip -6 of that tar, from ../shared/size-facts/debian-deb-files.csv ({shared_count} packages) and data/debian-deb-measured.psv (measured here the same way); {estimated} of {total} estimated per Section (#estimate)\n",
        shared_count = measured_from_shared,
        estimated = keep.iter().filter(|n| !measured.contains_key(*n)).count(),
        total = keep.len()
    ));
    out.push_str("#columns|name|installed_kib (Debian Installed-Size)|size: slim_bytes,gzip_bytes measured, or @section = estimated with that section's ratios|depends (Pre-Depends+Depends)|recommends; relations are base-36 line numbers of this file (0 = first package line), , between groups, / between alternatives\n");
    let mut sections: Vec<String> = keep.iter().map(|n| pkgs[n].section.clone()).collect();
    sections.sort();
    sections.dedup();
    let ratios: Vec<String> = std::iter::once("*".to_string())
        .chain(sections)
        .map(|s| {
            let (r1, r2) = if s == "*" {
                (total.1 / total.0, total.2 / total.1)
            } else {
                ratio(&s)
            };
            format!("{s}={r1:.3},{r2:.3}")
        })
        .collect();
    out.push_str(&format!(
        "#estimate|slim = installed_kib*1024*a, gzip = slim*b with section=a,b from measured packages of that Section (>=5 measured, else * = all measured)|{}\n",
        ratios.join(";")
    ));
    let mut n_est = 0;
    for n in &keep {
        let st = &pkgs[n];
        let size = match measured.get(n) {
            Some((s, g)) => format!("{s},{g}"),
            None => {
                n_est += 1;
                format!("@{}", st.section)
            }
        };
        let rel = |groups: &[Vec<String>]| -> String {
            groups
                .iter()
                .map(|g| {
                    resolve_group(g)
                        .into_iter()
                        .filter(|p| p != n)
                        .filter_map(|p| index.get(&p).map(|i| base36(*i)))
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .filter(|g| !g.is_empty())
                .collect::<Vec<_>>()
                .join(",")
        };
        out.push_str(&format!(
            "{n}|{}|{size}|{}|{}\n",
            st.installed_kib,
            rel(&st.deps),
            rel(&st.recs)
        ));
    }
    let path = data.join("debian-bookworm-packages.psv");
    fs::write(&path, out).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {} ({} packages, {} estimated); seeds not in bookworm: {}",
        path.display(),
        keep.len(),
        n_est,
        if missing_seeds.is_empty() {
            "none".into()
        } else {
            missing_seeds.join(" ")
        }
    );
    Ok(())
}

fn base36(mut n: usize) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(digits[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

fn apt_lists_date() -> Option<String> {
    let text = fs::read_to_string(
        "/var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_InRelease",
    )
    .ok()?;
    let line = text.lines().find(|l| l.starts_with("Date: "))?;
    let out = sh("date", &["-u", "-d", &line[6..], "+%Y-%m-%d"]).ok()?;
    Some(out.trim().to_string())
}

/// Downloads the packages in batches (`apt-get download a b c …`) and measures each .deb like the
/// shared method: regular-file bytes after the slim path-excludes, and gzip -6 of a tar of them.
/// Measurement runs on several threads; each result is handed to `record` as soon as it is known,
/// so an interrupted run keeps what it measured.
fn measure_debs(names: &[String], record: &mut dyn FnMut(&str, u64, u64)) -> Result<(), String> {
    use std::sync::mpsc;
    let dir = std::env::temp_dir().join("layerlab-debs");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(4)
        .min(8);
    for batch in names.chunks(40) {
        let mut args = vec!["download", "-qq"];
        args.extend(batch.iter().map(String::as_str));
        let ok = Command::new("apt-get")
            .args(&args)
            .current_dir(&dir)
            .status()
            .map(|s| s.success());
        if !matches!(ok, Ok(true)) {
            // One bad name fails the whole batch; fall back to one by one.
            for n in batch {
                let _ = Command::new("apt-get")
                    .args(["download", "-qq", n])
                    .current_dir(&dir)
                    .status();
            }
        }
        let debs: Vec<(String, PathBuf)> = batch
            .iter()
            .filter_map(|n| {
                let prefix = format!("{n}_");
                fs::read_dir(&dir)
                    .ok()?
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .find(|p| {
                        p.file_name()
                            .and_then(|f| f.to_str())
                            .is_some_and(|f| f.starts_with(&prefix) && f.ends_with(".deb"))
                    })
                    .map(|p| (n.clone(), p))
            })
            .collect();
        let (tx, rx) = mpsc::channel();
        let chunks: Vec<Vec<(String, PathBuf)>> = debs
            .chunks(debs.len().div_ceil(workers).max(1))
            .map(|c| c.to_vec())
            .collect();
        std::thread::scope(|scope| {
            for chunk in chunks {
                let tx = tx.clone();
                scope.spawn(move || {
                    for (n, deb) in chunk {
                        let r = measure_one_deb(&deb);
                        let _ = fs::remove_file(&deb);
                        let _ = tx.send((n, r));
                    }
                });
            }
            drop(tx);
            for (n, r) in rx {
                match r {
                    Ok((slim, gz)) => record(&n, slim, gz),
                    Err(e) => eprintln!("{n}: {e}; left estimated"),
                }
            }
        });
    }
    Ok(())
}

fn measure_one_deb(deb: &Path) -> Result<(u64, u64), String> {
    let script = format!(
        "set -e; d=$(mktemp -d); dpkg-deb -x '{}' \"$d\"; cd \"$d\"; \
         rm -rf usr/share/groff usr/share/info usr/share/linda usr/share/lintian/overrides usr/share/locale usr/share/man; \
         find usr/share/doc -type f ! -name copyright -delete 2>/dev/null || true; \
         s=$(find . -type f -printf '%s\\n' | awk '{{t+=$1}} END {{print t+0}}'); \
         g=$(tar -cf - . | gzip -6 | wc -c); echo $s $g; cd /; rm -rf \"$d\"",
        deb.display()
    );
    let line = sh("sh", &["-c", &script])?;
    let v: Vec<u64> = line
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    match v.as_slice() {
        [s, g] => Ok((*s, *g)),
        _ => Err(format!("unexpected output {line:?}")),
    }
}

// ---------------------------------------------------------------- pip / npm

fn du_sb(path: &Path) -> Result<u64, String> {
    let out = sh("du", &["-sb", &path.display().to_string()])?;
    out.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| "du output".to_string())
}

fn measure_pip(pkgs: &[String]) -> Result<(), String> {
    let date = today();
    for p in pkgs {
        let dir = std::env::temp_dir().join(format!("layerlab-pip-{p}"));
        let _ = fs::remove_dir_all(&dir);
        let target = dir.display().to_string();
        let r = sh(
            "pip",
            &[
                "install",
                "-q",
                "--no-compile",
                "--only-binary=:all:",
                "--python-version",
                "3.12",
                "--implementation",
                "cp",
                "--abi",
                "cp312",
                "--platform",
                "manylinux_2_28_x86_64",
                "--platform",
                "manylinux_2_17_x86_64",
                "--platform",
                "manylinux2014_x86_64",
                "--platform",
                "any",
                "--target",
                &target,
                p,
            ],
        );
        match r {
            Ok(_) => {
                let bytes = du_sb(&dir)?;
                let infos: Vec<String> = fs::read_dir(&dir)
                    .map_err(|e| e.to_string())?
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".dist-info"))
                    .collect();
                // `Foo_Bar-1.2.dist-info` for requested `foo-bar`.
                let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '.'], "_");
                let version = infos
                    .iter()
                    .filter_map(|n| n.trim_end_matches(".dist-info").rsplit_once('-'))
                    .find(|(name, _)| norm(name) == norm(p))
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default();
                // Row for data/pypi.psv: own and wheel sizes are not measured by this command.
                println!("{}|{version}|||{bytes}||{}|measured: pip install --no-compile --target DIR (cp312 manylinux x86_64), du -sb, {date}", p.to_ascii_lowercase(), infos.len());
            }
            Err(e) => eprintln!("{p}: {e}"),
        }
        let _ = fs::remove_dir_all(&dir);
    }
    Ok(())
}

fn measure_npm(pkgs: &[String]) -> Result<(), String> {
    let date = today();
    for p in pkgs {
        let dir = std::env::temp_dir().join(format!("layerlab-npm-{}", p.replace('/', "_")));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        fs::write(dir.join("package.json"), "{}").map_err(|e| e.to_string())?;
        let ok = Command::new("npm")
            .args([
                "install",
                "--omit=dev",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "-s",
                p,
            ])
            .current_dir(&dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if ok {
            let bytes = du_sb(&dir.join("node_modules"))?;
            let lock = fs::read_to_string(dir.join("package-lock.json")).unwrap_or_default();
            let count = lock.matches("\"node_modules/").count();
            let manifest =
                fs::read_to_string(dir.join("node_modules").join(p).join("package.json"))
                    .unwrap_or_default();
            let version = manifest
                .split("\"version\"")
                .nth(1)
                .and_then(|rest| rest.split('"').nth(1))
                .unwrap_or("")
                .to_string();
            // Row for data/npm.psv: tarball/unpacked sizes are not measured by this command.
            println!("{p}|{version}|||{bytes}|{count}|measured: npm install --omit=dev --ignore-scripts into an empty project, du -sb node_modules, {date}");
        } else {
            eprintln!("{p}: npm install failed");
        }
        let _ = fs::remove_dir_all(&dir);
    }
    Ok(())
}
