//! Debian bookworm package index and `apt-get install` closures.
//!
//! The index (data/debian-bookworm-packages.psv) holds, per package, the bytes it adds to a slim
//! image (files after the slim path-excludes) and a gzip estimate of that, plus its Depends /
//! Pre-Depends and Recommends as alternatives groups. [`AptIndex::closure`] follows them like apt
//! on a clean system: a group is satisfied by any alternative already installed (or added
//! earlier in the same closure), otherwise its first alternative is installed.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::source::{Source, SourceKind};
use crate::fxhash::FxBuild;
use super::table::{cell, parse_u64, source_meta, trim_cr, Table};
use crate::scan::{find_either, line_end};
use crate::sorting;

/// One package of the index.
#[derive(Debug, Clone, Serialize)]
pub struct AptPackage {
    pub name: &'static str,
    /// Debian `Installed-Size` (KiB), for reference: it overstates slim layers.
    pub installed_kib: u64,
    /// Bytes of files the package adds on a slim image (docs, man pages, locales excluded).
    pub slim_bytes: u64,
    /// gzip -6 of those files: close to the pushed layer size.
    pub gzip_bytes: u64,
    /// False when the two sizes are estimated from `Installed-Size` (see `AptIndex::estimate_method`).
    pub measured: bool,
    /// Offset in the index text of the package's depends cell (the recommends cell follows).
    /// Relations are read from the text when a closure or [`AptIndex::depends`] needs them:
    /// a closure visits a few hundred of the ~1,900 packages, so parsing them all up front
    /// would only cost start-up time.
    #[serde(skip)]
    relations: u32,
}

#[derive(Debug)]
pub struct AptIndex {
    pub packages: Vec<AptPackage>,
    /// The embedded file: relation cells are parsed from it on use.
    text: &'static str,
    /// Name lookup without a hash map (start-up budget): the file is sorted by name, so `get`
    /// binary-searches `packages`; only an unsorted file (hand-edited) gets a sorted
    /// permutation, built on first lookup.
    sorted: bool,
    order: OnceLock<Vec<u32>>,
    pub source: Source,
    /// How estimated sizes were made (from the file's `#estimate` line).
    pub estimate_method: &'static str,
}

/// What an `apt-get install` adds on top of what is already installed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AptClosure {
    /// Packages newly installed, in the order apt would pull them in.
    pub added: Vec<&'static str>,
    /// Σ slim_bytes: uncompressed bytes the layer gains (before dpkg database growth and
    /// maintainer-script output, and without /var/lib/apt/lists).
    pub installed_bytes: u64,
    /// Σ gzip_bytes: about what the layer adds to a pull.
    pub compressed_bytes: u64,
    /// How many of `added` have estimated rather than measured sizes.
    pub estimated_count: usize,
    /// Requested names not in the index (unknown size — not 0).
    pub unknown: Vec<String>,
}

impl AptIndex {
    pub(crate) fn parse(text: &'static str) -> Result<AptIndex, String> {
        // Hand-rolled: one pass over the lines, numbers parsed from bytes, relations left in
        // the text (parsed on use), no per-line allocation and no hash map (start-up budget).
        let mut source = None;
        let mut estimate_line = "";
        // Rows with estimated sizes (`@section`): sized after the loop, from the file's last
        // `#estimate` line (wherever it is), as before.
        let mut estimated: Vec<(usize, &'static str)> = Vec::new();
        // Sizing from the text length (≈44 bytes per package line) avoids re-allocations.
        let mut index = AptIndex {
            packages: Vec::with_capacity(text.len() / 40 + 16),
            text,
            sorted: true,
            order: OnceLock::new(),
            source: Source {
                text: "",
                date: "",
                kind: SourceKind::Published,
            },
            estimate_method: "",
        };
        if text.len() >= u32::MAX as usize {
            return Err("debian packages: file too large".into());
        }
        let mut prev: &str = "";
        let b = text.as_bytes();
        let n = b.len();
        let mut pos = 0;
        // One pass over the bytes in this function (the release profile is opt-level "z",
        // which inlines little): lines as `str::lines()` cuts them, cells as `split('|')`.
        while pos < n {
            let start = pos;
            let c0 = b[start];
            if c0 == b'\n' {
                pos += 1;
                continue;
            }
            if c0 == b'#' || c0 == b'\r' {
                // Metadata (and odd) lines: cut the line first.
                let end = line_end(b, start);
                let le = trim_cr(b, start, end);
                if le == start {
                    pos = end + 1;
                    continue;
                }
                if c0 == b'#' {
                    pos = end + 1;
                    let line = &text[start..le];
                    if let Some(m) = line.strip_prefix("#source|") {
                        source = Some(source_meta(m));
                    } else if let Some(m) = line.strip_prefix("#estimate|") {
                        estimate_line = m;
                    }
                    continue;
                }
            }
            // A package row, read cell by cell up to the line end (no separate line scan).
            let e = cell_end(b, start);
            let name = &text[start..trim_cr(b, start, e)];
            let s = next_cell(b, e);
            let e = cell_end(b, s);
            let installed_kib = parse_u64(&b[s..trim_cr(b, s, e)]).unwrap_or(0);
            // size: `slim,gzip` or `@section`
            let s = next_cell(b, e);
            let e = cell_end(b, s);
            let te = trim_cr(b, s, e);
            let (slim_bytes, gzip_bytes, measured) = if s < te && b[s] == b'@' {
                estimated.push((index.packages.len(), &text[s + 1..te]));
                (0, 0, false)
            } else {
                let mut comma = s;
                while comma < te && b[comma] != b',' {
                    comma += 1;
                }
                let slim = parse_u64(&b[s..comma]).unwrap_or(0);
                let gzip = if comma < te {
                    parse_u64(&b[comma + 1..te]).unwrap_or(0)
                } else {
                    0
                };
                (slim, gzip, true)
            };
            // depends, recommends (and any extra cells): kept in the text.
            let relations = next_cell(b, e);
            pos = line_end(b, relations) + 1;
            if index.sorted && !index.packages.is_empty() && name < prev {
                index.sorted = false;
            }
            prev = name;
            index.packages.push(AptPackage {
                name,
                installed_kib,
                slim_bytes,
                gzip_bytes,
                measured,
                relations: relations as u32,
            });
        }
        index.source = source.ok_or("debian packages: no #source line")?;
        if !estimated.is_empty() {
            let ratios = Ratios::parse(estimate_line);
            for (i, section) in estimated {
                let p = &mut index.packages[i];
                let (a, b) = ratios.get(section);
                let slim = (p.installed_kib as f64 * 1024.0 * a).round();
                p.slim_bytes = slim as u64;
                p.gzip_bytes = (slim * b).round() as u64;
            }
        }
        index.estimate_method = estimate_line.split_once('|').map_or(estimate_line, |(m, _)| m);
        Ok(index)
    }

    /// Checks what parsing leaves for later: every relation names a line of the file (an
    /// alternative past the end is skipped on use). The embedded file is checked by a test.
    pub fn check_relations(&self) -> Result<(), String> {
        let limit = u32::MAX;
        let mut group = Vec::new();
        for p in &self.packages {
            let (dep, rec) = self.relation_cells(p);
            for cell in [dep, rec] {
                let mut pos = 0;
                while next_group(cell, &mut pos, limit, &mut group) {
                    if let Some(&a) = group.iter().find(|&&a| a as usize >= self.packages.len()) {
                        return Err(format!(
                            "debian packages: {} names package {a}, past the end",
                            p.name
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The depends and recommends cells of a package, from the text.
    fn relation_cells(&self, p: &AptPackage) -> (&'static [u8], &'static [u8]) {
        let b = self.text.as_bytes();
        let s = p.relations as usize;
        let e = cell_end(b, s);
        let depends = &b[s..trim_cr(b, s, e)];
        let s = next_cell(b, e);
        let e = cell_end(b, s);
        (depends, &b[s..trim_cr(b, s, e)])
    }

    /// Groups of alternatives of a relations cell, as package indices.
    fn groups(&self, cell: &'static [u8]) -> impl Iterator<Item = Vec<u32>> + '_ {
        let limit = self.packages.len() as u32;
        let mut pos = 0;
        std::iter::from_fn(move || {
            let mut group = Vec::new();
            next_group(cell, &mut pos, limit, &mut group).then_some(group)
        })
    }

    /// Index of a package by name (the last one if the file repeats a name).
    fn lookup(&self, name: &str) -> Option<u32> {
        let i = if self.sorted {
            self.packages.partition_point(|p| p.name <= name)
        } else {
            let order = self.order.get_or_init(|| {
                let mut o: Vec<u32> = (0..self.packages.len() as u32).collect();
                sorting::sort_by_key(&mut o, |&i| self.packages[i as usize].name); // stable
                o
            });
            let j = order.partition_point(|&i| self.packages[i as usize].name <= name);
            return (j > 0)
                .then(|| order[j - 1])
                .filter(|&i| self.packages[i as usize].name == name);
        };
        (i > 0 && self.packages[i - 1].name == name).then(|| (i - 1) as u32)
    }

    /// Depends (with Pre-Depends) of a package: groups of alternatives, as package indices.
    pub fn depends(&self, p: &AptPackage) -> impl Iterator<Item = Vec<u32>> + '_ {
        self.groups(self.relation_cells(p).0)
    }

    pub fn recommends(&self, p: &AptPackage) -> impl Iterator<Item = Vec<u32>> + '_ {
        self.groups(self.relation_cells(p).1)
    }

    pub fn get(&self, name: &str) -> Option<&AptPackage> {
        self.lookup(name).map(|i| &self.packages[i as usize])
    }

    /// Source of one package's size: the file source, or an estimate with its method.
    pub fn package_source(&self, p: &AptPackage) -> Source {
        if p.measured {
            self.source
        } else {
            Source {
                kind: SourceKind::Estimated {
                    method: self.estimate_method,
                },
                ..self.source
            }
        }
    }

    /// Closure of `install` given what is already installed. Names may carry apt decorations
    /// (`pkg=1.2`, `pkg:amd64`, `pkg/bookworm`); they are stripped.
    pub fn closure(
        &self,
        install: &[&str],
        already_installed: &dyn Fn(&str) -> bool,
        with_recommends: bool,
    ) -> AptClosure {
        self.closure_by(
            install,
            &|i| already_installed(self.packages[i as usize].name),
            already_installed,
            with_recommends,
        )
    }

    /// [`AptIndex::closure`] with the installed test on package indices (`installed_id`) and,
    /// for requested names the index does not know, on names (`installed_name`).
    fn closure_by(
        &self,
        install: &[&str],
        installed_id: &dyn Fn(u32) -> bool,
        installed_name: &dyn Fn(&str) -> bool,
        with_recommends: bool,
    ) -> AptClosure {
        // A flag per package instead of a HashSet: no hashing on the hot path.
        let mut added = vec![false; self.packages.len()];
        self.closure_flags(install, &mut added, installed_id, installed_name, with_recommends)
    }

    /// The closure with `added` as the flags of packages already counted as installed: it
    /// may start with the installed set itself (then `installed_id` can say no to all), and
    /// ends with the new packages flagged too.
    fn closure_flags(
        &self,
        install: &[&str],
        added: &mut [bool],
        installed_id: &dyn Fn(u32) -> bool,
        installed_name: &dyn Fn(&str) -> bool,
        with_recommends: bool,
    ) -> AptClosure {
        let mut out = AptClosure::default();
        let mut queue: VecDeque<u32> = VecDeque::new();
        let installed = |i: u32, added: &[bool]| added[i as usize] || installed_id(i);
        let limit = self.packages.len() as u32;
        // One buffer for the groups' alternatives, reused.
        let mut group: Vec<u32> = Vec::with_capacity(8);
        for raw in install {
            let name = clean_name(raw);
            if name.is_empty() {
                continue;
            }
            match self.lookup(name) {
                Some(i) if !installed(i, added) => {
                    added[i as usize] = true;
                    queue.push_back(i);
                }
                Some(_) => {}
                None if !installed_name(name) => out.unknown.push(name.to_string()),
                None => {}
            }
        }
        while let Some(i) = queue.pop_front() {
            let p = &self.packages[i as usize];
            out.added.push(p.name);
            out.installed_bytes += p.slim_bytes;
            out.compressed_bytes += p.gzip_bytes;
            if !p.measured {
                out.estimated_count += 1;
            }
            let (depends, recommends) = self.relation_cells(p);
            let recommends: &[u8] = if with_recommends { recommends } else { b"" };
            for cell in [depends, recommends] {
                let mut pos = 0;
                while next_group(cell, &mut pos, limit, &mut group) {
                    if group.iter().any(|&a| installed(a, added)) {
                        continue;
                    }
                    if let Some(&first) = group.first() {
                        added[first as usize] = true;
                        queue.push_back(first);
                    }
                }
            }
        }
        out
    }
}

/// Reads the next group of a relations cell (`a/b,c`: groups separated by `,`, alternatives
/// by `/`, each a base-36 line number) into `out`, from `*pos`; false when there is none left.
/// Same results as `split(',')`, `split('/')` and `u32::from_str_radix(alt, 36)` (optional
/// leading `+`, either case; invalid or overflowing alternatives skipped, empty groups kept),
/// read byte by byte; alternatives at or past `limit` (no such line) are skipped too.
fn next_group(cell: &[u8], pos: &mut usize, limit: u32, out: &mut Vec<u32>) -> bool {
    out.clear();
    if cell.is_empty() || *pos > cell.len() {
        return false;
    }
    let (mut value, mut digits, mut plus, mut bad) = (0u32, 0u32, false, false);
    let mut i = *pos;
    loop {
        let c = if i < cell.len() { cell[i] } else { b',' };
        if c == b',' || c == b'/' {
            if !bad && digits > 0 && value < limit {
                out.push(value);
            }
            (value, digits, plus, bad) = (0, 0, false, false);
            if c == b',' {
                *pos = i + 1;
                return true;
            }
        } else if !bad {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'z' => c - b'a' + 10,
                b'A'..=b'Z' => c - b'A' + 10,
                b'+' if digits == 0 && !plus => {
                    plus = true;
                    i += 1;
                    continue;
                }
                _ => {
                    bad = true;
                    i += 1;
                    continue;
                }
            };
            match value.checked_mul(36).and_then(|v| v.checked_add(d as u32)) {
                Some(v) => {
                    value = v;
                    digits += 1;
                }
                None => bad = true,
            }
        }
        i += 1;
    }
}

/// End of the cell starting at `i`: the next `|`, line feed or end of text.
#[inline(always)]
fn cell_end(b: &[u8], i: usize) -> usize {
    find_either(b, i, b'|', b'\n')
}

/// Start of the cell after the one ending at `e`; at the line end, an empty cell there
/// (missing cells are empty, like `split('|').next().unwrap_or("")`).
#[inline(always)]
fn next_cell(b: &[u8], e: usize) -> usize {
    if e < b.len() && b[e] == b'|' {
        e + 1
    } else {
        e
    }
}

/// The `#estimate` line's per-section ratios, parsed only if an estimated row appears.
struct Ratios {
    by_section: HashMap<&'static str, (f64, f64)>,
    fallback: (f64, f64),
}

impl Ratios {
    fn parse(estimate_line: &'static str) -> Ratios {
        let (_, ratio_list) = estimate_line.split_once('|').unwrap_or((estimate_line, ""));
        let by_section: HashMap<&str, (f64, f64)> = ratio_list
            .split(';')
            .filter_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                let (a, b) = v.split_once(',')?;
                Some((k, (a.parse().ok()?, b.parse().ok()?)))
            })
            .collect();
        let fallback = by_section.get("*").copied().unwrap_or((0.75, 0.38));
        Ratios {
            by_section,
            fallback,
        }
    }

    fn get(&self, section: &str) -> (f64, f64) {
        self.by_section.get(section).copied().unwrap_or(self.fallback)
    }
}

/// `curl=7.88.1-10`, `curl:amd64`, `curl/bookworm-backports` → `curl`.
pub(crate) fn clean_name(raw: &str) -> &str {
    let end = raw.find(['=', ':', '/']).unwrap_or(raw.len());
    raw[..end].trim()
}

/// A named installed-package set (data/apt-bases.psv), e.g. the 88 packages of bookworm-slim.
#[derive(Debug, Clone, Serialize)]
pub struct AptBase {
    pub name: &'static str,
    pub parent: Option<&'static str>,
    /// Packages listed for this set (before closure).
    pub listed: Vec<&'static str>,
    /// Everything installed: parent's set + closure of `listed` without Recommends.
    pub installed: Vec<&'static str>,
    pub source: Source,
    /// `installed` as a set, built on first use and shared: every stage and closure on this
    /// base reads the same one (a stage copies it only when it installs more).
    #[serde(skip)]
    installed_set: OnceLock<Arc<PackageNames>>,
}

/// A set of package names of the DB.
pub type PackageNames = HashSet<&'static str, FxBuild>;

impl AptBase {
    /// [`AptBase::installed`] as a shared set.
    pub fn installed_set(&self) -> &Arc<PackageNames> {
        self.installed_set.get_or_init(|| Arc::new(self.installed.iter().copied().collect()))
    }
}

pub(crate) fn parse_bases(text: &'static str, index: &AptIndex) -> Result<Vec<AptBase>, String> {
    let table = Table::parse(text);
    let mut out: Vec<AptBase> = Vec::with_capacity(table.row_count());
    // Per set, its installed packages as flags over the index (same order as `out`), plus any
    // listed names the index does not know: closures test flags instead of hashing names.
    let mut flags: Vec<(Vec<bool>, Vec<&'static str>)> = Vec::with_capacity(table.row_count());
    for r in table.rows() {
        let name = cell(r, 0);
        let parent = Some(cell(r, 1)).filter(|p| !p.is_empty());
        let listed: Vec<&'static str> = cell(r, 2).split_whitespace().collect();
        let (mut installed, mut have, mut foreign) = match parent {
            Some(p) => {
                let i = out
                    .iter()
                    .position(|b| b.name == p)
                    .ok_or_else(|| format!("apt-bases: {name} names unknown parent {p}"))?;
                (out[i].installed.clone(), flags[i].0.clone(), flags[i].1.clone())
            }
            None => (Vec::new(), vec![false; index.packages.len()], Vec::new()),
        };
        if parent.is_none() {
            installed.extend(listed.iter().copied());
            for n in &listed {
                match index.lookup(n) {
                    Some(i) => have[i as usize] = true,
                    None => foreign.push(*n),
                }
            }
        } else {
            // `have` doubles as the closure's own flags: it starts as the parent's set and
            // ends with the new packages added.
            let c = index.closure_flags(
                &listed,
                &mut have,
                &|_| false,
                &|n| foreign.contains(&n),
                false,
            );
            installed.extend(c.added);
        }
        let source = Source::parse(cell(r, 3), "2026-11-27", SourceKind::Published);
        out.push(AptBase {
            name,
            parent,
            listed,
            installed,
            source,
            installed_set: OnceLock::new(),
        });
        flags.push((have, foreign));
    }
    Ok(out)
}
