//! Language packages (PyPI, npm), Alpine packages, and other sourced facts (Go/Rust/Java build
//! outputs, caches, apt lists).

use std::collections::HashMap;

use serde::Serialize;

use super::source::{Source, SourceKind};
use super::table::{cell, num, source_meta, Table};
use crate::sorting;

/// A PyPI distribution installed for CPython 3.12 on manylinux x86_64.
#[derive(Debug, Clone, Serialize)]
pub struct PypiPackage {
    /// Normalised name (lower case, `_`/`.` → `-`).
    pub name: &'static str,
    pub version: &'static str,
    pub wheel_bytes: Option<u64>,
    /// The package alone, no `.pyc`.
    pub own_installed_bytes: Option<u64>,
    /// With all its dependencies, no `.pyc` (`pip install --no-compile`).
    pub with_deps_bytes: Option<u64>,
    /// With dependencies and `.pyc` (pip's default); an estimate, see `source`.
    pub with_deps_pyc_bytes: Option<u64>,
    pub dist_count: Option<u32>,
    pub source: Source,
}

/// An npm package installed into an empty project, production dependencies only.
#[derive(Debug, Clone, Serialize)]
pub struct NpmPackage {
    pub name: &'static str,
    pub version: &'static str,
    pub tarball_bytes: Option<u64>,
    pub unpacked_bytes: Option<u64>,
    /// `du -sb node_modules` after `npm install --omit=dev --ignore-scripts PKG`.
    pub node_modules_bytes: Option<u64>,
    pub package_count: Option<u32>,
    pub source: Source,
}

/// An Alpine package's installed size (x86_64), as `apk info` displayed it.
#[derive(Debug, Clone, Serialize)]
pub struct ApkPackage {
    pub name: &'static str,
    pub version: &'static str,
    pub alpine_release: &'static str,
    pub installed_bytes: u64,
    pub source: Source,
}

/// A single sourced number (Go binary sizes, JDK sizes, apt lists, caches…), looked up by key.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub key: &'static str,
    pub value: f64,
    pub unit: &'static str,
    /// e.g. the gzip -6 size of a binary, when measured.
    pub compressed: Option<f64>,
    pub label: &'static str,
    pub source: Source,
}

/// PyPI name equality after normalisation (trimmed, ASCII lower case, `_`/`.` → `-`), without
/// allocating.
pub(crate) fn same_pypi_name(a: &str, b: &str) -> bool {
    let norm = |c: u8| match c {
        b'_' | b'.' => b'-',
        c => c.to_ascii_lowercase(),
    };
    let (a, b) = (a.trim().as_bytes(), b.trim().as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| norm(x) == norm(y))
}

fn row_source(table: &Table, r: &[&'static str], col: usize) -> Source {
    let default = table.default_source.unwrap_or(Source {
        text: "",
        date: "",
        kind: SourceKind::Published,
    });
    let c = cell(r, col);
    if c.is_empty() {
        return default;
    }
    // Row override: `measured: how, YYYY-MM-DD` — the date is the last comma field (what
    // follows the last ", "), read from the end.
    let b = c.as_bytes();
    let last_field = (1..b.len())
        .rev()
        .find(|&i| b[i - 1] == b',' && b[i] == b' ')
        .map_or(c, |i| &c[i + 1..]);
    let date = Some(last_field)
        .filter(|d| d.len() == 10 && d.starts_with("20"))
        .unwrap_or(default.date);
    Source::parse(c, date, default.kind)
}

pub(crate) fn parse_pypi(text: &'static str) -> Vec<PypiPackage> {
    let t = Table::parse(text);
    let mut out: Vec<PypiPackage> = t
        .rows()
        .map(|r| {
            // The .pyc column is the one estimate in a measured row; its doc comment says so.
            let source = row_source(&t, r, 7);
            PypiPackage {
                name: cell(r, 0),
                version: cell(r, 1),
                wheel_bytes: num(r, 2),
                own_installed_bytes: num(r, 3),
                with_deps_bytes: num(r, 4),
                with_deps_pyc_bytes: num(r, 5),
                dist_count: num(r, 6).map(|n| n as u32),
                source,
            }
        })
        .collect();
    sort_by_name(&mut out, |p| p.name);
    out
}

/// Sorts by name and keeps the first row of a repeated name; a file already in order (as the
/// data files are kept) costs one comparison per row.
fn sort_by_name<T>(v: &mut Vec<T>, name: impl Fn(&T) -> &'static str) {
    if v.windows(2).all(|w| name(&w[0]) < name(&w[1])) {
        return;
    }
    sorting::sort_by_key(v, |p| name(p));
    v.dedup_by_key(|p| name(p));
}

pub(crate) fn parse_npm(text: &'static str) -> Vec<NpmPackage> {
    let t = Table::parse(text);
    let mut out: Vec<NpmPackage> = t
        .rows()
        .map(|r| NpmPackage {
            name: cell(r, 0),
            version: cell(r, 1),
            tarball_bytes: num(r, 2),
            unpacked_bytes: num(r, 3),
            node_modules_bytes: num(r, 4),
            package_count: num(r, 5).map(|n| n as u32),
            source: row_source(&t, r, 6),
        })
        .collect();
    sort_by_name(&mut out, |p| p.name);
    out
}

pub(crate) fn parse_apk(
    text: &'static str,
) -> (Vec<ApkPackage>, HashMap<&'static str, &'static str>) {
    let t = Table::parse(text);
    let source = t
        .default_source
        .expect("alpine-packages.psv has a #source line");
    let equivalents = t
        .meta_all("debian-equivalent")
        .flat_map(|v| v.split_whitespace())
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let pkgs = t
        .rows()
        .map(|r| ApkPackage {
            name: cell(r, 0),
            version: cell(r, 1),
            alpine_release: cell(r, 2),
            installed_bytes: num(r, 3).unwrap_or(0),
            source,
        })
        .collect();
    (pkgs, equivalents)
}

/// Facts file: sections start with `#source|…`; each row is `key|value|unit|compressed|label`
/// with an optional 6th cell overriding the source.
pub(crate) fn parse_facts(text: &'static str) -> Vec<Fact> {
    let mut out = Vec::new();
    let mut current: Option<Source> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("#source|") {
            current = Some(source_meta(m));
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let r: Vec<&'static str> = line.split('|').collect();
        let section = current.unwrap_or(Source {
            text: "",
            date: "",
            kind: SourceKind::Published,
        });
        let source = match cell(&r, 5) {
            "" => section,
            c => Source::parse(c, section.date, section.kind),
        };
        out.push(Fact {
            key: cell(&r, 0),
            value: cell(&r, 1).parse().unwrap_or(f64::NAN),
            unit: cell(&r, 2),
            compressed: cell(&r, 3).parse().ok(),
            label: cell(&r, 4),
            source,
        });
    }
    out
}
