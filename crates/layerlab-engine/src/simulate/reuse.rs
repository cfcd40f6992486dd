//! Reusing the stages of an earlier simulation: an edited build (a fix, another base) mostly
//! repeats the stages of the build it was made from. A stage is taken over only when
//! everything `simulate` reads for it is equal — the stage, each step with its instruction's
//! comments and shell text, the stages it starts from or copies from (themselves taken over),
//! and the build context when a step reads it — so the result is the one simulating it gives.
//! Otherwise a stage resumes from the state before its first differing step (when the earlier
//! simulation kept it), and rejoins the earlier one when its state is the same again before
//! steps that read the same.
use std::sync::Arc;

use crate::context::{BuildContext, DockerIgnore};
use crate::model::{Base, Expanded, Model, Step};
use crate::syntax::{Keyword, Syntax};

use super::copy::same_context_files;
use super::{reads_same_state, run_texts, source_stage, BaseInfo, Simulation, StageFacts, StageSim, StepSim, Vfs};

/// What a simulation reads: the parsed text, its model and the build context.
#[derive(Clone, Copy)]
pub struct Build<'a> {
    pub syntax: &'a Syntax,
    pub model: &'a Model,
    pub context: &'a BuildContext,
    pub ignore: &'a DockerIgnore,
    /// The context was inferred from the Dockerfile, not given.
    pub context_inferred: bool,
}

/// A build already simulated, with what its simulation read.
#[derive(Clone, Copy)]
pub struct Previous<'a> {
    pub build: Build<'a>,
    pub simulation: &'a Simulation,
}

/// The state before one step of a stage, kept so that an edited build whose stage repeats the
/// steps before it resumes there: how many layers the filesystem had (they are the first
/// layers of the stage's final one), the facts and the workdir.
#[derive(Clone, Debug)]
pub struct ResumePoint {
    pub(super) layers: usize,
    /// Shared with the stage until a step changes them.
    pub(super) facts: Arc<StageFacts>,
    pub(super) workdir: String,
}

/// What an edited build takes over of a stage.
pub(super) enum TakeOver<'a> {
    Whole(StageSim, Vec<&'a StepSim>),
    From(Resumed<'a>),
}

/// A stage's state before its step `next_step`, with the steps before it.
pub(super) struct Resumed<'a> {
    pub vfs: Vfs,
    pub facts: Arc<StageFacts>,
    pub base: BaseInfo,
    pub workdir: String,
    /// Where the stage's own layers start.
    pub own_start: usize,
    pub next_step: usize,
    pub steps: Vec<&'a StepSim>,
    pub rejoin: Option<Rejoin<'a>>,
}

/// Where a resumed stage can rejoin the earlier simulation: its steps from `from` on read the
/// same as the earlier ones as many from the end (the edit added `added` steps, or removed
/// some), so once the state before one of them is the earlier one's, so is everything after.
pub(super) struct Rejoin<'a> {
    from: usize,
    added: isize,
    sim: &'a StageSim,
    earlier: Vec<&'a StepSim>,
}

impl<'a> Rejoin<'a> {
    /// The earlier stage and its steps from the one matching step `next` on, when the state
    /// before step `next` is the earlier one's: the same layers (so the same visible files),
    /// facts and workdir.
    pub(super) fn at(&self, next: usize, vfs: &Vfs, facts: &StageFacts, workdir: &str) -> Option<(StageSim, &[&'a StepSim])> {
        let earlier_next = next.checked_add_signed(-self.added).filter(|_| next >= self.from)?;
        let point = self.sim.resume_points.get(earlier_next)?;
        let same_layers = vfs.layers.len() == point.layers
            && vfs.layers.iter().zip(&self.sim.vfs.layers).all(|(a, b)| Arc::ptr_eq(a, b) || a == b);
        let same_state = same_layers && *facts == *point.facts && workdir == point.workdir;
        same_state.then(|| (shared(self.sim), &self.earlier[earlier_next..]))
    }
}

/// The earlier simulation of a stage, sharing its filesystem and facts.
fn shared(sim: &StageSim) -> StageSim {
    StageSim {
        index: sim.index,
        name: sim.name.clone(),
        needed: sim.needed,
        base: sim.base.clone(),
        uncompressed_bytes: sim.uncompressed_bytes,
        compressed_bytes: sim.compressed_bytes,
        steps_uncompressed_bytes: sim.steps_uncompressed_bytes,
        vfs: Arc::clone(&sim.vfs),
        facts: Arc::clone(&sim.facts),
        workdir: sim.workdir.clone(),
        resume_points: Vec::new(),
        efficiency: sim.efficiency.clone(),
    }
}

impl<'a> Previous<'a> {
    /// Whether the stages of `current` may be compared one by one at all: what every stage
    /// reads (platform, build order, stage names for `--from`, the escape character).
    pub(super) fn comparable(&self, current: &Build) -> bool {
        let (a, b) = (self.build.model, current.model);
        a.target_platform == b.target_platform
            && a.build_order == b.build_order
            && a.stages.len() == b.stages.len()
            && a.stages.iter().zip(&b.stages).all(|(x, y)| x.name == y.name)
            && self.build.syntax.escape == current.syntax.escape
    }

    /// What `current`'s stage `index` can take over from the earlier simulation of that stage:
    /// all of it when every step reads the same, else the state before its first differing
    /// step (when the earlier one kept [`ResumePoint`]s). `reused[i]`: stage `i` was taken over.
    /// Without `lines`, steps that moved to other lines read the same (the filesystem a step
    /// makes does not depend on its line; only its notes and reported lines do).
    pub(super) fn take_over(&self, current: &Build, index: usize, reused: &[bool], lines: bool) -> Option<TakeOver<'a>> {
        let (before, now) = (self.build.model.stages.get(index)?, current.model.stages.get(index)?);
        let sim = self.simulation.stages.iter().find(|s| s.index == index)?;
        let same_stage = before.name == now.name && before.needed == now.needed && before.base == now.base;
        let parent_reused = match now.base {
            Base::Stage { index, .. } => reused.get(index).copied().unwrap_or(false),
            _ => true,
        };
        if !same_stage || !parent_reused {
            return None;
        }
        let same = |i: usize, j: usize| self.same_step(&before.steps[i], &now.steps[j], current, reused, lines);
        let steps = before.steps.len().min(now.steps.len());
        let leading = (0..steps).take_while(|&i| same(i, i)).count();
        // The earlier steps of the stage, in step order (their lines increase within a stage).
        let earlier: Vec<&StepSim> = self.simulation.steps.iter().filter(|s| s.stage == index).collect();
        let in_step_order = earlier.len() == before.steps.len() && earlier.iter().zip(&before.steps).all(|(s, step)| s.line == step.line);
        if !in_step_order {
            return None;
        }
        if leading == before.steps.len() && leading == now.steps.len() {
            return Some(TakeOver::Whole(shared(sim), earlier));
        }
        let point = sim.resume_points.get(leading)?;
        // From `trailing` on, the steps read the same as the earlier ones as many from the end:
        // the stage may rejoin the earlier one there (steps added or removed before it only
        // move it when lines do not matter; else they moved to other lines).
        let added = now.steps.len() as isize - before.steps.len() as isize;
        let trailing = (leading..now.steps.len())
            .rev()
            .take_while(|&j| j.checked_add_signed(-added).is_some_and(|i| same(i, j)))
            .last();
        let mut vfs = Vfs::default();
        for layer in &sim.vfs.layers[..point.layers] {
            vfs.commit_shared(Arc::clone(layer));
        }
        Some(TakeOver::From(Resumed {
            vfs,
            facts: Arc::clone(&point.facts),
            base: sim.base.clone(),
            workdir: point.workdir.clone(),
            own_start: sim.resume_points[0].layers,
            next_step: leading,
            steps: earlier[..leading].to_vec(),
            rejoin: trailing.map(|from| Rejoin { from, added, sim, earlier }),
        }))
    }

    fn same_step(&self, a: &Step, b: &Step, current: &Build, reused: &[bool], lines: bool) -> bool {
        let moved = lines && a.line != b.line;
        if moved || a.keyword != b.keyword || !(Arc::ptr_eq(&a.state, &b.state) || reads_same_state(&a.state, &b.state)) || !same_expanded(&a.expanded, &b.expanded) {
            return false;
        }
        let (x, y) = (&self.build.syntax.instructions[a.instruction], &current.syntax.instructions[b.instruction]);
        if x.comments != y.comments || x.command.json != y.command.json {
            return false;
        }
        let go_sum = |context: &BuildContext| context.files.iter().any(|f| f.path.ends_with("go.sum"));
        match (&b.keyword, &b.expanded) {
            (Keyword::Run, _) => {
                // The same text on the same line (the escape character is the same) runs the same.
                let same_text = self.build.syntax.text(x.span) == current.syntax.text(y.span) && (!lines || x.start_line == y.start_line);
                let same_scripts = || {
                    let (p, q) = (run_texts(self.build.syntax, x), run_texts(current.syntax, y));
                    if lines { p == q } else { p.iter().map(|(text, _)| text).eq(q.iter().map(|(text, _)| text)) }
                };
                go_sum(self.build.context) == go_sum(current.context) && (same_text || same_scripts())
            }
            (Keyword::Copy | Keyword::Add, Expanded::Copy { from: Some(from), .. }) => {
                source_stage(current.model, from).is_none_or(|i| reused.get(i).copied().unwrap_or(false))
            }
            (Keyword::Copy | Keyword::Add, Expanded::Copy { from: None, sources, .. }) => {
                self.build.context_inferred == current.context_inferred
                    && same_context_files((self.build.context, self.build.ignore), (current.context, current.ignore), sources)
            }
            _ => true,
        }
    }
}


/// The expanded values equal as far as `simulate_step` reads them: a COPY/ADD's sources,
/// inline files, destination and `--from` (not `--chown`, `--chmod`, `--link`, …).
fn same_expanded(a: &Expanded, b: &Expanded) -> bool {
    match (a, b) {
        (
            Expanded::Copy { sources, inline, destination, from, .. },
            Expanded::Copy { sources: other_sources, inline: other_inline, destination: other_destination, from: other_from, .. },
        ) => sources == other_sources && inline == other_inline && destination == other_destination && from == other_from,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{simulate, simulate_build, Keep, Simulation};
    use super::{Build, Previous};
    use crate::context::{self, DockerIgnore};
    use crate::{model, syntax};

    /// Everything a simulation holds, the filesystems included.
    fn everything(sim: &Simulation) -> String {
        let filesystems: Vec<_> = sim.stages.iter().map(|s| (&s.vfs.layers, &s.vfs.visible, &s.workdir, s.facts.has_shell)).collect();
        format!("{}\n{filesystems:?}", serde_json::to_string(sim).unwrap())
    }

    /// Simulating `after` against `before` gives what simulating it alone gives.
    fn assert_same_as_alone(before: &str, after: &str) {
        let ignore = DockerIgnore::parse("");
        let (a, b) = (syntax::parse(before), syntax::parse(after));
        let (model_a, model_b) = (model::build(&a, &Default::default()), model::build(&b, &Default::default()));
        let (context_a, context_b) = (context::infer(&a), context::infer(&b));
        let build_a = Build { syntax: &a, model: &model_a, context: &context_a, ignore: &ignore, context_inferred: true };
        let build_b = Build { syntax: &b, model: &model_b, context: &context_b, ignore: &ignore, context_inferred: true };
        let original = simulate_build(&build_a, None, Keep::ResumePoints);
        let alone = simulate(&b, &model_b, &context_b, &ignore, true);
        let previous = Some(Previous { build: build_a, simulation: &original });
        let reusing = simulate_build(&build_b, previous, Keep::Steps);
        assert_eq!(everything(&reusing), everything(&alone), "{after}");
        let bytes = simulate_build(&build_b, previous, Keep::Bytes).final_image;
        let image = &alone.final_image;
        assert_eq!((bytes.uncompressed_bytes, bytes.compressed_bytes), (image.uncompressed_bytes, image.compressed_bytes), "{after}");
    }

    #[test]
    fn an_edited_build_simulates_as_if_alone() {
        let builder = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n";
        let edits = [
            // Same build, another text length (the inferred context's Dockerfile grows).
            (format!("{builder}FROM alpine:3.20\nENV A 1\nCOPY --from=build /app /app\n"), format!("{builder}FROM alpine:3.20\nENV A=\"1\"\nCOPY --from=build /app /app\n")),
            // The last stage changes, the builder does not.
            (format!("{builder}FROM alpine:3.20\nCOPY --from=build /app /app\n"), format!("{builder}FROM debian:bookworm-slim\nCOPY --from=build /app /app\n")),
            // The builder changes: the stage copying from it must not be taken over.
            (format!("{builder}FROM alpine:3.20\nCOPY --from=build /app /app\n"), format!("{}FROM alpine:3.20\nCOPY --from=build /app /app\n", builder.replace("CGO_ENABLED=0 ", ""))),
            // `COPY . .` sees the Dockerfile grow.
            ("FROM alpine:3.20\nCOPY . /app\nRUN apk add curl\n".to_owned(), "FROM alpine:3.20\nCOPY . /app\nRUN apk add --no-cache curl\n".to_owned()),
            // Lines move.
            ("FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n".to_owned(), "# syntax=docker/dockerfile:1\nFROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n".to_owned()),
            // A step that changes what the next ones do not read (the user, a POSIX shell) is
            // added or removed: the stage rejoins the earlier one after it.
            ("FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\nRUN apt-get install -y git\n".to_owned(), "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nUSER nobody\nCOPY . /app\nRUN apt-get install -y git\n".to_owned()),
            ("FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl | tee /log\n".to_owned(), "FROM debian:bookworm\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN apt-get update\nRUN apt-get install -y curl | tee /log\n".to_owned()),
            // A stage the target does not need changes.
            ("FROM alpine:3.20 AS tools\nRUN apk add curl\nFROM alpine:3.20\nRUN apk add git\n".to_owned(), "FROM alpine:3.20 AS tools\nRUN apk add --no-cache curl\nFROM alpine:3.20\nRUN apk add git\n".to_owned()),
            // `--link` and `--chown` change nothing the simulation reads.
            ("FROM alpine:3.20\nCOPY a.txt /a\n".to_owned(), "FROM alpine:3.20\nCOPY --link --chown=1:1 a.txt /a\n".to_owned()),
            // A step is added at the end, or in the middle, or removed.
            ("FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\n".to_owned(), "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCOPY . /app\nUSER nobody\n".to_owned()),
            ("FROM alpine:3.20\nRUN apk add curl\nWORKDIR /app\nRUN apk add git\nCOPY a.txt .\n".to_owned(), "FROM alpine:3.20\nRUN apk add curl\nWORKDIR /app\nRUN apk add --no-cache git\nCOPY a.txt .\n".to_owned()),
            // A step changes nothing the next ones see: the stage rejoins the earlier one.
            ("FROM debian:bookworm\nRUN echo one\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n".to_owned(), "FROM debian:bookworm\nRUN echo two\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n".to_owned()),
            ("FROM alpine:3.20 AS base\nRUN echo one\nRUN apk add curl\nFROM base\nRUN apk add git\n".to_owned(), "FROM alpine:3.20 AS base\nRUN echo two\nRUN apk add curl\nFROM base\nRUN apk add git\n".to_owned()),
            // No go.sum any more: `go build` reads the context.
            ("FROM golang:1.22\nCOPY go.sum .\nRUN go build -o /app .\n".to_owned(), "FROM golang:1.22\nCOPY go.mod .\nRUN go build -o /app .\n".to_owned()),
        ];
        for (before, after) in &edits {
            assert_same_as_alone(before, after);
            assert_same_as_alone(after, before);
        }
    }
}
