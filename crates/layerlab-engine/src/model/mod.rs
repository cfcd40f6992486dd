//! The build model: what BuildKit's `dockerfile2llb` knows before it runs anything — global ARGs,
//! the automatic platform ARGs, stages with their base, each step's state (env, workdir, user,
//! shell) and the values BuildKit expands for it, and the stage graph with the target and the
//! stages it needs (`reference/cache-size-semantics.md` §1.3–1.4, `buildkit-parser-spec.md` §11).
//!
//! Never fails and never panics: expansion and graph errors become [`Model::diagnostics`].
//! Base images are not resolved: their ENV, WORKDIR and USER are unknown (see [`Stage::base_env`]).
mod dispatch;
mod graph;
mod reuse;
pub mod platform;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::syntax::shell::Lexer;
use crate::syntax::{Diagnostic, Keyword, Phase, Severity, Span, Syntax};
pub use platform::Platform;
/// `reference.ParseNormalizedNamed`'s verdict on an expanded base name (used by rules).
pub(crate) use dispatch::check_reference;

/// What the user chose for this build (`docker build --build-arg/--target/--platform`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelOptions {
    pub build_args: BTreeMap<String, String>,
    /// `--target`; `None` builds the last stage.
    pub target: Option<String>,
    /// `--platform`; BuildKit's default is the builder's own platform.
    pub target_platform: String,
    /// The builder's platform (`BUILDPLATFORM`).
    pub build_platform: String,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            build_args: BTreeMap::new(),
            target: None,
            target_platform: Platform::DEFAULT.to_owned(),
            build_platform: Platform::DEFAULT.to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameValue {
    pub name: String,
    pub value: String,
}

/// An ARG before the first FROM (a "meta" ARG): visible to FROM lines, and to a stage only when
/// the stage re-declares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GlobalArg {
    pub name: String,
    /// The default as written (quotes kept).
    pub default: Option<String>,
    /// The resolved value; `None` when it has neither a default nor a build arg.
    pub value: Option<String>,
    pub from_build_arg: bool,
    pub instruction: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Base {
    /// A registry image: `reference` is the expanded text (`golang:1.22-alpine`), `raw` as written.
    Image {
        reference: String,
        raw: String,
    },
    /// An earlier stage of this Dockerfile.
    Stage {
        index: usize,
        raw: String,
    },
    Scratch,
}

/// A variable set by the Dockerfile in a stage: ENV, or an ARG with a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
    /// Set by ARG: part of RUN's environment (and cache key), not of the image config.
    pub from_arg: bool,
}

/// The build state a step starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct State {
    /// Only what the Dockerfile sets, in order of first definition.
    pub env: Vec<EnvVar>,
    /// Absolute; `/` when neither the Dockerfile nor (unknown) base image set one.
    pub workdir: String,
    pub user: Option<String>,
    pub shell: Vec<String>,
}

impl Default for State {
    fn default() -> Self {
        State { env: Vec::new(), workdir: "/".into(), user: None, shell: vec!["/bin/sh".into(), "-c".into()] }
    }
}

impl State {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.env.iter().find(|v| v.name == name).map(|v| v.value.as_str())
    }

    fn set(&mut self, name: &str, value: String, from_arg: bool) {
        match self.env.iter_mut().find(|v| v.name == name) {
            Some(var) => {
                var.value = value;
                var.from_arg = from_arg;
            }
            None => self.env.push(EnvVar { name: name.to_owned(), value, from_arg }),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgSource {
    BuildArg,
    Default,
    /// `ARG NAME` inheriting a global (or automatic) ARG's value.
    Global,
    /// Declared with no value anywhere: adds nothing to the environment.
    Unset,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArgValue {
    pub name: String,
    pub value: Option<String>,
    pub source: ArgSource,
}

/// A `RUN --mount` with its field values expanded (`from` never is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MountSpec {
    pub kind: crate::syntax::mount::MountType,
    pub from: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub id: Option<String>,
    pub sharing: Option<String>,
    pub read_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InlineSource {
    pub name: String,
    pub data: String,
}

/// The values BuildKit expands for a step, after expansion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expanded {
    /// Nothing is expanded (RUN without mounts, CMD, ENTRYPOINT, HEALTHCHECK, MAINTAINER, ONBUILD).
    None,
    Copy {
        sources: Vec<String>,
        inline: Vec<InlineSource>,
        destination: String,
        /// `--from` as written (never expanded); `None` when absent or invalid.
        from: Option<String>,
        chown: Option<String>,
        /// As written: BuildKit does not expand `--chmod` (nor `--exclude`).
        chmod: Option<String>,
        checksum: Option<String>,
        exclude: Vec<String>,
        link: bool,
    },
    Workdir {
        path: String,
        resolved: String,
    },
    User {
        user: String,
    },
    Env {
        pairs: Vec<NameValue>,
    },
    Label {
        pairs: Vec<NameValue>,
    },
    Expose {
        ports: Vec<String>,
    },
    Volume {
        paths: Vec<String>,
    },
    StopSignal {
        signal: String,
    },
    Arg {
        args: Vec<ArgValue>,
    },
    Shell {
        shell: Vec<String>,
    },
    Run {
        mounts: Vec<MountSpec>,
    },
}

/// One instruction of a stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The instruction's index; for an ONBUILD trigger, the base stage's ONBUILD instruction.
    pub instruction: usize,
    /// What runs: for an ONBUILD trigger, the trigger's keyword.
    pub keyword: Keyword,
    pub line: usize,
    /// A trigger of the base stage's ONBUILD, run before the stage's own instructions.
    pub onbuild: bool,
    /// The state before the step (steps that change nothing share it).
    pub state: Arc<State>,
    pub expanded: Expanded,
    /// Variables the expansion looked up and did not find, minus the stage's declared ARGs
    /// (BuildKit's `UndefinedVar` input). May come from the unknown base image ENV.
    pub unmatched: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub index: usize,
    /// `AS name`, lower-cased as BuildKit stores it.
    pub name: Option<String>,
    /// The FROM instruction's index.
    pub instruction: usize,
    pub base: Base,
    /// `--platform`, expanded.
    pub platform: Option<String>,
    /// Variables from the base image used for expansion: only `PATH`. BuildKit sets the default
    /// PATH when an image has none (exact for scratch); for registry images it is an assumption
    /// (nearly every Linux image sets PATH to the default or a superset). The rest of a base
    /// image's ENV is unknown, so `base_env_known` is false for image bases.
    pub base_env: Vec<NameValue>,
    pub base_env_known: bool,
    /// Variables FROM / `--platform` used that no global ARG defines.
    pub unmatched: Vec<String>,
    pub steps: Vec<Step>,
    /// The state after the last step (what a `FROM <this stage>` starts from).
    pub final_state: State,
    /// ARG names declared in this stage (and inherited from a base stage), in order.
    pub declared_args: Vec<String>,
    /// Stages this one needs: its base stage, `COPY --from`, `RUN --mount=from=`.
    pub depends_on: Vec<usize>,
    /// Reachable from the target: BuildKit builds only these.
    pub needed: bool,
    pub is_target: bool,
}

impl Stage {
    /// The name BuildKit shows: `AS` name, or `stage-N`.
    pub fn display_name(&self) -> String {
        self.name.clone().unwrap_or_else(|| format!("stage-{}", self.index))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    From,
    CopyFrom,
    MountFrom,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Node {
    Stage(usize),
    Image(String),
}

/// `stage` uses `source` through `instruction`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub stage: usize,
    pub instruction: usize,
    pub kind: EdgeKind,
    pub source: Node,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Model {
    pub build_platform: Platform,
    pub target_platform: Platform,
    /// BUILDPLATFORM … TARGETSTAGE, after build-arg overrides.
    pub automatic_args: Vec<NameValue>,
    pub global_args: Vec<GlobalArg>,
    pub stages: Vec<Stage>,
    pub edges: Vec<Edge>,
    /// External images used by `COPY --from` / `RUN --mount=from=` (image nodes of the graph).
    pub images: Vec<String>,
    pub target: Option<usize>,
    /// All stages, each after the stages it depends on (ties by index).
    pub build_order: Vec<usize>,
    pub diagnostics: Vec<Diagnostic>,
    /// The automatic and global ARGs' values, which FROM lines and stages read.
    #[serde(skip)]
    pub(crate) global_env: Arc<BTreeMap<String, String>>,
    /// Working out the platforms and global ARGs reported nothing (and per stage, its walk):
    /// the model of an edit may take them over.
    #[serde(skip)]
    pub(crate) quiet_globals: bool,
    #[serde(skip)]
    pub(crate) quiet_walks: Vec<bool>,
}

/// The platforms and the automatic and global ARGs, which every stage reads.
pub(crate) struct Globals {
    pub build_platform: Platform,
    pub target_platform: Platform,
    pub automatic_args: Vec<NameValue>,
    pub global_args: Vec<GlobalArg>,
    pub env: Arc<BTreeMap<String, String>>,
    /// Working them out reported nothing.
    pub quiet: bool,
}

/// The [`Globals`] of a build whose instructions before the first FROM are `before_first_from`.
fn globals(reporter: &mut Reporter, lexer: &Lexer, options: &ModelOptions, target_stage: &str, before_first_from: &[Arc<crate::syntax::Instruction>]) -> Globals {
    let reported = reporter.diagnostics.len();
    let platform = |text: &str, what: &str, reporter: &mut Reporter| {
        Platform::parse(text).unwrap_or_else(|error| {
            let message = format!("invalid {what} platform {error}; using {}", Platform::DEFAULT);
            reporter.report("invalid-platform", Severity::Error, message, Span::default());
            Platform::linux_amd64()
        })
    };
    let build_platform = platform(&options.build_platform, "build", reporter);
    let target_platform = platform(&options.target_platform, "target", reporter);
    let mut automatic_args = Vec::new();
    let mut env = BTreeMap::new();
    for (name, value) in platform::automatic_args(&build_platform, &target_platform, target_stage) {
        let value = options.build_args.get(&name).cloned().unwrap_or(value);
        env.insert(name.clone(), value.clone());
        automatic_args.push(NameValue { name, value });
    }
    let args = before_first_from.iter().map(|i| &**i).enumerate().filter(|(_, i)| i.is(Keyword::Arg));
    let global_args = dispatch::global_args(reporter, lexer, args, &options.build_args, &mut env);
    let quiet = reporter.diagnostics.len() == reported;
    Globals { build_platform, target_platform, automatic_args, global_args, env: Arc::new(env), quiet }
}

impl Model {
    pub fn stage_by_name(&self, name: &str) -> Option<&Stage> {
        let name = name.to_lowercase();
        self.stages.iter().rev().find(|s| s.name.as_deref() == Some(name.as_str()))
    }
}

/// BuildKit's default PATH for Linux (`system.DefaultPathEnv`).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Args BuildKit reads itself and never puts in the environment (`nonEnvArgs`).
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

pub(crate) struct Reporter<'a> {
    syntax: &'a Syntax,
    diagnostics: Vec<Diagnostic>,
}

impl Reporter<'_> {
    fn report(&mut self, code: &'static str, severity: Severity, message: String, span: Span) {
        let diagnostic =
            self.syntax.line_index.diagnostic(&self.syntax.source, code, severity, Phase::Dispatch, message, span);
        self.diagnostics.push(diagnostic);
    }
}

/// Builds the model of one build of `syntax` with `options`.
pub fn build(syntax: &Syntax, options: &ModelOptions) -> Model {
    build_with(syntax, options, None)
}

/// [`build`] of an edit's parse ([`crate::syntax::parse_edited`]) with the options `earlier`
/// (the model of the text it was edited from) was built with, taking over what it can of it.
pub(crate) fn build_edited(syntax: &Syntax, options: &ModelOptions, earlier: &Model) -> Model {
    build_with(syntax, options, syntax.edit.map(|map| reuse::Earlier { model: earlier, map }))
}

fn build_with(syntax: &Syntax, options: &ModelOptions, earlier: Option<reuse::Earlier>) -> Model {
    let mut reporter = Reporter { syntax, diagnostics: Vec::new() };
    let instructions = &syntax.instructions;
    let froms: Vec<usize> = (0..instructions.len()).filter(|&i| instructions[i].is(Keyword::From)).collect();
    let first_from = froms.first().copied().unwrap_or(instructions.len());

    // TARGETSTAGE is the requested target, else the last stage's name (empty when unnamed).
    let target_stage = match &options.target {
        Some(target) => target.clone(),
        None => froms.last().and_then(|&i| dispatch::stage_name(&instructions[i])).unwrap_or_default(),
    };
    let lexer = Lexer::new(syntax.escape);
    let globals = match earlier.and_then(|e| e.globals(first_from, options.build_args.get("TARGETSTAGE").unwrap_or(&target_stage))) {
        Some(globals) => globals,
        None => globals(&mut reporter, &lexer, options, &target_stage, &instructions[..first_from]),
    };
    let Globals { build_platform, target_platform, automatic_args, global_args, env: global_env, quiet: quiet_globals } = globals;
    let global_names: Vec<&str> = global_args.iter().map(|a| a.name.as_str()).collect();

    let mut stages: Vec<Stage> = Vec::with_capacity(froms.len());
    let mut quiet_walks = Vec::with_capacity(froms.len());
    for (index, &from) in froms.iter().enumerate() {
        let end = froms.get(index + 1).copied().unwrap_or(instructions.len());
        let mut stage =
            dispatch::from_line(&mut reporter, &lexer, index, from, &stages, &froms, &global_env, &global_names);
        let base_stage = match stage.base {
            Base::Stage { index, .. } => stages.get(index),
            _ => None,
        };
        let reuse = earlier.and_then(|e| e.stage(index, &stage, (&automatic_args, &global_args)));
        let reported = reporter.diagnostics.len();
        let mut walker = dispatch::Walker::new(&mut reporter, lexer, &global_env, &options.build_args);
        walker.walk(&mut stage, from + 1..end, base_stage, reuse.as_ref());
        quiet_walks.push(reporter.diagnostics.len() == reported);
        stages.push(stage);
    }

    let mut model = Model {
        build_platform,
        target_platform,
        automatic_args,
        global_args,
        stages,
        edges: Vec::new(),
        images: Vec::new(),
        target: None,
        build_order: Vec::new(),
        diagnostics: Vec::new(),
        global_env,
        quiet_globals,
        quiet_walks,
    };
    graph::link(&mut model, &mut reporter, options.target.as_deref());
    model.diagnostics = reporter.diagnostics;
    model
}
