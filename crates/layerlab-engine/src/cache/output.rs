//! What each stage wrote where, and the content id of a path in a stage's output: what a
//! `COPY --from` or `RUN --mount=from=` is keyed by (`reference/cache-size-semantics.md` §1.4,
//! §1.9 "cross-stage"). Files copied keep their content ids; a RUN's output is its key, salted
//! when it re-ran (the stated assumption: a re-run writes new bytes).
use super::build::{dest_is_dir, destination_path, BuiltRow, Origin, Provenance, StageBuild};
use super::hash::Fnv;
use super::world::copy_targets;
use crate::context::join_path;
use crate::model::{Expanded, Step};

/// One step's effect on its stage's filesystem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Write {
    Files { stage: usize, line: usize, hit: bool, entries: Vec<(String, u64)> },
    Run { stage: usize, line: usize, hit: bool, id: u64, text: String, workdir: String },
}

/// Where a COPY put its files and their content ids.
pub(crate) fn copy_writes(step: &Step, row: &BuiltRow) -> Vec<(String, u64)> {
    let Expanded::Copy { sources, inline, destination, .. } = &step.expanded else {
        return Vec::new();
    };
    let dest = destination_path(&step.state.workdir, destination);
    let is_dir = dest_is_dir(destination, sources.len() + inline.len(), sources);
    let mut entries = Vec::new();
    for (source, input) in sources.iter().zip(&row.inputs) {
        match input.members.first().map(|m| &m.origin) {
            Some(Origin::Context) => {
                // A context member's id is already its file's `World::file_id`.
                let targets = copy_targets(source, input.members.iter().map(|m| m.label.as_str()), &dest, is_dir);
                entries.extend(targets.into_iter().zip(&input.members).map(|(target, m)| (target, m.id)));
            }
            Some(_) => {
                let base = join_path("", source);
                let name = crate::scan::base_name(&base);
                let target =
                    if is_dir && !name.is_empty() { join_path(&dest, name) } else { dest.clone() };
                entries.extend(input.members.iter().map(|m| (target.clone(), m.id)));
            }
            None => {}
        }
    }
    for file in inline {
        let target = if is_dir { join_path(&dest, &file.name) } else { dest.clone() };
        entries.push((target, Fnv::new("inline").str(&file.data).finish()));
    }
    entries
}

/// `path` is `directory` or under it.
fn is_under(path: &str, directory: &str) -> bool {
    path.strip_prefix(directory).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn covers(entry: &str, path: &str) -> bool {
    path == "/"
        || entry == path
        || entry.strip_prefix(path).is_some_and(|r| r.starts_with('/'))
        || path.strip_prefix(entry).is_some_and(|r| r.starts_with('/'))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `needle` occurs in `text` as a whole word (not inside a longer name).
fn contains_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

/// A RUN names `path`: absolutely, or relative to its working directory.
fn mentions(text: &str, workdir: &str, path: &str) -> bool {
    if path != "/" && contains_word(text, path) {
        return true;
    }
    let relative = match workdir {
        "/" => path.strip_prefix('/'),
        _ => path.strip_prefix(workdir).and_then(|rest| rest.strip_prefix('/')),
    };
    relative.is_some_and(|rel| rel.len() >= 2 && contains_word(text, rel))
}

/// The content id of `path` in a stage's output and the step that wrote it: the newest RUN that
/// names the path or works inside it, plus files copied there after it; else the files copied there; else the last
/// RUN working at or above the path (else the last RUN) — its output is assumed; else the base.
pub(crate) fn resolve_output(stage: &StageBuild, path: &str) -> (u64, Provenance) {
    // A RUN is taken to write where it runs: its working directory at or under `path` counts.
    let inside = |workdir: &str| path == "/" || is_under(workdir, path);
    let named = stage.writes.iter().rposition(
        |w| matches!(w, Write::Run { text, workdir, .. } if inside(workdir) || mentions(text, workdir, path)),
    );
    let mut hasher = Fnv::new("output");
    let mut provenance = None;
    if let Some(Write::Run { stage, line, hit, id, .. }) = named.map(|i| &stage.writes[i]) {
        hasher.u64(*id);
        provenance = Some(Provenance::Run { stage: *stage, line: *line, hit: *hit, guessed: false });
    }
    let mut newest_copy = None;
    for write in &stage.writes[named.map_or(0, |i| i + 1)..] {
        if let Write::Files { stage, line, hit, entries } = write {
            for (target, id) in entries.iter().filter(|(t, _)| covers(t, path)) {
                hasher.str(target).u64(*id);
                newest_copy = Some(Provenance::Copied { stage: *stage, line: *line, hit: *hit });
            }
        }
    }
    if provenance.is_none() {
        provenance = newest_copy;
    }
    if provenance.is_none() {
        let runs = || stage.writes.iter().rev().filter(|w| matches!(w, Write::Run { .. }));
        let at_or_above = runs().find(|w| match w {
            Write::Run { workdir, .. } => workdir == "/" || is_under(path, workdir),
            _ => false,
        });
        if let Some(Write::Run { stage, line, hit, id, .. }) = at_or_above.or_else(|| runs().next()) {
            hasher.u64(*id);
            provenance = Some(Provenance::Run { stage: *stage, line: *line, hit: *hit, guessed: true });
        }
    }
    let provenance = provenance.unwrap_or_else(|| {
        hasher.u64(stage.base_id).str(path);
        Provenance::Base
    });
    (hasher.finish(), provenance)
}
