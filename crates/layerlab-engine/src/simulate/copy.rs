//! COPY/ADD: from the build context (`.dockerignore` applied) or from another stage's files
//! (`--from`). ADD of a local tar archive extracts it (≈ 3 × its size, flagged); ADD of a URL
//! is unknown unless annotated.

use super::classes::{Category, Class};
use super::vfs::{under, Entry, Tx, Vfs};
use crate::context::{clean_path, join_path, BuildContext, DockerIgnore};
use crate::model::InlineSource;

pub struct CopyCtx<'a> {
    pub context_inferred: bool,
    pub workdir: &'a str,
    pub add: bool,
    pub annotation: Option<u64>,
}

#[derive(Default)]
pub struct CopyOutcome {
    pub notes: Vec<String>,
    pub unknown: Vec<String>,
    pub estimated: bool,
}

fn category_of(path: &str) -> Category {
    if ["node_modules/", "site-packages/", "vendor/", ".venv/", "/.m2/"].iter().any(|p| path.contains(p)) {
        Category::LanguagePackages
    } else {
        Category::Application
    }
}

fn is_archive(p: &str) -> bool {
    [".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst"].iter().any(|e| p.ends_with(e))
}

/// Destination path of one copied file: `rel` is its path below the source.
fn target(dest: &str, dir_dest: bool, rel: &str, single_file: bool) -> String {
    if single_file && !dir_dest {
        return dest.to_owned();
    }
    join_path(dest.trim_end_matches('/'), rel)
}

/// All a COPY/ADD reads of the build context for one local source: the files it selects
/// (with their sizes) and how many matches `.dockerignore` leaves out.
#[derive(Debug, PartialEq)]
pub struct ContextFiles {
    files: Vec<(String, u64)>,
    ignored: usize,
}

/// What each source reads of the context (`None` for a URL or a git repository).
pub fn context_files(context: &BuildContext, ignore: &DockerIgnore, sources: &[String]) -> Vec<Option<ContextFiles>> {
    let size_of = |path: &String| context.files.iter().find(|f| &f.path == path).map_or(0, |f| f.size_bytes);
    sources
        .iter()
        .map(|src| {
            let remote = src.contains("://") || is_git(src);
            (!remote).then(|| {
                let selection = context.select(src, ignore);
                let files = selection.files.into_iter().map(|path| {
                    let size = size_of(&path);
                    (path, size)
                }).collect();
                ContextFiles { files, ignored: selection.ignored_matches.len() }
            })
        })
        .collect()
}

/// A git repository as an ADD source (`git@host:repo`, `….git`).
fn is_git(src: &str) -> bool {
    src.starts_with("git@") || src.ends_with(".git")
}

/// Whether `sources` read the same of both contexts ([`context_files`] equal). When the two
/// list the same paths (an edited build's: at most the Dockerfile's size differs), the sources
/// select the same paths in both, so one selection tells.
pub fn same_context_files(before: (&BuildContext, &DockerIgnore), now: (&BuildContext, &DockerIgnore), sources: &[String]) -> bool {
    let ((context, ignore), (other, other_ignore)) = (before, now);
    let same_paths = context.files.len() == other.files.len()
        && context.files.iter().zip(&other.files).all(|(a, b)| a.path == b.path)
        && ignore == other_ignore;
    if !same_paths {
        return context_files(context, ignore, sources) == context_files(other, other_ignore, sources);
    }
    let resized: Vec<&str> =
        context.files.iter().zip(&other.files).filter(|(a, b)| a.size_bytes != b.size_bytes).map(|(a, _)| a.path.as_str()).collect();
    resized.is_empty()
        || context_files(other, other_ignore, sources).iter().flatten().all(|read| read.files.iter().all(|(path, _)| !resized.contains(&path.as_str())))
}

/// Copies from the build context; `read` is [`context_files`] of `sources`.
pub fn from_context(tx: &mut Tx, c: &CopyCtx, sources: &[String], read: &[Option<ContextFiles>], inline: &[InlineSource], dest: &str) -> CopyOutcome {
    let mut out = CopyOutcome::default();
    let dir_dest = dest.ends_with('/') || sources.len() + inline.len() > 1;
    let dest_abs = abs(c.workdir, dest);
    for f in inline {
        let path = target(&dest_abs, dir_dest, &f.name, true);
        tx.write(path.as_str(), Entry::new(f.data.len() as u64, Class::Text, Category::Application));
    }
    let mut total = 0u64;
    let mut files = 0usize;
    for (src, read) in sources.iter().zip(read) {
        if src.contains("://") {
            match c.annotation {
                Some(size) => {
                    let name = src.rsplit('/').next().unwrap_or("download");
                    tx.write(target(&dest_abs, dir_dest || dest.ends_with('/'), name, true), Entry::new(size, Class::of_path(name), Category::Application));
                    out.notes.push(format!("ADD {src}: {size} bytes from the `# layerlab: size=` annotation"));
                }
                None => out.unknown.push(format!("ADD {src}: remote file of unknown size (add `# layerlab: size=…`)")),
            }
            continue;
        }
        if is_git(src) {
            out.unknown.push(format!("ADD {src}: git repository of unknown size"));
            continue;
        }
        let Some(sel) = read else { continue };
        if sel.files.is_empty() {
            if sel.ignored == 0 {
                out.notes.push(format!("`{src}` matches nothing in the {}context (BuildKit fails: not found)", if c.context_inferred { "inferred " } else { "" }));
            } else {
                out.notes.push(format!("`{src}`: all {} matching files are excluded by .dockerignore", sel.ignored));
            }
            continue;
        }
        let clean = clean_path(src.trim_start_matches('/'));
        let has_wild = clean.contains(['*', '?', '[']);
        for (path, size) in &sel.files {
            let size = *size;
            // Path of the file below what the source names.
            let rel = if clean == "." {
                path.clone()
            } else if has_wild {
                let parent = clean.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
                path.strip_prefix(parent).unwrap_or(path).trim_start_matches('/').to_owned()
            } else if path == &clean {
                crate::scan::base_name(path).to_owned()
            } else {
                path.strip_prefix(&clean).unwrap_or(path).trim_start_matches('/').to_owned()
            };
            let single = path == &clean && !has_wild;
            if c.add && is_archive(path) {
                let extracted = size * crate::simulate::run::EXTRACT_FACTOR;
                let dir = dest_abs.trim_end_matches('/');
                tx.write(format!("{dir}/(extracted {rel})"), Entry::new(extracted, Class::Mixed, category_of(path)));
                out.estimated = true;
                out.notes.push(format!("ADD {path}: local archive extracted ≈ 3 × {size} = {extracted} bytes (ESTIMATE)"));
                total += extracted;
                files += 1;
                continue;
            }
            let t = target(&dest_abs, dir_dest, &rel, single);
            tx.write(t.as_str(), Entry::new(size, Class::of_path(path), category_of(&t)));
            total += size;
            files += 1;
        }
        if sel.ignored > 0 {
            out.notes.push(format!("`{src}`: {} files left out by .dockerignore", sel.ignored));
        }
    }
    out.notes.push(format!(
        "{files} files, {total} bytes from the {}build context",
        if c.context_inferred { "inferred (assumed) " } else { "" }
    ));
    if c.context_inferred {
        out.estimated = true;
    }
    out
}

/// Copies from another stage's final filesystem.
pub fn from_stage(tx: &mut Tx, source: &Vfs, stage_name: &str, sources: &[String], dest: &str, workdir: &str, source_workdir: &str) -> CopyOutcome {
    let mut out = CopyOutcome::default();
    let dir_dest = dest.ends_with('/') || sources.len() > 1;
    let dest_abs = abs(workdir, dest);
    let mut total = 0;
    for src in sources {
        let src_abs = abs(source_workdir, src);
        let pattern = src_abs.contains(['*', '?']);
        let prefix = if pattern { src_abs.rsplit_once('/').map(|(p, _)| p.to_owned()).unwrap_or_default() } else { src_abs.clone() };
        let entries: Vec<(std::sync::Arc<str>, Entry)> = source
            .visible
            .iter()
            .filter(|(p, _)| under(p, &prefix) && !p.starts_with("/(base"))
            .filter(|(p, _)| !pattern || crate::context::path_match(&src_abs, p).unwrap_or(false) || under(p, &src_abs))
            .map(|(p, e)| (p.clone(), e.clone()))
            .collect();
        if entries.is_empty() {
            out.unknown.push(format!("COPY --from={stage_name} {src}: not created by that stage's Dockerfile steps (from its base image?): size unknown"));
            continue;
        }
        for (p, e) in entries {
            let single = *p == *src_abs;
            let rel = if single { crate::scan::base_name(&p).to_owned() } else { p.strip_prefix(&prefix).unwrap_or(&p).trim_start_matches('/').to_owned() };
            let t = target(&dest_abs, dir_dest, &rel, single);
            total += e.size;
            let mut e = e;
            if e.category == Category::Cache {
                e.category = Category::Application;
            }
            tx.write(t.as_str(), e);
        }
    }
    out.notes.push(format!("{total} bytes copied from stage {stage_name}"));
    out
}

pub fn abs(workdir: &str, p: &str) -> String {
    if p.starts_with('/') {
        clean_path(p)
    } else {
        join_path(workdir, p)
    }
}
