//! Base images: one [`ImageEntry`] per (repository, tag, platform), plus the [`ImageProfile`]
//! shared by an image family (libc, package manager, shell, CA certificates, user).

use serde::Serialize;

use super::source::{Source, SourceKind};
use super::table::{cell, num, parse_u64, Table};

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
    pub aliases: &'static [&'static str],
    /// `linux/amd64`, `linux/arm64`, or `any` (scratch).
    pub platform: &'static str,
    /// Sum of the compressed layer blobs (what is pulled), `None` when not in the source.
    pub compressed_bytes: Option<u64>,
    pub uncompressed: Uncompressed,
    /// Compressed size of each layer, base first (empty when the source does not list them).
    pub layers: &'static [u64],
    pub layer_count: Option<u32>,
    #[serde(skip)]
    pub profile: &'static ImageProfile,
    #[serde(rename = "profile")]
    pub profile_name: &'static str,
    pub toolchains: &'static [Toolchain],
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

/// The profiles and the ratio provenance lines of image-profiles.psv (`#ratio|2.65|why`), from
/// one parse of the file.
pub(crate) fn parse_profiles(text: &'static str) -> (Vec<ImageProfile>, Vec<(f64, &'static str)>) {
    let table = Table::parse(text);
    let source = table
        .default_source
        .expect("image-profiles.psv has a #source line");
    let profiles = table
        .rows()
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
        .collect();
    let ratios = table
        .meta_all("ratio")
        .filter_map(|v| v.split_once('|'))
        .filter_map(|(r, why)| Some((r.parse().ok()?, why)))
        .collect();
    (profiles, ratios)
}

pub(crate) fn parse_images(
    text: &'static str,
    profiles: &'static [ImageProfile],
    ratios: &[(f64, &'static str)],
) -> Result<Vec<ImageEntry>, String> {
    let table = Table::parse(text);
    let rows = table.row_count();
    let mut out = Vec::with_capacity(rows);
    // Layers, aliases and toolchains of all rows go to three arenas that live as long as the
    // database (like the profiles): three allocations instead of a few per row (start-up
    // budget). `spans` holds each row's ranges until the arenas stop growing.
    let mut layers: Vec<u64> = Vec::with_capacity(rows * 6);
    let mut aliases: Vec<&'static str> = Vec::with_capacity(rows * 4);
    let mut toolchains: Vec<Toolchain> = Vec::with_capacity(rows * 2);
    let mut spans: Vec<[(usize, usize); 3]> = Vec::with_capacity(rows);
    // Rows come grouped by image family: try the previous row's profile first.
    let mut last: Option<&'static ImageProfile> = None;
    for r in table.rows() {
        let profile_name = cell(r, 7);
        let profile = match last {
            Some(p) if p.name == profile_name => p,
            _ => profiles
                .iter()
                .find(|p| p.name == profile_name)
                .ok_or_else(|| format!("base-images.psv: unknown profile {profile_name:?}"))?,
        };
        last = Some(profile);
        let first_layer = layers.len();
        layers.extend(
            cell(r, 6)
                .split('+')
                .filter_map(|l| parse_u64(l.trim_ascii().as_bytes())),
        );
        let layer_span = (first_layer, layers.len());
        let first_alias = aliases.len();
        aliases.extend(cell(r, 2).split_ascii_whitespace());
        let alias_span = (first_alias, aliases.len());
        let first_tool = toolchains.len();
        toolchains.extend(cell(r, 8).split_ascii_whitespace().map(|t| {
            match t.bytes().position(|c| c == b'=') {
                Some(i) => Toolchain {
                    name: &t[..i],
                    version: Some(&t[i + 1..]),
                },
                None => Toolchain {
                    name: t,
                    version: None,
                },
            }
        }));
        let tool_span = (first_tool, toolchains.len());
        spans.push([layer_span, alias_span, tool_span]);
        // `=`: the total is the sum of the layer list (the report's Total Size, which equals
        // it; written this way to keep the embedded data small).
        let compressed = match cell(r, 4).trim_ascii() {
            "=" if layer_span.1 > layer_span.0 => Some(layers[layer_span.0..layer_span.1].iter().sum()),
            "=" => {
                return Err(format!(
                    "base-images.psv: {}:{} has compressed_bytes `=` but no layer list",
                    cell(r, 0),
                    cell(r, 1)
                ))
            }
            _ => num(r, 4),
        };
        let estimated_cell = cell(r, 5)
            .strip_prefix('~')
            .and_then(|v| parse_u64(v.as_bytes()));
        let uncompressed = match (estimated_cell, num(r, 5), compressed) {
            (Some(bytes), ..) => Uncompressed::Estimated {
                bytes,
                method: "estimated for this row; see its source",
            },
            (None, Some(bytes), _) => Uncompressed::Sourced { bytes },
            (None, None, Some(c)) if profile.uncompressed_ratio > 0.0 => {
                let ratio = profile.uncompressed_ratio;
                let method = ratios
                    .iter()
                    .find(|(r, _)| *r == ratio)
                    .map(|(_, why)| *why)
                    .unwrap_or("compressed x profile ratio");
                Uncompressed::Estimated {
                    bytes: (c as f64 * ratio).round() as u64,
                    method,
                }
            }
            _ => Uncompressed::Unknown,
        };
        let layer_count = match layer_span.1 - layer_span.0 {
            0 => None,
            n => Some(n as u32),
        };
        out.push(ImageEntry {
            repository: cell(r, 0),
            tag: cell(r, 1),
            aliases: &[],
            platform: cell(r, 3),
            compressed_bytes: compressed,
            uncompressed,
            layers: &[],
            layer_count,
            profile,
            profile_name,
            toolchains: &[],
            source: Source::parse(cell(r, 10), cell(r, 9), SourceKind::Published),
        });
    }
    let (layers, aliases, toolchains) = (layers.leak(), aliases.leak(), toolchains.leak());
    for (e, [l, a, t]) in out.iter_mut().zip(spans) {
        e.layers = &layers[l.0..l.1];
        e.aliases = &aliases[a.0..a.1];
        e.toolchains = &toolchains[t.0..t.1];
    }
    Ok(out)
}
