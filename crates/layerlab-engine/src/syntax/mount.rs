//! `RUN --mount=...` values: comma-separated fields, typed (BuildKit's `runmount.go`).
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
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k.trim().to_lowercase(), Some(v.trim().to_owned())),
            None => (field.trim().to_lowercase(), None),
        };
        let need = |v: Option<String>| v.ok_or_else(|| format!("invalid field '{field}' must be a key=value pair"));
        match key.as_str() {
            "type" => {
                mount.kind = match need(val)?.to_lowercase().as_str() {
                    "bind" => MountType::Bind,
                    "cache" => MountType::Cache,
                    "tmpfs" => MountType::Tmpfs,
                    "secret" => MountType::Secret,
                    "ssh" => MountType::Ssh,
                    other => return Err(format!("unsupported mount type \"{other}\"")),
                }
            }
            "from" => mount.from = Some(need(val)?),
            "source" | "src" => mount.source = Some(need(val)?),
            "target" | "dst" | "destination" => mount.target = Some(need(val)?),
            "id" => mount.id = Some(need(val)?),
            "readonly" | "ro" => read_only = Some(parse_bool(&field, val.as_deref())?),
            "readwrite" | "rw" => read_only = Some(!parse_bool(&field, val.as_deref())?),
            "required" => {
                parse_bool(&field, val.as_deref())?;
            }
            "sharing" => {
                let sharing = need(val)?.to_lowercase();
                if !matches!(sharing.as_str(), "shared" | "private" | "locked") {
                    return Err(format!("unsupported sharing value \"{sharing}\""));
                }
                mount.sharing = Some(sharing);
            }
            "size" | "mode" | "uid" | "gid" | "env" => {
                need(val)?;
            }
            _ => return Err(format!("unexpected key '{key}' in '{field}'")),
        }
    }
    let read_only_by_default = matches!(mount.kind, MountType::Bind | MountType::Secret | MountType::Ssh);
    mount.read_only = read_only.unwrap_or(read_only_by_default);
    Ok(mount)
}

fn parse_bool(field: &str, value: Option<&str>) -> Result<bool, String> {
    match value.map(str::to_lowercase).as_deref() {
        None | Some("true" | "1" | "t") => Ok(true),
        Some("false" | "0" | "f") => Ok(false),
        Some(_) => Err(format!("invalid value for {field}")),
    }
}

/// CSV fields: commas separate, double quotes group (and are removed).
fn split_fields(value: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().expect("never empty").push(c),
        }
    }
    fields.retain(|f| !f.trim().is_empty());
    fields
}
