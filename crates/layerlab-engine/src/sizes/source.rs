//! Where a number came from: every entry of the size database carries a [`Source`].

use serde::Serialize;

/// How a number was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SourceKind {
    /// Read from a published document (registry manifest report, README, spec).
    Published,
    /// Measured by us (download, build, install, `du`), see the text for how.
    Measured,
    /// Computed from sourced numbers (sums of sourced layers, closures of sourced packages).
    Derived,
    /// An estimate; `method` says how it was made.
    Estimated { method: &'static str },
}

/// The provenance of one entry: shown by the UI on hover ("where this number came from").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Citation, e.g. `ri:alpine/remote/3.22.md@<commit>`; see [`Source::citation`].
    pub text: &'static str,
    /// Date of the underlying fact (image build, measurement), `YYYY-MM-DD` where known.
    pub date: &'static str,
    #[serde(flatten)]
    pub kind: SourceKind,
}

/// Short prefix used in data files for docker-library/repo-info paths.
const REPO_INFO_PREFIX: &str = "ri:";

impl Source {
    /// The citation with abbreviations expanded (`ri:` = `docker-library/repo-info:repos/`).
    pub fn citation(&self) -> String {
        expand(self.text)
    }

    /// Parses a data-file source cell: an optional `kind:` prefix, then the citation.
    /// `published:`/`definition:`/`documented:` → Published, `measured:` → Measured,
    /// `derived:` → Derived, `estimated(METHOD)` or `estimated: METHOD` → Estimated.
    /// Without a prefix the file default applies.
    pub(crate) fn parse(cell: &'static str, date: &'static str, default: SourceKind) -> Source {
        let cell = cell.trim();
        if let Some(rest) = cell.strip_prefix("estimated(") {
            // The method runs to the matching ')' (methods may contain parentheses). Bytes,
            // not chars: both are ASCII, so a match is always a char boundary.
            let mut depth = 1usize;
            let end = rest
                .bytes()
                .position(|c| {
                    match c {
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .unwrap_or(rest.len());
            let method = &rest[..end];
            return Source {
                text: cell,
                date,
                kind: SourceKind::Estimated { method },
            };
        }
        for (prefix, kind) in [
            ("published:", SourceKind::Published),
            ("definition:", SourceKind::Published),
            ("documented:", SourceKind::Published),
            ("measured:", SourceKind::Measured),
            ("derived:", SourceKind::Derived),
        ] {
            if let Some(rest) = cell.strip_prefix(prefix) {
                return Source {
                    text: rest.trim(),
                    date,
                    kind,
                };
            }
        }
        if let Some(rest) = cell.strip_prefix("estimated:") {
            let method = rest.trim();
            return Source {
                text: method,
                date,
                kind: SourceKind::Estimated { method },
            };
        }
        Source {
            text: cell,
            date,
            kind: default,
        }
    }

    pub fn is_estimate(&self) -> bool {
        matches!(self.kind, SourceKind::Estimated { .. })
    }
}

fn expand(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find(REPO_INFO_PREFIX) {
        // Only expand at a word start, so "uri:" or similar never matches.
        let at_word_start = i == 0 || !rest.as_bytes()[i - 1].is_ascii_alphanumeric();
        out.push_str(&rest[..i]);
        if at_word_start {
            out.push_str("docker-library/repo-info:repos/");
        } else {
            out.push_str(REPO_INFO_PREFIX);
        }
        rest = &rest[i + REPO_INFO_PREFIX.len()..];
    }
    out.push_str(rest);
    out
}
