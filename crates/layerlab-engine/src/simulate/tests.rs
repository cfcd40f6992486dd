//! Shared helpers for the simulation tests.
use super::{simulate, Simulation, StepSim};
use crate::context::{self, BuildContext, DockerIgnore};
use crate::model;
use crate::syntax;

/// Simulates `FROM base` + `body` with an inferred context.
pub fn stage_with(base: &str, body: &str) -> Simulation {
    sim_text(&format!("FROM {base}\n{body}\n"), None)
}

/// Simulates `FROM base` + `body` with `context` as `path size` lines.
pub fn stage_with_context(base: &str, body: &str, context: &str) -> Simulation {
    sim_text(&format!("FROM {base}\n{body}\n"), Some(context))
}

pub fn sim_text(text: &str, context: Option<&str>) -> Simulation {
    let syntax = syntax::parse(text);
    let model = model::build(&syntax, &Default::default());
    let (ctx, inferred) = match context {
        Some(c) => (BuildContext::parse(c).0, false),
        None => (context::infer(&syntax), true),
    };
    simulate(&syntax, &model, &ctx, &DockerIgnore::parse(""), inferred)
}

/// The n-th step (1-based, FROM not counted): its layer bytes and the step.
pub fn run_layer(sim: &Simulation, n: usize) -> (u64, StepSim) {
    let step = sim.steps[n - 1].clone();
    (step.layer_uncompressed_bytes, step)
}

#[test]
fn metadata_instructions_are_empty_layers() {
    let sim = stage_with("alpine:3.24", "ENV A=1\nLABEL x=y\nEXPOSE 80\nUSER nobody\nCMD [\"sh\"]\nWORKDIR /app");
    let empty: Vec<bool> = sim.steps.iter().map(|s| s.empty_layer).collect();
    assert_eq!(empty, [true, true, true, true, true, false]);
    assert!(sim.steps[5].layer_uncompressed_bytes > 0 && sim.steps[5].layer_uncompressed_bytes < 4096);
}

#[test]
fn unknown_base_is_flagged_not_zero() {
    let sim = stage_with("example.com/nobody/unknown-image:1", "RUN true");
    assert!(!sim.final_image.base.known);
    assert!(!sim.final_image.complete);
    assert!(sim.final_image.notes.iter().any(|n| n.contains("not in the size DB")));
}

#[test]
fn only_from_chain_counts_in_the_final_image() {
    let ctx = "go.mod 1k\ngo.sum 20k\nmain.go 4k\n";
    let sim = sim_text(
        "FROM golang:1-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n",
        Some(ctx),
    );
    assert_eq!(sim.final_image.uncompressed_bytes, 10_070_954);
    assert_eq!(sim.final_image.composition.application, 10_070_954);
    assert_eq!(sim.final_image.compressed_bytes, 5_478_876);
    assert!(sim.final_image.complete);
}

#[test]
fn heredoc_run_and_exec_form() {
    let sim = stage_with("alpine:3.24", "RUN <<EOF\napk add --no-cache ca-certificates\nfrobnicate\nEOF\nRUN [\"sh\", \"-c\", \"mkdir /x && frob2\"]");
    let (_, s1) = run_layer(&sim, 1);
    assert!(s1.unknown_commands.iter().any(|u| u.line == 4 && u.what.contains("frobnicate")), "{:?}", s1.unknown_commands);
    let (_, s2) = run_layer(&sim, 2);
    assert!(s2.unknown_commands.iter().any(|u| u.what.contains("frob2")));
}
