//! The dispatch phase of one build: global ARGs, FROM lines, then each stage's instructions in
//! order, expanding exactly the values BuildKit expands (`dockerfile2llb` `dispatch*` functions).
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use super::{
    ArgSource, ArgValue, Base, Expanded, GlobalArg, InlineSource, MountSpec, NameValue, Reporter, Stage, State, Step,
    DEFAULT_PATH, NON_ENV_ARGS,
};
use super::reuse::StageReuse;
use crate::context::clean_path;
use crate::syntax::mount;
use crate::syntax::shell::{Env, Expansion, Lexer};
use crate::syntax::{Instruction, Keyword, Severity};

/// `FROM image AS name` → `name`, lower-cased (BuildKit's `Stage.Name`).
pub(super) fn stage_name(from: &Instruction) -> Option<String> {
    let args = &from.command.args;
    (args.len() == 3 && args[1].value.eq_ignore_ascii_case("as")).then(|| args[2].value.to_lowercase())
}

/// `name=default` → (`name`, `Some(default)`); `name` → (`name`, `None`).
fn split_arg(word: &str) -> (&str, Option<&str>) {
    match word.split_once('=') {
        Some((name, default)) => (name, Some(default)),
        None => (word, None),
    }
}

fn expand_error(reporter: &mut Reporter, word: &str, message: &str, instruction: &Instruction) {
    let message = format!("failed to process \"{word}\": {message}");
    reporter.report("expand-failed", Severity::Error, message, instruction.span);
}

/// Meta ARGs (`buildMetaArgs`): a build arg wins as is; else the default is expanded against the
/// automatic ARGs and earlier meta ARGs. Only valued ones enter `global_env`.
pub(super) fn global_args<'a>(
    reporter: &mut Reporter,
    lexer: &Lexer,
    arg_instructions: impl Iterator<Item = (usize, &'a Instruction)>,
    build_args: &BTreeMap<String, String>,
    global_env: &mut BTreeMap<String, String>,
) -> Vec<GlobalArg> {
    let mut args = Vec::new();
    for (index, instruction) in arg_instructions {
        for word in &instruction.command.args {
            let (name, default) = split_arg(&word.value);
            let (value, from_build_arg) = match (build_args.get(name), default) {
                (Some(value), _) => (Some(value.clone()), true),
                (None, Some(default)) => match lexer.process(default, global_env) {
                    Ok(expansion) => (Some(expansion.result), false),
                    Err(error) => {
                        expand_error(reporter, default, &error.message, instruction);
                        (None, false)
                    }
                },
                (None, None) => (None, false),
            };
            if let Some(value) = &value {
                global_env.insert(name.to_owned(), value.clone());
            }
            let default = default.map(str::to_owned);
            args.push(GlobalArg { name: name.to_owned(), default, value, from_build_arg, instruction: index });
        }
    }
    args
}

/// A stage from its FROM line: the base name and `--platform` expanded against the global ARGs
/// only, then matched against the names of the stages *before* it (BuildKit's `addState`).
#[allow(clippy::too_many_arguments)]
pub(super) fn from_line(
    reporter: &mut Reporter,
    lexer: &Lexer,
    index: usize,
    from: usize,
    earlier: &[Stage],
    froms: &[usize],
    global_env: &BTreeMap<String, String>,
    global_names: &[&str],
) -> Stage {
    let syntax = reporter.syntax;
    let instruction = &syntax.instructions[from];
    let raw = instruction.command.args.first().map(|w| w.value.clone()).unwrap_or_default();
    let mut unmatched = BTreeSet::new();
    let mut expanded = true;
    let mut hint = String::new();
    let reference = match lexer.process(&raw, global_env) {
        Ok(expansion) => {
            unmatched.extend(expansion.unmatched.iter().cloned());
            if !expansion.unmatched.is_empty() {
                let names: Vec<&str> = expansion.unmatched.iter().map(String::as_str).collect();
                hint = format!(" (no value for {}: pass --build-arg or give the ARG a default)", names.join(", "));
            }
            if expansion.result.is_empty() && !raw.is_empty() {
                let message = format!("base name ({raw}) should not be blank{hint}");
                reporter.report("blank-base-name", Severity::Error, message, instruction.span);
            }
            expansion.result
        }
        Err(error) => {
            expand_error(reporter, &raw, &error.message, instruction);
            expanded = false;
            raw.clone()
        }
    };

    let mut platform = None;
    if let Some(expression) = instruction.command.flag("platform").and_then(|f| f.value.as_deref()) {
        match lexer.process(expression, global_env) {
            Ok(expansion) => {
                unmatched.extend(expansion.unmatched);
                if expansion.result.is_empty() {
                    let message = format!("empty platform value from expression {expression}");
                    reporter.report("invalid-platform", Severity::Error, message, instruction.span);
                } else if let Err(error) = super::Platform::parse(&expansion.result) {
                    let message = format!("failed to parse platform {expression}: {error}");
                    reporter.report("invalid-platform", Severity::Error, message, instruction.span);
                } else {
                    platform = Some(expansion.result);
                }
            }
            Err(error) => expand_error(reporter, expression, &error.message, instruction),
        }
    }

    let base = match earlier.iter().rev().find(|s| s.name.as_deref() == Some(reference.as_str())) {
        Some(stage) => Base::Stage { index: stage.index, raw: raw.clone() },
        None if reference == "scratch" => Base::Scratch,
        None => {
            let later = froms
                .iter()
                .skip(index + 1)
                .any(|&f| stage_name(&syntax.instructions[f]).as_deref() == Some(&reference));
            if later {
                let message = format!(
                    "stage \"{reference}\" is defined after this FROM: BuildKit does not look ahead and will pull an image named \"{reference}\""
                );
                reporter.report("from-later-stage", Severity::Warning, message, instruction.span);
            }
            let checked = if reference.is_empty() || !expanded { Ok(()) } else { check_reference(&reference) };
            if let Err(problem) = checked {
                let mut message =
                    format!("failed to parse stage name \"{reference}\": invalid reference format: {problem}{hint}");
                let lower = reference.to_lowercase();
                if earlier.iter().any(|s| s.name.as_deref() == Some(lower.as_str())) {
                    message.push_str(&format!(" (FROM matches stage names exactly and they are lower case: FROM {lower})"));
                }
                reporter.report("invalid-reference", Severity::Error, message, instruction.span);
            }
            Base::Image { reference, raw }
        }
    };
    let default_path = || vec![NameValue { name: "PATH".into(), value: DEFAULT_PATH.into() }];
    let (base_env, base_env_known) = match &base {
        Base::Stage { index, .. } => (earlier[*index].base_env.clone(), earlier[*index].base_env_known),
        Base::Scratch => (default_path(), true),
        Base::Image { .. } => (default_path(), false),
    };
    unmatched.retain(|name| !global_env.contains_key(name) && !global_names.contains(&name.as_str()));
    Stage {
        index,
        name: stage_name(instruction),
        instruction: from,
        base,
        platform,
        base_env,
        base_env_known,
        unmatched: unmatched.into_iter().collect(),
        steps: Vec::new(),
        final_state: State::default(),
        declared_args: Vec::new(),
        depends_on: Vec::new(),
        needed: false,
        is_target: false,
    }
}

/// Variable look-ups during a step: what the Dockerfile set, then the base image's (assumed) env.
struct Scope<'s> {
    state: &'s State,
    base_env: &'s [NameValue],
}

impl Env for Scope<'_> {
    fn lookup(&self, name: &str) -> Option<String> {
        self.state
            .get(name)
            .or_else(|| self.base_env.iter().find(|v| v.name == name).map(|v| v.value.as_str()))
            .map(str::to_owned)
    }
}

/// Walks one stage's instructions, tracking the state and expanding what BuildKit expands.
pub(super) struct Walker<'r, 'a> {
    reporter: &'r mut Reporter<'a>,
    lexer: Lexer,
    /// `ExpandRaw`: `RUN --mount` values and heredoc contents keep their quotes.
    raw_lexer: Lexer,
    global_env: &'r BTreeMap<String, String>,
    build_args: &'r BTreeMap<String, String>,
    base_env: Vec<NameValue>,
    unmatched: BTreeSet<String>,
    /// The state the last step of the stage started from, shared with that step.
    snapshot: Option<Arc<State>>,
}

impl<'r, 'a> Walker<'r, 'a> {
    pub(super) fn new(
        reporter: &'r mut Reporter<'a>,
        lexer: Lexer,
        global_env: &'r BTreeMap<String, String>,
        build_args: &'r BTreeMap<String, String>,
    ) -> Self {
        let raw_lexer = Lexer { skip_process_quotes: true, ..Lexer::new('\\') };
        Walker {
            reporter,
            lexer,
            raw_lexer,
            global_env,
            build_args,
            base_env: Vec::new(),
            unmatched: BTreeSet::new(),
            snapshot: None,
        }
    }

    /// Walks the stage's `instructions`, taking over from `reuse` what an edit left as it was.
    pub(super) fn walk(&mut self, stage: &mut Stage, instructions: Range<usize>, base: Option<&Stage>, reuse: Option<&StageReuse>) {
        let syntax = self.reporter.syntax;
        let mut state = base.map(|b| b.final_state.clone()).unwrap_or_default();
        let mut declared = base.map(|b| b.declared_args.clone()).unwrap_or_default();
        self.base_env = stage.base_env.clone();
        self.snapshot = None;
        let mut first = instructions.start;
        match reuse.filter(|r| r.prefix > 0) {
            Some(reuse) => {
                let (steps, after, declared_after) = reuse.before_edit();
                stage.steps.extend_from_slice(steps);
                (state, declared) = (after, declared_after);
                first = steps.iter().rev().find(|s| !s.onbuild).map_or(first, |s| s.instruction + 1);
            }
            // The base stage's ONBUILD triggers run first (`initOnBuildTriggers`); only the
            // direct base's, and those of a registry image are unknown.
            None => {
                for onbuild in base.iter().flat_map(|b| &b.steps).filter(|s| s.keyword == Keyword::Onbuild) {
                    let source = &syntax.instructions[onbuild.instruction];
                    if let Some(trigger) = &source.command.trigger {
                        let instruction = Instruction { command: (**trigger).clone(), ..Instruction::clone(source) };
                        self.push_step(stage, &instruction, onbuild.instruction, true, &mut state, &mut declared);
                    }
                }
            }
        }
        for index in first..instructions.end {
            if let Some((steps, after, declared_after)) = reuse.and_then(|r| r.after_edit(index, &state, &declared)) {
                stage.steps.extend(steps);
                (state, declared) = (after, declared_after);
                break;
            }
            self.push_step(stage, &syntax.instructions[index], index, false, &mut state, &mut declared);
        }
        stage.final_state = state;
        stage.declared_args = declared;
    }

    fn push_step(
        &mut self,
        stage: &mut Stage,
        instruction: &Instruction,
        index: usize,
        onbuild: bool,
        state: &mut State,
        declared: &mut Vec<String>,
    ) {
        // Consecutive steps that change nothing share one copy of the state.
        let before = match &self.snapshot {
            Some(snapshot) if **snapshot == *state => Arc::clone(snapshot),
            _ => Arc::clone(self.snapshot.insert(Arc::new(state.clone()))),
        };
        self.unmatched.clear();
        let expanded = self.step(instruction, state, declared);
        let unmatched = std::mem::take(&mut self.unmatched)
            .into_iter()
            .filter(|name| !declared.contains(name) && !NON_ENV_ARGS.contains(&name.as_str()))
            .collect();
        let keyword = instruction.command.keyword;
        let line = instruction.start_line;
        stage.steps.push(Step { instruction: index, keyword, line, onbuild, state: before, expanded, unmatched });
    }

    fn process(&mut self, word: &str, state: &State, raw: bool, instruction: &Instruction) -> Option<Expansion> {
        let scope = Scope { state, base_env: &self.base_env };
        let lexer = if raw { self.raw_lexer } else { self.lexer };
        match lexer.process(word, &scope) {
            Ok(expansion) => {
                self.unmatched.extend(expansion.unmatched.iter().cloned());
                Some(expansion)
            }
            Err(error) => {
                expand_error(self.reporter, word, &error.message, instruction);
                None
            }
        }
    }

    /// `ProcessWord`; on error (already reported) the text as written, so the walk goes on.
    fn word(&mut self, word: &str, state: &State, instruction: &Instruction) -> String {
        if let Some(plain) = self.lexer.plain(word) {
            return plain.to_owned();
        }
        self.process(word, state, false, instruction).map_or_else(|| word.to_owned(), |e| e.result)
    }

    fn step(&mut self, instruction: &Instruction, state: &mut State, declared: &mut Vec<String>) -> Expanded {
        let command = &instruction.command;
        let first = command.args.first().map(|w| w.value.as_str());
        match command.keyword {
            Keyword::Env | Keyword::Label => {
                // Every pair sees the environment as it was before the instruction.
                let mut pairs = Vec::new();
                for kv in command.args.chunks(3) {
                    let name = self.word(&kv[0].value, state, instruction);
                    let value = kv.get(1).map(|w| self.word(&w.value, state, instruction)).unwrap_or_default();
                    pairs.push(NameValue { name, value });
                }
                if command.keyword == Keyword::Label {
                    return Expanded::Label { pairs };
                }
                for pair in &pairs {
                    state.set(&pair.name, pair.value.clone(), false);
                }
                Expanded::Env { pairs }
            }
            Keyword::Arg => Expanded::Arg { args: self.arg(instruction, state, declared) },
            Keyword::Workdir => {
                let Some(word) = first else { return Expanded::None };
                let path = self.word(word, state, instruction);
                if path.is_empty() {
                    let message = "normalizing workdir: cannot normalize nothing".to_owned();
                    self.reporter.report("empty-workdir", Severity::Error, message, instruction.span);
                    return Expanded::Workdir { path, resolved: state.workdir.clone() };
                }
                let resolved = resolve_workdir(&state.workdir, &path);
                state.workdir = resolved.clone();
                Expanded::Workdir { path, resolved }
            }
            Keyword::User => {
                let Some(word) = first else { return Expanded::None };
                let user = self.word(word, state, instruction);
                state.user = Some(user.clone());
                Expanded::User { user }
            }
            Keyword::Shell => {
                state.shell = command.arg_values().map(str::to_owned).collect();
                Expanded::Shell { shell: state.shell.clone() }
            }
            Keyword::Expose => {
                let mut ports = Vec::new();
                for word in &command.args {
                    if let Some(expansion) = self.process(&word.value, state, false, instruction) {
                        ports.extend(expansion.words);
                    }
                }
                Expanded::Expose { ports }
            }
            Keyword::Volume => {
                let paths: Vec<String> = command.args.iter().map(|w| self.word(&w.value, state, instruction)).collect();
                if paths.iter().any(String::is_empty) && command.args.iter().all(|w| !w.value.trim().is_empty()) {
                    let message = "VOLUME specified can not be an empty string".to_owned();
                    self.reporter.report("empty-volume", Severity::Error, message, instruction.span);
                }
                Expanded::Volume { paths }
            }
            Keyword::Stopsignal => match first {
                Some(word) => Expanded::StopSignal { signal: self.word(word, state, instruction) },
                None => Expanded::None,
            },
            Keyword::Copy | Keyword::Add => self.copy(instruction, state),
            Keyword::Run => {
                let mut mounts = Vec::new();
                for flag in command.flags.iter().filter(|f| f.name == "mount") {
                    if let Some(mount) = flag.value.as_deref().and_then(|v| self.mount(v, state, instruction)) {
                        mounts.push(mount);
                    }
                }
                Expanded::Run { mounts }
            }
            _ => Expanded::None,
        }
    }

    /// `dispatchArg`: a build arg wins; else the default, expanded against the stage so far; else
    /// the global value of the same name. Valued ARGs enter the environment one by one.
    fn arg(&mut self, instruction: &Instruction, state: &mut State, declared: &mut Vec<String>) -> Vec<ArgValue> {
        let mut args = Vec::new();
        for word in &instruction.command.args {
            let (name, default) = split_arg(&word.value);
            let (value, source) = match (self.build_args.get(name), default) {
                (Some(value), _) => (Some(value.clone()), ArgSource::BuildArg),
                (None, Some(default)) => match self.process(default, state, false, instruction) {
                    Some(expansion) => (Some(expansion.result), ArgSource::Default),
                    None => (None, ArgSource::Unset),
                },
                (None, None) => match self.global_env.get(name) {
                    Some(value) => (Some(value.clone()), ArgSource::Global),
                    None => (None, ArgSource::Unset),
                },
            };
            if let Some(value) = &value {
                if !NON_ENV_ARGS.contains(&name) {
                    state.set(name, value.clone(), true);
                }
            }
            if !declared.iter().any(|d| d == name) {
                declared.push(name.to_owned());
            }
            args.push(ArgValue { name: name.to_owned(), value, source });
        }
        args
    }

    fn copy(&mut self, instruction: &Instruction, state: &State) -> Expanded {
        let command = &instruction.command;
        let flag = |walker: &mut Self, name: &str| {
            let value = command.flag(name).and_then(|f| f.value.clone())?;
            Some(walker.word(&value, state, instruction))
        };
        // `CopyCommand.Expand` / `AddCommand.Expand` expand `--chown` and ADD's `--checksum`
        // only: `--chmod` and `--exclude` reach the builder as written.
        let chown = flag(self, "chown");
        let checksum = flag(self, "checksum");
        let chmod = command.flag("chmod").and_then(|f| f.value.clone());
        let exclude = command.flags.iter().filter(|f| f.name == "exclude").filter_map(|f| f.value.clone()).collect();
        let link = command.flag("link").is_some_and(|f| f.value.as_deref().is_none_or(|v| v != "false"));
        let from = command.flag("from").and_then(|f| f.value.clone()).filter(|from| {
            // BuildKit runs the lexer with no variables and refuses any change (`$`, quotes, escapes).
            let unchanged = self.lexer.process(from, &BTreeMap::new()).is_ok_and(|e| &e.result == from);
            if !unchanged {
                let message = "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround".to_owned();
                self.reporter.report("copy-from-variable", Severity::Error, message, instruction.span);
            }
            unchanged
        });
        let (mut sources, mut inline, mut destination) = (Vec::new(), Vec::new(), String::new());
        if let Some(parts) = instruction.sources_and_destination() {
            sources = parts.source_paths.iter().map(|s| self.word(s, state, instruction)).collect();
            destination = self.word(&parts.destination, state, instruction);
            for file in parts.source_contents {
                let data = match file.expand {
                    true => self.process(&file.data, state, true, instruction).map_or(file.data, |e| e.result),
                    false => file.data,
                };
                inline.push(InlineSource { name: file.name, data });
            }
        }
        Expanded::Copy { sources, inline, destination, from, chown, chmod, checksum, exclude, link }
    }

    /// One `--mount` value: every field but `from` expanded raw, then typed by `mount::parse`.
    fn mount(&mut self, value: &str, state: &State, instruction: &Instruction) -> Option<MountSpec> {
        let mut fields = Vec::new();
        for field in split_fields(value) {
            match field.split_once('=') {
                Some((key, from)) if key.trim().eq_ignore_ascii_case("from") => {
                    if from.find('$').is_some_and(|at| at + 1 != from.len()) {
                        let message =
                            "'from' doesn't support variable expansion, define alias stage instead".to_owned();
                        self.reporter.report("mount-from-variable", Severity::Error, message, instruction.span);
                        return None;
                    }
                    fields.push(field);
                }
                Some((key, raw)) => {
                    let expanded = self.process(raw, state, true, instruction)?.result;
                    let quoted = expanded.contains(',') && !expanded.starts_with('"');
                    fields.push(if quoted { format!("{key}=\"{expanded}\"") } else { format!("{key}={expanded}") });
                }
                None => fields.push(field),
            }
        }
        match mount::parse(&fields.join(",")) {
            Ok(m) => Some(MountSpec {
                kind: m.kind,
                from: m.from,
                source: m.source,
                target: m.target,
                id: m.id,
                sharing: m.sharing,
                read_only: m.read_only,
            }),
            Err(error) => {
                // The parser already reported values that were invalid before expansion.
                if mount::parse(value).is_ok() {
                    self.reporter.report("invalid-mount", Severity::Error, error, instruction.span);
                }
                None
            }
        }
    }
}

/// CSV fields as `mount::parse` splits them: commas separate, double quotes group.
fn split_fields(value: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                fields.last_mut().expect("never empty").push(c);
            }
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().expect("never empty").push(c),
        }
    }
    fields.retain(|f| !f.trim().is_empty());
    fields
}

/// `system.NormalizeWorkdir` on Linux: relative paths join the current directory; always clean
/// and absolute.
pub(super) fn resolve_workdir(current: &str, path: &str) -> String {
    let joined = if path.starts_with('/') { path.to_owned() } else { format!("/{current}/{path}") };
    clean_path(&joined)
}

/// A light `reference.ParseNormalizedNamed`: `[domain/]path[:tag][@digest]`, where the path
/// components must be lower case (`[a-z0-9]` runs joined by `.`, `_`, `__` or dashes). BuildKit
/// parses every stage's base this way, built or not.
pub(crate) fn check_reference(reference: &str) -> Result<(), &'static str> {
    let (name, digest) = match reference.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (reference, None),
    };
    if digest.is_some_and(|d| !d.contains(':') || d.ends_with(':')) {
        return Err("invalid digest");
    }
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match name[last_slash..].find(':') {
        Some(colon) => (&name[..last_slash + colon], Some(&name[last_slash + colon + 1..])),
        None => (name, None),
    };
    if let Some(tag) = tag {
        let valid_start = tag.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid_start || tag.len() > 128 || !tag.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) {
            return Err("invalid tag");
        }
    }
    let mut components: Vec<&str> = name.split('/').collect();
    let first = components[0];
    if components.len() > 1 && (first.contains(['.', ':']) || first == "localhost") {
        components.remove(0); // a registry host: any case allowed
    }
    for component in components {
        if component.chars().any(|c| c.is_ascii_uppercase()) {
            return Err("repository name must be lowercase");
        }
        if !valid_path_component(component) {
            return Err("invalid repository name");
        }
    }
    Ok(())
}

/// `[a-z0-9]+` runs joined by `.`, `_`, `__` or any number of `-`.
fn valid_path_component(component: &str) -> bool {
    let is_alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut separator = String::new();
    let mut seen_alnum = false;
    for c in component.chars() {
        if is_alnum(c) {
            let ok = separator.is_empty() || matches!(separator.as_str(), "." | "_" | "__") || separator.chars().all(|s| s == '-');
            if !ok || (!seen_alnum && !separator.is_empty()) {
                return false;
            }
            separator.clear();
            seen_alnum = true;
        } else if "._-".contains(c) {
            separator.push(c);
        } else {
            return false;
        }
    }
    seen_alnum && separator.is_empty()
}
