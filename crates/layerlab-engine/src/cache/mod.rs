//! What-if build cache: BuildKit's cache keys for two builds — before and after a change
//! scenario — and, for every step, a hit, a miss or a skip with the reason in words, plus an
//! estimated timeline (parallel stages, critical path, time saved).
//!
//! The rules are `reference/cache-size-semantics.md` §1: a RUN is keyed by its definition
//! (command text and heredocs, every ENV and valued ARG in scope, workdir, user, mounts with the
//! content of bind / `from=` mounts) and its parent; COPY/ADD by definition plus the content of
//! the files it selects (path, mode, size, bytes — never mtime), and by its parent unless it is
//! an effective `--link`; WORKDIR is its own mkdir step; metadata instructions never miss. A
//! miss spreads to the rest of the stage; a `COPY --from` heals when the bytes it selects did
//! not change. Only the stages the target needs are built.
//!
//! One assumption decides the cross-stage case and is stated in [`CacheRun::notes`]: a RUN step
//! that re-ran produces new bytes (compilers, package managers and archives are rarely
//! reproducible), while files only copied from unchanged inputs keep theirs.
//!
//! ```
//! use layerlab_engine::cache::{self, CacheStatus, Scenario, TimingHints};
//! use layerlab_engine::context::{BuildContext, DockerIgnore};
//! use layerlab_engine::model::ModelOptions;
//! let syntax = layerlab_engine::syntax::parse(
//!     "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n",
//! );
//! let (context, _) = BuildContext::parse("go.mod 1k\ngo.sum 20k\nmain.go 4k\n");
//! let scenario = Scenario::EditSourceFile { path: Some("main.go".into()) };
//! let run = cache::simulate(&syntax, &ModelOptions::default(), &context, &DockerIgnore::default(),
//!     &scenario, &TimingHints::default());
//! let status = |line: usize| run.steps.iter().find(|s| s.line == line).unwrap().status;
//! assert_eq!(status(4), CacheStatus::Hit); // go mod download stays cached
//! assert_eq!(status(5), CacheStatus::Miss); // COPY . . selects main.go
//! ```
mod build;
#[cfg(test)]
mod corpus_tests;
mod hash;
mod output;
mod reasons;
#[cfg(test)]
mod tests;
mod timeline;
mod world;

use serde::{Deserialize, Serialize, Serializer};

use crate::context::{BuildContext, DockerIgnore};
use crate::model::{self, ModelOptions};
use crate::syntax::{Keyword, Syntax};
pub use timeline::{Assumption, CriticalStep, Lane, LaneStep, Rates, Timeline, TimingHints};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheStatus {
    Hit,
    Miss,
    /// The stage is not needed by the target: BuildKit does not build it.
    Skipped,
}

impl CacheStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CacheStatus::Hit => "hit",
            CacheStatus::Miss => "miss",
            CacheStatus::Skipped => "skipped",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheFromMode {
    /// `--cache-to type=inline` (= `mode=min`): only the layers of the final image.
    Inline,
    /// `--cache-to …,mode=max`: every step of every stage built.
    Max,
}

/// The change between the build that filled the cache and the build simulated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scenario {
    NothingChanged,
    /// Edit one file's content; `None` picks the first source file of the context that is not
    /// a dependency manifest.
    EditSourceFile {
        path: Option<String>,
    },
    /// Change the lock file / manifest; `None` picks the first the context has (go.sum,
    /// package-lock.json, requirements.txt, Cargo.lock, pom.xml, …).
    ChangeDependencyManifest {
        path: Option<String>,
    },
    ChangeBuildArg {
        name: String,
        value: String,
    },
    /// The tag now resolves to a new digest; `None` is the target stage's base image.
    NewBaseImageDigest {
        image: Option<String>,
    },
    /// A CI runner with no local cache and no `--cache-from`.
    CleanCiRunner,
    /// A fresh CI runner importing the previous build's cache.
    CiWithCacheFrom {
        mode: CacheFromMode,
    },
    /// `--changed PATH…`: these context paths (files or directories) get new content; unknown
    /// paths are new files.
    ChangedPaths {
        paths: Vec<String>,
    },
    /// `touch`: only the modification time changes.
    TouchFiles {
        paths: Vec<String>,
    },
    /// `chmod +x`: only the mode changes.
    ChmodFiles {
        paths: Vec<String>,
    },
    /// A build secret (`RUN --mount=type=secret,id=…`) has new contents.
    RotateSecret {
        id: String,
    },
    /// The contents of cache mounts changed (e.g. another build filled them).
    CacheMountContentsChanged,
}

impl Scenario {
    /// The CLI's `--scenario NAME` (+ `--changed PATH…`): `nothing`, `edit-source[=PATH]`,
    /// `change-deps[=PATH]`, `build-arg=NAME=VALUE`, `new-base[=IMAGE]`, `clean-ci`,
    /// `ci-inline`, `ci-max`, `touch=PATH`, `chmod=PATH`, `rotate-secret=ID`, `cache-mounts`.
    /// Changed paths alone mean `ChangedPaths`.
    pub fn from_cli(name: Option<&str>, changed: &[String]) -> Result<Scenario, String> {
        let Some(name) = name else {
            return Ok(if changed.is_empty() {
                Scenario::NothingChanged
            } else {
                Scenario::ChangedPaths { paths: changed.to_vec() }
            });
        };
        let (name, value) = match name.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (name, None),
        };
        let paths = |v: Option<String>| v.map(|v| vec![v]).unwrap_or_else(|| changed.to_vec());
        Ok(match name {
            "nothing" | "nothing-changed" => Scenario::NothingChanged,
            "edit-source" => Scenario::EditSourceFile { path: value.or_else(|| changed.first().cloned()) },
            "change-deps" | "change-manifest" => Scenario::ChangeDependencyManifest { path: value },
            "build-arg" => {
                let value = value.ok_or("build-arg needs NAME=VALUE")?;
                let (name, value) = value.split_once('=').ok_or("build-arg needs NAME=VALUE")?;
                Scenario::ChangeBuildArg { name: name.to_owned(), value: value.to_owned() }
            }
            "new-base" | "new-base-digest" => Scenario::NewBaseImageDigest { image: value },
            "clean-ci" => Scenario::CleanCiRunner,
            "ci-inline" => Scenario::CiWithCacheFrom { mode: CacheFromMode::Inline },
            "ci-max" => Scenario::CiWithCacheFrom { mode: CacheFromMode::Max },
            "changed" => Scenario::ChangedPaths { paths: paths(value) },
            "touch" => Scenario::TouchFiles { paths: paths(value) },
            "chmod" => Scenario::ChmodFiles { paths: paths(value) },
            "rotate-secret" => Scenario::RotateSecret { id: value.unwrap_or_default() },
            "cache-mounts" => Scenario::CacheMountContentsChanged,
            other => return Err(format!("unknown scenario `{other}`")),
        })
    }
}

/// One step's verdict in the build after the change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepCache {
    pub stage: usize,
    /// The instruction index (the FROM line for a stage's first row).
    pub instruction: usize,
    pub line: usize,
    pub keyword: Keyword,
    pub status: CacheStatus,
    /// Starts with `hit: `, `miss: ` or `skipped: `.
    pub reason: String,
    /// The step's cache key after the change, for debugging (hex in JSON: a u64 does not fit a
    /// JavaScript number). 0 for skipped stages.
    #[serde(serialize_with = "hex")]
    pub key: u64,
}

fn hex<S: Serializer>(key: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format!("{key:016x}"))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CacheRun {
    /// The scenario in words, with its defaults resolved.
    pub scenario: String,
    /// Context files whose content changed.
    pub changed_files: Vec<String>,
    pub steps: Vec<StepCache>,
    pub hits: usize,
    pub misses: usize,
    pub skipped: usize,
    pub timeline: Timeline,
    /// Assumptions that decided verdicts (e.g. rebuilt compiler outputs are new bytes).
    pub notes: Vec<String>,
}

/// Where cached results come from in the build after the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CacheSource {
    /// The same machine's BuildKit cache: every step of the previous build.
    Local,
    /// Nothing at all.
    Empty,
    /// A fresh machine importing `--cache-from`.
    Remote(CacheFromMode),
}

/// The scenario with its defaults resolved against this context and model.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub description: String,
    pub source: CacheSource,
    pub edits: world::Edits,
    pub build_arg: Option<(String, String)>,
    pub new_digest: Option<String>,
    pub scenario: Scenario,
}

/// Simulates the build before and after `scenario` and explains every step's cache verdict.
/// `options` are the build's own (build args, target, platform); the model is built from them,
/// and again with the changed build arg for `ChangeBuildArg`. Never panics.
pub fn simulate(
    syntax: &Syntax,
    options: &ModelOptions,
    context: &BuildContext,
    ignore: &DockerIgnore,
    scenario: &Scenario,
    hints: &TimingHints,
) -> CacheRun {
    let model = model::build(syntax, options);
    simulate_with_model(&Inputs { syntax, options, model: &model, context, ignore }, scenario, hints)
}

/// A build as the what-if sees it: its text, options, the model of those options, its
/// context and `.dockerignore`.
pub struct Inputs<'a> {
    pub syntax: &'a Syntax,
    pub options: &'a ModelOptions,
    /// `model::build(syntax, options)`.
    pub model: &'a model::Model,
    pub context: &'a BuildContext,
    pub ignore: &'a DockerIgnore,
}

/// [`simulate`] with the model of the build's options already built, as `analyze` has it: the
/// "before" build reuses it, and so does the "after" build unless the scenario changes a build
/// arg.
pub fn simulate_with_model(build: &Inputs, scenario: &Scenario, hints: &TimingHints) -> CacheRun {
    let Rebuild { resolved, after_model, before, after, steps } = rebuild(build, scenario);
    let timeline = timeline::timeline(build.syntax, &after_model, &before, &after, &steps, resolved.source, hints);

    let count = |status| steps.iter().filter(|s| s.status == status).count();
    let mut notes = vec![
        "a RUN step that re-runs is assumed to write new bytes (compiler outputs, downloads and archives are rarely byte-identical); files that a step only copied from unchanged inputs keep their bytes".to_owned(),
    ];
    if build.context.files.iter().any(|f| f.assumed) {
        notes.push("the build context is inferred: its files and sizes are assumptions".to_owned());
    }
    if resolved.source != CacheSource::Local {
        notes.push("a fresh CI runner has no base images: each needed base is pulled (with --push and a full cache hit, BuildKit may skip pulling layers it never unpacks; not simulated)".to_owned());
    }
    CacheRun {
        scenario: resolved.description.clone(),
        changed_files: resolved.edits.changed.iter().cloned().collect(),
        hits: count(CacheStatus::Hit),
        misses: count(CacheStatus::Miss),
        skipped: count(CacheStatus::Skipped),
        steps,
        timeline,
        notes,
    }
}

/// How many steps the scenario's rebuild misses: all a fix's effect compares, so the
/// timeline is not made. `earlier`: the build an edited Dockerfile was made from.
pub(crate) fn misses_with_model(build: &Inputs, scenario: &Scenario, earlier: Option<Earlier>) -> usize {
    misses_and_before(build, scenario, earlier).0
}

/// [`misses_with_model`], and the build before the change, which the builds of edits of this
/// Dockerfile repeat up to their edit.
pub(crate) fn misses_and_before(build: &Inputs, scenario: &Scenario, earlier: Option<Earlier>) -> (usize, BuildBefore) {
    // The verdicts without their reasons (the words are most of `reasons::explain`).
    let Builds { before, after, .. } = builds(build, scenario, earlier);
    let statuses = after.stages.iter().flat_map(|stage| stage.rows.iter().map(move |row| reasons::status(stage, row)));
    (statuses.filter(|status| *status == CacheStatus::Miss).count(), BuildBefore(before))
}

/// A what-if's build before the change (see [`misses_and_before`]).
pub(crate) struct BuildBefore(build::Build);

/// The Dockerfile an edited one was made from, for the edited one's what-if: its model, its
/// build before the change, and how many of its instructions the edit left first
/// (`syntax::EditMap::kept`).
#[derive(Clone, Copy)]
pub(crate) struct Earlier<'a> {
    pub model: &'a model::Model,
    pub before: &'a BuildBefore,
    pub kept: usize,
}

/// The builds before and after a scenario, and each step's verdict.
struct Rebuild<'m> {
    resolved: Resolved,
    after_model: std::borrow::Cow<'m, model::Model>,
    before: build::Build,
    after: build::Build,
    steps: Vec<StepCache>,
}

fn rebuild<'m>(build: &Inputs<'m>, scenario: &Scenario) -> Rebuild<'m> {
    let Builds { resolved, after_model, before, after } = builds(build, scenario, None);
    let steps = reasons::explain(build.syntax, build.model, &after_model, &before, &after, &resolved);
    Rebuild { resolved, after_model, before, after, steps }
}

/// The builds before and after a scenario.
struct Builds<'m> {
    resolved: Resolved,
    after_model: std::borrow::Cow<'m, model::Model>,
    before: build::Build,
    after: build::Build,
}

fn builds<'m>(build: &Inputs<'m>, scenario: &Scenario, earlier: Option<Earlier>) -> Builds<'m> {
    let Inputs { syntax, options, model: before_model, context, ignore } = *build;
    let before_world = world::World::new(context, ignore, syntax.source.len());
    let mut after_world = before_world.clone();
    let mut after_options = options.clone();
    let resolved = resolve(scenario, &syntax.source, before_model, &mut after_world, &mut after_options);
    let after_model = if after_options == *options {
        std::borrow::Cow::Borrowed(before_model)
    } else {
        std::borrow::Cow::Owned(model::build(syntax, &after_options))
    };

    let epoch = |o: &ModelOptions| o.build_args.get("SOURCE_DATE_EPOCH").cloned();
    let (before_epoch, after_epoch) = (epoch(options), epoch(&after_options));
    // The rows of the earlier Dockerfile's build before the edit, when the global ARGs they
    // read are the same: only the Dockerfile itself changed in the context (its size).
    let dockerfile = world::Edits { changed: ["Dockerfile".to_owned()].into(), ..Default::default() };
    let same_globals = |e: &Earlier| e.model.automatic_args == before_model.automatic_args && e.model.global_args == before_model.global_args;
    let earlier = earlier.filter(same_globals);
    let read = earlier.map(|e| build::outputs_read(e.model));
    let text_reference = earlier.zip(read.as_deref()).map(|(e, read)| build::Reference {
        build: &e.before.0,
        edits: &dockerfile,
        edit: Some(build::TextEdit { first_instruction: e.kept, read }),
    });
    let before = build::run(syntax, before_model, &before_world, before_epoch.as_deref(), None, text_reference.as_ref());
    let cache = build::cache_set(&before, before_model, resolved.source);
    // A change to the content of context files only: the build after repeats what reads none.
    let only_edits = resolved.source == CacheSource::Local
        && matches!(after_model, std::borrow::Cow::Borrowed(_))
        && after_world.new_digests.is_empty()
        && after_world.context.files.len() == before_world.context.files.len();
    let reference = only_edits.then_some(build::Reference { build: &before, edits: &resolved.edits, edit: None });
    let after = build::run(
        syntax,
        &after_model,
        &after_world,
        after_epoch.as_deref(),
        Some((cache.as_slice(), resolved.source)),
        reference.as_ref(),
    );
    Builds { resolved, after_model, before, after }
}

fn resolve(
    scenario: &Scenario,
    dockerfile: &str,
    model: &model::Model,
    world: &mut world::World,
    options: &mut ModelOptions,
) -> Resolved {
    let mut edits = world::Edits::default();
    let mut source = CacheSource::Local;
    let mut build_arg = None;
    let mut new_digest = None;
    let list = |paths: &[String]| paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
    let description = match scenario {
        Scenario::NothingChanged => "nothing changed".to_owned(),
        Scenario::EditSourceFile { path } => {
            match path.clone().or_else(|| world.default_source_file(&copied_files(model, world))) {
                Some(path) => {
                    world.edit(&path, &mut edits);
                    format!("edit `{path}`")
                }
                None => "edit a source file (the context has none: nothing changed)".to_owned(),
            }
        }
        Scenario::ChangeDependencyManifest { path } => {
            match path.clone().or_else(|| world.default_manifest(dockerfile)) {
                Some(path) => {
                    world.edit(&path, &mut edits);
                    format!("change the dependency manifest `{path}`")
                }
                None => "change a dependency manifest (the context has none: nothing changed)".to_owned(),
            }
        }
        Scenario::ChangeBuildArg { name, value } => {
            let old = options.build_args.get(name).cloned();
            options.build_args.insert(name.clone(), value.clone());
            build_arg = Some((name.clone(), value.clone()));
            match old {
                Some(old) => format!("--build-arg {name}={value} (was {old})"),
                None => format!("--build-arg {name}={value} (was not set)"),
            }
        }
        Scenario::NewBaseImageDigest { image } => match image.clone().or_else(|| target_base(model)) {
            Some(image) => {
                world.new_digests.insert(image.clone());
                new_digest = Some(image.clone());
                format!("`{image}` resolves to a new digest")
            }
            None => "new base image digest (the target is built on scratch: nothing changed)".to_owned(),
        },
        Scenario::CleanCiRunner => {
            source = CacheSource::Empty;
            "clean CI runner: no local cache, no --cache-from".to_owned()
        }
        Scenario::CiWithCacheFrom { mode } => {
            source = CacheSource::Remote(*mode);
            match mode {
                CacheFromMode::Inline => "fresh CI runner with --cache-from (inline cache: final image layers only)",
                CacheFromMode::Max => "fresh CI runner with --cache-from (mode=max: every stage)",
            }
            .to_owned()
        }
        Scenario::ChangedPaths { paths } => {
            for path in paths {
                world.edit(path, &mut edits);
            }
            format!("changed {}", list(paths))
        }
        Scenario::TouchFiles { paths } => {
            for path in paths {
                world.touch(path, &mut edits);
            }
            format!("touched {} (mtime only)", list(paths))
        }
        Scenario::ChmodFiles { paths } => {
            for path in paths {
                world.chmod(path, &mut edits);
            }
            format!("chmod +x {}", list(paths))
        }
        Scenario::RotateSecret { id } => format!("secret `{id}` rotated (new contents)"),
        Scenario::CacheMountContentsChanged => "cache mounts hold different contents".to_owned(),
    };
    Resolved { description, source, edits, build_arg, new_digest, scenario: scenario.clone() }
}

/// Context files the needed stages copy or bind-mount (for the default file to edit).
fn copied_files(model: &model::Model, world: &world::World) -> std::collections::BTreeSet<String> {
    let mut files = std::collections::BTreeSet::new();
    for step in model.stages.iter().filter(|s| s.needed).flat_map(|s| &s.steps) {
        let sources: Vec<&str> = match &step.expanded {
            model::Expanded::Copy { sources, from: None, .. } => sources.iter().map(String::as_str).collect(),
            model::Expanded::Run { mounts } => mounts
                .iter()
                .filter(|m| m.kind == crate::syntax::mount::MountType::Bind && m.from.is_none())
                .map(|m| m.source.as_deref().unwrap_or("."))
                .collect(),
            _ => Vec::new(),
        };
        for source in sources {
            files.extend(world.select(source).selection.files.iter().cloned());
        }
    }
    files
}

/// The image at the root of the target stage's FROM chain.
fn target_base(model: &model::Model) -> Option<String> {
    let mut index = model.target?;
    for _ in 0..model.stages.len() {
        match &model.stages.get(index)?.base {
            model::Base::Image { reference, .. } => return Some(reference.clone()),
            model::Base::Stage { index: parent, .. } => index = *parent,
            model::Base::Scratch => return None,
        }
    }
    None
}
