//! The curated size database: base images, Debian/Alpine packages, PyPI and npm packages, and
//! build-output facts. Every number carries a [`Source`] (text, date, kind), and unknown things
//! are reported as unknown, never as 0.
//!
//! The data lives in `data/` at the repository root (see data/README.md), is compiled in with
//! `include_str!` and parsed once, on first use of [`db()`].
//!
//! ```
//! use layerlab_engine::sizes::{db, ImageResolution};
//! let res = db().resolve_image("docker.io/library/python:3.12-slim", "linux/amd64");
//! let entry = res.entry().expect("python:3.12-slim is in the database");
//! assert!(entry.compressed_bytes.unwrap() > 40_000_000);
//!
//! let slim = db().apt_base("bookworm-slim").unwrap();
//! let have: std::collections::HashSet<&str> = slim.installed.iter().copied().collect();
//! let curl = db().apt_closure(&["curl"], &|p| have.contains(p), false);
//! assert!(curl.added.contains(&"libcurl4"));
//! ```

mod apt;
mod images;
mod packages;
mod resolve;
mod source;
mod table;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

use crate::memo::Memo;

pub use apt::{AptBase, AptClosure, AptIndex, AptPackage, PackageNames};
pub use images::{
    ImageEntry, ImageProfile, Libc, PackageManager, Presence, Toolchain, Uncompressed,
};
pub use packages::{ApkPackage, Fact, NpmPackage, PypiPackage};
pub use resolve::{normalize_platform, parse_reference, ImageRef, ImageResolution, TagMatch};
pub use source::{Source, SourceKind};

const IMAGES: &str = include_str!("../../../../data/base-images.psv");
const PROFILES: &str = include_str!("../../../../data/image-profiles.psv");
const APT_INDEX: &str = include_str!("../../../../data/debian-bookworm-packages.psv");
const APT_BASES: &str = include_str!("../../../../data/apt-bases.psv");
const PYPI: &str = include_str!("../../../../data/pypi.psv");
const NPM: &str = include_str!("../../../../data/npm.psv");
const APK: &str = include_str!("../../../../data/alpine-packages.psv");
const FACTS: &str = include_str!("../../../../data/build-facts.psv");

/// Every data file compiled into the engine, by repository path (for size reports).
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    ("data/base-images.psv", IMAGES),
    ("data/image-profiles.psv", PROFILES),
    ("data/debian-bookworm-packages.psv", APT_INDEX),
    ("data/apt-bases.psv", APT_BASES),
    ("data/pypi.psv", PYPI),
    ("data/npm.psv", NPM),
    ("data/alpine-packages.psv", APK),
    ("data/build-facts.psv", FACTS),
];

/// The size database's version: the date of its newest `#source` line (a test keeps it so).
/// Shared links record it next to [`crate::VERSION`].
pub const DATABASE_VERSION: &str = "2026-11-27";

/// The database, built on first use from the embedded data.
pub fn db() -> &'static SizeDb {
    static DB: OnceLock<SizeDb> = OnceLock::new();
    DB.get_or_init(|| SizeDb::build().expect("embedded size data is valid (checked by tests)"))
}

/// [`SizeDb::resolve_image`] on [`db()`], remembered: the simulation, the cache timeline and
/// several rules resolve the same few references on every analysis.
pub fn resolve_image(reference: &str, platform: &str) -> ImageResolution<'static> {
    with_resolution(reference, platform, ImageResolution::clone)
}

/// The database entry [`resolve_image`] finds, without copying the resolution.
pub fn image_entry(reference: &str, platform: &str) -> Option<&'static ImageEntry> {
    with_resolution(reference, platform, ImageResolution::entry)
}

/// Calls `f` on the remembered resolution of `reference` on `platform`.
fn with_resolution<R>(reference: &str, platform: &str, f: impl FnOnce(&ImageResolution<'static>) -> R) -> R {
    /// Forgotten past `LIMIT` references (an editor session types many partial ones).
    static RESOLUTIONS: Memo<Arc<ImageResolution<'static>>> = Memo::new(1024);
    let resolve = || Arc::new(db().resolve_image(reference, platform));
    // Joined, not formatted: the key is made on every look-up.
    f(&RESOLUTIONS.get_or_make(&[platform, " ", reference].concat(), |_| true, resolve))
}

/// All size data. Obtain it with [`db()`].
///
/// The Debian package index (the largest file) is parsed on first use of an apt method, so
/// that `db()` itself stays well inside the start-up budget.
#[derive(Debug)]
pub struct SizeDb {
    pub images: Vec<ImageEntry>,
    pub profiles: &'static [ImageProfile],
    apt: OnceLock<(AptIndex, Vec<AptBase>)>,
    pub pypi: Vec<PypiPackage>,
    pub npm: Vec<NpmPackage>,
    pub apk: Vec<ApkPackage>,
    /// Alpine package → Debian package used for estimates when no apk size is sourced.
    pub apk_debian_equivalents: HashMap<&'static str, &'static str>,
    /// Debian equivalent → its closure's (installed, compressed) bytes on bookworm-slim, `None`
    /// when the closure has unknown packages; each made on first use.
    apk_estimates: Mutex<HashMap<&'static str, Option<(u64, u64)>>>,
    pub facts: Vec<Fact>,
}

/// An Alpine package size: sourced, estimated from its Debian equivalent, or unknown.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ApkSize<'a> {
    Sourced(&'a ApkPackage),
    /// The Debian equivalent's closure on bookworm-slim (glibc dependencies included, so it
    /// tends to overstate what apk adds).
    EstimatedFromDebian {
        debian_package: &'static str,
        installed_bytes: u64,
        compressed_bytes: u64,
        source: Source,
    },
    Unknown {
        name: String,
    },
}

impl SizeDb {
    /// Parses the embedded data. Prefer [`db()`], which does this once.
    pub fn build() -> Result<SizeDb, String> {
        // Profiles are referenced by every image entry for the life of the program.
        let (profiles, ratios) = images::parse_profiles(PROFILES);
        let profiles: &'static [ImageProfile] = Box::leak(profiles.into_boxed_slice());
        let images = images::parse_images(IMAGES, profiles, &ratios)?;
        let (apk, apk_debian_equivalents) = packages::parse_apk(APK);
        Ok(SizeDb {
            images,
            profiles,
            apt: OnceLock::new(),
            pypi: packages::parse_pypi(PYPI),
            npm: packages::parse_npm(NPM),
            apk,
            apk_debian_equivalents,
            apk_estimates: Mutex::default(),
            facts: packages::parse_facts(FACTS),
        })
    }

    /// Parses the apt index and base sets now (they are otherwise parsed on first use).
    pub fn build_apt() -> Result<(AptIndex, Vec<AptBase>), String> {
        let apt = AptIndex::parse(APT_INDEX)?;
        let bases = apt::parse_bases(APT_BASES, &apt)?;
        Ok((apt, bases))
    }

    /// The Debian bookworm package index (parsed on first call).
    pub fn apt(&self) -> &AptIndex {
        &self.apt_data().0
    }

    /// Installed package sets of base images (bookworm-slim, buildpack-deps, …).
    pub fn apt_bases(&self) -> &[AptBase] {
        &self.apt_data().1
    }

    fn apt_data(&self) -> &(AptIndex, Vec<AptBase>) {
        self.apt.get_or_init(|| {
            SizeDb::build_apt().expect("embedded apt data is valid (checked by tests)")
        })
    }

    /// Resolves `FROM` references: registry prefixes, `latest`, partial versions, variants,
    /// digests, `scratch`, nearest-tag fallback (flagged). `platform` like `linux/amd64`.
    pub fn resolve_image(&self, reference: &str, platform: &str) -> ImageResolution<'_> {
        resolve::resolve(&self.images, reference, platform)
    }

    /// Closure of an `apt-get install` list over what is already installed.
    pub fn apt_closure(
        &self,
        install: &[&str],
        already_installed: &dyn Fn(&str) -> bool,
        with_recommends: bool,
    ) -> AptClosure {
        self.apt()
            .closure(install, already_installed, with_recommends)
    }

    /// A named installed-package set (`bookworm-slim`, `bpd-scm`, `golang-bookworm`, …).
    pub fn apt_base(&self, name: &str) -> Option<&AptBase> {
        self.apt_bases().iter().find(|b| b.name == name)
    }

    /// The apt package set of an image and whether it only approximates the image (other
    /// Debian release, Ubuntu, …). `None` for non-apt images.
    pub fn image_apt_base(&self, entry: &ImageEntry) -> Option<(&AptBase, bool)> {
        let name = entry.profile.apt_base?;
        let approximate = entry.profile.apt_base_approximate
            || !(entry.repository == "debian" && entry.tag.starts_with("bookworm"));
        self.apt_base(name).map(|b| (b, approximate))
    }

    /// `apt-get install` on top of an image's base set (earlier layers not included).
    pub fn apt_closure_on_image(
        &self,
        entry: &ImageEntry,
        install: &[&str],
        with_recommends: bool,
    ) -> Option<AptClosure> {
        let (base, _) = self.image_apt_base(entry)?;
        let have = base.installed_set();
        Some(self.apt_closure(install, &|p| have.contains(p), with_recommends))
    }

    /// PyPI package by name (case and `_`/`-`/`.` insensitive).
    pub fn pypi(&self, name: &str) -> Option<&PypiPackage> {
        self.pypi
            .iter()
            .find(|p| packages::same_pypi_name(p.name, name))
    }

    pub fn npm(&self, name: &str) -> Option<&NpmPackage> {
        let n = name.trim();
        // `pkg@1.2.3` / `@scope/pkg@^2` → the name part.
        let n = match n.char_indices().skip(1).find(|(_, c)| *c == '@') {
            Some((i, _)) => &n[..i],
            None => n,
        };
        self.npm.iter().find(|p| p.name == n)
    }

    pub fn apk(&self, name: &str) -> Option<&ApkPackage> {
        self.apk.iter().find(|p| p.name == name)
    }

    /// Alpine package size, falling back to an estimate from its Debian equivalent.
    pub fn apk_size(&self, name: &str) -> ApkSize<'_> {
        if let Some(p) = self.apk(name) {
            return ApkSize::Sourced(p);
        }
        let Some(&deb) = self.apk_debian_equivalents.get(name) else {
            return ApkSize::Unknown {
                name: name.to_string(),
            };
        };
        let Some(base) = self.apt_base("bookworm-slim") else {
            return ApkSize::Unknown {
                name: name.to_string(),
            };
        };
        let estimate = *self
            .apk_estimates
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(deb)
            .or_insert_with(|| {
                let have = base.installed_set();
                let c = self.apt_closure(&[deb], &|p| have.contains(p), false);
                c.unknown.is_empty().then_some((c.installed_bytes, c.compressed_bytes))
            });
        let Some((installed_bytes, compressed_bytes)) = estimate else {
            return ApkSize::Unknown {
                name: name.to_string(),
            };
        };
        ApkSize::EstimatedFromDebian {
            debian_package: deb,
            installed_bytes,
            compressed_bytes,
            source: Source {
                text: "Debian bookworm equivalent's closure on bookworm-slim (data/debian-bookworm-packages.psv); no apk size in reach",
                date: self.apt().source.date,
                kind: SourceKind::Estimated {
                    method: "size of the Debian equivalent package closure (alpine-packages.psv #debian-equivalent)",
                },
            },
        }
    }

    /// A build-output or environment fact by key, e.g. `go.gin.cgo0.sw`, `apt.lists_bytes`.
    pub fn fact(&self, key: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.key == key)
    }

    /// Size of `/var/lib/apt/lists` after `apt-get update` on bookworm (left in the layer unless
    /// removed in the same RUN).
    pub fn apt_lists_bytes(&self) -> Option<(u64, Source)> {
        self.fact("apt.lists_bytes")
            .map(|f| (f.value as u64, f.source))
    }
}
