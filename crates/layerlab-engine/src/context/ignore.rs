//! `.dockerignore` exactly as Docker reads and applies it: the file is read like
//! moby/patternmatcher `ignorefile.ReadAll`, patterns compile like `patternmatcher.New` +
//! `Pattern.compile`, and a path is excluded as by `MatchesOrParentMatches`.
//!
//! Quirks kept on purpose: a comment is a line whose *first* character is `#` (`  # x` is a
//! pattern); `*.md` matches only at the root; `**file` matches `dir/xfile` (a plain suffix test);
//! the pattern `.` never matches anything; the last matching line wins.
use serde::Serialize;

use super::glob::{self, parse_class, Token};
use super::{clean_path, LineProblem};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum MatchKind {
    Exact,
    Prefix,
    Suffix,
    Regexp,
}

/// One pattern line, cleaned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IgnorePattern {
    /// 1-based line in the `.dockerignore` text.
    pub line: usize,
    /// The cleaned pattern, without its `!`.
    pub pattern: String,
    /// `!pattern`: re-includes what earlier lines excluded.
    pub exclusion: bool,
    #[serde(skip)]
    kind: MatchKind,
    #[serde(skip)]
    tokens: Vec<Token>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DockerIgnore {
    pub patterns: Vec<IgnorePattern>,
    pub problems: Vec<LineProblem>,
}

impl DockerIgnore {
    /// Reads `.dockerignore` text. Bad patterns (which make Docker refuse the build) are reported
    /// and skipped; the rest still apply.
    pub fn parse(text: &str) -> DockerIgnore {
        let mut ignore = DockerIgnore::default();
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        for (index, line) in text.split('\n').enumerate() {
            let line_number = index + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.starts_with('#') {
                continue;
            }
            let mut pattern = line.trim();
            if pattern.is_empty() {
                continue;
            }
            let exclusion = pattern.starts_with('!');
            if exclusion {
                pattern = pattern[1..].trim();
            }
            let mut cleaned = String::new();
            if !pattern.is_empty() {
                cleaned = clean_path(pattern);
                if cleaned.len() > 1 && cleaned.starts_with('/') {
                    cleaned.remove(0);
                }
            }
            if exclusion && cleaned.is_empty() {
                ignore.problem(line_number, "illegal exclusion pattern: \"!\"");
                continue;
            }
            // patternmatcher.New cleans once more.
            let cleaned = clean_path(&cleaned);
            match compile(&cleaned) {
                Ok((kind, tokens)) => {
                    ignore.patterns.push(IgnorePattern { line: line_number, pattern: cleaned, exclusion, kind, tokens })
                }
                Err(glob::BadPattern) => ignore.problem(line_number, &format!("syntax error in pattern: {pattern}")),
            }
        }
        ignore
    }

    fn problem(&mut self, line: usize, message: &str) {
        self.problems.push(LineProblem { line, message: message.to_owned() });
    }

    /// Whether Docker leaves `path` (relative, `/`-separated) out of the context.
    pub fn is_ignored(&self, path: &str) -> bool {
        self.deciding_pattern(path).is_some_and(|p| !p.exclusion)
    }

    /// The last pattern that decided `path`'s fate (`MatchesOrParentMatches`), if any.
    pub fn deciding_pattern(&self, path: &str) -> Option<&IgnorePattern> {
        if self.patterns.is_empty() {
            return None;
        }
        let path = clean_path(path);
        if path == "." {
            return None;
        }
        let parents: Vec<&str> = match path.rfind('/') {
            Some(end) => path[..end].split('/').collect(),
            None => Vec::new(),
        };
        let mut matched = false;
        let mut decided = None;
        for pattern in &self.patterns {
            // An inclusion cannot change a match, an exclusion cannot change a non-match.
            if pattern.exclusion != matched {
                continue;
            }
            let mut hit = pattern.matches(&path);
            for depth in 1..=parents.len() {
                if hit {
                    break;
                }
                hit = pattern.matches(&parents[..depth].join("/"));
            }
            if hit {
                matched = !pattern.exclusion;
                decided = Some(pattern);
            }
        }
        decided
    }
}

impl IgnorePattern {
    fn matches(&self, path: &str) -> bool {
        match self.kind {
            MatchKind::Exact => path == self.pattern,
            MatchKind::Prefix => path.starts_with(&self.pattern[..self.pattern.len() - 2]),
            MatchKind::Suffix => {
                let suffix = &self.pattern[2..];
                path.ends_with(suffix) || suffix.strip_prefix('/').is_some_and(|s| path == s)
            }
            MatchKind::Regexp => glob::run(&self.tokens, path),
        }
    }
}

/// `Pattern.compile`: decides the match kind exactly as patternmatcher does, and builds the
/// tokens of its regexp. Malformed patterns fail as `filepath.Match(pattern, ".")` would.
fn compile(pattern: &str) -> Result<(MatchKind, Vec<Token>), glob::BadPattern> {
    glob::match_tokens(pattern)?;
    let chars: Vec<char> = pattern.chars().collect();
    let mut kind = MatchKind::Exact;
    let mut tokens = Vec::new();
    let mut at = 0;
    let mut first = true;
    while at < chars.len() {
        let c = chars[at];
        at += 1;
        match c {
            '*' if chars.get(at) == Some(&'*') => {
                at += 1;
                if chars.get(at) == Some(&'/') {
                    at += 1;
                }
                if at == chars.len() {
                    if kind == MatchKind::Exact {
                        kind = MatchKind::Prefix;
                    } else {
                        tokens.push(Token::AnyRest);
                        kind = MatchKind::Regexp;
                    }
                } else {
                    tokens.push(Token::AnyDirs);
                    kind = MatchKind::Regexp;
                }
                if first {
                    kind = MatchKind::Suffix;
                }
            }
            '*' => {
                tokens.push(Token::Star);
                kind = MatchKind::Regexp;
            }
            '?' => {
                tokens.push(Token::AnyChar);
                kind = MatchKind::Regexp;
            }
            '\\' => match chars.get(at) {
                Some(&next) => {
                    at += 1;
                    tokens.push(Token::Literal(next));
                    kind = MatchKind::Regexp;
                }
                None => tokens.push(Token::Literal('\\')),
            },
            '[' => {
                let (class, used) = parse_class(&chars[at..])?;
                at += used;
                tokens.push(class);
                kind = MatchKind::Regexp;
            }
            ']' => {
                tokens.push(Token::Literal(']'));
                kind = MatchKind::Regexp;
            }
            c => tokens.push(Token::Literal(c)),
        }
        first = false;
    }
    Ok((kind, tokens))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignored(patterns: &[&str], path: &str) -> bool {
        DockerIgnore::parse(&patterns.join("\n")).is_ignored(path)
    }

    /// patternmatcher_test.go `TestMatches` (single patterns), run as `MatchesOrParentMatches`:
    /// `exact` and `inexact` both count as a match there.
    #[test]
    fn patternmatcher_matches_table() {
        const EXACT: bool = true;
        const INEXACT: bool = true;
        const FAIL: bool = false;
        let cases = [
            ("**", "file", EXACT),
            ("**", "file/", EXACT),
            ("**/", "file", EXACT),
            ("**/", "file/", EXACT),
            ("**", "/", EXACT),
            ("**/", "/", EXACT),
            ("**", "dir/file", EXACT),
            ("**/", "dir/file", EXACT),
            ("**", "dir/file/", EXACT),
            ("**/", "dir/file/", EXACT),
            ("**/**", "dir/file", EXACT),
            ("**/**", "dir/file/", EXACT),
            ("dir/**", "dir/file", EXACT),
            ("dir/**", "dir/file/", EXACT),
            ("dir/**", "dir/dir2/file", EXACT),
            ("dir/**", "dir/dir2/file/", EXACT),
            ("**/dir", "dir", EXACT),
            ("**/dir", "dir/file", INEXACT),
            ("**/dir2/*", "dir/dir2/file", EXACT),
            ("**/dir2/*", "dir/dir2/file/", INEXACT),
            ("**/dir2/**", "dir/dir2/dir3/file", EXACT),
            ("**/dir2/**", "dir/dir2/dir3/file/", EXACT),
            ("**file", "file", EXACT),
            ("**file", "dir/file", EXACT),
            ("**/file", "dir/file", EXACT),
            ("**file", "dir/dir/file", EXACT),
            ("**/file", "dir/dir/file", EXACT),
            ("**/file*", "dir/dir/file", EXACT),
            ("**/file*", "dir/dir/file.txt", EXACT),
            ("**/file*txt", "dir/dir/file.txt", EXACT),
            ("**/file*.txt", "dir/dir/file.txt", EXACT),
            ("**/file*.txt*", "dir/dir/file.txt", EXACT),
            ("**/**/*.txt", "dir/dir/file.txt", EXACT),
            ("**/**/*.txt2", "dir/dir/file.txt", FAIL),
            ("**/*.txt", "file.txt", EXACT),
            ("**/**/*.txt", "file.txt", EXACT),
            ("a**/*.txt", "a/file.txt", EXACT),
            ("a**/*.txt", "a/dir/file.txt", EXACT),
            ("a**/*.txt", "a/dir/dir/file.txt", EXACT),
            ("a/*.txt", "a/dir/file.txt", FAIL),
            ("a/*.txt", "a/file.txt", EXACT),
            ("a/*.txt**", "a/file.txt", EXACT),
            ("a[b-d]e", "ae", FAIL),
            ("a[b-d]e", "ace", EXACT),
            ("a[b-d]e", "aae", FAIL),
            ("a[^b-d]e", "aze", EXACT),
            (".*", ".foo", EXACT),
            (".*", "foo", FAIL),
            ("abc.def", "abcdef", FAIL),
            ("abc.def", "abc.def", EXACT),
            ("abc.def", "abcZdef", FAIL),
            ("abc?def", "abcZdef", EXACT),
            ("abc?def", "abcdef", FAIL),
            ("**/foo/bar", "foo/bar", EXACT),
            ("**/foo/bar", "dir/foo/bar", EXACT),
            ("**/foo/bar", "dir/dir2/foo/bar", EXACT),
            ("abc/**", "abc", FAIL),
            ("abc/**", "abc/def", EXACT),
            ("abc/**", "abc/def/ghi", EXACT),
            ("**/.foo", ".foo", EXACT),
            ("**/.foo", "bar.foo", FAIL),
            ("a(b)c/def", "a(b)c/def", EXACT),
            ("a(b)c/def", "a(b)c/xyz", FAIL),
            ("a.|)$(}+{bc", "a.|)$(}+{bc", EXACT),
            (
                "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
                "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
                EXACT,
            ),
            ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", EXACT),
            ("a\\\\", "a\\", EXACT),
            ("a\\*b", "a*b", EXACT),
        ];
        for (pattern, text, pass) in cases {
            // patternmatcher's tests feed patterns to New directly; Clean strips the trailing `/`
            // of texts like "file/" the same way our path clean does.
            assert_eq!(ignored(&[pattern], text), pass, "pattern={pattern:?} text={text:?}");
        }
    }

    /// patternmatcher_test.go multi-pattern table and the small named tests.
    #[test]
    fn patternmatcher_multi_pattern_table() {
        let cases: &[(&[&str], &str, bool)] = &[
            (&["**", "!util/docker/web"], "util/docker/web/foo", false),
            (&["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", true),
            (
                &["**", "!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl"],
                "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
                false,
            ),
            (&["**", "!dist/*.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),
            (&["*"], "fileutils.go", true),
            (&["*.go"], "fileutils.go", true),
            (&["!fileutils.go", "*.go"], "fileutils.go", true),
            (&["docs", "!docs/README.md"], "docs/README.md", false),
            (&["docs/", "!docs/README.md"], "docs/README.md", false),
            (&["docs/*", "!docs/README.md"], "docs/README.md", false),
            (&["*.go", "!fileutils.go"], "fileutils.go", false),
            (&["*.go"], ".", false),
            (&[], "/any/path/there", false),
        ];
        for &(patterns, text, pass) in cases {
            assert_eq!(ignored(patterns, text), pass, "patterns={patterns:?} text={text:?}");
        }
    }

    #[test]
    fn reads_lines_like_docker() {
        let ignore = DockerIgnore::parse(
            "\u{FEFF}# comment\n  # not a comment\n/node_modules/\n\n  !  keep.md \r\n*.md\n!\n[\n.\n",
        );
        let patterns: Vec<(usize, &str, bool)> =
            ignore.patterns.iter().map(|p| (p.line, p.pattern.as_str(), p.exclusion)).collect();
        assert_eq!(
            patterns,
            [
                (2, "# not a comment", false),
                (3, "node_modules", false),
                (5, "keep.md", true),
                (6, "*.md", false),
                (9, ".", false)
            ]
        );
        let problems: Vec<usize> = ignore.problems.iter().map(|p| p.line).collect();
        assert_eq!(problems, [7, 8]);
    }

    #[test]
    fn docker_documented_rules() {
        let cases: &[(&str, &str, bool)] = &[
            ("*.md", "README.md", true),
            ("*.md", "docs/guide.md", false), // only the root
            ("**/*.md", "docs/guide.md", true),
            ("node_modules", "node_modules/react/index.js", true), // a directory excludes its contents
            ("/node_modules/", "node_modules/x", true),
            ("*/temp*", "somedir/temporary.txt", true),
            ("*/temp*", "somedir/sub/temp.txt", false),
            ("*/*/temp*", "somedir/subdir/temporary.txt", true),
            ("temp?", "tempa", true),
            ("temp?", "tempab", false),
            (".", "anything", false),
            ("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true),
            ("*.md\n!README*.md\nREADME-secret.md", "README.md", false),
            ("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", false),
            (".git", ".git/objects/pack/x.pack", true),
            ("Dockerfile", "Dockerfile", true),
            ("  # comment-like", "# comment-like", true),
        ];
        for &(text, path, expected) in cases {
            assert_eq!(DockerIgnore::parse(text).is_ignored(path), expected, "{text:?} on {path:?}");
        }
    }

    proptest::proptest! {
        /// Hostile patterns and paths: a verdict or a reported problem, never a panic.
        #[test]
        fn never_panics(text in "[*?\\[\\]\\\\^!#a/. \n-]{0,40}", path in "[*?a/.\\[\\]-]{0,20}") {
            let ignore = DockerIgnore::parse(&text);
            let _ = ignore.is_ignored(&path);
            let _ = glob::path_match(&text, &path);
            let (context, _) = crate::context::BuildContext::parse(&format!("{path} 1k\na/b 2"));
            let _ = context.select(&text, &ignore);
        }
    }
}
