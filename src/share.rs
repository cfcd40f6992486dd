//! Share links: the whole build in the URL hash as `#v1.d.<base64url(raw deflate(JSON))>`
//! (the scheme of ux-anchors §4.2; pako, Kroki and Mermaid tools can decode it), and the UI
//! options in the query (`view`, `theme`, `readonly`, `panels`, `embed`, `host`).
//!
//! Decoding never trusts the link: the inflated JSON is capped at [`MAX_DECODED_BYTES`], and
//! every malformed or newer link gives a [`LinkError`] whose message can be shown as text.
use std::collections::BTreeMap;
use std::fmt;

use layerlab_engine::sizes::DATABASE_VERSION;
use layerlab_engine::Input;
use miniz_oxide::deflate::core::{compress_to_output, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus};
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};

use crate::state::{Panel, Theme};

/// The link format this version writes; links of this and older formats are read forever.
pub const FORMAT: u32 = 1;
/// A link's JSON may inflate to at most this much (a deflate bomb stops here).
pub const MAX_DECODED_BYTES: usize = 1 << 20;
/// Longer links are cut by chat apps (Discord: 2,000 characters).
pub const CHAT_LIMIT: usize = 2000;

/// What a link carries: the non-default fields of the build, and what computed it.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
// Unknown fields are ignored, so a newer v1 writer's optional additions still open here.
#[serde(default)]
struct Payload {
    #[serde(skip_serializing_if = "String::is_empty")]
    engine: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    db: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    dockerfile: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    dockerignore: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    build_args: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    changed: Vec<String>,
}

/// A decoded link: the build, and the engine and size-database versions it was made with.
#[derive(Debug, PartialEq)]
pub struct Shared {
    pub input: Input,
    pub engine: String,
    pub db: String,
}

impl Shared {
    /// Says so when the link was computed by another engine or size database than this one
    /// (links written by other tools, e.g. `embed.js`, name none and get no note).
    pub fn version_note(&self) -> Option<String> {
        let same = self.engine == layerlab_engine::VERSION && self.db == DATABASE_VERSION;
        let named = !self.engine.is_empty() || !self.db.is_empty();
        (named && !same).then(|| {
            format!(
                "This link was made with engine {} and size data of {}; the results shown are computed with engine {} and size data of {}.",
                or_unknown(&self.engine),
                or_unknown(&self.db),
                layerlab_engine::VERSION,
                DATABASE_VERSION
            )
        })
    }
}

fn or_unknown(text: &str) -> &str {
    if text.is_empty() { "unknown" } else { text }
}

#[derive(Debug, PartialEq)]
pub enum LinkError {
    NotALink,
    NewerFormat(String),
    UnknownCodec(String),
    BadBase64,
    Truncated,
    Corrupt,
    TooLarge,
    BadContent(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "This link could not be opened: ")?;
        match self {
            LinkError::NotALink => write!(f, "it is not a Layerlab link (they start with #v1.)."),
            LinkError::NewerFormat(version) => write!(
                f,
                "it was made by a newer Layerlab (link format {version}); this one reads format v{FORMAT} and older."
            ),
            LinkError::UnknownCodec(codec) => write!(f, "its encoding “{codec}” is unknown to this Layerlab."),
            LinkError::BadBase64 => write!(f, "it contains characters a link cannot have; was it cut or edited?"),
            LinkError::Truncated => write!(f, "it ends too early; was it cut off when copied?"),
            LinkError::Corrupt => write!(f, "its compressed data is damaged."),
            LinkError::TooLarge => write!(f, "it expands to more than 1 MB, more than any Dockerfile needs."),
            LinkError::BadContent(why) => write!(f, "its content is not a Layerlab build ({why})."),
        }
    }
}

/// The hash (without `#`) that opens `input` anywhere.
pub fn encode(input: &Input) -> String {
    LinkEncoder::new(input).finish()
}

/// JSON deflated per [`LinkEncoder::step`]: a few milliseconds in wasm at level 9.
const STEP_BYTES: usize = 8 * 1024;

/// Builds a link a part at a time: deflating a build of a megabyte takes most of a second in
/// wasm, too long to block the page (see `schedule::in_slices`).
pub struct LinkEncoder {
    json: Vec<u8>,
    read: usize,
    compressor: Box<CompressorOxide>,
    deflated: Vec<u8>,
}

impl LinkEncoder {
    pub fn new(input: &Input) -> LinkEncoder {
        let payload = Payload {
            engine: layerlab_engine::VERSION.to_owned(),
            db: DATABASE_VERSION.to_owned(),
            dockerfile: input.dockerfile.clone(),
            dockerignore: input.dockerignore.clone(),
            context: input.context.clone(),
            build_args: input.build_args.clone(),
            target: input.target.clone(),
            platform: input.platform.clone(),
            scenario: input.scenario.clone(),
            changed: input.changed.clone(),
        };
        let json = serde_json::to_vec(&payload).expect("a payload of strings always serialises");
        // Raw deflate (no zlib header), as `compress_to_vec` writes it.
        let compressor = Box::new(CompressorOxide::new(create_comp_flags_from_zip_params(9, 0, 0)));
        LinkEncoder { json, read: 0, compressor, deflated: Vec::new() }
    }

    /// The link could not be opened: it inflates past [`MAX_DECODED_BYTES`].
    pub fn too_large(&self) -> bool {
        self.json.len() > MAX_DECODED_BYTES
    }

    /// Deflates the next part; the hash once the last one is done.
    pub fn step(&mut self) -> Option<String> {
        let end = (self.read + STEP_BYTES).min(self.json.len());
        let flush = if end == self.json.len() { TDEFLFlush::Finish } else { TDEFLFlush::None };
        let deflated = &mut self.deflated;
        let (status, read) = compress_to_output(&mut self.compressor, &self.json[self.read..end], flush, |out| {
            deflated.extend_from_slice(out);
            true
        });
        self.read += read;
        (status == TDEFLStatus::Done).then(|| format!("v{FORMAT}.d.{}", base64url_encode(&self.deflated)))
    }

    pub fn finish(mut self) -> String {
        loop {
            if let Some(hash) = self.step() {
                return hash;
            }
        }
    }
}

/// Reads a location hash (with or without `#`): `Ok(None)` when there is none.
pub fn decode(hash: &str) -> Result<Option<Shared>, LinkError> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if hash.is_empty() {
        return Ok(None);
    }
    let mut parts = hash.splitn(3, '.');
    let (version, codec, data) = (parts.next().unwrap_or(""), parts.next(), parts.next());
    let format = version.strip_prefix('v').and_then(|n| n.parse::<u32>().ok()).ok_or(LinkError::NotALink)?;
    if format > FORMAT {
        return Err(LinkError::NewerFormat(clip(version)));
    }
    let (Some(codec), Some(data)) = (codec, data) else { return Err(LinkError::Truncated) };
    if codec != "d" {
        return Err(LinkError::UnknownCodec(clip(codec)));
    }
    let deflated = base64url_decode(data).ok_or(LinkError::BadBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_DECODED_BYTES).map_err(|error| {
        match error.status {
            TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => LinkError::Truncated,
            _ => LinkError::Corrupt,
        }
    })?;
    let payload: Payload = serde_json::from_slice(&json).map_err(|error| LinkError::BadContent(error.to_string()))?;
    Ok(Some(Shared {
        input: Input {
            dockerfile: payload.dockerfile,
            dockerignore: payload.dockerignore,
            context: payload.context,
            build_args: payload.build_args,
            target: payload.target,
            platform: payload.platform,
            scenario: payload.scenario,
            changed: payload.changed,
            skip_effects: false,
        },
        engine: payload.engine,
        db: payload.db,
    }))
}

/// A bit of a hostile link, short enough for a message (it is only ever shown as text).
fn clip(text: &str) -> String {
    text.chars().take(12).collect()
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5, without padding.
fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Accepts padding or none; anything outside the alphabet is `None`. A dangling character
/// (a link cut mid-way) is dropped, so that inflating reports the truncation.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0);
    for byte in text.bytes() {
        let value = ALPHABET.iter().position(|&a| a == byte)? as u32;
        bits = bits << 6 | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    Some(out)
}

/// The UI options of a page address (`?embed=1&readonly=1&view=graph&panels=graph,cache&theme=dark`).
#[derive(Debug, Default, PartialEq)]
pub struct PageOptions {
    pub embed: bool,
    pub readonly: bool,
    pub view: Option<Panel>,
    pub theme: Option<Theme>,
    /// The panels an embed shows; `None` is all of them.
    pub panels: Option<Vec<Panel>>,
    /// The embedding page's origin: the only one whose messages an embed accepts.
    pub host: Option<String>,
}

impl PageOptions {
    /// Unknown names and values are ignored: an option never breaks the page.
    pub fn parse(query: &str) -> PageOptions {
        let mut options = PageOptions::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = value.replace("%2C", ",").replace("%2c", ",");
            match name {
                "embed" => options.embed = flag(&value),
                "readonly" => options.readonly = flag(&value),
                "view" => options.view = Panel::from_id(&value),
                "theme" => options.theme = Theme::from_id(if value == "auto" { "system" } else { &value }),
                "panels" => options.panels = parse_panels(&value),
                "host" => options.host = parse_origin(&value.replace("%3A", ":").replace("%2F", "/")),
                _ => {}
            }
        }
        options
    }

    /// The query that gives these options back (empty when all are defaults).
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        if self.embed {
            pairs.push("embed=1".to_owned());
        }
        if self.readonly {
            pairs.push("readonly=1".to_owned());
        }
        if let Some(view) = self.view {
            pairs.push(format!("view={}", view.id()));
        }
        if let Some(panels) = &self.panels {
            let ids: Vec<&str> = panels.iter().map(|panel| panel.id()).collect();
            pairs.push(format!("panels={}", ids.join(",")));
        }
        if let Some(theme) = self.theme.filter(|&theme| theme != Theme::System) {
            pairs.push(format!("theme={}", theme.id()));
        }
        if pairs.is_empty() { String::new() } else { format!("?{}", pairs.join("&")) }
    }
}

fn flag(value: &str) -> bool {
    matches!(value, "" | "1" | "true" | "yes")
}

/// `graph,cache` in that order, without repeats; `None` when no known panel is named.
pub fn parse_panels(list: &str) -> Option<Vec<Panel>> {
    let mut panels = Vec::new();
    for panel in list.split(',').filter_map(Panel::from_id) {
        if !panels.contains(&panel) {
            panels.push(panel);
        }
    }
    (!panels.is_empty()).then_some(panels)
}

/// `https://docs.example.org[:port]` exactly: a scheme, a host, no path.
fn parse_origin(text: &str) -> Option<String> {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"))?;
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    (!rest.is_empty() && rest.chars().all(plain)).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &[u8]) -> String {
        format!("v1.d.{}", base64url_encode(&miniz_oxide::deflate::compress_to_vec(json, 6)))
    }

    fn full_input() -> Input {
        Input {
            dockerfile: "FROM alpine\r\nRUN echo 'ünï €' <<EOF\nhi\nEOF\n".into(),
            dockerignore: Some(".git\n".into()),
            context: Some("main.go 5k\n".into()),
            build_args: [("GO".to_owned(), "1.22".to_owned())].into(),
            target: Some("build".into()),
            platform: Some("linux/arm64".into()),
            scenario: Some("change-deps".into()),
            changed: vec!["go.sum".into()],
            skip_effects: false,
        }
    }

    #[test]
    fn every_field_round_trips_byte_exact() {
        let input = full_input();
        let hash = encode(&input);
        assert!(hash.starts_with("v1.d.") && hash.bytes().all(|b| ALPHABET.contains(&b) || b == b'.'));
        let shared = decode(&format!("#{hash}")).unwrap().unwrap();
        assert_eq!(shared.input, input);
        assert_eq!(shared.version_note(), None);
    }

    #[test]
    fn a_large_build_is_encoded_in_parts_and_a_too_large_one_is_told() {
        let input = Input { dockerfile: "RUN echo ünï\n".repeat(20_000), ..Default::default() };
        let mut encoder = LinkEncoder::new(&input);
        assert!(!encoder.too_large());
        let mut steps = 1;
        let hash = loop {
            match encoder.step() {
                Some(hash) => break hash,
                None => steps += 1,
            }
        };
        assert!(steps > 10, "{steps} steps");
        assert_eq!(hash, encode(&input));
        assert_eq!(decode(&hash).unwrap().unwrap().input.dockerfile, input.dockerfile);
        let huge = Input { dockerfile: "a".repeat(MAX_DECODED_BYTES), ..Default::default() };
        assert!(LinkEncoder::new(&huge).too_large());
    }

    #[test]
    fn only_non_default_fields_are_written() {
        let input = Input { dockerfile: "FROM scratch\n".into(), skip_effects: true, ..Default::default() };
        let hash = encode(&input);
        let data = base64url_decode(&hash["v1.d.".len()..]).unwrap();
        let json = String::from_utf8(miniz_oxide::inflate::decompress_to_vec(&data).unwrap()).unwrap();
        assert_eq!(
            json,
            format!(r#"{{"engine":"{}","db":"{DATABASE_VERSION}","dockerfile":"FROM scratch\n"}}"#, layerlab_engine::VERSION)
        );
        assert_eq!(decode(&hash).unwrap().unwrap().input, Input { skip_effects: false, ..input });
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
        assert_eq!(base64url_decode("AQ=="), Some(vec![1]));
        assert_eq!(base64url_decode("AQA"), Some(vec![1, 0]));
        assert_eq!(base64url_decode("AQAAA"), Some(vec![1, 0, 0]), "a dangling character is dropped");
        for bad in ["AB+C", "AB/C", "AB C", "<svg>"] {
            assert_eq!(base64url_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn no_hash_is_no_link() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#"), Ok(None));
    }

    #[test]
    fn malformed_links_say_what_is_wrong() {
        let good = encode(&full_input());
        let cases = [
            ("#hello", LinkError::NotALink),
            ("#v2.d.AAAA", LinkError::NewerFormat("v2".into())),
            ("#v99999999999.d.AAAA", LinkError::NotALink),
            ("#v1.z.AAAA", LinkError::UnknownCodec("z".into())),
            ("#v1", LinkError::Truncated),
            ("#v1.d.<img src=x onerror=alert(1)>", LinkError::BadBase64),
            (&good[..good.len() / 2], LinkError::Truncated),
            (&good[..good.len() / 2 + 1], LinkError::Truncated),
            (&good[..good.len() / 2 + 2], LinkError::Truncated),
            (&good[..good.len() / 2 + 3], LinkError::Truncated),
            ("#v1.d.____", LinkError::Corrupt),
        ];
        for (hash, expected) in cases {
            assert_eq!(decode(hash).unwrap_err(), expected, "{hash}");
        }
    }

    #[test]
    fn wrong_json_is_refused() {
        for json in [&b"[1,2]"[..], b"{\"dockerfile\":5}", b"\xff\xfe", b"{"] {
            assert!(matches!(decode(&raw(json)), Err(LinkError::BadContent(_))), "{json:?}");
        }
    }

    #[test]
    fn a_deflate_bomb_stops_at_one_megabyte() {
        let bomb = raw(&vec![b' '; 8 * MAX_DECODED_BYTES]);
        assert!(bomb.len() < 20_000, "the bomb is small: {}", bomb.len());
        assert_eq!(decode(&bomb), Err(LinkError::TooLarge));
        let just_fits = format!("{{\"dockerfile\":\"{}\"}}", "a".repeat(MAX_DECODED_BYTES - 20));
        assert!(decode(&raw(just_fits.as_bytes())).is_ok());
    }

    #[test]
    fn an_old_link_says_what_computed_it() {
        let shared = decode(&raw(br#"{"engine":"0.0.1","db":"2020-01-01","dockerfile":"FROM a\n"}"#)).unwrap().unwrap();
        let note = shared.version_note().unwrap();
        assert!(note.contains("engine 0.0.1") && note.contains("size data of 2020-01-01"), "{note}");
        let anonymous = decode(&raw(br#"{"dockerfile":"FROM a\n"}"#)).unwrap().unwrap();
        assert_eq!(anonymous.version_note(), None);
    }

    #[test]
    fn messages_never_quote_more_than_a_clip() {
        let message = decode("#v2<script>alert(1)</script>.d.x").unwrap_err().to_string();
        assert!(!message.contains("<script>"), "{message}");
    }

    #[test]
    fn page_options_parse_and_print() {
        let options = PageOptions::parse("?embed=1&readonly&view=graph&panels=graph%2Ccache,nope,graph&theme=dark&host=https://docs.example.org:8443");
        assert_eq!(
            options,
            PageOptions {
                embed: true,
                readonly: true,
                view: Some(Panel::Graph),
                theme: Some(Theme::Dark),
                panels: Some(vec![Panel::Graph, Panel::Cache]),
                host: Some("https://docs.example.org:8443".into()),
            }
        );
        assert_eq!(options.to_query(), "?embed=1&readonly=1&view=graph&panels=graph,cache&theme=dark");
        assert_eq!(PageOptions::parse(""), PageOptions::default());
        assert_eq!(PageOptions::default().to_query(), "");
        assert_eq!(PageOptions::parse("theme=auto&view=<x>&panels=").theme, Some(Theme::System));
        assert_eq!(PageOptions::parse("host=javascript:alert(1)").host, None);
        assert_eq!(PageOptions::parse("host=https://a.org/path").host, None);
    }
}
