//! The single entry point: [`analyze`] turns an [`Input`] into a [`Report`].
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::context::{self, BuildContext, DockerIgnore};
use crate::model::{self, Base, EdgeKind, ModelOptions, Node};
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

pub fn analyze(input: &Input) -> Report {
    let syntax = syntax::parse(&input.dockerfile);
    let mut options =
        ModelOptions { build_args: input.build_args.clone(), target: input.target.clone(), ..Default::default() };
    if let Some(platform) = &input.platform {
        options.target_platform = platform.clone();
    }
    let model = model::build(&syntax, &options);

    let display = |index: usize| model.stages[index].display_name();
    let stages = model
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
        None => context::infer(&syntax),
    };
    let context = ContextSummary {
        inferred: input.context.is_none(),
        files: build_context.files.len(),
        total_bytes: build_context.total_bytes(),
        sent_bytes: build_context.sent(&ignore).bytes,
        problems,
    };

    let mut diagnostics = syntax.diagnostics.clone();
    diagnostics.extend(model.diagnostics.iter().cloned());
    Report {
        instruction_count: syntax.instructions.len(),
        stage_count: syntax.instructions.iter().filter(|i| i.is(syntax::Keyword::From)).count(),
        diagnostics,
        stages,
        model: summary,
        context,
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
    fn input_fields_are_optional_in_json() {
        let input: Input = serde_json::from_str(r#"{"dockerfile":"FROM alpine\n","build_args":{"A":"1"}}"#).unwrap();
        assert_eq!(input.build_args["A"], "1");
        assert_eq!(input.target, None);
    }
}
