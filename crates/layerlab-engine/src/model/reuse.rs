//! The model of an edited build takes over what it shares with the model of the build it was
//! edited from (see `syntax::EditMap`): the platforms and global ARGs when the edit leaves what
//! they read; a stage's steps before the edit, when the stage starts before it; and its steps
//! after the edit once the walk is in the state the earlier walk was in there. Only what
//! reported nothing is taken over (it would report nothing again), stages only with the same
//! global ARGs; the build's options are the earlier build's.
use std::sync::Arc;

use super::{Expanded, GlobalArg, Globals, Model, NameValue, Stage, State, Step};
use crate::syntax::{EditMap, MovedTail};

/// The earlier build's model, and how the edited text's instructions sit among its ones.
#[derive(Clone, Copy)]
pub(crate) struct Earlier<'a> {
    pub model: &'a Model,
    pub map: EditMap,
}

impl<'a> Earlier<'a> {
    /// The earlier model's [`Globals`], when the edit left every instruction before the first
    /// FROM (at `first_from`) and the TARGETSTAGE value (`target_stage`) as they were, and
    /// working them out reported nothing.
    pub(super) fn globals(&self, first_from: usize, target_stage: &str) -> Option<Globals> {
        let model = self.model;
        let same_target = model.automatic_args.iter().any(|a| a.name == "TARGETSTAGE" && a.value == target_stage);
        (model.quiet_globals && first_from < self.map.kept && same_target).then(|| Globals {
            build_platform: model.build_platform.clone(),
            target_platform: model.target_platform.clone(),
            automatic_args: model.automatic_args.clone(),
            global_args: model.global_args.clone(),
            env: Arc::clone(&model.global_env),
            quiet: true,
        })
    }

    /// What the walk of stage `index` (made by `from_line` as `stage`) may take over, when the
    /// global ARGs are the earlier ones.
    pub(super) fn stage(&self, index: usize, stage: &Stage, globals: (&[NameValue], &[GlobalArg])) -> Option<StageReuse<'a>> {
        let same_globals = globals == (self.model.automatic_args.as_slice(), self.model.global_args.as_slice());
        let earlier = self.model.stages.get(index)?;
        let quiet = self.model.quiet_walks.get(index).copied().unwrap_or(false);
        if !same_globals || !quiet || earlier.base_env != stage.base_env || earlier.base_env_known != stage.base_env_known {
            return None;
        }
        // A stage starting before the edit starts as before: its base stage ends before it.
        let kept = self.map.kept;
        let prefix = if stage.instruction < kept && earlier.instruction == stage.instruction {
            earlier.steps.iter().take_while(|s| s.onbuild || s.instruction < kept).count()
        } else {
            0
        };
        let base_declared = match &earlier.base {
            super::Base::Stage { index, .. } => self.model.stages.get(*index).map_or(&[][..], |b| &b.declared_args),
            _ => &[],
        };
        Some(StageReuse { earlier, base_declared, prefix, tail: self.map.tail })
    }
}

/// What one stage's walk takes over.
pub(super) struct StageReuse<'a> {
    earlier: &'a Stage,
    /// The ARGs the earlier stage started with declared (its base stage's).
    base_declared: &'a [String],
    /// How many of the earlier steps come before the edit.
    pub prefix: usize,
    tail: Option<MovedTail>,
}

impl StageReuse<'_> {
    /// The steps before the edit, and the state and declared ARGs after them.
    pub fn before_edit(&self) -> (&[Step], State, Vec<String>) {
        let steps = &self.earlier.steps[..self.prefix];
        let state = match self.earlier.steps.get(self.prefix) {
            Some(next) => State::clone(&next.state),
            None => self.earlier.final_state.clone(),
        };
        (steps, state, declared_after(self.base_declared, steps))
    }

    /// The earlier steps from the one of the (moved) instruction `index` on, moved, with the
    /// stage's final state and declared ARGs, when the walk before it is where the earlier walk
    /// was: the same state and the same ARGs declared.
    pub fn after_edit(&self, index: usize, state: &State, declared: &[String]) -> Option<(Vec<Step>, State, Vec<String>)> {
        let tail = self.tail.filter(|t| index >= t.first)?;
        let earlier_index = index - tail.first + tail.earlier_first;
        let at = self.earlier.steps.iter().position(|s| !s.onbuild && s.instruction == earlier_index)?;
        let steps = &self.earlier.steps;
        if *steps[at].state != *state || declared_after(self.base_declared, &steps[..at]) != declared {
            return None;
        }
        let moved = steps[at..]
            .iter()
            .map(|step| Step { instruction: tail.instruction(step.instruction), line: tail.line(step.line), ..step.clone() })
            .collect();
        Some((moved, self.earlier.final_state.clone(), self.earlier.declared_args.clone()))
    }
}

/// The ARGs declared after `steps`, starting from `declared`: each ARG's names, once, in order.
fn declared_after(declared: &[String], steps: &[Step]) -> Vec<String> {
    let mut declared = declared.to_vec();
    for step in steps {
        if let Expanded::Arg { args } = &step.expanded {
            for arg in args {
                if !declared.contains(&arg.name) {
                    declared.push(arg.name.clone());
                }
            }
        }
    }
    declared
}

#[cfg(test)]
mod tests {
    use super::super::{build, build_edited, ModelOptions};
    use crate::syntax;

    fn assert_same_as_alone(before: &str, after: &str, options: &ModelOptions) {
        let earlier_syntax = syntax::parse_for_edits(before);
        let earlier = build(&earlier_syntax, options);
        let reusing = build_edited(&syntax::parse_edited(&earlier_syntax, after), options, &earlier);
        let alone = build(&syntax::parse(after), options);
        assert_eq!(format!("{reusing:?}"), format!("{alone:?}"), "{before:?} -> {after:?}");
    }

    /// The model of an edit, taking over from the earlier model, is the model of the text alone:
    /// lines added and removed at every place of stages with global ARGs, ARGs declared again,
    /// ENV, WORKDIR, ONBUILD triggers, `COPY --from` and a stage that reports a problem; with
    /// and without build args; and every fix of the real-world corpus.
    #[test]
    fn an_edited_model_is_the_model_of_the_text_alone() {
        let base = "ARG GO=1.22\nFROM golang:${GO} AS build\nARG GO\nENV CGO_ENABLED=0 GOOS=linux\nWORKDIR /src\nONBUILD RUN echo built\nCOPY . .\nRUN go build -o /app .\nFROM build AS test\nARG EXTRA\nRUN go test ./...\nFROM alpine:3.20\nWORKDIR ${MISSING:?unset}\nCOPY --from=build /app /app\nUSER nobody\nCMD [\"/app\"]\n";
        let line_starts: Vec<usize> = (0..base.len()).filter(|&i| i == 0 || base.as_bytes()[i - 1] == b'\n').collect();
        let mut edits = Vec::new();
        for &i in &line_starts {
            let next = base[i..].find('\n').map_or(base.len(), |n| i + n + 1);
            for added in ["ENV X=1\n", "USER u\n", "ARG A=2\n", "RUN true\n", "WORKDIR /w\n"] {
                edits.push(format!("{}{added}{}", &base[..i], &base[i..]));
            }
            edits.push(format!("{}{}", &base[..i], &base[next..]));
            edits.push(format!("{}{}", &base[..next - 1], &base[next - 1..].replacen('\n', " x\n", 1)));
        }
        let with_args = ModelOptions { build_args: [("EXTRA".to_owned(), "1".to_owned())].into(), ..Default::default() };
        for after in &edits {
            assert_same_as_alone(base, after, &ModelOptions::default());
            assert_same_as_alone(base, after, &with_args);
        }
        // A global ARG that reports a problem is worked out again.
        let failing = "ARG BAD=${NOPE:?required}\nFROM alpine:3.20\nRUN a\n";
        assert_same_as_alone(failing, &failing.replace("RUN a", "RUN b"), &ModelOptions::default());
        let Some(files) = crate::test_corpus::real_world_dockerfiles() else { return };
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else { continue };
            let report = crate::analyze(&crate::Input { dockerfile: text.clone(), skip_effects: true, ..Default::default() });
            for fix in report.findings.iter().filter_map(|f| f.fix.as_ref()) {
                assert_same_as_alone(&text, &fix.apply(&text), &ModelOptions::default());
            }
        }
    }
}
