//! A virtual filesystem per stage: layers are change sets (OCI image-spec layer.md). A layer
//! holds added and modified entries in full, and whiteouts (0 bytes) for deletions; a delete
//! never shrinks a lower layer. Entries are files or package-sized aggregates (an apt package,
//! a module cache) with a path, a size, a compressed size and a category.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::classes::{Category, Class};
use crate::sorting;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    pub size: u64,
    pub compressed: u64,
    pub class: Class,
    pub category: Category,
}

impl Entry {
    pub fn new(size: u64, class: Class, category: Category) -> Entry {
        Entry { size, compressed: class.compress(size), class, category }
    }

    /// With a known compressed size (e.g. the DB's gzip -6 of a package's files).
    pub fn with_compressed(size: u64, compressed: u64, class: Class, category: Category) -> Entry {
        Entry { size, compressed, class, category }
    }
}

/// One entry of a layer: `entry` is `None` for a whiteout.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Shared with the filesystems that see it and the layers that repeat it (a package's path
    /// is remembered with the install that writes it), so that committing or dropping a layer
    /// copies no path.
    pub path: Arc<str>,
    pub entry: Option<Entry>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Layer {
    pub changes: Vec<Change>,
}

impl Layer {
    pub fn uncompressed(&self) -> u64 {
        self.changes.iter().filter_map(|c| c.entry.as_ref()).map(|e| e.size).sum()
    }
    pub fn compressed(&self) -> u64 {
        self.changes.iter().filter_map(|c| c.entry.as_ref()).map(|e| e.compressed).sum()
    }
    pub fn files_added(&self) -> usize {
        self.changes.iter().filter(|c| c.entry.is_some()).count()
    }
}

/// The layers of one stage's image (base layers first) and what is visible on top.
#[derive(Clone, Debug, Default)]
pub struct Vfs {
    /// Never changed once committed: shared by the stages built on this one.
    pub layers: Vec<Arc<Layer>>,
    pub visible: BTreeMap<Arc<str>, Entry>,
}

/// True when `path` is `prefix` or below it.
pub fn under(path: &str, prefix: &str) -> bool {
    under_trimmed(path, prefix.trim_end_matches('/'))
}

/// [`under`] for a prefix without its trailing `/`s (trimmed once for many paths).
fn under_trimmed(path: &str, prefix: &str) -> bool {
    prefix.is_empty() || path == prefix || path.strip_prefix(prefix).is_some_and(|r| r.starts_with('/'))
}

impl Vfs {
    pub fn commit(&mut self, layer: Layer) {
        self.commit_shared(Arc::new(layer));
    }

    /// Commits a layer another filesystem has too.
    pub fn commit_shared(&mut self, layer: Arc<Layer>) {
        let sorted = layer.changes.windows(2).all(|pair| pair[0].path < pair[1].path);
        // At least as many changes as the map has paths, in path order (a base image's layers,
        // a package install), are merged in one pass rather than looked up one by one.
        if sorted && layer.changes.len() >= self.visible.len() {
            self.visible = merged(std::mem::take(&mut self.visible), &layer.changes);
        } else {
            for c in &layer.changes {
                match &c.entry {
                    Some(e) => {
                        self.visible.insert(c.path.clone(), e.clone());
                    }
                    None => {
                        self.visible.remove(&c.path);
                    }
                }
            }
        }
        self.layers.push(layer);
    }

    pub fn visible_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a Arc<str>, &'a Entry)> + 'a {
        // Paths under `prefix` all start with it: one range of the sorted map.
        let start = prefix.trim_end_matches('/');
        self.visible
            .range::<str, _>((std::ops::Bound::Included(start), std::ops::Bound::Unbounded))
            .take_while(move |(p, _)| p.starts_with(start))
            .filter(move |(p, _)| under_trimmed(p, start))
    }

    pub fn visible_bytes(&self) -> u64 {
        self.visible.values().map(|e| e.size).sum()
    }

    pub fn total_bytes(&self) -> u64 {
        self.layers.iter().map(|layer| layer.uncompressed()).sum()
    }

    /// dive's numbers (cache-size-semantics.md §2.6, `filetree/efficiency.go`, `image/analysis.go`):
    /// per path, every occurrence across layers (a whiteout counts 0); score = Σ min ÷ Σ
    /// cumulative (1.0 when empty); wasted = Σ cumulative of paths seen ≥ 2 times (every copy,
    /// the surviving one included). Also Layerlab's `reclaimable`: per such path, cumulative
    /// minus what is still visible (each shadowed copy once).
    pub fn efficiency(&self) -> Efficiency {
        // Every change as (path, size), grouped by path by sorting (the sums do not depend on
        // the order).
        let mut changes: Vec<(&str, u64)> = self
            .layers
            .iter()
            .flat_map(|layer| &layer.changes)
            .map(|c| (&*c.path, c.entry.as_ref().map_or(0, |e| e.size)))
            .collect();
        sorting::sort_unstable_by(&mut changes, |a, b| a.0.cmp(b.0));
        let (mut min_sum, mut cum_sum, mut wasted, mut reclaimable, mut paths) = (0u64, 0u64, 0u64, 0u64, 0usize);
        for group in changes.chunk_by(|a, b| a.0 == b.0) {
            let cum: u64 = group.iter().map(|c| c.1).sum();
            min_sum += group.iter().map(|c| c.1).min().unwrap_or(0);
            cum_sum += cum;
            if group.len() >= 2 {
                wasted += cum;
                paths += 1;
                let now = self.visible.get(group[0].0).map_or(0, |e| e.size);
                reclaimable += cum - now.min(cum);
            }
        }
        let score = if cum_sum == 0 { 1.0 } else { min_sum as f64 / cum_sum as f64 };
        Efficiency { score, wasted_bytes: wasted, reclaimable_bytes: reclaimable, inefficient_paths: paths }
    }
}

/// `visible` with `changes` (in path order, each path once) applied.
fn merged(visible: BTreeMap<Arc<str>, Entry>, changes: &[Change]) -> BTreeMap<Arc<str>, Entry> {
    let mut out = Vec::with_capacity(visible.len() + changes.len());
    let mut earlier = visible.into_iter().peekable();
    for change in changes {
        while let Some(kept) = earlier.next_if(|(path, _)| *path < change.path) {
            out.push(kept);
        }
        // Replaced or deleted.
        earlier.next_if(|(path, _)| *path == change.path);
        if let Some(entry) = &change.entry {
            out.push((change.path.clone(), entry.clone()));
        }
    }
    out.extend(earlier);
    // In order and without duplicates: the map is built from it in one pass.
    out.into_iter().collect()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Efficiency {
    /// dive's efficiency score (0–1).
    pub score: f64,
    /// dive's "wasted bytes": every copy of a path seen in ≥ 2 layers, the surviving one too.
    pub wasted_bytes: u64,
    /// Bytes a later layer shadows or deletes, each copy once: what could be saved.
    pub reclaimable_bytes: u64,
    pub inefficient_paths: usize,
}

/// The pending changes of one step over `vfs`: a path written then removed in the same step
/// never reaches the layer.
#[derive(Debug)]
pub struct Tx<'a> {
    pub vfs: &'a Vfs,
    /// Path → new entry, or `None` = removed, in the order made (the last one of a path counts):
    /// a step makes many and looks few up, so they are put in path order once, by `into_layer`.
    pending: Vec<(Arc<str>, Option<Entry>)>,
    /// Prefixes whose writes stay out of the layer (`--mount=type=cache|tmpfs|bind|secret`).
    pub excluded: Vec<String>,
    /// Bytes written under an excluded prefix.
    pub excluded_bytes: u64,
}

impl<'a> Tx<'a> {
    pub fn new(vfs: &'a Vfs) -> Tx<'a> {
        Tx { vfs, pending: Vec::new(), excluded: Vec::new(), excluded_bytes: 0 }
    }

    /// Writes `path` (a path the caller holds as an `Arc<str>` is shared, not copied).
    pub fn write(&mut self, path: impl AsRef<str> + Into<Arc<str>>, entry: Entry) {
        if self.excluded.iter().any(|m| under(path.as_ref(), m)) {
            self.excluded_bytes += entry.size;
            return;
        }
        self.pending.push((path.into(), Some(entry)));
    }

    /// The entry at `path` after the pending changes.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        match self.pending.iter().rev().find(|(p, _)| **p == *path) {
            Some((_, e)) => e.as_ref(),
            None => self.vfs.visible.get(path),
        }
    }

    /// Everything visible at or below `prefix` after the pending changes.
    pub fn list(&self, prefix: &str) -> Vec<(Arc<str>, Entry)> {
        let visible = self.vfs.visible_under(prefix).map(|(p, e)| (Arc::clone(p), e.clone()));
        let trimmed = prefix.trim_end_matches('/');
        let below = |path: &str| under_trimmed(path, trimmed);
        // Mostly nothing pending lies below: what is visible is the list, already in path order.
        if !self.pending.iter().any(|(p, _)| below(p)) {
            return visible.collect();
        }
        let mut out = sorting::collect_map(visible);
        for (p, e) in &self.pending {
            if below(p) {
                match e {
                    Some(e) => {
                        out.insert(p.clone(), e.clone());
                    }
                    None => {
                        out.remove(p);
                    }
                }
            }
        }
        out.into_iter().collect()
    }

    /// `rm -rf prefix`: pending writes vanish, lower entries get whiteouts. Returns bytes of
    /// lower-layer entries hidden (they stay in the image).
    pub fn remove(&mut self, prefix: &str) -> (u64, u64) {
        let mut freed_pending = 0;
        let mut hidden_lower = 0;
        for (p, e) in self.list(prefix) {
            // A path only this step wrote vanishes: `into_layer` drops removals of new paths.
            match self.vfs.visible.get(&p) {
                Some(lower) => hidden_lower += lower.size,
                None => freed_pending += e.size,
            }
            self.pending.push((p, None));
        }
        (freed_pending, hidden_lower)
    }

    /// chmod/chown/touch of `prefix`: every lower entry below it is copied into the layer in
    /// full. Returns the bytes copied.
    pub fn touch(&mut self, prefix: &str) -> u64 {
        let mut copied = 0;
        let changed: std::collections::HashSet<Arc<str>> = self.pending.iter().map(|(p, _)| Arc::clone(p)).collect();
        for (p, e) in self.list(prefix) {
            if !changed.contains(&p) {
                copied += e.size;
                self.pending.push((p, Some(e)));
            }
        }
        copied
    }

    pub fn into_layer(self) -> Layer {
        let mut layer = Layer::default();
        let mut pending = self.pending;
        // In path order, the last change of each path (the sort is stable).
        sorting::sort_by(&mut pending, |a, b| a.0.cmp(&b.0));
        let mut last = Vec::with_capacity(pending.len());
        for change in pending {
            match last.last_mut() {
                Some((path, entry)) if *path == change.0 => *entry = change.1,
                _ => last.push(change),
            }
        }
        for (path, entry) in last {
            match entry {
                Some(e) => layer.changes.push(Change { path, entry: Some(e) }),
                None if self.vfs.visible.contains_key(&path) => layer.changes.push(Change { path, entry: None }),
                None => {}
            }
        }
        layer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A layer merged in one pass leaves the files committing it change by change leaves.
    #[test]
    fn a_merged_layer_leaves_the_files_of_one_committed_change_by_change() {
        let change = |path: &str, size: Option<u64>| Change {
            path: path.into(),
            entry: size.map(|size| Entry::new(size, Class::Text, Category::Other)),
        };
        let layers = [
            // Merged: in path order and as many changes as there are files.
            vec![change("/a", Some(1)), change("/c", Some(3)), change("/e", Some(5))],
            vec![change("/a", Some(10)), change("/b", Some(2)), change("/c", None), change("/f", Some(6))],
            // Looked up one by one: few changes, or not in path order.
            vec![change("/z", Some(26))],
            vec![change("/e", None), change("/d", Some(4)), change("/a", None), change("/c", Some(30)), change("/g", Some(7))],
        ];
        let mut vfs = Vfs::default();
        let mut by_change: BTreeMap<Arc<str>, Entry> = BTreeMap::new();
        for changes in layers {
            for c in &changes {
                match &c.entry {
                    Some(e) => by_change.insert(c.path.clone(), e.clone()),
                    None => by_change.remove(&c.path),
                };
            }
            vfs.commit(Layer { changes });
            assert_eq!(vfs.visible, by_change);
        }
    }
}
