//! Go's `filepath.Match` (COPY source wildcards) and the matcher behind moby/patternmatcher's
//! compiled regexps (`.dockerignore`), as one small token automaton: no regex dependency.

/// `ErrBadPattern`: the pattern is malformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPattern;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    Literal(char),
    /// `*`: any run of characters but `/` (regexp `[^/]*`).
    Star,
    /// `?`: one character but `/` (regexp `[^/]`).
    AnyChar,
    /// `[...]`: Go character class; like Go's, it may match `/`.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    /// `**/` inside a pattern: regexp `(.*/)?`, any number of whole directories.
    AnyDirs,
    /// `**` at the end of a pattern that already has wildcards: regexp `.*`.
    AnyRest,
}

/// Parses a Go character class after its `[`; returns it and the characters consumed.
pub(crate) fn parse_class(chars: &[char]) -> Result<(Token, usize), BadPattern> {
    let mut at = 0;
    let negated = chars.first() == Some(&'^');
    if negated {
        at += 1;
    }
    let mut ranges = Vec::new();
    loop {
        if chars.get(at) == Some(&']') && !ranges.is_empty() {
            return Ok((Token::Class { negated, ranges }, at + 1));
        }
        let (lo, used) = class_char(&chars[at.min(chars.len())..])?;
        at += used;
        let mut hi = lo;
        if chars.get(at) == Some(&'-') {
            let (h, used) = class_char(&chars[at + 1..])?;
            at += 1 + used;
            hi = h;
        }
        ranges.push((lo, hi));
    }
}

/// Go's `getEsc`: one possibly escaped class character; `-`, `]` or the end are errors.
fn class_char(chars: &[char]) -> Result<(char, usize), BadPattern> {
    match chars {
        [] | ['-' | ']', ..] => Err(BadPattern),
        ['\\'] => Err(BadPattern),
        ['\\', c, ..] => Ok((*c, 2)),
        [c, ..] => Ok((*c, 1)),
    }
}

/// The tokens of a `filepath.Match` pattern (where `**` is just two stars).
pub(crate) fn match_tokens(pattern: &str) -> Result<Vec<Token>, BadPattern> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        match chars[at] {
            '*' => tokens.push(Token::Star),
            '?' => tokens.push(Token::AnyChar),
            '\\' => {
                at += 1;
                tokens.push(Token::Literal(*chars.get(at).ok_or(BadPattern)?));
            }
            '[' => {
                let (class, used) = parse_class(&chars[at + 1..])?;
                tokens.push(class);
                at += used;
            }
            c => tokens.push(Token::Literal(c)),
        }
        at += 1;
    }
    Ok(tokens)
}

/// Go's `filepath.Match(pattern, name)` on `/`-separated paths.
pub fn path_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    Ok(run(&match_tokens(pattern)?, name))
}

/// Whether `text` matches all of `tokens` (an anchored match, as `^…$`).
pub(crate) fn run(tokens: &[Token], text: &str) -> bool {
    // COPY sources are nearly always literals, `*` and `?`: those match segment by segment.
    let plain = tokens.iter().all(|t| matches!(t, Token::Literal(_) | Token::Star | Token::AnyChar));
    if plain {
        let slash = Token::Literal('/');
        let slashes = tokens.iter().filter(|t| **t == slash).count();
        return slashes == text.matches('/').count()
            && tokens.split(|t| *t == slash).zip(text.split('/')).all(|(part, name)| segment_matches(part, name));
    }
    automaton(tokens, text)
}

/// [`run`] of tokens without `/` (only literals, `*` and `?`) on a text without `/`: `*` may
/// take anything there, so on a mismatch the last `*` takes one more character.
fn segment_matches(tokens: &[Token], text: &str) -> bool {
    let (mut at, mut from) = (0, 0);
    // The token after the last `*`, and where the text goes on after what that `*` took.
    let mut star: Option<(usize, usize)> = None;
    loop {
        let next = text[from..].chars().next();
        match (tokens.get(at), next) {
            (Some(Token::Star), _) => {
                at += 1;
                star = Some((at, from));
                continue;
            }
            (Some(Token::AnyChar), Some(c)) => {
                at += 1;
                from += c.len_utf8();
                continue;
            }
            (Some(Token::Literal(l)), Some(c)) if *l == c => {
                at += 1;
                from += c.len_utf8();
                continue;
            }
            (None, None) => return true,
            _ => {}
        }
        let Some((after, taken)) = star else { return false };
        let Some(c) = text[taken..].chars().next() else { return false };
        star = Some((after, taken + c.len_utf8()));
        (at, from) = (after, taken + c.len_utf8());
    }
}

/// [`run`] for any tokens: a small NFA over the text's characters.
fn automaton(tokens: &[Token], text: &str) -> bool {
    // NFA states: (token index, inside an AnyDirs run that still needs its closing `/`).
    let count = tokens.len();
    let mut current = vec![false; (count + 1) * 2];
    let close = |set: &mut Vec<bool>| {
        for pos in 0..count {
            if set[pos * 2] && matches!(tokens[pos], Token::Star | Token::AnyDirs | Token::AnyRest) {
                set[(pos + 1) * 2] = true;
            }
        }
    };
    current[0] = true;
    close(&mut current);
    let mut next = vec![false; (count + 1) * 2];
    for c in text.chars() {
        next.fill(false);
        for pos in 0..count {
            let (outside, inside) = (current[pos * 2], current[pos * 2 + 1]);
            if !outside && !inside {
                continue;
            }
            match &tokens[pos] {
                Token::Literal(l) if outside && *l == c => next[(pos + 1) * 2] = true,
                Token::AnyChar if outside && c != '/' => next[(pos + 1) * 2] = true,
                Token::Class { negated, ranges }
                    if outside && ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated =>
                {
                    next[(pos + 1) * 2] = true
                }
                Token::Star if outside && c != '/' => next[pos * 2] = true,
                Token::AnyRest if outside && c != '\n' => next[pos * 2] = true,
                Token::AnyDirs if c != '\n' => {
                    next[pos * 2 + 1] = true;
                    if c == '/' {
                        next[(pos + 1) * 2] = true;
                    }
                }
                _ => {}
            }
        }
        close(&mut next);
        if !next.iter().any(|&s| s) {
            return false;
        }
        std::mem::swap(&mut current, &mut next);
    }
    current[count * 2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The segment-wise match of literals, `*` and `?` is the automaton's.
        #[test]
        fn plain_patterns_match_as_the_automaton_does(pattern in "[ab/*?é]{0,8}", text in "[ab/é]{0,10}") {
            let tokens = match_tokens(&pattern).unwrap();
            prop_assert_eq!(run(&tokens, &text), automaton(&tokens, &text), "{} on {}", pattern, text);
        }
    }

    /// Go's own `filepath.Match` table (path/filepath match_test.go), as patternmatcher copies it.
    #[test]
    fn go_filepath_match_table() {
        let cases: &[(&str, &str, Result<bool, BadPattern>)] = &[
            ("abc", "abc", Ok(true)),
            ("*", "abc", Ok(true)),
            ("*c", "abc", Ok(true)),
            ("a*", "a", Ok(true)),
            ("a*", "abc", Ok(true)),
            ("a*", "ab/c", Ok(false)),
            ("a*/b", "abc/b", Ok(true)),
            ("a*/b", "a/c/b", Ok(false)),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", Ok(true)),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/f", Ok(true)),
            ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", Ok(false)),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", Ok(false)),
            ("a*b?c*x", "abxbbxdbxebxczzx", Ok(true)),
            ("a*b?c*x", "abxbbxdbxebxczzy", Ok(false)),
            ("ab[c]", "abc", Ok(true)),
            ("ab[b-d]", "abc", Ok(true)),
            ("ab[e-g]", "abc", Ok(false)),
            ("ab[^c]", "abc", Ok(false)),
            ("ab[^b-d]", "abc", Ok(false)),
            ("ab[^e-g]", "abc", Ok(true)),
            ("a\\*b", "a*b", Ok(true)),
            ("a\\*b", "ab", Ok(false)),
            ("a?b", "a☺b", Ok(true)),
            ("a[^a]b", "a☺b", Ok(true)),
            ("a???b", "a☺b", Ok(false)),
            ("a[^a][^a][^a]b", "a☺b", Ok(false)),
            ("[a-ζ]*", "α", Ok(true)),
            ("*[a-ζ]", "A", Ok(false)),
            ("a?b", "a/b", Ok(false)),
            ("a*b", "a/b", Ok(false)),
            ("[\\]a]", "]", Ok(true)),
            ("[\\-]", "-", Ok(true)),
            ("[x\\-]", "x", Ok(true)),
            ("[x\\-]", "-", Ok(true)),
            ("[x\\-]", "z", Ok(false)),
            ("[\\-x]", "x", Ok(true)),
            ("[\\-x]", "-", Ok(true)),
            ("[\\-x]", "a", Ok(false)),
            ("[]a]", "]", Err(BadPattern)),
            ("[-]", "-", Err(BadPattern)),
            ("[x-]", "x", Err(BadPattern)),
            ("[x-]", "-", Err(BadPattern)),
            ("[x-]", "z", Err(BadPattern)),
            ("[-x]", "x", Err(BadPattern)),
            ("[-x]", "-", Err(BadPattern)),
            ("[-x]", "a", Err(BadPattern)),
            ("\\", "a", Err(BadPattern)),
            ("[a-b-c]", "a", Err(BadPattern)),
            ("[", "a", Err(BadPattern)),
            ("[^", "a", Err(BadPattern)),
            ("[^bc", "a", Err(BadPattern)),
            ("a[", "a", Err(BadPattern)),
            ("a[", "ab", Err(BadPattern)),
            ("*x", "xxx", Ok(true)),
        ];
        for &(pattern, name, expected) in cases {
            assert_eq!(path_match(pattern, name), expected, "Match({pattern:?}, {name:?})");
        }
    }
}
