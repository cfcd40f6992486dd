//! RUN: split the shell text into simple commands, expand variables, and hand each command to
//! the recogniser for its program. A command no recogniser knows is reported as unknown with
//! its line, never counted as 0 silently.

mod apk;
mod apt;
mod cargo;
mod fetch;
mod files;
mod go;
mod jvm;
mod node;
mod pip;
mod rpm;

pub use fetch::EXTRACT_FACTOR;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt::{Display, Write};
use std::sync::Arc;

use super::script::Cmd;
use super::vfs::Tx;
use crate::model::EnvVar;
use crate::sizes::{PackageManager, PackageNames};

/// What a stage has installed so far (base image + earlier layers): recognisers read and
/// update it.
#[derive(Clone, Debug, PartialEq)]
pub struct StageFacts {
    pub package_manager: PackageManager,
    /// Debian packages installed (base image set + earlier `apt-get install`s); shared with the
    /// base set until a step installs or removes one.
    pub apt_installed: Arc<PackageNames>,
    /// The base image's apt set only approximates it (other release, Ubuntu): say so.
    pub apt_approximate: bool,
    pub apt_known: bool,
    /// dpkg keeps `/usr/share/doc`, man pages and locales (non-slim Debian images).
    pub apt_docs: bool,
    pub apk_installed: HashSet<String>,
    /// `apk add --virtual NAME` groups.
    pub apk_virtual: BTreeMap<String, Vec<String>>,
    /// A C compiler is present (cgo default for `go build`).
    pub c_compiler: bool,
    pub has_shell: bool,
    /// `GOPATH` when the image sets it (golang images: `/go`).
    pub gopath: String,
}

/// A command of a RUN, after splitting and expansion.
#[derive(Clone, Debug)]
pub struct Command<'c> {
    /// From the program on: the split command's own words when nothing was expanded (the
    /// usual case, so they are not copied).
    pub words: Cow<'c, [String]>,
    /// 1-based line in the Dockerfile.
    pub line: usize,
    pub conditional: bool,
    /// `NAME=value` words before the program (they override the script's variables).
    pub local: BTreeMap<String, String>,
}

/// The variables a command sees: the script's (the stage's ENV/ARG, then `export`s and
/// assignments made by earlier commands), overridden by the command's own `NAME=value` prefixes.
#[derive(Clone, Debug)]
pub struct ScriptEnv<'s> {
    pub vars: Vars<'s>,
    pub local: BTreeMap<String, String>,
}

impl<'s> ScriptEnv<'s> {
    pub fn new(vars: Vars<'s>) -> Self {
        ScriptEnv { vars, local: BTreeMap::new() }
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.local.get(name).map(String::as_str).or_else(|| self.vars.get(name))
    }
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// `HOME` when nothing sets it.
const DEFAULT_HOME: &str = "/root";

/// A script's variables: the stage's environment, read where it is (every RUN of a stage
/// starts from it, and most set nothing), with what the script has set or unset on top, and
/// `HOME` and `GOPATH` when the stage does not set them.
#[derive(Clone, Debug)]
pub struct Vars<'s> {
    stage: &'s [EnvVar],
    /// Set by the script.
    set: BTreeMap<String, String>,
    /// Unset by the script (rare: an assignment from a command substitution).
    unset: Vec<String>,
    gopath: String,
}

impl<'s> Vars<'s> {
    pub fn new(stage: &'s [EnvVar], gopath: String) -> Self {
        Vars { stage, set: BTreeMap::new(), unset: Vec::new(), gopath }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        if let Some(value) = self.set.get(name) {
            return Some(value);
        }
        if self.unset.iter().any(|n| n == name) {
            return None;
        }
        // A name set twice in the stage has its last value.
        match self.stage.iter().rev().find(|v| v.name == name) {
            Some(v) => Some(&v.value),
            None => match name {
                "HOME" => Some(DEFAULT_HOME),
                "GOPATH" => Some(&self.gopath),
                _ => None,
            },
        }
    }

    /// Sets `name`; returns its value before.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        let before = self.get(&name).map(str::to_owned);
        self.unset.retain(|n| *n != name);
        self.set.insert(name, value);
        before
    }

    /// Unsets `name`; returns its value before.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let before = self.get(name).map(str::to_owned);
        self.set.remove(name);
        if !self.unset.iter().any(|n| n == name) {
            self.unset.push(name.to_owned());
        }
        before
    }
}

impl Command<'_> {
    pub fn program(&self) -> &str {
        self.words.first().map_or("", |w| crate::scan::base_name(w))
    }
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
    /// Words after the program that are not options.
    pub fn operands(&self, skip: usize) -> Vec<&str> {
        self.words.iter().skip(skip).map(String::as_str).filter(|w| !w.starts_with('-')).collect()
    }
    pub fn has(&self, flag: &str) -> bool {
        self.words.iter().any(|w| w.strip_prefix(flag).is_some_and(|rest| rest.is_empty() || rest.starts_with('=')))
    }
    /// `-o value`, `-o=value`, `--output value`.
    pub fn value_of(&self, flags: &[&str]) -> Option<&str> {
        for (i, w) in self.words.iter().enumerate() {
            for f in flags {
                if w == f {
                    return self.words.get(i + 1).map(String::as_str);
                }
                if let Some(v) = w.strip_prefix(f).and_then(|rest| rest.strip_prefix('=')) {
                    return Some(v);
                }
            }
        }
        None
    }
}

/// The state recognisers work on for one RUN.
pub struct RunCtx<'a, 'v, 's> {
    pub tx: &'a mut Tx<'v>,
    pub facts: &'a mut StageFacts,
    /// Environment: the stage's ENV/ARG, then `export`/assignments made by earlier commands.
    pub env: ScriptEnv<'s>,
    pub workdir: String,
    /// The build context has a `go.sum`: all a RUN reads of the context (`go` downloads modules).
    pub go_sum_in_context: bool,
    /// `# layerlab: size=…` on the instruction.
    pub annotation: Option<u64>,
    /// Mount targets kept out of the layer (cache/tmpfs/secret/bind).
    pub mounts: Vec<String>,
    /// Whether the notes and what is unknown are written out: a build that is only measured
    /// keeps neither, so their texts are not made.
    pub texts_kept: bool,
    pub notes: Vec<String>,
    /// Commands of unknown size, and why (an empty text when texts are not kept).
    pub unknown: Vec<(usize, String)>,
    pub estimated: bool,
    /// `go build` outputs: path and whether statically linked.
    pub go_binaries: Vec<(String, bool)>,
}

impl RunCtx<'_, '_, '_> {
    /// Notes `text` (given as `format_args!` where it is formatted, so that a build that keeps
    /// no texts does not format it).
    pub fn note(&mut self, text: impl Display) {
        if !self.texts_kept {
            return;
        }
        let text = text.to_string();
        if !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }
    pub fn estimate(&mut self, text: impl Display) {
        self.estimated = true;
        self.note(text);
    }
    pub fn unknown(&mut self, cmd: &Command, why: impl Display) {
        self.unknown_about(&mut None, cmd, why);
    }
    /// [`RunCtx::unknown`] for one of several reasons about the same command: the command's
    /// shortened text is made once, into `quoted`.
    pub fn unknown_about(&mut self, quoted: &mut Option<String>, cmd: &Command, why: impl Display) {
        let mut text = String::new();
        if self.texts_kept {
            let quoted = quoted.get_or_insert_with(|| {
                let command = cmd.text();
                let (command, cut) = shortened(&command);
                ["`", command, cut, "`: "].concat()
            });
            text = quoted.clone();
            let _ = write!(text, "{why}");
        }
        self.unknown.push((cmd.line, text));
    }
    pub fn home(&self) -> String {
        self.env.get("HOME").unwrap_or(DEFAULT_HOME).to_owned()
    }
    /// Absolute path of `p` against the working directory.
    pub fn abs(&self, p: &str) -> String {
        if p.starts_with('/') {
            crate::context::clean_path(p)
        } else {
            crate::context::join_path(&self.workdir, p)
        }
    }
    pub fn mounted(&self, path: &str) -> bool {
        self.mounts.iter().any(|m| super::vfs::under(path, m))
    }
}

pub fn shorten(s: &str) -> String {
    let (text, cut) = shortened(s);
    [text, cut].concat()
}

/// `s` when it has at most 80 characters, else its first 79 and "…" (which says it was cut).
fn shortened(s: &str) -> (&str, &'static str) {
    // No more than 80 bytes are no more than 80 characters.
    let cut = if s.len() > 80 { s.char_indices().nth(79).map(|(i, _)| i) } else { None };
    match cut {
        Some(cut) if s[cut..].chars().nth(1).is_some() => (&s[..cut], "…"),
        _ => (s, ""),
    }
}

/// `$NAME`, `${NAME}`, `${NAME:-default}` from `env`; unknown names stay as written.
pub fn expand(word: &str, env: &Vars) -> String {
    expand_with(word, &|name| env.get(name))
}

/// [`expand`] with variables looked up by `get`. Works on bytes: every character it looks at
/// (`$`, braces, names) is ASCII, so each slice is cut at a character boundary.
fn expand_with<'e>(word: &str, get: &dyn Fn(&str) -> Option<&'e str>) -> String {
    let Some(first) = word.find('$') else { return word.to_owned() };
    let bytes = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    out.push_str(&word[..first]);
    let mut i = first;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            let next = word[i..].find('$').map_or(bytes.len(), |p| i + p);
            out.push_str(&word[i..next]);
            i = next;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'{') {
            if let Some(end) = word[i..].find('}') {
                let inner = &word[i + 2..i + end];
                let (name, default) = match inner.split_once(":-").or_else(|| inner.split_once('-')) {
                    Some((n, d)) => (n, Some(d)),
                    None => (inner, None),
                };
                match (get(name), default) {
                    (Some(v), _) => out.push_str(v),
                    (None, Some(d)) => out.push_str(d),
                    (None, None) => {
                        out.push_str("${");
                        out.push_str(inner);
                        out.push('}');
                    }
                }
                i += end + 1;
                continue;
            }
        }
        let end = bytes[i + 1..].iter().position(|c| !(c.is_ascii_alphanumeric() || *c == b'_')).map_or(bytes.len(), |p| i + 1 + p);
        let name = &word[i + 1..end];
        match get(name) {
            Some(v) if !name.is_empty() => out.push_str(v),
            _ => {
                out.push('$');
                out.push_str(name);
            }
        }
        i = end.max(i + 1);
    }
    out
}

fn is_assignment(w: &str) -> bool {
    w.split_once('=').is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !n.starts_with(|c: char| c.is_ascii_digit()))
}

/// Programs that run another command: `sudo apt-get …`, `env X=1 go build`.
const WRAPPERS: &[&str] = &["sudo", "env", "nice", "time", "exec", "command", "nohup", "xargs", "gosu", "su-exec", "eatmydata"];

/// Turns split commands into [`Command`]s: strips wrappers and `NAME=value` prefixes, expands
/// variables; assignments and `export` update `env`, each change logged in `undo` (name, value
/// before) so the caller can roll them back.
pub fn prepare<'c>(
    cmd: &'c Cmd,
    first_line: usize,
    env: &mut Vars,
    undo: &mut Vec<(String, Option<String>)>,
) -> Option<Command<'c>> {
    let mut words = Cow::Borrowed(&cmd.words[..]);
    if cmd.words.iter().any(|w| w.contains('$')) {
        // Expansions are split on whitespace (`apk add $PHPIZE_DEPS`); quoting is not tracked.
        let mut expanded: Vec<String> = Vec::with_capacity(cmd.words.len());
        for w in &cmd.words {
            if !w.contains('$') {
                expanded.push(w.clone());
                continue;
            }
            let e = expand(w, env);
            if !w.contains("$(") && e != *w {
                expanded.extend(e.split_whitespace().map(str::to_owned));
            } else {
                expanded.push(e);
            }
        }
        words = Cow::Owned(expanded);
    }
    let mut local = BTreeMap::new();
    let mut skip = 0;
    loop {
        while words.get(skip).is_some_and(|w| is_assignment(w)) {
            let w = &words[skip];
            skip += 1;
            let (n, v) = w.split_once('=').unwrap_or((w, ""));
            // A command substitution's output is not known: leave `$n` unexpanded.
            if v.contains("$(") || v.contains('`') {
                if let Some(old) = env.remove(n) {
                    undo.push((n.to_owned(), Some(old)));
                }
                continue;
            }
            local.insert(n.to_owned(), v.to_owned());
        }
        let program = words.get(skip).map(|w| crate::scan::base_name(w));
        match program {
            Some(p) if WRAPPERS.contains(&p) && words.len() > skip + 1 => {
                let user = matches!(p, "gosu" | "su-exec");
                skip += 1;
                if user && words.len() > skip + 1 {
                    skip += 1; // the user
                }
                while words.get(skip).is_some_and(|w| w.starts_with('-')) {
                    skip += 1;
                }
            }
            _ => break,
        }
    }
    match &mut words {
        Cow::Borrowed(borrowed) => {
            let all: &'c [String] = borrowed;
            *borrowed = &all[skip..];
        }
        Cow::Owned(owned) => {
            owned.drain(..skip);
        }
    }
    if words.is_empty() {
        // A plain assignment sets a shell variable for the rest of the script.
        for (n, v) in local {
            let old = env.insert(n.clone(), v);
            undo.push((n, old));
        }
        return None;
    }
    if words[0] == "export" {
        for w in &words[1..] {
            if let Some((n, v)) = w.split_once('=') {
                let old = env.insert(n.to_owned(), v.to_owned());
                undo.push((n.to_owned(), old));
            }
        }
        return None;
    }
    // Borrowed words hold no `$`.
    if !local.is_empty() && matches!(words, Cow::Owned(_)) {
        let get = |name: &str| local.get(name).map(String::as_str).or_else(|| env.get(name));
        for w in words.to_mut() {
            if w.contains('$') {
                *w = expand_with(w, &get);
            }
        }
    }
    Some(Command { words, line: first_line + cmd.line, conditional: cmd.conditional, local })
}

/// Runs every command of a RUN script (split by [`super::script::split`]) against `ctx`.
///
/// `ctx.env` ends as the environment of the script's last command (its prefixes included), as
/// if assignments made after it had not happened; the next script of the RUN starts from there.
pub fn run_script(commands: &[Cmd], first_line: usize, ctx: &mut RunCtx) {
    for (name, value) in std::mem::take(&mut ctx.env.local) {
        ctx.env.vars.insert(name, value);
    }
    // Changes to `ctx.env.vars` since the last command ran (or the script started).
    let mut undo: Vec<(String, Option<String>)> = Vec::new();
    for cmd in commands {
        if cmd.alternative {
            ctx.note(format_args!("line {}: `{}` is in an else/case branch: not simulated", first_line + cmd.line, shorten(&cmd.words.join(" "))));
            continue;
        }
        let Some(mut command) = prepare(cmd, first_line, &mut ctx.env.vars, &mut undo) else { continue };
        undo.clear();
        ctx.env.local = std::mem::take(&mut command.local);
        dispatch(&command, ctx);
        // `cd dir` changes where relative paths go.
        if command.program() == "cd" {
            if let Some(dir) = command.words.get(1) {
                ctx.workdir = ctx.abs(dir);
            }
        }
    }
    for (name, old) in undo.into_iter().rev() {
        match old {
            Some(value) => ctx.env.vars.insert(name, value),
            None => ctx.env.vars.remove(&name),
        };
    }
}

fn dispatch(cmd: &Command, ctx: &mut RunCtx) {
    let handled = match cmd.program() {
        "apt-get" | "apt" | "aptitude" => apt::run(cmd, ctx),
        "apk" => apk::run(cmd, ctx),
        "dnf" | "yum" | "microdnf" | "tdnf" => rpm::run(cmd, ctx),
        "pip" | "pip3" | "uv" | "python" | "python3" | "pipx" => pip::run(cmd, ctx),
        "npm" | "yarn" | "pnpm" => node::run(cmd, ctx),
        "go" => go::run(cmd, ctx),
        "cargo" => cargo::run(cmd, ctx),
        "mvn" | "mvnw" | "gradle" | "gradlew" => jvm::run(cmd, ctx),
        _ => fetch::run(cmd, ctx) || files::run(cmd, ctx),
    };
    if !handled {
        ctx.unknown(cmd, "not recognised; its size is unknown (not counted)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::script;

    #[test]
    fn long_texts_are_cut_at_79_characters() {
        for (text, expected) in [
            ("a".repeat(80), "a".repeat(80)),
            ("a".repeat(81), format!("{}…", "a".repeat(79))),
            ("é".repeat(80), "é".repeat(80)),
            (format!("{}é", "é".repeat(80)), format!("{}…", "é".repeat(79))),
            (String::new(), String::new()),
        ] {
            assert_eq!(shorten(&text), expected, "{text}");
        }
    }

    #[test]
    fn prepare_strips_assignments_and_wrappers() {
        let mut env = Vars::new(&[], "/go".to_owned());
        let cmds = script::split("CGO_ENABLED=0 go build -o $GOPATH/bin/app .; export A=1; sudo -E apt-get install x; B=2", '\\');
        let mut undo = Vec::new();
        let out: Vec<Command> = cmds.iter().filter_map(|c| prepare(c, 10, &mut env, &mut undo)).collect();
        assert_eq!(*out[0].words, ["go", "build", "-o", "/go/bin/app", "."]);
        assert_eq!(out[0].local["CGO_ENABLED"], "0");
        assert_eq!(out[1].words[0], "apt-get");
        assert_eq!(env.get("A"), Some("1"));
        assert_eq!(env.get("B"), Some("2"));
        assert_eq!(env.get("CGO_ENABLED"), None);
        assert_eq!(expand("${X:-d}/${Y}/$Z", &Vars::new(&[], String::new())), "d/${Y}/$Z");
    }

    #[test]
    fn a_script_sees_the_stage_environment_under_its_own_changes() {
        let var = |name: &str, value: &str| EnvVar { name: name.into(), value: value.into(), from_arg: false };
        let stage = [var("A", "1"), var("HOME", "/app"), var("A", "2")];
        let mut vars = Vars::new(&stage, "/go".into());
        assert_eq!((vars.get("A"), vars.get("HOME"), vars.get("GOPATH"), vars.get("B")), (Some("2"), Some("/app"), Some("/go"), None));
        assert_eq!(Vars::new(&[], "/go".into()).get("HOME"), Some("/root"));
        assert_eq!(vars.insert("A".into(), "3".into()), Some("2".into()));
        assert_eq!(vars.remove("HOME"), Some("/app".into()));
        assert_eq!(vars.insert("B".into(), "4".into()), None);
        assert_eq!((vars.get("A"), vars.get("HOME"), vars.get("B")), (Some("3"), None, Some("4")));
        // Undone as `run_script` undoes: the values before, set again or unset.
        vars.insert("A".into(), "2".into());
        vars.insert("HOME".into(), "/app".into());
        vars.remove("B");
        assert_eq!((vars.get("A"), vars.get("HOME"), vars.get("B")), (Some("2"), Some("/app"), None));
    }
}
