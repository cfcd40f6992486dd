//! Analyses that stay off the keystroke path: a large text is analysed once typing pauses, and
//! the fixes' effects (one more analysis per fix) are measured in slices of a few milliseconds,
//! so that neither ever blocks the editor for long.
use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use layerlab_engine::alternatives::{self, AlternativeBase, Candidate};
use layerlab_engine::rules::Effect;
use layerlab_engine::{analyze, effects, Input, Report};
use yew::prelude::*;

use crate::state::{Action, State};

/// How long typing must pause before a large text is analysed.
const LARGE_TEXT_PAUSE_MS: u32 = 150;
/// How long the text must stay unchanged before fix effects are measured.
const EFFECTS_PAUSE_MS: u32 = 400;
/// The longest slice of effect measurement between two chances for the page to respond.
const SLICE_MS: f64 = 8.0;
/// Above this size one more analysis per fix costs too much to be worth it while editing: the
/// Problems panel says the effects are not measured.
pub const MEASURE_EFFECTS_UP_TO: usize = 32 * 1024;
/// Above this size one analysis takes longer than a frame budget can hide (~0.7 µs per byte
/// natively, about twice that in wasm): the panels keep the last analysis and say why.
pub const ANALYSE_UP_TO: usize = 128 * 1024;

/// Schedules the pending work of the current revision; a newer revision cancels it.
#[hook]
pub fn use_analysis(state: &State) {
    let pending = (state.revision, state.stale, state.effects_measured);
    let handle = state.clone();
    use_effect_with(pending, move |&(revision, stale, effects_measured)| {
        let slot = Slot::default();
        if stale && handle.input.dockerfile.len() > ANALYSE_UP_TO {
            let notice = format!(
                "This Dockerfile is over {} kB: it is not analysed while you edit, so the panels show the last analysis.",
                ANALYSE_UP_TO / 1024
            );
            if handle.notice.as_deref() != Some(notice.as_str()) {
                handle.dispatch(Action::Notify(Some(notice)));
            }
        } else if stale {
            // The panels render in a task of their own: a key pressed meanwhile makes that needless.
            let mut report = None;
            in_slices(&slot, LARGE_TEXT_PAUSE_MS, move || match report.take() {
                None => {
                    report = Some(Rc::new(analyze(&handle.input)));
                    false
                }
                Some(report) => {
                    handle.dispatch(Action::Analyzed { revision, report });
                    true
                }
            });
        } else if !effects_measured && handle.input.dockerfile.len() <= MEASURE_EFFECTS_UP_TO {
            let mut job = EffectsJob { state: handle.clone(), input: handle.input.clone(), report: handle.report.clone(), revision, next: 0, measured: Vec::new(), candidates: None, next_candidate: 0, alternatives: Vec::new() };
            in_slices(&slot, EFFECTS_PAUSE_MS, move || job.step());
        }
        move || drop(slot.borrow_mut().take())
    });
}

/// Measures the effects of one revision's fixes, then the image on smaller bases, a slice at
/// a time (each is one more analysis).
struct EffectsJob {
    state: State,
    input: Input,
    report: Rc<Report>,
    revision: u64,
    next: usize,
    /// Effects measured so far: sent in one action at the end, so the panels render once.
    measured: Vec<(usize, Option<Effect>)>,
    candidates: Option<Vec<Candidate>>,
    next_candidate: usize,
    alternatives: Vec<AlternativeBase>,
}

impl EffectsJob {
    /// Measures one fix's effect or one smaller base; true once all are measured and sent.
    fn step(&mut self) -> bool {
        if let Some(finding) = self.report.findings.get(self.next) {
            if finding.fix.is_some() {
                self.measured.push((self.next, effects::effect_of(&self.input, &self.report, self.next)));
            }
            self.next += 1;
            return false;
        }
        let candidates = self.candidates.get_or_insert_with(|| alternatives::candidates(&self.input, &self.report));
        if let Some(candidate) = candidates.get(self.next_candidate) {
            self.alternatives.extend(alternatives::measure(&self.input, &self.report, candidate));
            self.next_candidate += 1;
            return false;
        }
        let ranked = alternatives::rank(std::mem::take(&mut self.alternatives));
        self.state.dispatch(Action::AlternativesMeasured { revision: self.revision, alternatives: ranked });
        let effects = std::mem::take(&mut self.measured);
        self.state.dispatch(Action::EffectsMeasured { revision: self.revision, effects, done: true });
        true
    }
}

/// Holds the next slice of a job; emptying it cancels the rest.
pub type Slot = Rc<RefCell<Option<Timeout>>>;

/// Runs `step` after `delay_ms`, then again and again until it returns true, in slices of about
/// [`SLICE_MS`] between which the page responds.
pub fn in_slices(slot: &Slot, delay_ms: u32, mut step: impl FnMut() -> bool + 'static) {
    let chain = slot.clone();
    *slot.borrow_mut() = Some(Timeout::new(delay_ms, move || {
        let clock = web_sys::window().and_then(|w| w.performance());
        let now = || clock.as_ref().map_or(0.0, |p| p.now());
        let started = now();
        while now() - started <= SLICE_MS {
            if step() {
                return;
            }
        }
        in_slices(&chain, 0, step);
    }));
}
