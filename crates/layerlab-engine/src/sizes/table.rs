//! The compact pipe-separated format of the embedded data files.
//!
//! `#file|…`, `#columns|…` and other `#key|…` lines are metadata; `#source|KIND|DATE|TEXT` gives
//! the default source of every row of the file. Other lines are rows of `|`-separated cells.
//!
//! Parsing is on the start-up path (budget: the whole database ready in 5 ms in the browser), so
//! it is one pass over the bytes with no allocation per row: the cells of all rows borrow the
//! embedded text and live in one flat vector.

use super::source::{Source, SourceKind};
use crate::scan::{find_either, line_end};

pub(crate) struct Table {
    pub meta: Vec<(&'static str, &'static str)>,
    /// Cells of all rows, row after row.
    cells: Vec<&'static str>,
    /// End of each row in `cells` (row `i` is `cells[ends[i - 1]..ends[i]]`).
    ends: Vec<u32>,
    pub default_source: Option<Source>,
}

impl Table {
    /// Lines as `str::lines()` cuts them (`\n` or `\r\n`); blank lines skipped (ASCII
    /// whitespace only: the files are ASCII); cells as `split('|')`.
    pub fn parse(text: &'static str) -> Table {
        let b = text.as_bytes();
        let n = b.len();
        let mut table = Table {
            meta: Vec::new(),
            // At least ≈ 16 bytes per cell and 60 per row in the files.
            cells: Vec::with_capacity(n / 16 + 8),
            ends: Vec::with_capacity(n / 60 + 4),
            default_source: None,
        };
        let mut pos = 0;
        while pos < n {
            let start = pos;
            if b[start] == b'#' {
                let end = line_end(b, start);
                pos = end + 1;
                let m = &text[start + 1..trim_cr(b, start, end)];
                let (key, value) = m.split_once('|').unwrap_or((m, ""));
                if key == "source" {
                    table.default_source = Some(source_meta(value));
                }
                table.meta.push((key, value));
                continue;
            }
            let first = table.cells.len();
            let mut s = start;
            loop {
                let i = find_either(b, s, b'|', b'\n');
                let at_pipe = i < n && b[i] == b'|';
                table.cells.push(&text[s..trim_cr(b, s, i)]);
                if !at_pipe {
                    pos = i + 1;
                    break;
                }
                s = i + 1;
            }
            // A line without `|` that is only whitespace is blank (`line.trim().is_empty()`).
            let blank = table.cells.len() == first + 1 && table.cells[first].trim_ascii().is_empty();
            if blank {
                table.cells.truncate(first);
            } else {
                table.ends.push(table.cells.len() as u32);
            }
        }
        table
    }

    pub fn rows(&self) -> impl Iterator<Item = &[&'static str]> + '_ {
        let mut start = 0usize;
        self.ends.iter().map(move |&end| {
            let row = &self.cells[start..end as usize];
            start = end as usize;
            row
        })
    }

    pub fn row_count(&self) -> usize {
        self.ends.len()
    }

    pub fn meta_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'static str> + 'a {
        self.meta
            .iter()
            .filter(move |(k, _)| *k == key)
            .map(|(_, v)| *v)
    }
}

/// A cell or line `[s, e)` that ends the line loses the `\r` of a `\r\n` (as `str::lines()`).
#[inline(always)]
pub(crate) fn trim_cr(b: &[u8], s: usize, e: usize) -> usize {
    if e < b.len() && b[e] == b'\n' && e > s && b[e - 1] == b'\r' {
        e - 1
    } else {
        e
    }
}

pub(crate) fn cell(row: &[&'static str], i: usize) -> &'static str {
    row.get(i).copied().unwrap_or("")
}

pub(crate) fn num(row: &[&'static str], i: usize) -> Option<u64> {
    parse_u64(cell(row, i).trim_ascii().as_bytes())
}

/// `str::parse::<u64>` on bytes: optional `+`, decimal digits only, `None` on empty, invalid
/// or overflow (the standard one is an out-of-line call with more checks).
#[inline(always)]
pub(crate) fn parse_u64(b: &[u8]) -> Option<u64> {
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

/// The value of a `#source|KIND|DATE|TEXT` line (without `#source|`).
pub(crate) fn source_meta(value: &'static str) -> Source {
    let mut f = value.splitn(3, '|');
    let kind = f.next().unwrap_or("");
    let date = f.next().unwrap_or("");
    let text = f.next().unwrap_or("");
    let kind = match kind {
        "measured" => SourceKind::Measured,
        "derived" => SourceKind::Derived,
        "estimated" => SourceKind::Estimated { method: text },
        _ => SourceKind::Published,
    };
    Source { text, date, kind }
}
