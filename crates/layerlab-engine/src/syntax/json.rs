//! The JSON (exec) form: Go's `json.Unmarshal` into `[]any`, then "strings only".
//!
//! BuildKit falls back to shell form when the text is not valid JSON, but fails hard when it is a
//! valid array holding anything other than strings; so the whole value is validated first.

/// A JSON string element with its range (quotes included) in the parsed text.
pub struct JsonString {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

pub enum JsonArray {
    Strings(Vec<JsonString>),
    /// Valid JSON, but an element is not a string: a hard error in BuildKit.
    NotStrings,
    /// Not JSON at all: shell form.
    Invalid,
}

/// Parses `text[start..]` (already known to start with `[` after whitespace).
pub fn parse_array(text: &str, start: usize) -> JsonArray {
    let mut parser = Parser { bytes: text.as_bytes(), text, pos: start };
    parser.skip_whitespace();
    let Some(elements) = parser.array() else { return JsonArray::Invalid };
    parser.skip_whitespace();
    if parser.pos != parser.bytes.len() {
        return JsonArray::Invalid;
    }
    match elements.into_iter().collect::<Option<Vec<_>>>() {
        Some(strings) => JsonArray::Strings(strings),
        None => JsonArray::NotStrings,
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn skip_whitespace(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.bytes.get(self.pos) == Some(&byte);
        self.pos += usize::from(found);
        found
    }

    /// Top-level array: `Some(None)` for a non-string element.
    fn array(&mut self) -> Option<Vec<Option<JsonString>>> {
        if !self.eat(b'[') {
            return None;
        }
        let mut elements = Vec::new();
        self.skip_whitespace();
        if self.eat(b']') {
            return Some(elements);
        }
        loop {
            self.skip_whitespace();
            let start = self.pos;
            if self.bytes.get(self.pos) == Some(&b'"') {
                let value = self.string()?;
                elements.push(Some(JsonString { value, start, end: self.pos }));
            } else {
                self.value(0)?;
                elements.push(None);
            }
            self.skip_whitespace();
            if self.eat(b']') {
                return Some(elements);
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// Validates any JSON value (depth-limited so hostile input cannot overflow the stack).
    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > 512 {
            return None;
        }
        self.skip_whitespace();
        match *self.bytes.get(self.pos)? {
            b'"' => self.string().map(|_| ()),
            b'[' => self.sequence(b'[', b']', depth, |p, d| p.value(d)),
            b'{' => self.sequence(b'{', b'}', depth, |p, d| {
                p.skip_whitespace();
                if p.bytes.get(p.pos) != Some(&b'"') {
                    return None;
                }
                p.string()?;
                p.skip_whitespace();
                p.eat(b':').then_some(())?;
                p.value(d)
            }),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.number(),
        }
    }

    fn sequence(&mut self, open: u8, close: u8, depth: usize, item: fn(&mut Self, usize) -> Option<()>) -> Option<()> {
        self.eat(open);
        self.skip_whitespace();
        if self.eat(close) {
            return Some(());
        }
        loop {
            item(self, depth + 1)?;
            self.skip_whitespace();
            if self.eat(close) {
                return Some(());
            }
            self.eat(b',').then_some(())?;
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        self.bytes[self.pos..].starts_with(word.as_bytes()).then(|| self.pos += word.len())
    }

    fn number(&mut self) -> Option<()> {
        let start = self.pos;
        self.eat(b'-');
        if !self.eat(b'0') {
            self.digits()?;
        }
        if self.eat(b'.') {
            self.digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            self.digits()?;
        }
        (self.pos > start).then_some(())
    }

    fn digits(&mut self) -> Option<()> {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        (self.pos > start).then_some(())
    }

    /// A string literal with Go's decoding (bad surrogates become U+FFFD).
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let ch = rest.chars().next()?;
            self.pos += ch.len_utf8();
            match ch {
                '"' => return Some(out),
                '\\' => {
                    let escape = *self.bytes.get(self.pos)?;
                    self.pos += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return None,
                    }
                }
                c if (c as u32) < 0x20 => return None,
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let hex = self.text.get(self.pos..self.pos + 4)?;
        let value = u32::from_str_radix(hex, 16).ok().filter(|_| hex.bytes().all(|b| b.is_ascii_hexdigit()))?;
        self.pos += 4;
        Some(value)
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            let saved = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
            }
            self.pos = saved;
        }
        Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}
