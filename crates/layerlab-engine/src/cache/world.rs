//! The build context as one build sees it: every file's content identity (path, size, content
//! version, mode — never mtime, as BuildKit's `tarsum` leaves mtime out), after `.dockerignore`,
//! and the scenario edits applied (a new version, a chmod, a touch, a new base-image digest).
use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::hash::Fnv;
use crate::context::{clean_path, join_path, BuildContext, ContextFile, DockerIgnore, Selection};
use crate::sorting;

/// Dependency manifests and lock files, most specific first (what `ChangeDependencyManifest`
/// edits by default: the lock file is what changes when a dependency is bumped).
pub(crate) const MANIFESTS: [&str; 22] = [
    "go.sum",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "requirements.txt",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "Cargo.lock",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "Gemfile.lock",
    "composer.lock",
    "packages.lock.json",
    "mix.lock",
    "go.mod",
    "package.json",
    "pyproject.toml",
    "Pipfile",
    "Cargo.toml",
    "Gemfile",
];

const SOURCE_EXTENSIONS: [&str; 22] = [
    "go", "js", "mjs", "ts", "tsx", "jsx", "py", "rs", "java", "kt", "rb", "php", "c", "cc", "cpp", "h", "cs", "ex",
    "swift", "scala", "html", "css",
];

pub(crate) fn is_manifest(path: &str) -> bool {
    let base = crate::scan::base_name(path);
    MANIFESTS.contains(&base)
}

/// What the scenario did to the context's files, for the reasons.
#[derive(Clone, Debug, Default)]
pub(crate) struct Edits {
    /// Content changed (or the file was added).
    pub changed: BTreeSet<String>,
    /// Only the modification time changed.
    pub touched: BTreeSet<String>,
    /// Only the mode changed.
    pub chmodded: BTreeSet<String>,
}

impl Edits {
    /// Whether the change did anything to `path`.
    pub(crate) fn includes(&self, path: &str) -> bool {
        self.changed.contains(path) || self.touched.contains(path) || self.chmodded.contains(path)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct World<'a> {
    /// The described context, copied only when a file is added.
    pub context: Cow<'a, BuildContext>,
    modes: BTreeMap<String, u32>,
    /// New content versions by index in `context.files` (over the described ones).
    versions: BTreeMap<usize, String>,
    /// Indexes in `context.files` sorted by path (the last file of a path only).
    index: Vec<usize>,
    pub ignore: &'a DockerIgnore,
    /// Images whose tag now resolves to a new digest.
    pub new_digests: BTreeSet<String>,
    /// [`World::select`]'s answers, shared with the clones of this world (the scenario's world
    /// selects what the world before it does) until a file is added.
    selections: Rc<RefCell<BTreeMap<String, Rc<Selected>>>>,
}

/// What a source selects from the context, and which file each path selected is.
#[derive(Debug, PartialEq)]
pub(crate) struct Selected {
    pub selection: Selection,
    /// The index in `context.files` of each of `selection.files` (the last file of its path).
    pub files: Vec<usize>,
}

/// `name` designates `reference`: equal, or `reference` is `name` plus a tag or digest
/// (`golang` matches `golang:1.22`).
pub(crate) fn same_image(name: &str, reference: &str) -> bool {
    name == reference || reference.strip_prefix(name).is_some_and(|rest| rest.starts_with(':') || rest.starts_with('@'))
}

impl<'a> World<'a> {
    /// The context as described; a `Dockerfile` entry is added when the description has none
    /// (the Dockerfile is always in the directory sent, so `COPY . .` takes it unless ignored).
    pub(crate) fn new(context: &'a BuildContext, ignore: &'a DockerIgnore, dockerfile_bytes: usize) -> World<'a> {
        let mut context = Cow::Borrowed(context);
        if !context.files.iter().any(|f| f.path == "Dockerfile") {
            context.to_mut().files.push(ContextFile {
                path: "Dockerfile".into(),
                size_bytes: dockerfile_bytes as u64,
                version: None,
                assumed: true,
            });
        }
        let files = &context.files;
        let mut index: Vec<usize> = (0..files.len()).collect();
        sorting::sort_unstable_by_key(&mut index, |&i| (files[i].path.as_str(), Reverse(i)));
        index.dedup_by_key(|i| files[*i].path.as_str());
        let selections = Rc::default();
        let (modes, versions, new_digests) = (BTreeMap::new(), BTreeMap::new(), BTreeSet::new());
        World { context, modes, versions, index, ignore, new_digests, selections }
    }

    /// What `source` selects from the context (a version, mode or mtime edit changes nothing
    /// selected: only added files do).
    pub(crate) fn select(&self, source: &str) -> Rc<Selected> {
        if let Some(selected) = self.selections.borrow().get(source) {
            return Rc::clone(selected);
        }
        let selection = self.context.select(source, self.ignore);
        // Every path selected is a file of the context.
        let files = selection.files.iter().map(|path| self.position(path).unwrap_or_default()).collect();
        let selected = Rc::new(Selected { selection, files });
        self.selections.borrow_mut().insert(source.to_owned(), Rc::clone(&selected));
        selected
    }

    pub(crate) fn is_sent(&self, path: &str) -> bool {
        !self.ignore.is_ignored(path)
    }

    /// The context files at or under `path` (a file, or a directory prefix).
    fn matching(&self, path: &str) -> Vec<usize> {
        let path = clean_path(path.trim_start_matches('/'));
        (0..self.context.files.len())
            .filter(|&i| {
                let file = &self.context.files[i].path;
                path == "." || *file == path || file.strip_prefix(&path).is_some_and(|r| r.starts_with('/'))
            })
            .collect()
    }

    /// A new content version for `path` (every file under it when it is a directory); a path the
    /// context does not have is added as a new 1 KB file.
    pub(crate) fn edit(&mut self, path: &str, edits: &mut Edits) {
        let matching = self.matching(path);
        if matching.is_empty() {
            let path = clean_path(path.trim_start_matches('/'));
            if path != "." && !path.starts_with("..") {
                let file =
                    ContextFile { path: path.clone(), size_bytes: 1_000, version: Some("new".into()), assumed: true };
                let at = self.index.partition_point(|&i| self.context.files[i].path < path);
                self.index.insert(at, self.context.files.len());
                self.context.to_mut().files.push(file);
                self.selections = Rc::default();
                edits.changed.insert(path);
            }
            return;
        }
        for i in matching {
            let version = format!("{}+edit", self.version(i).unwrap_or("v0"));
            self.versions.insert(i, version);
            edits.changed.insert(self.context.files[i].path.clone());
        }
    }

    /// `chmod +x`: the mode is part of the checksum.
    pub(crate) fn chmod(&mut self, path: &str, edits: &mut Edits) {
        for i in self.matching(path) {
            let path = self.context.files[i].path.clone();
            self.modes.insert(path.clone(), 0o755);
            edits.chmodded.insert(path);
        }
    }

    /// `touch`: only mtime changes, and mtime is not in any key — nothing to record but the edit.
    pub(crate) fn touch(&mut self, path: &str, edits: &mut Edits) {
        for i in self.matching(path) {
            edits.touched.insert(self.context.files[i].path.clone());
        }
    }

    /// BuildKit's per-file checksum record: path, mode, size and the bytes (a version here).
    /// `file` is an index in `context.files` ([`Selected::files`]).
    pub(crate) fn file_id(&self, index: usize) -> u64 {
        let file = &self.context.files[index];
        let mut hasher = Fnv::new("file");
        hasher.str(&file.path);
        hasher.u64(u64::from(self.modes.get(&file.path).copied().unwrap_or(0o644)));
        hasher.u64(file.size_bytes);
        hasher.opt(self.version(index));
        hasher.finish()
    }

    fn version(&self, file: usize) -> Option<&str> {
        self.versions.get(&file).map(String::as_str).or(self.context.files[file].version.as_deref())
    }

    /// The index in `context.files` of the last file of `path`.
    fn position(&self, path: &str) -> Option<usize> {
        let at = self.index.binary_search_by(|&i| self.context.files[i].path.as_str().cmp(path)).ok()?;
        Some(self.index[at])
    }

    /// The default file of `EditSourceFile`: the first file sent with a source-code extension
    /// (else any sent file) that is not a dependency manifest, the Dockerfile, or under `.git/`;
    /// files the build copies (`copied`) first.
    pub(crate) fn default_source_file(&self, copied: &BTreeSet<String>) -> Option<String> {
        let pick = |only_copied: bool| self.pick_source(|p| !only_copied || copied.contains(p));
        pick(true).or_else(|| pick(false))
    }

    fn pick_source(&self, keep: impl Fn(&str) -> bool) -> Option<String> {
        // The candidates are looked at only up to the first with a source extension.
        let mut candidates = self
            .context
            .files
            .iter()
            .filter(|f| !f.path.starts_with(".git/") && !f.path.ends_with("Dockerfile") && f.path != ".dockerignore")
            .filter(|f| keep(&f.path) && !is_manifest(&f.path) && self.is_sent(&f.path));
        let has_source_ext =
            |f: &&ContextFile| f.path.rsplit_once('.').is_some_and(|(_, ext)| SOURCE_EXTENSIONS.contains(&ext));
        let first = candidates.next()?;
        let pick = if has_source_ext(&first) { first } else { candidates.find(has_source_ext).unwrap_or(first) };
        Some(pick.path.clone())
    }

    /// The default of `ChangeDependencyManifest`: the first of [`MANIFESTS`] the context has
    /// and the Dockerfile names, else the first the context has (at the root first).
    pub(crate) fn default_manifest(&self, dockerfile: &str) -> Option<String> {
        let named = MANIFESTS.iter().filter(|name| dockerfile.contains(**name));
        for name in named {
            if let Some(file) =
                self.context.files.iter().find(|f| f.path == *name || f.path.ends_with(&format!("/{name}")))
            {
                return Some(file.path.clone());
            }
        }
        for name in MANIFESTS {
            if let Some(file) = self.context.files.iter().find(|f| f.path == name) {
                return Some(file.path.clone());
            }
        }
        MANIFESTS.iter().find_map(|name| {
            self.context.files.iter().find(|f| f.path.ends_with(&format!("/{name}"))).map(|f| f.path.clone())
        })
    }
}

/// Where each selected context file lands: `COPY src… dest` semantics (a directory source copies
/// its contents; a file goes to `dest/basename` when `dest` is a directory; a wildcard match is
/// copied by its name). Returns `(context path, absolute target path)`.
pub(crate) fn copy_targets<'f>(source: &str, selected: impl IntoIterator<Item = &'f str>, dest: &str, dest_is_dir: bool) -> Vec<String> {
    let source = clean_path(source.trim_start_matches('/'));
    let has_wildcards = source.contains(['*', '?', '[']);
    let segments = source.split('/').count();
    selected
        .into_iter()
        .map(|file| {
            let target = if source == "." {
                join_path(dest, file)
            } else if has_wildcards {
                let parts: Vec<&str> = file.split('/').collect();
                let matched = parts[segments.min(parts.len()) - 1];
                let rest = parts[segments.min(parts.len())..].join("/");
                join_path(&join_path(dest, matched), &rest)
            } else if file == source {
                let base = crate::scan::base_name(&source);
                if dest_is_dir {
                    join_path(dest, base)
                } else {
                    clean_path(dest)
                }
            } else {
                let rest = file.strip_prefix(&format!("{source}/")).unwrap_or(file);
                join_path(dest, rest)
            };
            target
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_selections_are_remembered_until_a_file_is_added() {
        let (context, _) = BuildContext::parse("src/main.go 1k\nsrc/util.go 2k\nREADME.md 1k\n");
        let ignore = DockerIgnore::default();
        let before = World::new(&context, &ignore, 100);
        let mut after = before.clone();
        assert_eq!(before.select("src").selection, context.select("src", &ignore));
        after.edit("src/main.go", &mut Edits::default());
        assert_eq!(after.select("src"), before.select("src"));
        after.edit("src/new.go", &mut Edits::default());
        assert_eq!(after.select("src").selection, after.context.select("src", &ignore));
        assert_eq!(after.select("src").files, [0, 1, 4]);
        assert_eq!(before.select("src").selection, context.select("src", &ignore));
    }

    #[test]
    fn cache_world_finds_the_last_file_of_a_path() {
        let (mut context, _) = BuildContext::parse("b 1k\na 2k\nc 3k\n");
        context.files.push(ContextFile { path: "a".into(), size_bytes: 5, version: None, assumed: true });
        let ignore = DockerIgnore::default();
        let mut world = World::new(&context, &ignore, 100);
        let positions = |world: &World, paths: [&str; 3]| paths.map(|path| world.position(path));
        assert_eq!(positions(&world, ["a", "b", "Dockerfile"]), [Some(3), Some(0), Some(4)]);
        assert_eq!(world.position("d"), None);
        assert_eq!(world.select("a").files, [3, 3]);
        world.edit("aa", &mut Edits::default());
        assert_eq!(positions(&world, ["a", "aa", "c"]), [Some(3), Some(5), Some(2)]);
    }

    #[test]
    fn cache_copy_targets_follow_copy_rules() {
        let t = copy_targets(".", ["main.go", "cmd/x.go"], "/app", true);
        assert_eq!(t[1], "/app/cmd/x.go");
        let t = copy_targets("go.mod", ["go.mod"], "/app/", true);
        assert_eq!(t[0], "/app/go.mod");
        let t = copy_targets("config.yaml", ["config.yaml"], "/etc/app.yaml", false);
        assert_eq!(t[0], "/etc/app.yaml");
        let t = copy_targets("src", ["src/a/b.rs"], "/build/src", true);
        assert_eq!(t[0], "/build/src/a/b.rs");
        let t = copy_targets("*.json", ["package.json"], "/app/", true);
        assert_eq!(t[0], "/app/package.json");
    }
}
