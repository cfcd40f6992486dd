//! Debian bookworm package index and `apt-get install` closures.
//!
//! The index (data/debian-bookworm-packages.psv) holds, per package, the bytes it adds to a slim
//! image (files after the slim path-excludes) and a gzip estimate of that, plus its Depends /
//! Pre-Depends and Recommends as alternatives groups. [`AptIndex::closure`] follows them like apt
//! on a clean system: a group is satisfied by any alternative already installed (or added
//! earlier in the same closure), otherwise its first alternative is installed.

use std::collections::{HashMap, HashSet, VecDeque};

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
    by_name: HashMap<&'static str, u32>,
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
        let mut source = None;
        let mut estimate_line = "";
        let rows = text.lines().filter(|l| {
            if let Some(m) = l.strip_prefix("#source|") {
                source = Some(source_meta(m));
            } else if let Some(m) = l.strip_prefix("#estimate|") {
                estimate_line = m;
            }
            !l.starts_with('#') && !l.is_empty()
        });
        let rows: Vec<&'static str> = rows.collect();
        let source = source.ok_or("debian packages: no #source line")?;
        let (estimate_method, ratio_list) =
            estimate_line.split_once('|').unwrap_or((estimate_line, ""));
        let ratios: HashMap<&str, (f64, f64)> = ratio_list
            .split(';')
            .filter_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                let (a, b) = v.split_once(',')?;
                Some((k, (a.parse().ok()?, b.parse().ok()?)))
            })
            .collect();
        let fallback = ratios.get("*").copied().unwrap_or((0.75, 0.38));
        let mut index = AptIndex {
            packages: Vec::with_capacity(rows.len()),
            groups: Vec::with_capacity(rows.len() * 6),
            alts: Vec::with_capacity(rows.len() * 7),
            by_name: HashMap::with_capacity(rows.len()),
            source,
            estimate_method,
        };
        for (i, line) in rows.iter().enumerate() {
            let mut f = line.split('|');
            let name = f.next().unwrap_or("");
            let installed_kib: u64 = f.next().unwrap_or("").parse().unwrap_or(0);
            let size = f.next().unwrap_or("");
            let (slim_bytes, gzip_bytes, measured) = match size.strip_prefix('@') {
                Some(section) => {
                    let (a, b) = ratios.get(section).copied().unwrap_or(fallback);
                    let slim = (installed_kib as f64 * 1024.0 * a).round();
                    (slim as u64, (slim * b).round() as u64, false)
                }
                None => {
                    let (s, g) = size.split_once(',').unwrap_or((size, "0"));
                    (s.parse().unwrap_or(0), g.parse().unwrap_or(0), true)
                }
            };
            let depends = index.push_relations(f.next().unwrap_or(""));
            let recommends = index.push_relations(f.next().unwrap_or(""));
            index.by_name.insert(name, i as u32);
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
        let n = index.packages.len() as u32;
        if index.alts.iter().any(|i| *i >= n) {
            return Err("debian packages: relation points past the end".into());
        }
        Ok(index)
    }

    /// Appends `a/b,c` (base-36 line numbers) to the arena; returns the range of groups.
    fn push_relations(&mut self, cell: &str) -> (u32, u32) {
        let first = self.groups.len() as u32;
        if !cell.is_empty() {
            for group in cell.split(',') {
                let start = self.alts.len() as u32;
                for alt in group.split('/') {
                    if let Ok(i) = u32::from_str_radix(alt, 36) {
                        self.alts.push(i);
                    }
                }
                self.groups.push((start, self.alts.len() as u32));
            }
        }
        (first, self.groups.len() as u32)
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
        self.by_name.get(name).map(|i| &self.packages[*i as usize])
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
        let mut out = AptClosure::default();
        let mut added: HashSet<u32> = HashSet::new();
        let mut queue: VecDeque<u32> = VecDeque::new();
        let installed = |i: u32, added: &HashSet<u32>| {
            added.contains(&i) || already_installed(self.packages[i as usize].name)
        };
        for raw in install {
            let name = clean_name(raw);
            if name.is_empty() {
                continue;
            }
            match self.by_name.get(name) {
                Some(&i) if !installed(i, &added) => {
                    added.insert(i);
                    queue.push_back(i);
                }
                Some(_) => {}
                None if !already_installed(name) => out.unknown.push(name.to_string()),
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
                if group.iter().any(|&a| installed(a, &added)) {
                    continue;
                }
                if let Some(&first) = group.first() {
                    added.insert(first);
                    queue.push_back(first);
                }
            }
        }
        out
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
    let mut out: Vec<AptBase> = Vec::new();
    for r in &table.rows {
        let name = cell(r, 0);
        let parent = Some(cell(r, 1)).filter(|p| !p.is_empty());
        let listed: Vec<&'static str> = cell(r, 2).split_whitespace().collect();
        let mut installed: Vec<&'static str> = match parent {
            Some(p) => out
                .iter()
                .find(|b| b.name == p)
                .ok_or_else(|| format!("apt-bases: {name} names unknown parent {p}"))?
                .installed
                .clone(),
            None => Vec::new(),
        };
        if parent.is_none() {
            installed.extend(listed.iter().copied());
        } else {
            let have: HashSet<&str> = installed.iter().copied().collect();
            let c = index.closure(&listed, &|n| have.contains(n), false);
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
    }
    Ok(out)
}
