//! The compact pipe-separated format of the embedded data files.
//!
//! `#file|…`, `#columns|…` and other `#key|…` lines are metadata; `#source|KIND|DATE|TEXT` gives
//! the default source of every row of the file. Other lines are rows of `|`-separated cells.

use super::source::{Source, SourceKind};

pub(crate) struct Table {
    pub meta: Vec<(&'static str, &'static str)>,
    pub rows: Vec<Vec<&'static str>>,
    pub default_source: Option<Source>,
}

impl Table {
    pub fn parse(text: &'static str) -> Table {
        let mut meta = Vec::new();
        let mut rows = Vec::new();
        let mut default_source = None;
        for line in text.lines() {
            if line.trim().is_empty() {
                continue;
            }
            if let Some(m) = line.strip_prefix('#') {
                let (key, value) = m.split_once('|').unwrap_or((m, ""));
                if key == "source" {
                    default_source = Some(source_meta(value));
                }
                meta.push((key, value));
                continue;
            }
            rows.push(line.split('|').collect());
        }
        Table {
            meta,
            rows,
            default_source,
        }
    }

    pub fn meta_all(&self, key: &str) -> impl Iterator<Item = &'static str> + '_ {
        let key = key.to_string();
        self.meta
            .iter()
            .filter(move |(k, _)| *k == key)
            .map(|(_, v)| *v)
    }
}

pub(crate) fn cell(row: &[&'static str], i: usize) -> &'static str {
    row.get(i).copied().unwrap_or("")
}

pub(crate) fn num(row: &[&'static str], i: usize) -> Option<u64> {
    cell(row, i).trim().parse().ok()
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
