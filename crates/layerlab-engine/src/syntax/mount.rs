//! `RUN --mount=...` values: comma-separated fields, typed (BuildKit's `runmount.go`).
use std::borrow::Cow;

use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountType {
    #[default]
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Mount {
    pub kind: MountType,
    pub from: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub id: Option<String>,
    pub sharing: Option<String>,
    pub read_only: bool,
}

/// Parses one `--mount` value; the error text says which field is wrong.
pub fn parse(value: &str) -> Result<Mount, String> {
    let mut mount = Mount::default();
    let mut read_only = None;
    for field in split_fields(value) {
        let field = &*field;
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (lowercase(k.trim()), Some(v.trim())),
            None => (lowercase(field.trim()), None),
        };
        match &*key {
            "type" => {
                mount.kind = match &*lowercase(need(val, field)?) {
                    "bind" => MountType::Bind,
                    "cache" => MountType::Cache,
                    "tmpfs" => MountType::Tmpfs,
                    "secret" => MountType::Secret,
                    "ssh" => MountType::Ssh,
                    other => return Err(format!("unsupported mount type \"{other}\"")),
                }
            }
            "from" => mount.from = Some(need(val, field)?.to_owned()),
            "source" | "src" => mount.source = Some(need(val, field)?.to_owned()),
            "target" | "dst" | "destination" => mount.target = Some(need(val, field)?.to_owned()),
            "id" => mount.id = Some(need(val, field)?.to_owned()),
            "readonly" | "ro" => read_only = Some(parse_bool(field, val)?),
            "readwrite" | "rw" => read_only = Some(!parse_bool(field, val)?),
            "required" => {
                parse_bool(field, val)?;
            }
            "sharing" => {
                let sharing = lowercase(need(val, field)?);
                if !matches!(&*sharing, "shared" | "private" | "locked") {
                    return Err(format!("unsupported sharing value \"{sharing}\""));
                }
                mount.sharing = Some(sharing.into_owned());
            }
            "size" | "mode" | "uid" | "gid" | "env" => {
                need(val, field)?;
            }
            _ => return Err(format!("unexpected key '{key}' in '{field}'")),
        }
    }
    let read_only_by_default = matches!(mount.kind, MountType::Bind | MountType::Secret | MountType::Ssh);
    mount.read_only = read_only.unwrap_or(read_only_by_default);
    Ok(mount)
}

/// The value of a field that must have one.
fn need<'v>(value: Option<&'v str>, field: &str) -> Result<&'v str, String> {
    value.ok_or_else(|| format!("invalid field '{field}' must be a key=value pair"))
}

fn parse_bool(field: &str, value: Option<&str>) -> Result<bool, String> {
    match value.map(lowercase).as_deref() {
        None | Some("true" | "1" | "t") => Ok(true),
        Some("false" | "0" | "f") => Ok(false),
        Some(_) => Err(format!("invalid value for {field}")),
    }
}

/// `text` lowercased as Go's `strings.ToLower` does (non-ASCII letters too), without a copy
/// when it is already lowercase ASCII, as mount keys and values almost always are.
fn lowercase(text: &str) -> Cow<'_, str> {
    if !text.is_ascii() {
        Cow::Owned(text.to_lowercase())
    } else if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// CSV fields: commas separate, double quotes group (and are removed).
fn split_fields(value: &str) -> Vec<Cow<'_, str>> {
    if !value.contains('"') {
        return value.split(',').filter(|f| !f.trim().is_empty()).map(Cow::Borrowed).collect();
    }
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().expect("never empty").push(c),
        }
    }
    fields.into_iter().filter(|f| !f.trim().is_empty()).map(Cow::Owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_with_or_without_quotes_and_in_any_case() {
        let plain = parse("type=cache,target=/root/.cache,sharing=locked").unwrap();
        let quoted = parse("\"type=cache\",\"target=/root/.cache\",sharing=locked").unwrap();
        let shouted = parse("TYPE=Cache, Target=/root/.cache ,SHARING=LOCKED,,").unwrap();
        assert_eq!(plain, quoted);
        assert_eq!(plain, shouted);
        assert_eq!((plain.kind, plain.target.as_deref(), plain.read_only), (MountType::Cache, Some("/root/.cache"), false));
        // Go's strings.ToLower maps the Kelvin sign to `k`, so BuildKit accepts this too.
        assert_eq!(parse("type=cache,sharing=loc\u{212A}ed").unwrap().sharing.as_deref(), Some("locked"));
        assert_eq!(parse("type=bind,source=\"a,b\"").unwrap().source.as_deref(), Some("a,b"));
        assert!(parse("type=secret,id=x").unwrap().read_only);
        assert!(!parse("type=bind,rw").unwrap().read_only);
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(parse("type=disk").unwrap_err(), "unsupported mount type \"disk\"");
        assert_eq!(parse("type=cache,Colour=red").unwrap_err(), "unexpected key 'colour' in 'Colour=red'");
        assert_eq!(parse("type=cache,target").unwrap_err(), "invalid field 'target' must be a key=value pair");
        assert_eq!(parse("type=cache,ro=maybe").unwrap_err(), "invalid value for ro=maybe");
        assert_eq!(parse("type=cache,sharing=Open").unwrap_err(), "unsupported sharing value \"open\"");
    }
}
