//! The build context: the files `docker build` could send, their sizes (and content versions for
//! cache scenarios), `.dockerignore`, and what a COPY/ADD source selects from them.
//!
//! A context is described as text, one file per line: `path size [version]`, e.g.
//! `go.mod 1.2k v1`. Sizes accept bytes (`12345`), decimal units (`12k`, `3.5MB`: 1000-based, as
//! Docker's `units.FromHumanSize`) and binary ones (`1GiB`, `512Ki`: 1024-based).
//!
//! The Dockerfile and `.dockerignore` always reach the builder (BuildKit reads them apart from
//! the context), but when `.dockerignore` matches them they are not in the context: a COPY
//! cannot take them, and [`BuildContext::select`] treats them like any other ignored file.
mod glob;
mod ignore;
mod infer;

use serde::Serialize;

pub use glob::{path_match, BadPattern};
pub use ignore::{DockerIgnore, IgnorePattern};
pub use infer::{infer, reads_the_same, with_dockerfile_len};

/// A problem in the `.dockerignore` or context text, with its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineProblem {
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextFile {
    /// Relative to the context root, `/`-separated, clean.
    pub path: String,
    pub size_bytes: u64,
    /// An opaque content version: two builds see a change when it differs.
    pub version: Option<String>,
    /// Inferred, not described by the user.
    pub assumed: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BuildContext {
    pub files: Vec<ContextFile>,
}

/// What one COPY/ADD source takes from the context.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Selection {
    /// Paths selected and sent (not ignored).
    pub files: Vec<String>,
    pub bytes: u64,
    /// Paths the source matches but `.dockerignore` leaves out.
    pub ignored_matches: Vec<String>,
}

impl BuildContext {
    /// Parses `path size [version]` lines; `#` starts a comment line. Bad lines are reported
    /// with their number and skipped; a repeated path replaces the earlier line.
    pub fn parse(text: &str) -> (BuildContext, Vec<LineProblem>) {
        let mut context = BuildContext::default();
        let mut problems = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line_number = index + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let mut problem = |message: String| problems.push(LineProblem { line: line_number, message });
            if fields.len() < 2 || fields.len() > 3 {
                problem(format!("expected `path size [version]`, found {} field(s)", fields.len()));
                continue;
            }
            let path = clean_path(fields[0].trim_start_matches('/'));
            if path == "." || path == ".." || path.starts_with("../") {
                problem(format!("`{}` is not a file inside the context", fields[0]));
                continue;
            }
            let size_bytes = match parse_size(fields[1]) {
                Ok(size) => size,
                Err(message) => {
                    problem(message);
                    continue;
                }
            };
            let file =
                ContextFile { path, size_bytes, version: fields.get(2).map(|v| (*v).to_owned()), assumed: false };
            match context.files.iter_mut().find(|f| f.path == file.path) {
                Some(existing) => *existing = file,
                None => context.files.push(file),
            }
        }
        (context, problems)
    }

    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size_bytes).sum()
    }

    /// Everything `.dockerignore` lets through: what `COPY . .` copies.
    pub fn sent(&self, ignore: &DockerIgnore) -> Selection {
        self.select(".", ignore)
    }

    /// The files a COPY/ADD `source` (as expanded) selects. Wildcards match path segments with
    /// Go's `filepath.Match`, and a match may be a directory (its whole content is copied); a
    /// plain directory source copies its contents; `.` and `/` mean the whole context.
    pub fn select(&self, source: &str, ignore: &DockerIgnore) -> Selection {
        let source = clean_path(source.trim_start_matches('/'));
        let source = if source.is_empty() { ".".to_owned() } else { source };
        let has_wildcards = source.contains(['*', '?', '[', '\\']);
        // A malformed pattern matches nothing.
        let tokens = if has_wildcards { glob::match_tokens(&source).ok() } else { None };
        let segments = source.split('/').count();
        let mut selection = Selection::default();
        for file in &self.files {
            let hit = if source == "." {
                true
            } else if has_wildcards {
                // The file's first `segments` path segments, if it has that many.
                let mut ends = file.path.match_indices('/').map(|(i, _)| i).chain([file.path.len()]);
                let head = ends.nth(segments - 1).map(|end| &file.path[..end]);
                match (&tokens, head) {
                    (Some(tokens), Some(head)) => glob::run(tokens, head),
                    _ => false,
                }
            } else {
                file.path == source || file.path.strip_prefix(&source).is_some_and(|rest| rest.starts_with('/'))
            };
            if !hit {
                continue;
            }
            if ignore.is_ignored(&file.path) {
                selection.ignored_matches.push(file.path.clone());
            } else {
                selection.bytes += file.size_bytes;
                selection.files.push(file.path.clone());
            }
        }
        selection
    }
}

/// Sizes as people write them: `12345`, `12k`, `3.5MB`, `1GiB`, `512Ki` (case-insensitive).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().map_err(|_| format!("invalid size `{text}`"))?;
    let multiplier: f64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "ki" | "kib" => 1024.0,
        "mi" | "mib" => 1024.0 * 1024.0,
        "gi" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "ti" | "tib" => 1024.0f64.powi(4),
        _ => return Err(format!("unknown size unit `{unit}` in `{text}` (use k, MB, GiB…)")),
    };
    let bytes = value * multiplier;
    if !bytes.is_finite() || bytes > u64::MAX as f64 {
        return Err(format!("size `{text}` is too large"));
    }
    Ok(bytes.round() as u64)
}

/// Whether [`clean_path`] gives `path` back as it is (most paths: no empty, `.` or `..`
/// segment, no trailing `/`).
pub(crate) fn is_clean(path: &str) -> bool {
    let relative = path.strip_prefix('/').unwrap_or(path);
    path == "/" || (!relative.is_empty() && relative.as_bytes().split(|&b| b == b'/').all(|part| !matches!(part, b"" | b"." | b"..")))
}

/// Go's `path.Clean`: the shortest equivalent path; `""` becomes `.`.
pub fn clean_path(path: &str) -> String {
    if is_clean(path) {
        return path.to_owned();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => ["/", &joined].concat(),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// `clean_path(&format!("{base}/{rest}"))`, made in one allocation when that is clean already
/// (most joins are).
pub fn join_path(base: &str, rest: &str) -> String {
    let mut joined = String::with_capacity(base.len() + 1 + rest.len());
    joined.push_str(base);
    joined.push('/');
    joined.push_str(rest);
    if is_clean(&joined) {
        joined
    } else {
        clean_path(&joined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_path_is_clean_path_of_the_joined_text() {
        let parts = ["", "/", ".", "..", "a", "/a", "a/", "a//b", "./a", "a/..", "/app/src", "x.go", "../y"];
        for base in parts {
            for rest in parts {
                assert_eq!(join_path(base, rest), clean_path(&format!("{base}/{rest}")), "{base:?} {rest:?}");
            }
        }
    }

    #[test]
    fn clean_path_like_go() {
        let cases = [
            ("", "."),
            ("abc", "abc"),
            ("abc/def/", "abc/def"),
            ("a/b/c/../../d", "a/d"),
            ("./a", "a"),
            ("/../a", "/a"),
            ("../../a", "../../a"),
            ("//a//b/", "/a/b"),
            ("/", "/"),
            ("a/..", "."),
        ];
        for (input, expected) in cases {
            assert_eq!(clean_path(input), expected, "{input:?}");
        }
    }

    #[test]
    fn sizes_in_every_spelling() {
        let cases =
            [("12345", 12_345), ("12k", 12_000), ("3.5MB", 3_500_000), ("1GiB", 1 << 30), ("512Ki", 524_288), ("0", 0)];
        for (text, bytes) in cases {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
        for bad in ["", "k", "12q", "1.2.3", "-5"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn context_text_errors_carry_line_numbers() {
        let text = "# a Go module\ngo.mod 1k v1\n\nmain.go 4k\nbroken\nbig.bin 12zz\n../outside 1\nmain.go 5k v2\n";
        let (context, problems) = BuildContext::parse(text);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [5, 6, 7]);
        assert!(problems[1].message.contains("12zz"));
        assert_eq!(context.files.len(), 2);
        assert_eq!(
            context.files[1],
            ContextFile { path: "main.go".into(), size_bytes: 5_000, version: Some("v2".into()), assumed: false }
        );
    }

    #[test]
    fn select_sources_like_copy() {
        let (context, _) = BuildContext::parse(
            "go.mod 1k\ngo.sum 20k\nmain.go 4k\ninternal/app/app.go 20k\nnode_modules/x/index.js 1M\nDockerfile 1k\n.git/HEAD 1\nREADME.md 2k\ndocs/guide.md 3k\n",
        );
        let ignore = DockerIgnore::parse("node_modules\n.git\n*.md\n");
        let pick = |source: &str| context.select(source, &ignore);
        assert_eq!(pick("go.mod").files, ["go.mod"]);
        assert_eq!(pick("go.*").files, ["go.mod", "go.sum"]);
        assert_eq!(pick("./internal").files, ["internal/app/app.go"]);
        assert_eq!(pick("*").bytes, pick(".").bytes); // `*` matches every top-level entry
        assert_eq!(pick("inter*").files, ["internal/app/app.go"]);
        let all = pick(".");
        assert_eq!(all.files, ["go.mod", "go.sum", "main.go", "internal/app/app.go", "Dockerfile", "docs/guide.md"]);
        assert_eq!(all.ignored_matches, ["node_modules/x/index.js", ".git/HEAD", "README.md"]);
        assert_eq!(all.bytes, 1_000 + 20_000 + 4_000 + 20_000 + 1_000 + 3_000);
        assert!(pick("missing.txt").files.is_empty());
        assert_eq!(pick("/main.go").files, ["main.go"]);
    }
}
