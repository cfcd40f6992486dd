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
fn copy_over_an_earlier_file_copies_it_again() {
    let sim = stage_with_context("alpine:3.24", "COPY app.bin /app/app.bin\nCOPY app.bin /app/app.bin", "app.bin 10MB\n");
    assert_eq!(run_layer(&sim, 2).0, 10_000_000);
    assert_eq!(run_layer(&sim, 2).1.waste_bytes, 10_000_000);
    let eff = sim.stages[0].efficiency();
    assert_eq!((eff.wasted_bytes, eff.reclaimable_bytes), (20_000_000, 10_000_000));
    assert_eq!(sim.final_image.composition.shadowed, 10_000_000);
}

#[test]
fn copy_from_stage_uses_the_source_root_and_dockerignore_applies() {
    let sim = sim_text(
        "FROM alpine:3.24 AS a\nWORKDIR /w\nCOPY . .\nFROM scratch\nCOPY --from=a /w/main.go /main.go\nCOPY --from=a w /w2/\n",
        Some("main.go 4k\nnode_modules/x.js 1M\n"),
    );
    let copied: Vec<u64> = sim.steps.iter().filter(|s| s.stage == 1).map(|s| s.layer_uncompressed_bytes).collect();
    // The directory entry WORKDIR created (1,536 bytes) comes along with `w`.
    assert_eq!(copied, [4_000, 1_005_536]);
    let syntax = crate::syntax::parse("FROM alpine:3.24\nCOPY . /app\n");
    let model = model::build(&syntax, &Default::default());
    let ctx = BuildContext::parse("main.go 4k\nnode_modules/x.js 1M\n").0;
    let sim = simulate(&syntax, &model, &ctx, &DockerIgnore::parse("node_modules\n"), false);
    assert_eq!(sim.steps[0].layer_uncompressed_bytes, 4_000);
}

#[test]
fn heredoc_run_and_exec_form() {
    let sim = stage_with("alpine:3.24", "RUN <<EOF\napk add --no-cache ca-certificates\nfrobnicate\nEOF\nRUN [\"sh\", \"-c\", \"mkdir /x && frob2\"]");
    let (_, s1) = run_layer(&sim, 1);
    assert!(s1.unknown_commands.iter().any(|u| u.line == 4 && u.what.contains("frobnicate")), "{:?}", s1.unknown_commands);
    let (_, s2) = run_layer(&sim, 2);
    assert!(s2.unknown_commands.iter().any(|u| u.what.contains("frob2")));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]
    /// Whatever a RUN line holds, the simulation never panics and a layer is never negative.
    #[test]
    fn arbitrary_run_text_never_panics(text in "[ -~\t\\\\$'\"(){}|&;<>*]{0,160}") {
        let sim = stage_with("debian:bookworm", &format!("WORKDIR /w\nRUN {text}\nCOPY --from=0 {text} /x"));
        proptest::prop_assert!(sim.final_image.uncompressed_bytes >= sim.stages[0].base.uncompressed_bytes.unwrap_or(0));
    }
}
