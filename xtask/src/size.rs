//! `cargo xtask size`: what the browser downloads from dist/, raw and gzip -9, by kind.
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::process::command;

pub const KINDS: [&str; 5] = ["wasm", "js", "css", "html", "other"];

#[derive(Default, Clone, Copy)]
pub struct Bytes {
    pub files: usize,
    pub raw: u64,
    pub gzip: u64,
}

pub struct SizeReport {
    /// One row per entry of [`KINDS`], in that order.
    pub kinds: Vec<(&'static str, Bytes)>,
    pub total: Bytes,
}

fn kind_of(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("wasm") => "wasm",
        Some("js" | "mjs") => "js",
        Some("css") => "css",
        Some("html") => "html",
        _ => "other",
    }
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            files_under(&path, found)?;
        } else {
            found.push(path);
        }
    }
    Ok(())
}

/// The size of `gzip -9 -c file`, the compression a static host would typically serve.
fn gzip_size(path: &Path) -> Result<u64, String> {
    let mut child = command("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    let mut compressed = Vec::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_end(&mut compressed)
        .map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("gzip failed on {}", path.display()));
    }
    Ok(compressed.len() as u64)
}

pub fn measure(dist: &Path) -> Result<SizeReport, String> {
    let mut files = Vec::new();
    files_under(dist, &mut files)?;
    if files.is_empty() {
        return Err(format!(
            "{} is empty: run `cargo xtask serve` or `trunk build --release`",
            dist.display()
        ));
    }
    let mut kinds: Vec<(&'static str, Bytes)> =
        KINDS.iter().map(|k| (*k, Bytes::default())).collect();
    let mut total = Bytes::default();
    for file in &files {
        let raw = fs::metadata(file).map_err(|e| e.to_string())?.len();
        let gzip = gzip_size(file)?;
        let row = &mut kinds
            .iter_mut()
            .find(|(k, _)| *k == kind_of(file))
            .expect("every kind has a row")
            .1;
        for bytes in [row, &mut total] {
            bytes.files += 1;
            bytes.raw += raw;
            bytes.gzip += gzip;
        }
    }
    Ok(SizeReport { kinds, total })
}

/// 123456 → "123,456".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn print(dist: &Path, report: &SizeReport) {
    println!(
        "\nSize of {}/ (bytes)",
        dist.file_name().unwrap_or_default().to_string_lossy()
    );
    println!(
        "  {:<6} {:>5} {:>11} {:>11}",
        "kind", "files", "raw", "gzip -9"
    );
    let row = |name: &str, b: &Bytes| {
        println!(
            "  {:<6} {:>5} {:>11} {:>11}",
            name,
            b.files,
            thousands(b.raw),
            thousands(b.gzip)
        );
    };
    for (kind, bytes) in &report.kinds {
        if bytes.files > 0 {
            row(kind, bytes);
        }
    }
    row("total", &report.total);
}

pub fn run(dist: &Path) -> Result<SizeReport, String> {
    let report = measure(dist)?;
    print(dist, &report);
    print_embedded_data(dist.parent().unwrap_or(Path::new(".")));
    Ok(report)
}

/// The size database's data files compiled into the wasm (the `include_str!`s of the sizes
/// module), raw and gzip -9: their share of the bundle (budget 60 KB gzipped).
fn print_embedded_data(root: &Path) {
    let module = root.join("crates/layerlab-engine/src/sizes/mod.rs");
    let Ok(source) = fs::read_to_string(&module) else { return };
    let (mut files, mut raw, mut gzip) = (0, 0, 0);
    for line in source.lines() {
        let Some(name) = line.split("include_str!(\"../../../../data/").nth(1).and_then(|r| r.split('"').next()) else {
            continue;
        };
        let path = root.join("data").join(name);
        files += 1;
        raw += fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        gzip += gzip_size(&path).unwrap_or(0);
    }
    println!(
        "  size database compiled in: {files} files, {} raw, {} gzip -9 (budget 61,440); its start-up time in Chromium is printed by the e2e run",
        thousands(raw),
        thousands(gzip)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(122529), "122,529");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn sorts_files_by_kind() {
        assert_eq!(kind_of(Path::new("dist/layerlab-app-1a2b_bg.wasm")), "wasm");
        assert_eq!(kind_of(Path::new("dist/boot.js")), "js");
        assert_eq!(kind_of(Path::new("dist/style-9f.css")), "css");
        assert_eq!(kind_of(Path::new("dist/index.html")), "html");
        assert_eq!(kind_of(Path::new("dist/favicon-3c.svg")), "other");
    }
}
