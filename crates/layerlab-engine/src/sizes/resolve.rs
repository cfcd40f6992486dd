//! Resolving an image reference (`FROM python:3.12-slim`) to a database entry.
//!
//! Order: registry prefixes are normalised (`docker.io/library/x` → `x`), then an exact tag or
//! alias match on the requested platform, then the same tag on another platform (flagged), then
//! the nearest tag with the same variant (flagged with the tag it used). Anything else is
//! [`ImageResolution::Unknown`] — never a silent 0.

use serde::Serialize;

use super::images::ImageEntry;

/// A parsed `[registry/]repository[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// As written.
    pub original: String,
    /// Normalised: Docker Hub prefixes removed, lower case (`python`, `gcr.io/distroless/base`).
    pub repository: String,
    /// Requested tag; `latest` when none and no digest was given.
    pub tag: String,
    /// True when the tag was not written and `latest` was implied.
    pub implied_latest: bool,
    /// `sha256:…` when pinned by digest.
    pub digest: Option<String>,
}

/// How the entry was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TagMatch {
    /// The entry's own tag.
    Exact,
    /// One of the entry's aliases (e.g. `3` → `3.24`).
    Alias,
    /// Not in the database; the closest tag of the same variant was used instead.
    Nearest { requested: String, used: String },
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ImageResolution<'a> {
    Known {
        reference: ImageRef,
        entry: &'a ImageEntry,
        matched: TagMatch,
        /// Set when the requested platform is not in the source and another was used.
        platform_fallback: Option<&'static str>,
        /// Human-readable caveats (digest not checked, nearest tag used, …).
        notes: Vec<String>,
    },
    Unknown {
        reference: ImageRef,
        reason: String,
    },
}

impl<'a> ImageResolution<'a> {
    pub fn entry(&self) -> Option<&'a ImageEntry> {
        match self {
            ImageResolution::Known { entry, .. } => Some(entry),
            ImageResolution::Unknown { .. } => None,
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(
            self,
            ImageResolution::Known {
                matched: TagMatch::Exact | TagMatch::Alias,
                platform_fallback: None,
                ..
            }
        )
    }
}

const HUB_PREFIXES: [&str; 4] = [
    "docker.io/",
    "index.docker.io/",
    "registry-1.docker.io/",
    "registry.hub.docker.com/",
];

/// Parses a reference. `None` for an empty string or one containing whitespace.
pub fn parse_reference(reference: &str) -> Option<ImageRef> {
    let original = reference.trim();
    if original.is_empty() || original.contains(char::is_whitespace) {
        return None;
    }
    let (name_tag, digest) = match original.split_once('@') {
        Some((n, d)) => (n, Some(d.to_ascii_lowercase())),
        None => (original, None),
    };
    // The tag is after the last ':' that follows the last '/' (a ':' before it is a registry port).
    let last_slash = name_tag.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (name, tag) = match name_tag[last_slash..].rfind(':') {
        Some(i) => (
            &name_tag[..last_slash + i],
            Some(&name_tag[last_slash + i + 1..]),
        ),
        None => (name_tag, None),
    };
    let mut repo = name.to_ascii_lowercase();
    for p in HUB_PREFIXES {
        if let Some(rest) = repo.strip_prefix(p) {
            repo = rest.to_string();
            break;
        }
    }
    if let Some(rest) = repo.strip_prefix("library/") {
        repo = rest.to_string();
    }
    if repo.is_empty() {
        return None;
    }
    let implied_latest = tag.is_none() && digest.is_none();
    let tag = tag
        .filter(|t| !t.is_empty())
        .unwrap_or("latest")
        .to_string();
    Some(ImageRef {
        original: original.to_string(),
        repository: repo,
        tag,
        implied_latest,
        digest,
    })
}

/// `linux/amd64`, `amd64`, `x86_64` → `linux/amd64`; `arm64`, `aarch64`, `linux/arm64/v8` → `linux/arm64`.
pub fn normalize_platform(platform: &str) -> String {
    let p = platform.trim().to_ascii_lowercase();
    let p = p.strip_prefix("linux/").unwrap_or(&p);
    let arch = p.split('/').next().unwrap_or("");
    let arch = match arch {
        "" | "x86_64" | "x86-64" | "amd64" => "amd64",
        "aarch64" | "arm64" | "arm64v8" => "arm64",
        other => other,
    };
    format!("linux/{arch}")
}

/// Splits a tag into numeric version parts and the variant suffix:
/// `3.12.7-slim-bookworm` → ([3, 12, 7], "slim-bookworm"); `bookworm-slim` → ([], "bookworm-slim").
pub(crate) fn split_tag(tag: &str) -> (Vec<u32>, &str) {
    let (head, variant) = match tag.find('-') {
        Some(i) => (&tag[..i], &tag[i + 1..]),
        None => (tag, ""),
    };
    let head_trim = head.trim_start_matches('v');
    let parts: Option<Vec<u32>> = head_trim.split('.').map(|p| p.parse().ok()).collect();
    match parts {
        Some(v) if !head_trim.is_empty() => (v, variant),
        _ => (Vec::new(), tag),
    }
}

/// A variant with the release numbers dropped from its words: `cli-alpine3.24` → `cli-alpine`.
fn variant_family(variant: &str) -> String {
    let words = variant.split('-').map(|word| word.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.'));
    words.collect::<Vec<_>>().join("-")
}

/// Whether a variant names an Alpine (musl) image.
fn is_alpine(variant: &str) -> bool {
    variant.split('-').any(|word| word.starts_with("alpine"))
}

/// Distance between version vectors: shared prefix length first (more is better), then the gap
/// at the first difference (smaller is better), preferring newer on ties.
fn version_score(want: &[u32], have: &[u32]) -> (usize, i64, i64) {
    let shared = want.iter().zip(have).take_while(|(a, b)| a == b).count();
    let (gap, newer) = match (want.get(shared), have.get(shared)) {
        (Some(a), Some(b)) => ((*a as i64 - *b as i64).abs(), *b as i64),
        // `1.27` wanted, only `1` here: a less specific tag is a worse stand-in than `1.31`.
        (Some(_), None) => (10_000, 0),
        _ => (0, 0),
    };
    (shared, -gap, newer)
}

pub(crate) fn resolve<'a>(
    entries: &'a [ImageEntry],
    reference: &str,
    platform: &str,
) -> ImageResolution<'a> {
    let Some(r) = parse_reference(reference) else {
        let reference = ImageRef {
            original: reference.to_string(),
            repository: String::new(),
            tag: String::new(),
            implied_latest: false,
            digest: None,
        };
        return ImageResolution::Unknown {
            reference,
            reason: "not an image reference".into(),
        };
    };
    let want_platform = normalize_platform(platform);
    let mut notes = Vec::new();
    if let Some(d) = &r.digest {
        notes.push(format!(
            "digest {d} is not checked against the database; sizes are those of tag {:?}",
            r.tag
        ));
    }
    let mut repo_entries: Vec<&'a ImageEntry> = entries
        .iter()
        .filter(|e| e.repository == r.repository)
        .collect();
    // `gcr.io/distroless/static` without a Debian suffix: the data has the -debian12 images.
    if repo_entries.is_empty()
        && r.repository.starts_with("gcr.io/distroless/")
        && !r.repository.contains("-debian")
    {
        let with_suffix = format!("{}-debian12", r.repository);
        repo_entries = entries
            .iter()
            .filter(|e| e.repository == with_suffix)
            .collect();
        if !repo_entries.is_empty() {
            notes.push(format!("{} resolved as {with_suffix}", r.repository));
        }
    }
    if repo_entries.is_empty() {
        let reason = format!("no size data for repository {:?}", r.repository);
        return ImageResolution::Unknown {
            reference: r,
            reason,
        };
    }
    let on_platform = |e: &&ImageEntry| e.platform == "any" || e.platform == want_platform;

    // 1. exact tag / alias, requested platform first.
    let tagged: Vec<&'a ImageEntry> = repo_entries
        .iter()
        .copied()
        .filter(|e| e.has_tag(&r.tag))
        .collect();
    if !tagged.is_empty() {
        let (entry, fallback) = match tagged.iter().find(|e| on_platform(e)) {
            Some(e) => (*e, None),
            None => {
                let e = prefer_amd64(&tagged);
                notes.push(format!(
                    "{} is not in the source for {}; using {}",
                    want_platform, r.tag, e.platform
                ));
                (e, Some(e.platform))
            }
        };
        let matched = if entry.tag == r.tag {
            TagMatch::Exact
        } else {
            TagMatch::Alias
        };
        return ImageResolution::Known {
            reference: r,
            entry,
            matched,
            platform_fallback: fallback,
            notes,
        };
    }

    // 2. nearest tag with the same variant, then the same variant in another release of its distro
    // (`cli-alpine3.21` → `cli-alpine3.24`), then the variant's first word (`slim-bookworm` →
    // `slim`), never crossing between musl and glibc (`cli-alpine` is not `cli`).
    let (want_ver, want_var) = split_tag(&r.tag);
    let closeness: [&dyn Fn(&str) -> bool; 3] = [
        &|var| var == want_var,
        &|var| variant_family(var) == variant_family(want_var),
        &|var| {
            want_var.split_once('-').is_some_and(|(first, _)| var == first) && is_alpine(var) == is_alpine(want_var)
        },
    ];
    for close_enough in closeness.iter() {
        let mut best: Option<(&'a ImageEntry, &'static str, (usize, i64, i64))> = None;
        for e in &repo_entries {
            for t in std::iter::once(&e.tag).chain(e.aliases.iter()) {
                let (ver, var) = split_tag(t);
                if !close_enough(var) || (ver.is_empty() != want_ver.is_empty()) {
                    continue;
                }
                let score = version_score(&want_ver, &ver);
                let better = match &best {
                    None => true,
                    Some((b, _, s)) => {
                        score > *s || (score == *s && on_platform(e) && !on_platform(b))
                    }
                };
                if better {
                    best = Some((e, t, score));
                }
            }
        }
        if let Some((e, used, _)) = best {
            let used = used.to_string();
            let same_tag: Vec<&'a ImageEntry> = repo_entries
                .iter()
                .copied()
                .filter(|x| x.tag == e.tag)
                .collect();
            let (entry, fallback) = match same_tag.iter().find(|e| on_platform(e)) {
                Some(x) => (*x, None),
                None => (
                    prefer_amd64(&same_tag),
                    Some(prefer_amd64(&same_tag).platform),
                ),
            };
            notes.push(format!(
                "{}:{} is not in the database; nearest tag {} used",
                r.repository, r.tag, used
            ));
            if let Some(p) = fallback {
                notes.push(format!(
                    "{want_platform} is not in the source for {used}; using {p}"
                ));
            }
            let matched = TagMatch::Nearest {
                requested: r.tag.clone(),
                used,
            };
            return ImageResolution::Known {
                reference: r,
                entry,
                matched,
                platform_fallback: fallback,
                notes,
            };
        }
    }
    // 3. a word tag (`latest`, `bookworm`) not in the data: the newest plain version tag.
    if want_ver.is_empty() {
        let newest = repo_entries
            .iter()
            .copied()
            .filter(|e| {
                let (v, var) = split_tag(e.tag);
                !v.is_empty() && var.is_empty()
            })
            .max_by(|a, b| {
                split_tag(a.tag)
                    .0
                    .cmp(&split_tag(b.tag).0)
                    .then(on_platform(a).cmp(&on_platform(b)))
            });
        if let Some(e) = newest {
            let fallback = if on_platform(&e) {
                None
            } else {
                Some(e.platform)
            };
            notes.push(format!(
                "{}:{} is not in the database; newest plain version tag {} used",
                r.repository, r.tag, e.tag
            ));
            let matched = TagMatch::Nearest {
                requested: r.tag.clone(),
                used: e.tag.to_string(),
            };
            return ImageResolution::Known {
                reference: r,
                entry: e,
                matched,
                platform_fallback: fallback,
                notes,
            };
        }
    }
    let reason = format!(
        "no size data for {}:{} and no tag of the same variant",
        r.repository, r.tag
    );
    ImageResolution::Unknown {
        reference: r,
        reason,
    }
}

fn prefer_amd64<'a>(list: &[&'a ImageEntry]) -> &'a ImageEntry {
    list.iter()
        .find(|e| e.platform == "linux/amd64")
        .copied()
        .unwrap_or(list[0])
}
