//! Base images (from the size DB) as the first layers of a stage, and the final image: its
//! size, composition and dive's numbers.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use super::classes::{Category, Class};
use super::run::StageFacts;
use super::vfs::{Entry, Layer, Vfs, Change};
use super::StageSim;
use crate::memo::Memo;
use crate::sizes::{db, ImageResolution, PackageManager, PackageNames, Uncompressed};

/// What a stage starts from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BaseInfo {
    /// As written in FROM (expanded), or the image an ancestor stage starts from.
    pub reference: String,
    /// The ancestor stage when FROM names a stage.
    pub stage: Option<String>,
    /// In the size DB.
    pub known: bool,
    /// `repository:tag` of the DB entry used.
    pub resolved: Option<String>,
    /// Exact tag (not a nearest-tag or other-platform fallback).
    pub exact: bool,
    pub compressed_bytes: Option<u64>,
    pub uncompressed_bytes: Option<u64>,
    /// The uncompressed size is compressed × the image family's ratio (no source gives it).
    pub uncompressed_estimated: bool,
    pub layers: usize,
    pub source: String,
    pub notes: Vec<String>,
}

pub struct BaseStart {
    pub vfs: Vfs,
    pub facts: StageFacts,
    pub base: BaseInfo,
}

/// A stage's start on an image, as [`stage_base`] keeps it.
type Started = (Vfs, Arc<StageFacts>, BaseInfo);

/// [`base_layers`] as a stage starts from it, remembered across analyses (it depends on nothing
/// but the built-in database, and the bases rarely change from one keystroke to the next).
pub fn stage_base(reference: &str, platform: &str) -> Started {
    static STARTS: Memo<Started> = Memo::new(256);
    STARTS.get_or_make(&format!("{platform} {reference}"), |_| true, || {
        let BaseStart { vfs, facts, base } = base_layers(reference, platform);
        (vfs, Arc::new(facts), base)
    })
}

/// Profiles whose images keep /usr/share/doc, man pages and locales (no dpkg path-excludes):
/// debian:<release> and images built on it (buildpack-deps, the non-slim language images).
const DOCS_KEPT: &[&str] = &[
    "debian", "buildpack-curl", "buildpack-scm", "buildpack-full", "python-debian-full", "node-debian-full",
    "golang-debian", "rust-debian-full", "ruby-debian-full",
];

/// The Debian packages of an apt base set (empty when the DB has no such set).
fn apt_set(name: &str) -> Arc<PackageNames> {
    db().apt_base(name).map(|b| Arc::clone(b.installed_set())).unwrap_or_default()
}

/// Facts of an unknown base; `apt_set` names its assumed Debian set (`None`: no packages).
fn default_facts(apt_set_name: Option<&str>) -> StageFacts {
    StageFacts {
        package_manager: PackageManager::None,
        apt_installed: apt_set_name.map(apt_set).unwrap_or_default(),
        apt_approximate: true,
        apt_known: false,
        apt_docs: false,
        apk_installed: HashSet::new(),
        apk_virtual: BTreeMap::new(),
        c_compiler: false,
        has_shell: true,
        gopath: "/root/go".into(),
    }
}

/// The base image's layers: each layer of the DB entry as one aggregate entry (its compressed
/// size from the source, its uncompressed size = the image's uncompressed total split in
/// proportion), or one layer with the total when the DB has no layer list.
pub fn base_layers(reference: &str, platform: &str) -> BaseStart {
    let mut vfs = Vfs::default();
    let mut base = BaseInfo { reference: reference.to_owned(), ..Default::default() };
    if reference == "scratch" {
        base.known = true;
        base.exact = true;
        base.compressed_bytes = Some(0);
        base.uncompressed_bytes = Some(0);
        base.source = "FROM scratch is a no-op and creates no layer (moby/moby#8827)".into();
        let mut facts = default_facts(None);
        facts.has_shell = false;
        return BaseStart { vfs, facts, base };
    }
    let resolution = crate::sizes::resolve_image(reference, platform);
    let ImageResolution::Known { entry, notes, .. } = &resolution else {
        base.notes.push(format!(
            "{reference} is not in the size DB: its size is unknown and not counted — the totals are incomplete"
        ));
        let mut facts = default_facts(Some("bookworm-slim"));
        if reference.contains("golang") {
            facts.gopath = "/go".into();
        }
        if reference.contains("alpine") {
            facts.package_manager = PackageManager::Apk;
        }
        return BaseStart { vfs, facts, base };
    };
    base.known = true;
    base.exact = resolution.is_exact();
    base.resolved = Some(entry.reference());
    base.notes.extend(notes.iter().cloned());
    base.source = format!("{} ({})", entry.source.citation(), entry.source.date);
    base.compressed_bytes = entry.compressed_bytes;
    let (uncompressed, estimated) = match entry.uncompressed {
        Uncompressed::Sourced { bytes } => (Some(bytes), false),
        Uncompressed::Estimated { bytes, method } => {
            base.notes.push(format!("uncompressed size estimated: {method}"));
            (Some(bytes), true)
        }
        Uncompressed::Unknown => (None, false),
    };
    base.uncompressed_bytes = uncompressed;
    base.uncompressed_estimated = estimated;
    let compressed = entry.compressed_bytes.unwrap_or(0);
    let layer_sizes: Vec<u64> = if entry.layers.is_empty() { vec![compressed] } else { entry.layers.to_vec() };
    base.layers = layer_sizes.len();
    let total_u = uncompressed.unwrap_or(0);
    for (i, c) in layer_sizes.iter().enumerate() {
        if *c == 0 && total_u == 0 {
            continue;
        }
        let u = if compressed == 0 { total_u } else { (total_u as f64 * *c as f64 / compressed as f64).round() as u64 };
        let path = format!("/(base {} layer {})", entry.reference(), i + 1);
        vfs.commit(Layer { changes: vec![Change { path: path.into(), entry: Some(Entry::with_compressed(u, *c, Class::Mixed, Category::Base)) }] });
    }
    let profile = entry.profile;
    // The profile's apt set is only the fallback: build it only when it is the one used.
    let mut facts = default_facts(None);
    facts.package_manager = profile.package_manager;
    match db().image_apt_base(entry) {
        Some((set, approximate)) => {
            facts.apt_installed = Arc::clone(set.installed_set());
            facts.apt_known = true;
            facts.apt_approximate = approximate;
        }
        None if profile.package_manager != PackageManager::Apt => {}
        None => facts.apt_installed = apt_set(profile.apt_base.unwrap_or("bookworm-slim")),
    }
    facts.apt_docs = DOCS_KEPT.contains(&profile.name);
    facts.c_compiler = profile.c_toolchain;
    facts.has_shell = profile.shell.is_some();
    if entry.toolchain("go").is_some() {
        facts.gopath = "/go".into();
    }
    BaseStart { vfs, facts, base }
}

/// Bytes by part of the image. `waste` = `shadowed` (copies hidden by later layers: deleted or
/// overwritten) + `caches` (package-manager and build caches left in layers).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Composition {
    pub base: u64,
    pub system_packages: u64,
    pub language_packages: u64,
    pub application: u64,
    pub other: u64,
    pub waste: u64,
    pub shadowed: u64,
    pub caches: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FinalImage {
    /// The target stage.
    pub stage: Option<String>,
    pub uncompressed_bytes: u64,
    pub compressed_bytes: u64,
    pub composition: Composition,
    /// dive's efficiency score (0–1).
    pub efficiency: f64,
    /// dive's wasted bytes (every copy of a path seen ≥ 2 times, §2.6).
    pub wasted_bytes: u64,
    /// Layerlab's: bytes hidden by later layers, each copy once.
    pub reclaimable_bytes: u64,
    pub base: BaseInfo,
    /// False when some size is unknown (base image or steps): the totals are a lower bound.
    pub complete: bool,
    pub notes: Vec<String>,
}

/// The final image's byte counts alone (see [`super::Keep::Bytes`]).
pub fn final_bytes(target: Option<&StageSim>) -> FinalImage {
    let Some(stage) = target else { return FinalImage::default() };
    let compressed_bytes = stage.vfs.layers.iter().map(|layer| layer.compressed()).sum();
    FinalImage { uncompressed_bytes: stage.vfs.total_bytes(), compressed_bytes, ..Default::default() }
}

pub fn final_image(target: Option<&StageSim>) -> FinalImage {
    let Some(stage) = target else {
        return FinalImage { complete: false, notes: vec!["no target stage".into()], ..Default::default() };
    };
    let vfs = &stage.vfs;
    let mut c = Composition::default();
    for e in vfs.visible.values() {
        match e.category {
            Category::Base => c.base += e.size,
            Category::SystemPackages => c.system_packages += e.size,
            Category::LanguagePackages => c.language_packages += e.size,
            Category::Application => c.application += e.size,
            Category::Cache => c.caches += e.size,
            Category::Other => c.other += e.size,
        }
    }
    let FinalImage { uncompressed_bytes: total, compressed_bytes, .. } = final_bytes(target);
    c.shadowed = total.saturating_sub(vfs.visible_bytes());
    c.waste = c.shadowed + c.caches;
    let eff = stage.efficiency();
    let mut notes = stage.base.notes.clone();
    notes.push(
        "only the target stage and the stages it FROMs are in the image; stages used by COPY --from only add build time".into(),
    );
    FinalImage {
        stage: Some(stage.name.clone()),
        uncompressed_bytes: total,
        compressed_bytes,
        composition: c,
        efficiency: eff.score,
        wasted_bytes: eff.wasted_bytes,
        reclaimable_bytes: eff.reclaimable_bytes,
        base: stage.base.clone(),
        complete: stage.base.known,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A remembered start is the one `base_layers` builds, for the platform asked for.
    #[test]
    fn remembered_starts_are_the_built_ones() {
        let bases = [("node:20-slim", "linux/amd64"), ("node:20-slim", "linux/arm64"), ("golang:1.23", "linux/amd64"), ("no-such-image:1", "linux/amd64"), ("scratch", "linux/amd64")];
        for (reference, platform) in bases {
            let built = base_layers(reference, platform);
            for _ in 0..2 {
                let (vfs, facts, base) = stage_base(reference, platform);
                assert_eq!(format!("{vfs:?}"), format!("{:?}", built.vfs), "{reference} {platform}");
                assert_eq!(*facts, built.facts, "{reference} {platform}");
                assert_eq!(base, built.base, "{reference} {platform}");
            }
        }
        assert_ne!(stage_base("node:20-slim", "linux/amd64").2, stage_base("node:20-slim", "linux/arm64").2);
    }
}
