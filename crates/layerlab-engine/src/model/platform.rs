//! Platforms (`os/arch[/variant]`) as containerd's `platforms.Parse` + `Normalize` read them, and
//! the automatic platform ARGs BuildKit derives from them (`dockerfile2llb` `defaultArgs`).
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    pub variant: String,
}

/// The operating systems containerd knows; a lone known OS takes the default architecture.
const KNOWN_OS: [&str; 13] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "illumos",
    "ios",
    "js",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
    "windows",
];
const KNOWN_ARCH: [&str; 22] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "mipsle",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "wasm",
];

impl Platform {
    pub const DEFAULT: &'static str = "linux/amd64";

    pub fn linux_amd64() -> Platform {
        Platform { os: "linux".into(), architecture: "amd64".into(), variant: String::new() }
    }

    /// Parses and normalises a specifier such as `linux/arm64/v8`, `arm64`, `windows`.
    pub fn parse(specifier: &str) -> Result<Platform, String> {
        let parts: Vec<&str> = specifier.split('/').collect();
        let valid = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if parts.len() > 3 || !parts.iter().all(|p| valid(p)) {
            return Err(format!("\"{specifier}\": invalid platform specifier"));
        }
        let normalize_os = |os: &str| match os.to_lowercase().as_str() {
            "macos" => "darwin".to_owned(),
            other => other.to_owned(),
        };
        let (os, arch, variant) = match parts.as_slice() {
            [one] => {
                let one_os = normalize_os(one);
                if KNOWN_OS.contains(&one_os.as_str()) {
                    (one_os, "amd64".to_owned(), String::new())
                } else {
                    let (arch, variant) = normalize_arch(one, "");
                    if !KNOWN_ARCH.contains(&arch.as_str()) {
                        return Err(format!("\"{specifier}\": unknown operating system or architecture"));
                    }
                    ("linux".to_owned(), arch, variant)
                }
            }
            [os, arch] => {
                let (arch, variant) = normalize_arch(arch, "");
                (normalize_os(os), arch, variant)
            }
            [os, arch, variant] => {
                let (arch, variant) = normalize_arch(arch, variant);
                (normalize_os(os), arch, variant)
            }
            _ => unreachable!("one to three parts"),
        };
        Ok(Platform { os, architecture: arch, variant })
    }

    /// `os/arch[/variant]`, as `platforms.Format`.
    pub fn format(&self) -> String {
        let mut text = String::with_capacity(self.os.len() + self.architecture.len() + self.variant.len() + 2);
        text.push_str(&self.os);
        text.push('/');
        text.push_str(&self.architecture);
        if !self.variant.is_empty() {
            text.push('/');
            text.push_str(&self.variant);
        }
        text
    }
}

/// containerd's `normalizeArch`.
fn normalize_arch(arch: &str, variant: &str) -> (String, String) {
    let arch = arch.to_lowercase();
    let variant = variant.to_lowercase();
    match arch.as_str() {
        "i386" => ("386".into(), String::new()),
        "x86_64" | "x86-64" | "amd64" => ("amd64".into(), if variant == "v1" { String::new() } else { variant }),
        "aarch64" | "arm64" => {
            ("arm64".into(), if variant == "8" || variant == "v8" { String::new() } else { variant })
        }
        "armhf" => ("arm".into(), "v7".into()),
        "armel" => ("arm".into(), "v6".into()),
        "arm" => {
            let variant = match variant.as_str() {
                "" | "7" => "v7".to_owned(),
                "5" | "6" | "8" => format!("v{variant}"),
                _ => variant,
            };
            ("arm".into(), variant)
        }
        _ => (arch, variant),
    }
}

/// BuildKit's automatic ARGs, in its order (`defaultArgs`), with `--build-arg` overrides applied.
pub fn automatic_args(build: &Platform, target: &Platform, target_stage: &str) -> Vec<(String, String)> {
    [
        ("BUILDPLATFORM", build.format()),
        ("BUILDOS", build.os.clone()),
        ("BUILDOSVERSION", String::new()),
        ("BUILDARCH", build.architecture.clone()),
        ("BUILDVARIANT", build.variant.clone()),
        ("TARGETPLATFORM", target.format()),
        ("TARGETOS", target.os.clone()),
        ("TARGETOSVERSION", String::new()),
        ("TARGETARCH", target.architecture.clone()),
        ("TARGETVARIANT", target.variant.clone()),
        ("TARGETSTAGE", target_stage.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises_like_containerd() {
        let cases = [
            ("linux/amd64", "linux/amd64"),
            ("linux/arm64", "linux/arm64"),
            ("linux/arm64/v8", "linux/arm64"),
            ("linux/aarch64", "linux/arm64"),
            ("linux/arm", "linux/arm/v7"),
            ("linux/armhf", "linux/arm/v7"),
            ("linux/arm/v6", "linux/arm/v6"),
            ("Linux/x86_64", "linux/amd64"),
            ("arm64", "linux/arm64"),
            ("windows", "windows/amd64"),
            ("linux/386", "linux/386"),
        ];
        for (input, expected) in cases {
            assert_eq!(Platform::parse(input).map(|p| p.format()).as_deref(), Ok(expected), "{input}");
        }
        for bad in ["", "linux/", "a/b/c/d", "linux/amd 64", "nonsense"] {
            assert!(Platform::parse(bad).is_err(), "{bad}");
        }
    }
}
