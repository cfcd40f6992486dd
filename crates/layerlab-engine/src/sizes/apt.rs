//! Debian bookworm package index and `apt-get install` closures.
//!
//! The index (data/debian-bookworm-packages.psv) holds, per package, the bytes it adds to a slim
//! image (files after the slim path-excludes) and a gzip estimate of that, plus its Depends /
//! Pre-Depends and Recommends as alternatives groups. [`AptIndex::closure`] follows them like apt
//! on a clean system: a group is satisfied by any alternative already installed (or added
//! earlier in the same closure), otherwise its first alternative is installed.

use std::collections::{HashMap, VecDeque};
use std::sync::OnceLock;

use serde::Serialize;

use super::source::{Source, SourceKind};
use super::table::{cell, source_meta, Table};

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
    // Ranges into `AptIndex::groups`: one flat arena instead of a Vec per group keeps parsing
    // allocation-free per package (start-up budget).
    #[serde(skip)]
    depends: (u32, u32),
    #[serde(skip)]
    recommends: (u32, u32),
}

#[derive(Debug)]
pub struct AptIndex {
    pub packages: Vec<AptPackage>,
    /// Alternatives groups: ranges into `alts`.
    groups: Vec<(u32, u32)>,
    /// Package indices.
    alts: Vec<u32>,
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
        // Hand-rolled: one pass over the lines, numbers parsed from bytes, relations appended
        // to two flat arenas, no per-line allocation and no hash map (start-up budget).
        let mut source = None;
        let mut estimate_line = "";
        // Rows with estimated sizes (`@section`): sized after the loop, from the file's last
        // `#estimate` line (wherever it is), as before.
        let mut estimated: Vec<(usize, &'static str)> = Vec::new();
        // Sizing from the text length (≈44 bytes per package line, ≈6 groups and ≈7
        // alternatives per package) avoids most re-allocations.
        let est = text.len() / 40 + 16;
        let mut index = AptIndex {
            packages: Vec::with_capacity(est),
            groups: Vec::new(),
            alts: Vec::new(),
            sorted: true,
            order: OnceLock::new(),
            source: Source {
                text: "",
                date: "",
                kind: SourceKind::Published,
            },
            estimate_method: "",
        };
        let mut prev: &str = "";
        let mut max_alt = 0u32;
        let mut arena = Arena {
            groups: vec![(0, 0); est * 6],
            glen: 0,
            alts: vec![0; est * 7],
            alen: 0,
        };
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
                let mut end = start;
                while end < n && b[end] != b'\n' {
                    end += 1;
                }
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
            let installed_kib = parse_u64_bytes(&b[s..trim_cr(b, s, e)]).unwrap_or(0);
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
                let slim = parse_u64_bytes(&b[s..comma]).unwrap_or(0);
                let gzip = if comma < te {
                    parse_u64_bytes(&b[comma + 1..te]).unwrap_or(0)
                } else {
                    0
                };
                (slim, gzip, true)
            };
            // depends, recommends
            let s = next_cell(b, e);
            let e = cell_end(b, s);
            let depends = arena.push_relations(&b[s..trim_cr(b, s, e)], &mut max_alt);
            let s = next_cell(b, e);
            let mut e = cell_end(b, s);
            let recommends = arena.push_relations(&b[s..trim_cr(b, s, e)], &mut max_alt);
            // Extra cells are ignored, as before.
            while e < n && b[e] != b'\n' {
                e += 1;
            }
            pos = e + 1;
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
                depends,
                recommends,
            });
        }
        arena.groups.truncate(arena.glen);
        arena.alts.truncate(arena.alen);
        index.groups = arena.groups;
        index.alts = arena.alts;
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
        if !index.alts.is_empty() && max_alt as usize >= index.packages.len() {
            return Err("debian packages: relation points past the end".into());
        }
        Ok(index)
    }

    /// Index of a package by name (the last one if the file repeats a name).
    fn lookup(&self, name: &str) -> Option<u32> {
        let i = if self.sorted {
            self.packages.partition_point(|p| p.name <= name)
        } else {
            let order = self.order.get_or_init(|| {
                let mut o: Vec<u32> = (0..self.packages.len() as u32).collect();
                o.sort_by_key(|&i| self.packages[i as usize].name); // stable
                o
            });
            let j = order.partition_point(|&i| self.packages[i as usize].name <= name);
            return (j > 0)
                .then(|| order[j - 1])
                .filter(|&i| self.packages[i as usize].name == name);
        };
        (i > 0 && self.packages[i - 1].name == name).then(|| (i - 1) as u32)
    }

    fn group_slices(&self, range: (u32, u32)) -> impl Iterator<Item = &[u32]> + '_ {
        self.groups[range.0 as usize..range.1 as usize]
            .iter()
            .map(|(a, b)| &self.alts[*a as usize..*b as usize])
    }

    /// Depends (with Pre-Depends) of a package: groups of alternatives, as package indices.
    pub fn depends(&self, p: &AptPackage) -> impl Iterator<Item = &[u32]> + '_ {
        self.group_slices(p.depends)
    }

    pub fn recommends(&self, p: &AptPackage) -> impl Iterator<Item = &[u32]> + '_ {
        self.group_slices(p.recommends)
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
            let recs = if with_recommends {
                p.recommends
            } else {
                (0, 0)
            };
            for group in self.group_slices(p.depends).chain(self.group_slices(recs)) {
                if group.iter().any(|&a| installed(a, added)) {
                    continue;
                }
                if let Some(&first) = group.first() {
                    added[first as usize] = true;
                    queue.push_back(first);
                }
            }
        }
        out
    }
}

/// The relation arenas while parsing: pre-sized buffers written by index (`Vec::push` is an
/// out-of-line call at opt-level "z", and there are ~25,000 of them).
struct Arena {
    groups: Vec<(u32, u32)>,
    glen: usize,
    alts: Vec<u32>,
    alen: usize,
}

#[inline(always)]
fn put<T: Copy + Default>(v: &mut Vec<T>, len: &mut usize, x: T) {
    if *len == v.len() {
        v.resize(v.len() * 2 + 16, T::default());
    }
    v[*len] = x;
    *len += 1;
}

impl Arena {
    /// Appends `a/b,c` (base-36 line numbers) to the arena; returns the range of groups.
    /// Same results as `split(',')`, `split('/')` and `u32::from_str_radix(alt, 36)` (optional
    /// leading `+`, either case; invalid or overflowing alternatives skipped, empty groups
    /// kept), read byte by byte.
    fn push_relations(&mut self, cell: &[u8], max_alt: &mut u32) -> (u32, u32) {
        let first = self.glen as u32;
        if cell.is_empty() {
            return (first, first);
        }
        let mut start = self.alen as u32;
        let (mut value, mut digits, mut plus, mut bad) = (0u32, 0u32, false, false);
        let mut i = 0;
        loop {
            let c = if i < cell.len() { cell[i] } else { b',' };
            if c == b',' || c == b'/' {
                if !bad && digits > 0 {
                    put(&mut self.alts, &mut self.alen, value);
                    if value > *max_alt {
                        *max_alt = value;
                    }
                }
                (value, digits, plus, bad) = (0, 0, false, false);
                if c == b',' {
                    let end = self.alen as u32;
                    put(&mut self.groups, &mut self.glen, (start, end));
                    start = end;
                    if i >= cell.len() {
                        break;
                    }
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
        (first, self.glen as u32)
    }

}

/// End of the cell starting at `i`: the next `|`, line feed or end of text.
#[inline(always)]
fn cell_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b'|' && b[i] != b'\n' {
        i += 1;
    }
    i
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

/// A cell or line `[s, e)` that ends the line loses the `\r` of a `\r\n` (as `str::lines()`).
#[inline(always)]
fn trim_cr(b: &[u8], s: usize, e: usize) -> usize {
    if e < b.len() && b[e] == b'\n' && e > s && b[e - 1] == b'\r' {
        e - 1
    } else {
        e
    }
}

/// `str::parse::<u64>` on bytes: optional `+`, decimal digits only, `None` on empty, invalid
/// or overflow.
#[inline(always)]
fn parse_u64_bytes(b: &[u8]) -> Option<u64> {
    let b = match b.first() {
        Some(b'+') => &b[1..],
        _ => b,
    };
    if b.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(d as u64)?;
    }
    Some(n)
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
}

pub(crate) fn parse_bases(text: &'static str, index: &AptIndex) -> Result<Vec<AptBase>, String> {
    let table = Table::parse(text);
    let mut out: Vec<AptBase> = Vec::with_capacity(table.rows.len());
    // Per set, its installed packages as flags over the index (same order as `out`), plus any
    // listed names the index does not know: closures test flags instead of hashing names.
    let mut flags: Vec<(Vec<bool>, Vec<&'static str>)> = Vec::with_capacity(table.rows.len());
    for r in &table.rows {
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
        });
        flags.push((have, foreign));
    }
    Ok(out)
}
