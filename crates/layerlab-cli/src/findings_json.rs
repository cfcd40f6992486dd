//! `check --format json`'s findings, written out as `serde_json::to_string_pretty` writes them
//! (the tests compare the two) but field by field: serde's flattened map of each finding and
//! its escaping of every string byte by byte were a tenth of `check`'s work.
use layerlab_engine::rules::Finding;
use serde::Serialize;

/// The findings of `file` as consecutive elements of the pretty-printed array of all findings,
/// indented and separated as in it (`None` without findings); each element is the finding's
/// fields after a `file` field.
pub fn items(file: &str, findings: &[Finding]) -> Option<String> {
    if findings.is_empty() {
        return None;
    }
    let mut file_json = String::new();
    string(&mut file_json, file);
    let mut json = Pretty { out: String::with_capacity(findings.len() * 1024), depth: 1, empty: true };
    for (index, finding) in findings.iter().enumerate() {
        // The array's first item starts after its `[` and a newline.
        if index == 0 {
            json.out.push_str("  ");
        } else {
            json.item();
        }
        json.finding(&file_json, finding);
    }
    Some(json.out)
}

/// A pretty-printed JSON writer: two spaces per level, `"key": value`, empty `{}` and `[]`.
struct Pretty {
    out: String,
    depth: usize,
    /// Nothing written in the object or array opened last.
    empty: bool,
}

impl Pretty {
    fn finding(&mut self, file_json: &str, finding: &Finding) {
        self.open('{');
        self.key("file");
        self.out.push_str(file_json);
        self.key("code");
        string(&mut self.out, finding.code);
        self.key("name");
        string(&mut self.out, finding.name);
        self.key("aliases");
        self.open('[');
        for alias in finding.aliases {
            self.item();
            self.open('{');
            self.key("tool");
            self.named(&alias.tool);
            self.key("code");
            string(&mut self.out, alias.code);
            self.close('}');
        }
        self.close(']');
        self.key("category");
        self.named(&finding.category);
        self.key("severity");
        self.named(&finding.severity);
        self.key("message");
        string(&mut self.out, &finding.message);
        self.key("span");
        self.open('{');
        self.number_field("start", finding.span.start as i64);
        self.number_field("end", finding.span.end as i64);
        self.close('}');
        self.number_field("line", finding.line as i64);
        self.number_field("column", finding.column as i64);
        self.number_field("end_line", finding.end_line as i64);
        self.number_field("end_column", finding.end_column as i64);
        self.key("fix");
        match &finding.fix {
            None => self.out.push_str("null"),
            Some(fix) => {
                self.open('{');
                self.key("title");
                string(&mut self.out, &fix.title);
                self.key("applicability");
                self.named(&fix.applicability);
                self.key("edits");
                self.open('[');
                for edit in &fix.edits {
                    self.item();
                    self.open('{');
                    self.number_field("start", edit.start as i64);
                    self.number_field("end", edit.end as i64);
                    self.key("replacement");
                    string(&mut self.out, &edit.replacement);
                    self.close('}');
                }
                self.close(']');
                self.close('}');
            }
        }
        self.key("effect");
        match &finding.effect {
            None => self.out.push_str("null"),
            Some(effect) => {
                self.open('{');
                self.number_field("uncompressed_bytes_saved", effect.uncompressed_bytes_saved);
                self.number_field("compressed_bytes_saved", effect.compressed_bytes_saved);
                self.number_field("steps_no_longer_rebuilt", effect.steps_no_longer_rebuilt);
                self.close('}');
            }
        }
        self.close('}');
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    /// Starts the next element of an array.
    fn item(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.newline();
        self.empty = false;
    }

    fn key(&mut self, key: &str) {
        self.item();
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\": ");
    }

    fn number_field(&mut self, key: &str, value: i64) {
        self.key(key);
        self.out.push_str(itoa::Buffer::new().format(value));
    }

    /// A unit enum variant, as its `Serialize` names it.
    fn named(&mut self, value: &impl Serialize) {
        // A unit variant serializes to a plain string: it cannot fail.
        self.out.push_str(&serde_json::to_string(value).unwrap_or_default());
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }
}

/// `text` as a JSON string, escaped as serde_json escapes it: `"`, `\` and control characters.
fn string(out: &mut String, text: &str) {
    out.push('"');
    let needs_escape = |byte: u8| byte < 0x20 || byte == b'"' || byte == b'\\';
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate().filter(|&(_, byte)| needs_escape(byte)) {
        out.push_str(&text[start..at]);
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 0xf)] as char);
            }
        }
        // Every escaped byte is ASCII: the next character starts after it.
        start = at + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::{items, string};
    use layerlab_engine::report::{findings, Input};
    use layerlab_engine::rules::Finding;

    /// What serde_json printed for the findings of one file: the items of the pretty array of
    /// each finding with its file first.
    fn serde_items(file: &str, found: &[Finding]) -> Option<String> {
        #[derive(serde::Serialize)]
        struct Located<'a> {
            file: &'a str,
            #[serde(flatten)]
            finding: &'a Finding,
        }
        let located: Vec<Located> = found.iter().map(|finding| Located { file, finding }).collect();
        let array = serde_json::to_string_pretty(&located).unwrap();
        array.strip_prefix("[\n")?.strip_suffix("\n]").map(str::to_owned)
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let all_bytes: String = (0u8..0x80).map(char::from).collect();
        for text in ["", "plain", "a \"quoted\" \\ path", "tab\there\nnew line\r", "é ✓ 𝄞 \u{7f}", all_bytes.as_str()] {
            let mut ours = String::new();
            string(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap());
        }
    }

    /// Findings with and without fixes, aliases, effects and empty edit lists, in files whose
    /// names need escaping: byte for byte what serde_json prints.
    #[test]
    fn findings_are_printed_as_serde_json_prints_them() {
        let dockerfile = "FROM debian\nRUN apt-get update && apt-get install -y curl\nENV A b\nCOPY . .\nCMD curl \"x\\ty\"\n";
        let mut found = findings(&Input { dockerfile: dockerfile.into(), ..Default::default() });
        assert!(found.iter().any(|f| f.fix.is_some()) && found.iter().any(|f| f.fix.is_none()), "{found:?}");
        assert!(found.iter().any(|f| !f.aliases.is_empty()) && found.iter().any(|f| f.aliases.is_empty()), "{found:?}");
        if let Some(fix) = found.iter_mut().find_map(|f| f.fix.as_mut()) {
            fix.edits.clear();
        }
        for file in ["a/Dockerfile", "we\"ird\\na\tme"] {
            assert_eq!(items(file, &found), serde_items(file, &found));
        }
        assert_eq!(items("b", &[]), None);
        let Some(corpus) = layerlab_engine::test_corpus::real_world_dockerfiles() else { return };
        for path in corpus {
            let text = std::fs::read_to_string(&path).unwrap();
            let found = findings(&Input { dockerfile: text, skip_effects: true, ..Default::default() });
            let file = path.to_string_lossy();
            assert_eq!(items(&file, &found), serde_items(&file, &found), "{file}");
        }
    }
}
