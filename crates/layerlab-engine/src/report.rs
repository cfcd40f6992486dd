//! The single entry point: [`analyze`] turns an [`Input`] into a [`Report`].
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::context::{self, BuildContext, DockerIgnore};
use crate::model::{self, Base, EdgeKind, ModelOptions, Node};
use crate::cache::{self, CacheRun, Scenario, TimingHints};
use crate::rules::{self, Finding, RuleContext};
use crate::alternatives::{self, AlternativeBase};
use crate::effects;
use crate::simulate::{self, BaseInfo, FinalImage, GoBinary, Keep, Previous, UnknownCommand};
use crate::syntax::{self, Diagnostic};

/// Everything the engine needs to analyse one build.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Input {
    pub dockerfile: String,
    /// The `.dockerignore` text; `None` when the context has none.
    pub dockerignore: Option<String>,
    /// The build context as `path size [version]` lines; `None` infers one from the Dockerfile.
    pub context: Option<String>,
    /// `--build-arg NAME=value`.
    pub build_args: BTreeMap<String, String>,
    /// `--target`; `None` builds the last stage.
    pub target: Option<String>,
    /// `--platform`; `None` is `linux/amd64`.
    pub platform: Option<String>,
    /// The what-if change (`--scenario`, see [`Scenario::from_cli`]); `None` is `edit-source`.
    pub scenario: Option<String>,
    /// `--changed PATH`: context files that changed.
    pub changed: Vec<String>,
    /// Skip measuring each fix's effect (one more analysis per fix), e.g. on every keystroke.
    pub skip_effects: bool,
}

impl Input {
    /// The same build with another Dockerfile text (an edit's), its effects not measured.
    pub(crate) fn edited(&self, dockerfile: String) -> Input {
        Input {
            dockerfile,
            dockerignore: self.dockerignore.clone(),
            context: self.context.clone(),
            build_args: self.build_args.clone(),
            target: self.target.clone(),
            platform: self.platform.clone(),
            scenario: self.scenario.clone(),
            changed: self.changed.clone(),
            skip_effects: true,
        }
    }

    /// The model's options for this build: its build args, target and platform.
    pub fn model_options(&self) -> ModelOptions {
        let mut options =
            ModelOptions { build_args: self.build_args.clone(), target: self.target.clone(), ..Default::default() };
        if let Some(platform) = &self.platform {
            options.target_platform = platform.clone();
        }
        options
    }
}

/// The result of one analysis: one value that the UI, the CLI and tests read.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub instruction_count: usize,
    pub stage_count: usize,
    /// Parser diagnostics, then the model's (dispatch-phase) ones.
    pub diagnostics: Vec<Diagnostic>,
    pub stages: Vec<StageSummary>,
    pub model: ModelSummary,
    pub context: ContextSummary,
    /// The target image: size, composition, dive's efficiency and wasted bytes.
    pub final_image: FinalImage,
    /// The what-if rebuild: hit/miss per step with reasons, and the timeline.
    pub cache: CacheRun,
    /// What the rules found, with fixes (pragmas applied).
    pub findings: Vec<Finding>,
    /// Every instruction after a FROM, in file order, with its layer.
    pub steps: Vec<StepReport>,
    /// The shipped image on smaller bases, each measured (only when effects are measured).
    pub alternatives: Vec<AlternativeBase>,
}

/// One step (CLI contract: `stage`, `line`, `instruction`, `layer_uncompressed_bytes`,
/// `layer_compressed_bytes`, `cache`, `reason`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StepReport {
    /// The stage's name (`AS` name or `stage-N`).
    pub stage: String,
    pub stage_index: usize,
    /// 1-based line of the instruction.
    pub line: usize,
    /// The keyword, e.g. `RUN`.
    pub instruction: &'static str,
    pub layer_uncompressed_bytes: u64,
    pub layer_compressed_bytes: u64,
    /// `hit` | `miss` | `skipped`.
    pub cache: &'static str,
    pub reason: String,
    pub files_added: usize,
    /// Metadata-only instruction: no layer.
    pub empty_layer: bool,
    /// Some size is an assumption or estimate.
    pub estimated: bool,
    /// What was assumed and which size-DB entries were used, with their sources.
    pub estimate: Vec<String>,
    /// Some part has an unknown size (not counted).
    pub unknown: bool,
    pub unknown_commands: Vec<UnknownCommand>,
    pub go_binaries: Vec<GoBinary>,
    pub kept_out_by_mounts_bytes: u64,
    /// Bytes of lower layers this step hides (deletes/overwrites) + caches it leaves.
    pub waste_bytes: u64,
    pub cache_bytes: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StageSummary {
    /// `AS` name, or BuildKit's `stage-N`.
    pub name: String,
    pub index: usize,
    /// The image reference (expanded), the base stage's name, or `scratch`.
    pub base: String,
    /// `image`, `stage` or `scratch`.
    pub base_kind: &'static str,
    /// Built for the target (BuildKit skips the others).
    pub needed: bool,
    pub is_target: bool,
    pub line: usize,
    pub depends_on: Vec<usize>,
    /// ARG names the stage declares (and inherits from its base stage): what `--build-arg` can change.
    pub args: Vec<String>,
    /// All layers of the stage's image (base, ancestor stages, own steps).
    pub uncompressed_bytes: u64,
    pub compressed_bytes: u64,
    /// The image the stage starts from: its size, layers and where the numbers come from.
    pub base_image: BaseInfo,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ModelSummary {
    pub target: Option<String>,
    pub target_platform: String,
    pub build_platform: String,
    pub global_args: Vec<GlobalArgSummary>,
    pub edges: Vec<EdgeSummary>,
    pub build_order: Vec<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GlobalArgSummary {
    pub name: String,
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeSummary {
    pub stage: usize,
    pub kind: EdgeKind,
    /// A stage name, or an image reference when `image` is true.
    pub source: String,
    pub image: bool,
    pub line: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ContextSummary {
    /// No context description was given: files and sizes are inferred assumptions.
    pub inferred: bool,
    pub files: usize,
    pub total_bytes: u64,
    /// What the `.dockerignore` lets through (what `COPY . .` copies).
    pub sent_bytes: u64,
    pub problems: Vec<InputProblem>,
}

/// A problem in an input other than the Dockerfile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputProblem {
    /// `.dockerignore` or `context`.
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

/// Analyses a build; each fix's effect is measured by analysing the fixed text too.
pub fn analyze(input: &Input) -> Report {
    if input.skip_effects {
        return analyze_without_effects(input);
    }
    measured(input, true)
}

/// The findings of [`analyze`], each fix's effect measured, without the smaller bases it also
/// measures (what `layerlab check` prints).
pub fn findings(input: &Input) -> Vec<Finding> {
    if input.skip_effects {
        return analyze_without_effects(input).findings;
    }
    let measurer = effects::Measurer::new(input);
    let mut findings = measurer.findings();
    measurer.measure(&mut findings);
    findings
}

/// The build an input's fixes are measured against, how many steps its what-if rebuild misses
/// and the what-if's build before the change: only what the effects compare (no timeline,
/// reasons or summaries).
pub(crate) fn baseline_build(input: &Input) -> (Simulated, usize, cache::BuildBefore) {
    let build = simulated_with(input, None, Keep::ResumePoints);
    let scenario = scenario(input).unwrap_or(Scenario::NothingChanged);
    let (misses, before) = cache::misses_and_before(&build.cache_inputs(), &scenario, None);
    (build, misses, before)
}

fn measured(input: &Input, with_alternatives: bool) -> Report {
    // The edited builds take over what they share with this one (see `simulate::Previous`).
    let mut build = simulated_with(input, None, Keep::ResumePoints);
    let steps = build.simulation.steps.clone();
    let mut report = report_of(input, &mut build);
    build.simulation.steps = steps;
    let original = build.previous(input);
    let baseline = effects::Baseline { image: &report.final_image, misses: report.cache.misses, cache_before: None };
    effects::measure(input, &mut report.findings, baseline, Some(original));
    if with_alternatives {
        report.alternatives = alternatives::alternatives_reusing(input, &report, Some(original));
    }
    report
}

/// Everything but the fixes' effects.
pub fn analyze_without_effects(input: &Input) -> Report {
    report_of(input, &mut simulated_with(input, None, Keep::Steps))
}

/// The report of a simulated build (whose steps and final image it takes).
fn report_of(input: &Input, build: &mut Simulated) -> Report {
    let cache_run = what_if(input, build);
    let problems = std::mem::take(&mut build.problems);
    let final_image = std::mem::take(&mut build.simulation.final_image);
    let simulation_steps = std::mem::take(&mut build.simulation.steps);
    let Simulated { syntax, model, ignore, build_context, simulation, .. } = &*build;

    let display = |index: usize| model.stages[index].display_name();
    let mut stages: Vec<StageSummary> = model
        .stages
        .iter()
        .map(|stage| {
            let (base, base_kind) = match &stage.base {
                Base::Image { reference, .. } => (reference.clone(), "image"),
                Base::Stage { index, .. } => (display(*index), "stage"),
                Base::Scratch => ("scratch".to_owned(), "scratch"),
            };
            StageSummary {
                name: stage.display_name(),
                index: stage.index,
                base,
                base_kind,
                needed: stage.needed,
                is_target: stage.is_target,
                line: syntax.instructions[stage.instruction].start_line,
                depends_on: stage.depends_on.clone(),
                args: stage.declared_args.clone(),
                uncompressed_bytes: 0,
                compressed_bytes: 0,
                base_image: BaseInfo::default(),
            }
        })
        .collect();
    let edges = model
        .edges
        .iter()
        .map(|edge| {
            let (source, image) = match &edge.source {
                Node::Stage(index) => (display(*index), false),
                Node::Image(reference) => (reference.clone(), true),
            };
            let line = syntax.instructions[edge.instruction].start_line;
            EdgeSummary { stage: edge.stage, kind: edge.kind, source, image, line }
        })
        .collect();
    let summary = ModelSummary {
        target: model.target.map(display),
        target_platform: model.target_platform.format(),
        build_platform: model.build_platform.format(),
        global_args: model
            .global_args
            .iter()
            .map(|a| GlobalArgSummary { name: a.name.clone(), value: a.value.clone() })
            .collect(),
        edges,
        build_order: model.build_order.clone(),
    };
    for sim in &simulation.stages {
        if let Some(summary) = stages.get_mut(sim.index) {
            summary.uncompressed_bytes = sim.uncompressed_bytes;
            summary.compressed_bytes = sim.compressed_bytes;
            summary.base_image = sim.base.clone();
        }
    }
    let steps = simulation_steps
        .into_iter()
        .map(|s| {
            let needed = model.stages.get(s.stage).is_some_and(|st| st.needed);
            StepReport {
                stage: s.stage_name,
                stage_index: s.stage,
                line: s.line,
                instruction: s.instruction,
                layer_uncompressed_bytes: s.layer_uncompressed_bytes,
                layer_compressed_bytes: s.layer_compressed_bytes,
                cache: cache_status(&cache_run, s.stage, s.line, needed),
                reason: cache_run
                    .steps
                    .iter()
                    .find(|c| c.stage == s.stage && c.line == s.line)
                    .map(|c| c.reason.clone())
                    .unwrap_or_default(),
                files_added: s.files_added,
                empty_layer: s.empty_layer,
                estimated: s.estimated,
                estimate: s.notes,
                unknown: s.unknown,
                unknown_commands: s.unknown_commands,
                go_binaries: s.go_binaries,
                kept_out_by_mounts_bytes: s.kept_out_by_mounts_bytes,
                waste_bytes: s.waste_bytes,
                cache_bytes: s.cache_bytes,
            }
        })
        .collect();
    let context = ContextSummary {
        inferred: input.context.is_none(),
        files: build_context.files.len(),
        total_bytes: build_context.total_bytes(),
        sent_bytes: build_context.sent(ignore).bytes,
        problems,
    };

    let findings = build.findings(input);
    let mut diagnostics = syntax.diagnostics.clone();
    diagnostics.extend(model.diagnostics.iter().cloned());
    Report {
        instruction_count: syntax.instructions.len(),
        stage_count: syntax.instructions.iter().filter(|i| i.is(syntax::Keyword::From)).count(),
        diagnostics,
        stages,
        model: summary,
        context,
        final_image,
        cache: cache_run,
        findings,
        steps,
        alternatives: Vec::new(),
    }
}

/// The final image of an edited build and how many steps its what-if rebuild misses: all a
/// fix's effect compares, so the rules and the report's summaries are not made, and of the
/// final image only its byte counts ([`Keep::Bytes`]). `cache_before`: the what-if's build
/// before the change of `previous`, whose rows before the edit the edited build repeats.
pub(crate) fn measure_build(input: &Input, previous: Option<Previous>, cache_before: Option<&cache::BuildBefore>) -> (FinalImage, usize) {
    let build = simulated_with(input, previous, Keep::Bytes);
    // A scenario that cannot be read changes nothing (the report says why).
    let scenario = scenario(input).unwrap_or(Scenario::NothingChanged);
    let earlier = previous.zip(cache_before).zip(build.syntax.edit).map(|((previous, before), edit)| cache::Earlier {
        model: previous.build.model,
        before,
        kept: edit.kept,
    });
    let misses = cache::misses_with_model(&build.cache_inputs(), &scenario, earlier);
    (build.simulation.final_image, misses)
}

/// The final image of an edited build (no what-if, no rules).
pub(crate) fn final_image(input: &Input, previous: Option<Previous>) -> FinalImage {
    simulated_with(input, previous, Keep::Steps).simulation.final_image
}

/// The final image of `original`'s build with stage `stage` on the image `reference`: the
/// edit of that FROM's image word (to a text of `dockerfile_len` bytes) leaves everything else
/// the simulation reads as it was, so the edited text is not parsed and modelled again.
/// `None` when `reference` names an earlier stage (the FROM would then start from it).
pub(crate) fn final_image_on_base(original: Previous, stage: usize, reference: &str, dockerfile_len: usize) -> Option<FinalImage> {
    let build = original.build;
    if build.model.stages[..stage.min(build.model.stages.len())].iter().any(|s| s.name.as_deref() == Some(reference)) {
        return None;
    }
    let mut model = build.model.clone();
    model.stages.get_mut(stage)?.base = match reference {
        "scratch" => Base::Scratch,
        _ => Base::Image { reference: reference.to_owned(), raw: reference.to_owned() },
    };
    let resized;
    let context = if build.context_inferred {
        resized = context::with_dockerfile_len(build.context, dockerfile_len);
        &resized
    } else {
        build.context
    };
    let edited = simulate::Build { model: &model, context, ..build };
    Some(simulate::simulate_build(&edited, Some(original), Keep::Steps).final_image)
}

/// A build parsed, modelled and simulated, with the problems its other inputs have.
pub(crate) struct Simulated {
    pub(crate) syntax: syntax::Syntax,
    options: ModelOptions,
    model: model::Model,
    ignore: DockerIgnore,
    build_context: BuildContext,
    problems: Vec<InputProblem>,
    pub(crate) simulation: simulate::Simulation,
}

impl Simulated {
    fn cache_inputs(&self) -> cache::Inputs<'_> {
        cache::Inputs {
            syntax: &self.syntax,
            options: &self.options,
            model: &self.model,
            context: &self.build_context,
            ignore: &self.ignore,
        }
    }

    /// The rules' findings (effects not measured).
    pub(crate) fn findings(&self, input: &Input) -> Vec<Finding> {
        let given_ignore = input.dockerignore.as_ref().map(|_| &self.ignore);
        rules::check(&RuleContext::new(&self.syntax, &self.model, &self.build_context, given_ignore))
    }

    /// This build as the one an edited build is simulated against.
    pub(crate) fn previous(&self, input: &Input) -> Previous<'_> {
        let build = simulate::Build {
            syntax: &self.syntax,
            model: &self.model,
            context: &self.build_context,
            ignore: &self.ignore,
            context_inferred: input.context.is_none(),
        };
        Previous { build, simulation: &self.simulation }
    }
}

/// Parses, models and simulates `input`, taking over from `previous` what it shares with the
/// build it was edited from, and keeping what `keep` says (with the resume points, the parse
/// keeps its own too).
pub(crate) fn simulated_with(input: &Input, previous: Option<Previous>, keep: Keep) -> Simulated {
    let syntax = match previous {
        // An edited build is only measured: its parse's diagnostics are not read.
        Some(previous) => syntax::parse_edited_unchecked(previous.build.syntax, &input.dockerfile),
        None if keep == Keep::ResumePoints => syntax::parse_for_edits(&input.dockerfile),
        None => syntax::parse(&input.dockerfile),
    };
    let options = input.model_options();
    // An edited input has the options of the one it was edited from (`Input::edited`).
    let model = match previous {
        Some(previous) => model::build_edited(&syntax, &options, previous.build.model),
        None => model::build(&syntax, &options),
    };

    let mut problems = Vec::new();
    let ignore = DockerIgnore::parse(input.dockerignore.as_deref().unwrap_or(""));
    problems.extend(ignore.problems.iter().map(|p| InputProblem {
        file: ".dockerignore",
        line: p.line,
        message: p.message.clone(),
    }));
    let build_context = match &input.context {
        Some(text) => {
            let (build_context, context_problems) = BuildContext::parse(text);
            problems.extend(context_problems.into_iter().map(|p| InputProblem {
                file: "context",
                line: p.line,
                message: p.message,
            }));
            build_context
        }
        // An edit that leaves what the inference reads alone only resizes the Dockerfile.
        None => match previous.filter(|p| p.build.context_inferred && context::reads_the_same(p.build.syntax, &syntax)) {
            Some(previous) => context::with_dockerfile_len(previous.build.context, syntax.source.len()),
            None => context::infer(&syntax),
        },
    };
    let build = simulate::Build {
        syntax: &syntax,
        model: &model,
        context: &build_context,
        ignore: &ignore,
        context_inferred: input.context.is_none(),
    };
    let simulation = simulate::simulate_build(&build, previous, keep);
    Simulated { syntax, options, model, ignore, build_context, problems, simulation }
}

/// The what-if rebuild of the input's scenario; a scenario that cannot be read is one more
/// problem (and nothing changes).
fn what_if(input: &Input, build: &mut Simulated) -> CacheRun {
    let scenario = match scenario(input) {
        Ok(scenario) => scenario,
        Err(message) => {
            build.problems.push(InputProblem { file: "scenario", line: 0, message });
            Scenario::NothingChanged
        }
    };
    // Real layer sizes make the timeline's download and copy times better than defaults.
    let mut hints = TimingHints::default();
    for step in &build.simulation.steps {
        if let Some(index) = build.syntax.instructions.iter().position(|i| i.start_line == step.line) {
            hints.step_bytes.insert(index, step.layer_compressed_bytes);
        }
    }
    cache::simulate_with_model(&build.cache_inputs(), &scenario, &hints)
}

/// The input's what-if scenario (`edit-source` when none is given).
fn scenario(input: &Input) -> Result<Scenario, String> {
    Scenario::from_cli(Some(input.scenario.as_deref().unwrap_or("edit-source")), &input.changed)
}

/// The cache verdict of one step (`skipped` for stages the target does not need).
fn cache_status(run: &CacheRun, stage: usize, line: usize, needed: bool) -> &'static str {
    match run.steps.iter().find(|c| c.stage == stage && c.line == line) {
        Some(step) => step.status.as_str(),
        None if needed => "miss",
        None => "skipped",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_carries_stages_and_model_diagnostics() {
        let input = Input {
            dockerfile: "FROM golang:1.22 AS build\nRUN go build -o /app\nFROM alpine AS unused\nFROM scratch\nCOPY --from=build /app /app\nENV X=${MISSING?no}\n".into(),
            dockerignore: Some(".git\n!\n".into()),
            ..Default::default()
        };
        let report = analyze(&input);
        let json = serde_json::to_value(&report).unwrap();
        let names: Vec<&str> = json["stages"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["build", "unused", "stage-2"]);
        assert_eq!(json["stages"][0]["base"], "golang:1.22");
        assert_eq!(json["stages"][1]["needed"], false);
        assert_eq!(json["stages"][2]["needed"], true);
        assert_eq!(report.model.target.as_deref(), Some("stage-2"));
        assert!(report.diagnostics.iter().any(|d| d.code == "expand-failed" && d.line == 6));
        assert!(report.context.inferred && report.context.sent_bytes < report.context.total_bytes);
        assert_eq!(
            report.context.problems,
            [InputProblem { file: ".dockerignore", line: 2, message: "illegal exclusion pattern: \"!\"".into() }]
        );
    }

    #[test]
    fn report_has_the_cli_size_contract() {
        let input = Input {
            dockerfile: "FROM golang:1-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nFROM alpine:3.24 AS unused\nRUN apk add --no-cache curl\nFROM scratch\nCOPY --from=build /app /app\n".into(),
            context: Some("go.mod 1k\ngo.sum 10k\nmain.go 5k\n".into()),
            ..Default::default()
        };
        let json = serde_json::to_value(analyze(&input)).unwrap();
        assert!(json["final_image"]["uncompressed_bytes"].as_u64().unwrap() > 6_000_000);
        assert!(json["final_image"]["compressed_bytes"].as_u64().unwrap() > 2_000_000);
        assert!(json["final_image"]["efficiency"].as_f64().is_some());
        assert!(json["final_image"]["wasted_bytes"].as_u64().is_some());
        assert!(json["final_image"]["composition"]["application"].as_u64().unwrap() > 6_000_000);
        assert!(json["stages"][0]["uncompressed_bytes"].as_u64().unwrap() > 700_000_000);
        let steps = json["steps"].as_array().unwrap();
        let first = &steps[0];
        for key in ["stage", "line", "instruction", "layer_uncompressed_bytes", "layer_compressed_bytes", "cache", "reason", "files_added", "estimate", "unknown"] {
            assert!(first.get(key).is_some(), "{key}");
        }
        assert_eq!((first["stage"].as_str(), first["line"].as_u64(), first["instruction"].as_str()), (Some("build"), Some(2), Some("WORKDIR")));
        let unused = steps.iter().find(|s| s["stage"] == "unused").unwrap();
        assert_eq!(unused["cache"], "skipped");
        assert_eq!(steps.last().unwrap()["cache"], "miss");
    }

    #[test]
    fn stages_list_the_args_a_build_arg_can_change() {
        let input = Input { dockerfile: "ARG V=1\nFROM alpine AS base\nARG V\nARG MODE=dev\nFROM base\nARG EXTRA\n".into(), ..Default::default() };
        let report = analyze(&input);
        assert_eq!(report.stages[0].args, ["V", "MODE"]);
        assert_eq!(report.stages[1].args, ["V", "MODE", "EXTRA"]);
        assert_eq!(report.model.global_args[0].name, "V");
    }

    #[test]
    fn input_fields_are_optional_in_json() {
        let input: Input = serde_json::from_str(r#"{"dockerfile":"FROM alpine\n","build_args":{"A":"1"}}"#).unwrap();
        assert_eq!(input.build_args["A"], "1");
        assert_eq!(input.target, None);
    }

    /// An edited build's what-if repeats the rows of the earlier build before the edit only
    /// where that is what building them gives: edits after a `COPY . .` (which reads the
    /// Dockerfile, now of another size), edits that make a stage's output read by `--from`,
    /// edits of a stage another is built FROM, steps added at a stage's end.
    #[test]
    fn edited_builds_miss_what_they_miss_alone() {
        let base = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\nFROM build AS test\nRUN go test ./...\nFROM alpine:3.20 AS tools\nRUN apk add curl\nFROM alpine:3.20\nCOPY --from=build /app /app\nCMD [\"/app\"]\n";
        let edits = [
            base.replace("CMD", "COPY --from=tools /usr/bin/curl /usr/bin/curl\nCMD"),
            base.replace("RUN go test ./...", "RUN go test -race ./..."),
            base.replace("RUN go build -o /app .", "RUN CGO_ENABLED=0 go build -o /app ."),
            base.replace("RUN apk add curl", "RUN apk add --no-cache curl"),
            base.replace("CMD [\"/app\"]", "USER nobody\nCMD [\"/app\"]"),
            base.replace("FROM build AS test", "FROM build AS test\nENV X=1"),
            base.replace("FROM alpine:3.20\nCOPY --from=build", "FROM build AS final\nCOPY --from=build"),
        ];
        // A stage the last one is built FROM becomes one whose output it copies too.
        let chain = "FROM alpine:3.20 AS base\nRUN apk add curl\nCOPY . /src\nFROM base AS final\nRUN echo done\n";
        let copies = chain.replace("RUN echo done", "COPY --from=base /usr/bin/curl /c\nRUN echo done");
        let cases = edits.iter().map(|edit| (base, edit.as_str())).chain([(chain, copies.as_str())]);
        for (text, edit) in cases {
            let input = Input { dockerfile: text.into(), ..Default::default() };
            let original = simulated_with(&input, None, Keep::ResumePoints);
            let (_, before) = cache::misses_and_before(&original.cache_inputs(), &scenario(&input).unwrap(), None);
            let edited = input.edited(edit.to_owned());
            let taken_over = measure_build(&edited, Some(original.previous(&input)), Some(&before));
            let alone = measure_build(&edited, None, None);
            assert_eq!(taken_over.1, alone.1, "{edit}");
            assert_eq!(taken_over.0.compressed_bytes, alone.0.compressed_bytes, "{edit}");
        }
    }
}
