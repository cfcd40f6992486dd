//! Line diffs for previews: a fix before it is applied, a lesson step against the one before.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffLine<'a> {
    pub change: Change,
    pub text: &'a str,
    /// 1-based line in the new text (in the old text for removed lines).
    pub line: usize,
}

/// Above this many cells the longest-common-subsequence table is too big for a preview: the
/// diff then shows the texts as wholly replaced between their common prefix and suffix.
const MAX_TABLE_CELLS: usize = 4_000_000;

/// The lines of `before` and `after`, marked same, removed or added (longest common subsequence
/// between the common prefix and suffix).
pub fn lines<'a>(before: &'a str, after: &'a str) -> Vec<DiffLine<'a>> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (old_mid, new_mid) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
    // Removed lines are numbered in the old text, the others in the new one.

    let mut out = Vec::with_capacity(old.len().max(new.len()));
    out.extend(old[..prefix].iter().enumerate().map(|(i, text)| DiffLine { change: Change::Same, text, line: i + 1 }));
    let (n, m) = (old_mid.len(), new_mid.len());
    if n * m <= MAX_TABLE_CELLS {
        // lcs[i][j]: length of the LCS of old_mid[i..] and new_mid[j..].
        let width = m + 1;
        let mut lcs = vec![0u32; (n + 1) * width];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * width + j] = if old_mid[i] == new_mid[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && old_mid[i] == new_mid[j] {
                out.push(DiffLine { change: Change::Same, text: old_mid[i], line: prefix + j + 1 });
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
                out.push(DiffLine { change: Change::Removed, text: old_mid[i], line: prefix + i + 1 });
                i += 1;
            } else {
                out.push(DiffLine { change: Change::Added, text: new_mid[j], line: prefix + j + 1 });
                j += 1;
            }
        }
    } else {
        out.extend(old_mid.iter().enumerate().map(|(i, text)| DiffLine { change: Change::Removed, text, line: prefix + i + 1 }));
        out.extend(new_mid.iter().enumerate().map(|(j, text)| DiffLine { change: Change::Added, text, line: prefix + j + 1 }));
    }
    let new_suffix_start = new.len() - suffix;
    out.extend(new[new_suffix_start..].iter().enumerate().map(|(k, text)| DiffLine { change: Change::Same, text, line: new_suffix_start + k + 1 }));
    out
}

/// Only the changed lines and `context` unchanged lines around each change; `None` marks a gap.
pub fn hunks<'a>(diff: &[DiffLine<'a>], context: usize) -> Vec<Option<DiffLine<'a>>> {
    let changed: Vec<usize> = (0..diff.len()).filter(|&i| diff[i].change != Change::Same).collect();
    let near = |i: usize| changed.iter().any(|&c| c.abs_diff(i) <= context);
    let mut out = Vec::new();
    let mut skipped = false;
    for (i, line) in diff.iter().enumerate() {
        if near(i) {
            if skipped && !out.is_empty() {
                out.push(None);
            }
            skipped = false;
            out.push(Some(line.clone()));
        } else {
            skipped = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(diff: &[DiffLine]) -> String {
        diff.iter()
            .map(|l| format!("{}{}", match l.change { Change::Same => ' ', Change::Removed => '-', Change::Added => '+' }, l.text))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn marks_inserted_removed_and_kept_lines() {
        let before = "FROM golang\nCOPY . .\nRUN go build\n";
        let after = "FROM golang\nCOPY go.mod .\nRUN go mod download\nCOPY . .\nRUN go build\nFROM scratch\n";
        assert_eq!(render(&lines(before, after)), " FROM golang\n+COPY go.mod .\n+RUN go mod download\n COPY . .\n RUN go build\n+FROM scratch");
        assert_eq!(render(&lines("a\nb\nc\n", "a\nc\n")), " a\n-b\n c");
        assert_eq!(render(&lines("x\n", "y\n")), "-x\n+y");
    }

    #[test]
    fn line_numbers_follow_the_new_text() {
        let diff = lines("a\nb\n", "a\nnew\nb\n");
        assert_eq!(diff.iter().map(|l| l.line).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn hunks_keep_context_and_mark_gaps() {
        let before = "1\n2\n3\n4\n5\n6\n7\n8\n";
        let after = "1\nX\n3\n4\n5\n6\n7\nY\n";
        let hunks = hunks(&lines(before, after), 1);
        let text: Vec<String> = hunks.iter().map(|h| h.as_ref().map_or("…".into(), |l| l.text.to_owned())).collect();
        assert_eq!(text, ["1", "2", "X", "3", "…", "7", "8", "Y"]);
    }

    #[test]
    fn huge_inputs_do_not_build_a_huge_table() {
        let before = "a\n".repeat(3000);
        let after = "b\n".repeat(3000);
        assert_eq!(lines(&before, &after).len(), 6000);
    }
}
