//! Size simulation: a virtual filesystem per stage, one layer per step (cache-size-semantics.md
//! §2), RUN recognisers for the commands that decide image size, COPY/ADD from the context or
//! other stages, and the final image with its composition and dive's efficiency numbers.
//!
//! ```
//! use layerlab_engine::{context, model, simulate, syntax};
//! let text = "FROM alpine:3.24\nRUN apk add --no-cache ca-certificates\n";
//! let syntax = syntax::parse(text);
//! let model = model::build(&syntax, &Default::default());
//! let ctx = context::infer(&syntax);
//! let sim = simulate::simulate(&syntax, &model, &ctx, &context::DockerIgnore::parse(""), true);
//! assert!(sim.final_image.uncompressed_bytes > 7_000_000);
//! assert_eq!(sim.steps[0].instruction, "RUN");
//! ```

pub mod classes;
mod copy;
mod image;
mod reuse;
mod run;
pub mod script;
pub mod vfs;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_corpus;
#[cfg(test)]
mod tests_fidelity;
#[cfg(test)]
mod tests_journey;

use std::sync::{Arc, OnceLock};

use serde::Serialize;

pub use classes::{Category, Class};
pub use image::{BaseInfo, Composition, FinalImage};
pub use reuse::{Build, Previous, ResumePoint};
pub use run::StageFacts;
pub use vfs::{Efficiency, Entry, Layer, Vfs};

use crate::context::{self, BuildContext, DockerIgnore};
use crate::model::{Base, Expanded, Model, Stage, State, Step};
use crate::sorting;
use crate::syntax::mount::MountType;
use crate::syntax::{Keyword, Syntax};

/// The result of simulating every stage.
#[derive(Clone, Debug, Serialize)]
pub struct Simulation {
    pub stages: Vec<StageSim>,
    /// Every step of every stage, in file order.
    pub steps: Vec<StepSim>,
    pub final_image: FinalImage,
    /// The RUN scripts, split, by text, when kept ([`simulate_build`]).
    #[serde(skip)]
    pub(crate) scripts: script::Scripts,
}

#[derive(Clone, Debug, Serialize)]
pub struct StageSim {
    pub index: usize,
    pub name: String,
    pub needed: bool,
    pub base: BaseInfo,
    /// All layers of the stage's image: base, ancestor stages, its own steps.
    pub uncompressed_bytes: u64,
    pub compressed_bytes: u64,
    /// Only the stage's own steps.
    pub steps_uncompressed_bytes: u64,
    /// Shared, not copied, by the edited builds that take the stage over.
    #[serde(skip)]
    pub vfs: Arc<Vfs>,
    #[serde(skip)]
    pub facts: Arc<StageFacts>,
    /// Workdir after the last step (for `COPY --from` relative sources).
    #[serde(skip)]
    pub workdir: String,
    /// The state before each step and after the last, when kept ([`simulate_build`]).
    #[serde(skip)]
    pub resume_points: Vec<ResumePoint>,
    /// [`StageSim::efficiency`], once made (shared with the builds that take the stage over).
    #[serde(skip)]
    pub(crate) efficiency: OnceLock<Efficiency>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnknownCommand {
    /// 1-based line in the Dockerfile.
    pub line: usize,
    pub what: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoBinary {
    pub path: String,
    pub static_linked: bool,
}

/// One instruction's layer.
#[derive(Clone, Debug, Serialize)]
pub struct StepSim {
    pub stage: usize,
    pub stage_name: String,
    pub line: usize,
    /// The keyword (`RUN`, `COPY`…); for an ONBUILD trigger, the trigger's keyword.
    pub instruction: &'static str,
    pub layer_uncompressed_bytes: u64,
    pub layer_compressed_bytes: u64,
    pub files_added: usize,
    /// Metadata-only instruction (ENV, LABEL, …): no layer blob (`empty_layer: true`).
    pub empty_layer: bool,
    /// Some size in this step is an assumption or estimate (see `notes`).
    pub estimated: bool,
    /// Some part of this step has an unknown size (not counted; see `unknown_commands`).
    pub unknown: bool,
    pub unknown_commands: Vec<UnknownCommand>,
    /// What was assumed and which DB entries were used, with their sources.
    pub notes: Vec<String>,
    pub go_binaries: Vec<GoBinary>,
    /// Bytes written under `--mount` targets, kept out of the layer.
    pub kept_out_by_mounts_bytes: u64,
    /// Waste this step causes: bytes of lower layers it deletes or overwrites (still in the
    /// image, hidden), plus package-manager/build caches it leaves in its own layer.
    pub waste_bytes: u64,
    /// Of which caches left in this layer.
    pub cache_bytes: u64,
}

/// Simulates every stage of `model`. `context_inferred` marks the context as assumed.
pub fn simulate(
    syntax: &Syntax,
    model: &Model,
    build_context: &BuildContext,
    ignore: &DockerIgnore,
    context_inferred: bool,
) -> Simulation {
    simulate_build(&Build { syntax, model, context: build_context, ignore, context_inferred }, None, Keep::Steps)
}

/// What a simulation keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The final image's two byte counts only (its other fields are left empty, and so are the
    /// steps; stages the target does not need are not simulated): all a fix's effect compares.
    Bytes,
    /// The steps and the final image.
    Steps,
    /// Also the state before each step, so that builds edited from this one resume from it.
    ResumePoints,
}

/// [`simulate`] for a [`Build`]: taking over from `previous` the stages, or first steps of a
/// stage, that read the same (see [`Previous`]), and keeping what `keep` says.
pub fn simulate_build(current: &Build, previous: Option<Previous>, keep: Keep) -> Simulation {
    let keep_resume_points = keep == Keep::ResumePoints;
    let keep_steps = keep != Keep::Bytes;
    let Build { syntax, model, context: build_context, ignore, context_inferred } = *current;
    let previous = previous.filter(|p| p.comparable(current));
    let mut splits = script::Splits {
        earlier: previous.map(|p| &p.simulation.scripts),
        kept: keep_resume_points.then(script::Scripts::default),
    };
    let mut reused = vec![false; model.stages.len()];
    let platform = model.target_platform.format();
    let mut stages: Vec<Option<StageSim>> = vec![None; model.stages.len()];
    let mut steps: Vec<StepSim> = Vec::new();
    let mut order = model.build_order.clone();
    for i in 0..model.stages.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    for &si in &order {
        // Only the stages the target needs make its image.
        if !keep_steps && !model.stages[si].needed {
            continue;
        }
        let resumed = match previous.and_then(|p| p.take_over(current, si, &reused, keep_steps)) {
            Some(reuse::TakeOver::Whole(sim, stage_steps)) => {
                stages[si] = Some(sim);
                if keep_steps {
                    steps.extend(stage_steps.into_iter().cloned());
                }
                reused[si] = true;
                continue;
            }
            Some(reuse::TakeOver::From(resumed)) => Some(resumed),
            None => None,
        };
        let stage = &model.stages[si];
        let (mut vfs, mut facts, base, mut workdir, own_start, first_step, rejoin) = match resumed {
            Some(r) => {
                if keep_steps {
                    steps.extend(r.steps.into_iter().cloned());
                }
                (r.vfs, r.facts, r.base, r.workdir, r.own_start, r.next_step, r.rejoin)
            }
            None => {
                let (vfs, facts, base, workdir) = stage_start(stage, &stages, &platform);
                let own_start = vfs.layers.len();
                (vfs, facts, base, workdir, own_start, 0, None)
            }
        };
        let name = stage.display_name();
        let mut resume_points = Vec::new();
        let mut keep_point = |vfs: &Vfs, facts: &Arc<StageFacts>, workdir: &String| {
            if keep_resume_points {
                resume_points.push(ResumePoint { layers: vfs.layers.len(), facts: Arc::clone(facts), workdir: workdir.clone() });
            }
        };
        let mut rejoined = None;
        for (position, step) in stage.steps.iter().enumerate().skip(first_step) {
            keep_point(&vfs, &facts, &workdir);
            let sim = simulate_step(
                syntax,
                step,
                StepEnv { stage: si, stage_name: &name, model, stages: &stages, context: build_context, ignore, context_inferred, texts_kept: keep_steps },
                &mut vfs,
                &mut facts,
                &mut splits,
            );
            if let Expanded::Workdir { resolved, .. } = &step.expanded {
                workdir = resolved.clone();
            }
            if keep_steps {
                steps.push(sim);
            }
            rejoined = rejoin.as_ref().and_then(|r| r.at(position + 1, &vfs, &facts, &workdir));
            if rejoined.is_some() {
                break;
            }
        }
        if let Some((sim, rest)) = rejoined {
            stages[si] = Some(sim);
            if keep_steps {
                steps.extend(rest.iter().map(|s| (*s).clone()));
            }
            reused[si] = true;
            continue;
        }
        keep_point(&vfs, &facts, &workdir);
        let steps_uncompressed_bytes = vfs.layers[own_start..].iter().map(|layer| layer.uncompressed()).sum();
        stages[si] = Some(StageSim {
            index: si,
            name,
            needed: stage.needed,
            base,
            uncompressed_bytes: vfs.total_bytes(),
            compressed_bytes: vfs.layers.iter().map(|layer| layer.compressed()).sum(),
            steps_uncompressed_bytes,
            vfs: Arc::new(vfs),
            facts,
            workdir,
            resume_points,
            efficiency: OnceLock::new(),
        });
    }
    let stages: Vec<StageSim> = stages.into_iter().flatten().collect();
    let target = model.target.and_then(|t| stages.iter().find(|s| s.index == t));
    if !keep_steps {
        let final_image = image::final_bytes(target);
        return Simulation { stages, steps, final_image, scripts: splits.kept.unwrap_or_default() };
    }
    sorting::sort_by_key(&mut steps, |s| (s.line, s.stage));
    let mut final_image = image::final_image(target);
    // The image holds the target's layers and those of the stages it FROMs.
    let mut chain = Vec::new();
    let mut at = model.target;
    while let Some(i) = at {
        if chain.contains(&i) {
            break;
        }
        chain.push(i);
        at = match &model.stages[i].base {
            Base::Stage { index, .. } => Some(*index),
            _ => None,
        };
    }
    let unknown_steps = steps.iter().filter(|s| s.unknown && chain.contains(&s.stage)).count();
    if unknown_steps > 0 {
        final_image.complete = false;
        final_image.notes.push(format!("{unknown_steps} step(s) have parts of unknown size (not counted): the totals are a lower bound"));
    }
    Simulation { stages, steps, final_image, scripts: splits.kept.unwrap_or_default() }
}

/// What a stage starts from: its base stage's filesystem, facts and workdir, or its image's.
fn stage_start(stage: &Stage, stages: &[Option<StageSim>], platform: &str) -> (Vfs, Arc<StageFacts>, BaseInfo, String) {
    let parent = match &stage.base {
        Base::Stage { index, .. } => stages.get(*index).and_then(Option::as_ref),
        _ => None,
    };
    let reference = match (parent, &stage.base) {
        (Some(parent), _) => {
            let base = BaseInfo { stage: Some(parent.name.clone()), ..parent.base.clone() };
            return (Vfs::clone(&parent.vfs), Arc::clone(&parent.facts), base, parent.workdir.clone());
        }
        (None, Base::Image { reference, .. }) => reference.as_str(),
        _ => "scratch",
    };
    let (vfs, facts, base) = image::stage_base(reference, platform);
    (vfs, facts, base, "/".to_owned())
}

impl StageSim {
    /// dive's numbers for the stage's image (see [`Vfs::efficiency`]), made on demand: only
    /// the target's are shown.
    pub fn efficiency(&self) -> Efficiency {
        self.efficiency.get_or_init(|| self.vfs.efficiency()).clone()
    }
}

/// Everything a step reads besides its stage's filesystem.
#[derive(Clone, Copy)]
struct StepEnv<'a> {
    stage: usize,
    stage_name: &'a str,
    model: &'a Model,
    stages: &'a [Option<StageSim>],
    context: &'a BuildContext,
    ignore: &'a DockerIgnore,
    context_inferred: bool,
    /// The step is kept: its RUN's notes and unknown commands are written out.
    texts_kept: bool,
}

/// RUN commands under PowerShell or cmd are not simulated.
fn windows_shell(state: &State) -> bool {
    state.shell.first().is_some_and(|sh| {
        let sh = sh.to_ascii_lowercase();
        sh.contains("powershell") || sh.contains("pwsh") || sh.ends_with("cmd") || sh.ends_with("cmd.exe")
    })
}

/// Whether [`simulate_step`] sees the same in two states: it reads the workdir, the
/// environment and whether the shell is Windows', not the user or which POSIX shell runs.
fn reads_same_state(a: &State, b: &State) -> bool {
    a.workdir == b.workdir && a.env == b.env && (a.shell == b.shell || windows_shell(a) == windows_shell(b))
}

/// The stage `COPY --from=<from>` copies from: a stage name, else a stage index.
fn source_stage(model: &Model, from: &str) -> Option<usize> {
    model.stage_by_name(from).map(|s| s.index).or_else(|| from.parse::<usize>().ok()).filter(|i| *i < model.stages.len())
}

/// `# layerlab: size=50MB` in the comments above an instruction.
fn annotation(comments: &[String]) -> Option<u64> {
    comments.iter().find_map(|c| {
        let rest = c.trim().strip_prefix("layerlab:")?;
        let v = rest.trim().strip_prefix("size=")?;
        context::parse_size(v.split_whitespace().next()?).ok()
    })
}

/// `facts` are shared (with the base stage, kept resume points): a step that changes them
/// copies them first.
fn simulate_step(
    syntax: &Syntax,
    step: &Step,
    env: StepEnv,
    vfs: &mut Vfs,
    facts: &mut Arc<StageFacts>,
    splits: &mut script::Splits,
) -> StepSim {
    let instruction = &syntax.instructions[step.instruction];
    let mut sim = StepSim {
        stage: env.stage,
        stage_name: env.stage_name.to_owned(),
        line: step.line,
        instruction: step.keyword.as_str(),
        layer_uncompressed_bytes: 0,
        layer_compressed_bytes: 0,
        files_added: 0,
        empty_layer: false,
        estimated: false,
        unknown: false,
        unknown_commands: Vec::new(),
        notes: Vec::new(),
        go_binaries: Vec::new(),
        kept_out_by_mounts_bytes: 0,
        waste_bytes: 0,
        cache_bytes: 0,
    };
    let workdir = step.state.workdir.clone();
    let ann = annotation(&instruction.comments);
    let mut tx = vfs::Tx::new(vfs);
    match (&step.keyword, &step.expanded) {
        (Keyword::Run, _) => {
            let mounts = match &step.expanded {
                Expanded::Run { mounts } => mounts.clone(),
                _ => Vec::new(),
            };
            let mut targets = Vec::new();
            for m in &mounts {
                let target = match (&m.target, m.kind) {
                    (Some(t), _) => Some(copy::abs(&workdir, t)),
                    (None, MountType::Secret) => Some(format!("/run/secrets/{}", m.id.clone().unwrap_or_default())),
                    _ => None,
                };
                if let Some(t) = target {
                    sim.notes.push(format!("--mount=type={:?} at {t}: its contents stay out of the layer", m.kind).to_lowercase());
                    targets.push(t);
                }
            }
            tx.excluded = targets.clone();
            let vars = run::Vars::new(&step.state.env, facts.gopath.clone());
            let facts = Arc::make_mut(facts);
            let (go_binaries, notes, unknown, estimated) = {
                let mut ctx = run::RunCtx {
                    tx: &mut tx,
                    facts,
                    env: run::ScriptEnv::new(vars),
                    workdir: workdir.clone(),
                    go_sum_in_context: env.context.files.iter().any(|f| f.path.ends_with("go.sum")),
                    annotation: ann,
                    mounts: targets,
                    texts_kept: env.texts_kept,
                    notes: Vec::new(),
                    unknown: Vec::new(),
                    estimated: false,
                    go_binaries: Vec::new(),
                };
                if !ctx.facts.has_shell && !instruction.command.json {
                    ctx.note("the base image has no shell: a shell-form RUN fails (BuildKit: /bin/sh not found)");
                }
                if windows_shell(&step.state) {
                    ctx.unknown.push((step.line, "Windows shell (PowerShell/cmd): RUN commands are not simulated".into()));
                } else {
                    for (text, line) in run_texts(syntax, instruction) {
                        run::run_script(&splits.split(&text, syntax.escape), line, &mut ctx);
                    }
                }
                (ctx.go_binaries, ctx.notes, ctx.unknown, ctx.estimated)
            };
            sim.notes.extend(notes);
            sim.estimated = estimated;
            sim.unknown_commands = unknown.into_iter().map(|(line, what)| UnknownCommand { line, what }).collect();
            sim.go_binaries = go_binaries.into_iter().map(|(path, static_linked)| GoBinary { path, static_linked }).collect();
            sim.kept_out_by_mounts_bytes = tx.excluded_bytes;
            if facts.apt_installed.contains("gcc-12") || facts.apt_installed.contains("gcc") {
                facts.c_compiler = true;
            }
        }
        (Keyword::Copy | Keyword::Add, Expanded::Copy { sources, inline, destination, from, .. }) => {
            let outcome = match from {
                Some(from) => {
                    match source_stage(env.model, from).and_then(|i| env.stages[i].as_ref()) {
                        // `--from` sources are relative to the source stage's root, not its WORKDIR.
                        Some(src) => copy::from_stage(&mut tx, &src.vfs, &src.name, sources, destination, &workdir, "/"),
                        None => copy::CopyOutcome {
                            unknown: vec![format!("COPY --from={from}: files of an external image, size unknown")],
                            ..Default::default()
                        },
                    }
                }
                None => copy::from_context(
                    &mut tx,
                    &copy::CopyCtx {
                        context_inferred: env.context_inferred,
                        workdir: &workdir,
                        add: step.keyword == Keyword::Add,
                        annotation: ann,
                    },
                    sources,
                    &copy::context_files(env.context, env.ignore, sources),
                    inline,
                    destination,
                ),
            };
            sim.notes.extend(outcome.notes);
            sim.estimated = outcome.estimated;
            sim.unknown_commands = outcome.unknown.into_iter().map(|what| UnknownCommand { line: step.line, what }).collect();
        }
        (Keyword::Workdir, Expanded::Workdir { resolved, .. }) => {
            if tx.get(resolved).is_none() && !resolved.is_empty() && resolved != "/" {
                // docker history shows e.g. `WORKDIR /actions-runner 1.54 kB` (§2.2).
                tx.write(resolved.as_str(), Entry::new(1_536, Class::Text, Category::Other));
            }
        }
        _ => sim.empty_layer = true,
    }
    let layer = tx.into_layer();
    sim.unknown = !sim.unknown_commands.is_empty();
    if !sim.empty_layer {
        sim.layer_uncompressed_bytes = layer.uncompressed();
        sim.layer_compressed_bytes = layer.compressed();
        sim.files_added = layer.files_added();
        let shadowed: u64 = layer.changes.iter().filter_map(|c| vfs.visible.get(&c.path)).map(|e| e.size).sum();
        sim.cache_bytes = layer
            .changes
            .iter()
            .filter_map(|c| c.entry.as_ref())
            .filter(|e| e.category == Category::Cache)
            .map(|e| e.size)
            .sum();
        sim.waste_bytes = shadowed + sim.cache_bytes;
        vfs.commit(layer);
    }
    sim
}

/// The shell texts of a RUN with the 1-based line each starts on: the command text as written
/// (continuations and comment lines included, for exact lines), or heredoc scripts.
fn run_texts(syntax: &Syntax, instruction: &crate::syntax::Instruction) -> Vec<(String, usize)> {
    let line_of = |offset: usize| syntax.line_index.line_column(&syntax.source, offset).0;
    let Some(cmd) = instruction.shell_command() else { return Vec::new() };
    if !cmd.prepend_shell {
        // Exec form: `["sh", "-c", "…"]` runs a script; otherwise one command.
        let words = &cmd.command_line;
        let shell = words.first().is_some_and(|w| matches!(crate::scan::base_name(w), "sh" | "bash" | "ash"));
        if shell && words.len() >= 3 && words[1].starts_with('-') && words[1].contains('c') {
            return vec![(words[2].clone(), instruction.start_line)];
        }
        let quoted: Vec<String> = words.iter().map(|w| format!("'{}'", w.replace('\'', ""))).collect();
        return vec![(quoted.join(" "), instruction.start_line)];
    }
    let joined = || cmd.command_line.join(" ");
    let starts_with_heredoc = |joined: &str| {
        joined.trim_start().starts_with("<<")
            || (joined.split_whitespace().next().is_some_and(|w| matches!(crate::scan::base_name(w), "sh" | "bash" | "ash"))
                && joined.contains("<<"))
    };
    if !instruction.heredocs.is_empty() && starts_with_heredoc(&joined()) {
        return instruction.heredocs.iter().map(|h| (h.content.clone(), line_of(h.body_span.start))).collect();
    }
    // The raw text from the first argument to the end of the command (before heredoc bodies).
    let Some(first) = instruction.command.args.first() else { return Vec::new() };
    let start = first.span.start;
    let end = instruction.heredocs.first().map_or(instruction.span.end, |h| h.body_span.start).max(start);
    let raw = syntax.source.get(start..end).map_or_else(joined, str::to_owned);
    vec![(raw, line_of(start))]
}
