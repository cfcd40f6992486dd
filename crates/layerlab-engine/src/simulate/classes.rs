//! Content classes and their gzip ratios, and what part of an image a file belongs to.

use serde::Serialize;

/// The kind of bytes a file holds: decides how well its layer compresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Source code, configs, JSON, scripts, JS in node_modules.
    Text,
    PythonStdlib,
    SharedLibs,
    Executables,
    GoBinary,
    GoBinaryStripped,
    GoToolchain,
    /// `/usr/share/doc`, man pages, locales (many files already `.gz`).
    Docs,
    /// `.gz`, `.zip`, `.jar`, `.whl`, images, media, package caches of compressed archives.
    Compressed,
    /// Package caches: downloaded `.deb`/`.apk`/wheels/tarballs (already compressed).
    PackageCache,
    /// A mix of the above or unknown content.
    Mixed,
}

/// gzip -6 ratio (compressed ÷ uncompressed) per class.
///
/// Source: ../shared/reference/cache-size-semantics.md §2.4 (measured here: tar of each set,
/// `gzip -6`): Python stdlib 0.23, Go toolchain GOROOT 0.28, shared libraries 0.30, `/usr/bin`
/// executables 0.43, Go static binary unstripped 0.56, `-ldflags "-s -w"` 0.43,
/// `/usr/share/doc` 0.57; "already compressed data stays ~1.0". `Text` uses the Python stdlib
/// figure (the measured set of plain source text). `Mixed` uses nginx's cited 64.3 MB / 195 MB
/// ≈ 0.33 (moby/moby#53398), a whole-image mix.
pub const RATIOS: &[(Class, f64, &str)] = &[
    (Class::Text, 0.23, "§2.4 Python stdlib .py (text), measured gzip -6"),
    (Class::PythonStdlib, 0.23, "§2.4 Python stdlib .py, measured gzip -6"),
    (Class::SharedLibs, 0.30, "§2.4 shared libraries .so, measured gzip -6"),
    (Class::Executables, 0.43, "§2.4 /usr/bin executables, measured gzip -6"),
    (Class::GoBinary, 0.56, "§2.4 Go static binary unstripped, measured gzip -6"),
    (Class::GoBinaryStripped, 0.43, "§2.4 Go binary -ldflags=\"-s -w\", measured gzip -6"),
    (Class::GoToolchain, 0.28, "§2.4 Go toolchain GOROOT, measured gzip -6"),
    (Class::Docs, 0.57, "§2.4 /usr/share/doc, measured gzip -6"),
    (Class::Compressed, 1.0, "§2.4 already compressed data stays ~1.0"),
    (Class::PackageCache, 1.0, "§2.4 already compressed data stays ~1.0 (.deb/.apk/wheel/tgz)"),
    (Class::Mixed, 0.33, "§2.4 nginx 64.3 MB compressed / ~195 MB unpacked (moby/moby#53398)"),
];

impl Class {
    pub fn ratio(self) -> f64 {
        RATIOS.iter().find(|(c, _, _)| *c == self).map(|r| r.1).unwrap_or(0.33)
    }

    pub fn compress(self, bytes: u64) -> u64 {
        (bytes as f64 * self.ratio()).round() as u64
    }

    /// A guess from a file name (COPY from the context).
    pub fn of_path(path: &str) -> Class {
        let name = crate::scan::base_name(path).to_ascii_lowercase();
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "gz" | "tgz" | "zip" | "jar" | "war" | "whl" | "xz" | "bz2" | "zst" | "png" | "jpg" | "jpeg"
            | "gif" | "webp" | "mp4" | "mp3" | "woff" | "woff2" | "pdf" | "deb" | "apk" | "7z" => Class::Compressed,
            "so" => Class::SharedLibs,
            _ if ["dockerfile", "makefile", "license", "readme", "notice", "gemfile", "procfile"].contains(&name.as_str()) => Class::Text,
            "" | "bin" | "exe" => Class::Executables,
            _ => Class::Text,
        }
    }
}

/// Which part of the final image bytes belong to (the composition).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Base,
    SystemPackages,
    LanguagePackages,
    Application,
    /// Package manager and build caches left in a layer (apt lists, pip/npm/go caches).
    Cache,
    /// Users, directories, dpkg bookkeeping.
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_follow_the_measured_table() {
        let cases = [
            (Class::SharedLibs, 0.30),
            (Class::Executables, 0.43),
            (Class::GoBinary, 0.56),
            (Class::GoBinaryStripped, 0.43),
            (Class::Docs, 0.57),
            (Class::Compressed, 1.0),
        ];
        for (class, ratio) in cases {
            assert_eq!(class.ratio(), ratio, "{class:?}");
        }
        assert_eq!(Class::of_path("src/main.go"), Class::Text);
        assert_eq!(Class::of_path("app.jar"), Class::Compressed);
        assert_eq!(Class::of_path("bin/server"), Class::Executables);
    }
}
