//! Command-line options shared by the commands: files, `--format`, and the build inputs.
use std::io::Read;

use layerlab_engine::Input;

#[derive(Default)]
pub struct Options {
    pub format: Option<String>,
    pub files: Vec<String>,
    pub flags: Vec<String>,
    /// Options with a value that a command reads itself (e.g. `--fail-on`).
    pub values: Vec<(String, String)>,
    pub input: Input,
}

/// Options that take a value; everything else starting with `--` is a switch.
const WITH_VALUE: &[&str] = &[
    "--format", "--dockerignore", "--context", "--build-arg", "--target", "--platform", "--fail-on", "--scenario",
    "--changed",
];

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options::default();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name, Some(value.to_owned())),
                _ => (arg.as_str(), None),
            };
            if !name.starts_with("--") || name == "-" {
                options.files.push(arg.clone());
                continue;
            }
            if !WITH_VALUE.contains(&name) {
                options.flags.push(name.to_owned());
                continue;
            }
            let value = match inline {
                Some(value) => value,
                None => iter.next().ok_or_else(|| format!("{name} needs a value"))?.clone(),
            };
            match name {
                "--format" => options.format = Some(value),
                "--dockerignore" => options.input.dockerignore = Some(read_text(&value)?),
                "--context" => options.input.context = Some(read_text(&value)?),
                "--build-arg" => {
                    let (key, val) = value.split_once('=').unwrap_or((&value, ""));
                    options.input.build_args.insert(key.to_owned(), val.to_owned());
                }
                "--target" => options.input.target = Some(value),
                "--platform" => options.input.platform = Some(value),
                "--scenario" => options.input.scenario = Some(value),
                "--changed" => options.input.changed.push(value),
                _ => options.values.push((name.to_owned(), value)),
            }
        }
        Ok(options)
    }

    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn format(&self, default: &str, allowed: &[&str]) -> Result<String, String> {
        let format = self.format.clone().unwrap_or_else(|| default.to_owned());
        if allowed.contains(&format.as_str()) {
            Ok(format)
        } else {
            Err(format!("unknown format `{format}` (expected {})", allowed.join(", ")))
        }
    }

    /// The Dockerfile input for one file (or standard input for `-`).
    pub fn input_for(&self, path: &str) -> Result<Input, String> {
        let bytes = read_bytes(path)?;
        // Valid UTF-8 (nearly every file) is taken as it is, without a copy.
        let dockerfile = String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
        Ok(Input { dockerfile, ..self.input.clone() })
    }
}

pub fn read_bytes(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("reading standard input: {e}"))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| format!("reading {path}: {e}"))
}

fn read_text(path: &str) -> Result<String, String> {
    read_bytes(path).map(|b| String::from_utf8_lossy(&b).into_owned())
}
