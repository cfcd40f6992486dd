//! Base images: one [`ImageEntry`] per (repository, tag, platform), plus the [`ImageProfile`]
//! shared by an image family (libc, package manager, shell, CA certificates, user).

use serde::Serialize;

use super::source::{Source, SourceKind};
use super::table::{cell, num, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Libc {
    Glibc,
    Musl,
    Uclibc,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageManager {
    Apt,
    Apk,
    Dnf,
    Microdnf,
    Yum,
    None,
}

/// Yes / no / not determinable from the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Yes,
    No,
    Unknown,
}

/// What an image family contains. Shared by many [`ImageEntry`] rows.
#[derive(Debug, Clone, Serialize)]
pub struct ImageProfile {
    pub name: &'static str,
    pub os_family: &'static str,
    pub libc: Libc,
    pub package_manager: PackageManager,
    /// `"bash"`, `"sh"` or `None` when the image has no shell (RUN needs one).
    pub shell: Option<&'static str>,
    pub ca_certs: Presence,
    pub default_user: &'static str,
    /// A C compiler is present (drives Go's cgo default).
    pub c_toolchain: bool,
    /// uncompressed ÷ compressed, used when no uncompressed size is sourced.
    pub uncompressed_ratio: f64,
    /// Installed apt package set (see `SizeDb::apt_base`), `None` for non-apt images.
    pub apt_base: Option<&'static str>,
    /// The apt base set only approximates this image (other release, other distro).
    pub apt_base_approximate: bool,
    pub source: Source,
}

/// A language toolchain shipped by the image (`go`, `node`, `python`, `java`, `rustc`, `gcc`…).
#[derive(Debug, Clone, Serialize)]
pub struct Toolchain {
    pub name: &'static str,
    pub version: Option<&'static str>,
}

/// How the uncompressed (on-disk, `docker image ls`) size is known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Uncompressed {
    /// From a source (rounded values as displayed by the source, converted to bytes).
    Sourced {
        bytes: u64,
    },
    /// compressed × the profile ratio; `method` names the ratio's origin.
    Estimated {
        bytes: u64,
        method: &'static str,
    },
    Unknown,
}

impl Uncompressed {
    pub fn bytes(&self) -> Option<u64> {
        match self {
            Uncompressed::Sourced { bytes } | Uncompressed::Estimated { bytes, .. } => Some(*bytes),
            Uncompressed::Unknown => None,
        }
    }
}

/// One (repository, tag, platform) of a base image.
#[derive(Debug, Clone, Serialize)]
pub struct ImageEntry {
    /// Normalised repository: `alpine`, `gcr.io/distroless/static-debian12`.
    pub repository: &'static str,
    pub tag: &'static str,
    /// Other tags that pointed at the same manifest when the source was written.
    pub aliases: Vec<&'static str>,
    /// `linux/amd64`, `linux/arm64`, or `any` (scratch).
    pub platform: &'static str,
    /// Sum of the compressed layer blobs (what is pulled), `None` when not in the source.
    pub compressed_bytes: Option<u64>,
    pub uncompressed: Uncompressed,
    /// Compressed size of each layer, base first (empty when the source does not list them).
    pub layers: Vec<u64>,
    pub layer_count: Option<u32>,
    #[serde(skip)]
    pub profile: &'static ImageProfile,
    #[serde(rename = "profile")]
    pub profile_name: &'static str,
    pub toolchains: Vec<Toolchain>,
    pub source: Source,
}

impl ImageEntry {
    /// `repository:tag`.
    pub fn reference(&self) -> String {
        format!("{}:{}", self.repository, self.tag)
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tag == tag || self.aliases.contains(&tag)
    }

    pub fn toolchain(&self, name: &str) -> Option<&Toolchain> {
        self.toolchains.iter().find(|t| t.name == name)
    }
}

pub(crate) fn parse_profiles(text: &'static str) -> Vec<ImageProfile> {
    let table = Table::parse(text);
    let source = table
        .default_source
        .expect("image-profiles.psv has a #source line");
    table
        .rows
        .iter()
        .map(|r| {
            let base = cell(r, 8);
            ImageProfile {
                name: cell(r, 0),
                os_family: cell(r, 1),
                libc: match cell(r, 2) {
                    "glibc" => Libc::Glibc,
                    "musl" => Libc::Musl,
                    "uclibc" => Libc::Uclibc,
                    _ => Libc::None,
                },
                package_manager: match cell(r, 3) {
                    "apt" => PackageManager::Apt,
                    "apk" => PackageManager::Apk,
                    "dnf" => PackageManager::Dnf,
                    "microdnf" => PackageManager::Microdnf,
                    "yum" => PackageManager::Yum,
                    _ => PackageManager::None,
                },
                shell: match cell(r, 4) {
                    "none" | "" => None,
                    s => Some(s),
                },
                ca_certs: match cell(r, 5) {
                    "y" => Presence::Yes,
                    "n" => Presence::No,
                    _ => Presence::Unknown,
                },
                default_user: cell(r, 6),
                uncompressed_ratio: cell(r, 7).parse().unwrap_or(0.0),
                apt_base: if base.is_empty() {
                    None
                } else {
                    Some(base.trim_start_matches('~'))
                },
                apt_base_approximate: base.starts_with('~'),
                c_toolchain: cell(r, 9) == "y",
                source,
            }
        })
        .collect()
}

/// Ratio provenance lines of image-profiles.psv: `#ratio|2.65|why`.
pub(crate) fn ratio_methods(text: &'static str) -> Vec<(&'static str, &'static str)> {
    Table::parse(text)
        .meta_all("ratio")
        .filter_map(|v| v.split_once('|'))
        .collect()
}

pub(crate) fn parse_images(
    text: &'static str,
    profiles: &'static [ImageProfile],
    ratios: &[(&'static str, &'static str)],
) -> Result<Vec<ImageEntry>, String> {
    let table = Table::parse(text);
    let mut out = Vec::with_capacity(table.rows.len());
    for r in &table.rows {
        let profile_name = cell(r, 7);
        let profile = profiles
            .iter()
            .find(|p| p.name == profile_name)
            .ok_or_else(|| format!("base-images.psv: unknown profile {profile_name:?}"))?;
        let layers: Vec<u64> = cell(r, 6)
            .split('+')
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        let compressed = num(r, 4);
        let estimated_cell = cell(r, 5).strip_prefix('~').and_then(|v| v.parse().ok());
        let uncompressed = match (num(r, 5), compressed) {
            _ if estimated_cell.is_some() => Uncompressed::Estimated {
                bytes: estimated_cell.unwrap_or(0),
                method: "estimated for this row; see its source",
            },
            (Some(bytes), _) => Uncompressed::Sourced { bytes },
            (None, Some(c)) if profile.uncompressed_ratio > 0.0 => {
                let ratio = profile.uncompressed_ratio;
                let method = ratios
                    .iter()
                    .find(|(k, _)| k.parse::<f64>().ok() == Some(ratio))
                    .map(|(_, why)| *why)
                    .unwrap_or("compressed x profile ratio");
                Uncompressed::Estimated {
                    bytes: (c as f64 * ratio).round() as u64,
                    method,
                }
            }
            _ => Uncompressed::Unknown,
        };
        let toolchains = cell(r, 8)
            .split_whitespace()
            .map(|t| match t.split_once('=') {
                Some((n, v)) => Toolchain {
                    name: n,
                    version: Some(v),
                },
                None => Toolchain {
                    name: t,
                    version: None,
                },
            })
            .collect();
        let layer_count = if layers.is_empty() {
            None
        } else {
            Some(layers.len() as u32)
        };
        out.push(ImageEntry {
            repository: cell(r, 0),
            tag: cell(r, 1),
            aliases: cell(r, 2).split_whitespace().collect(),
            platform: cell(r, 3),
            compressed_bytes: compressed,
            uncompressed,
            layers,
            layer_count,
            profile,
            profile_name,
            toolchains,
            source: Source::parse(cell(r, 10), cell(r, 9), SourceKind::Published),
        });
    }
    Ok(out)
}
