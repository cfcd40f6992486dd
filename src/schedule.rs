//! Analyses that stay off the keystroke path: a large text is analysed once typing pauses, and
//! the fixes' effects (one more analysis per fix) are measured in slices of a few milliseconds,
//! so that neither ever blocks the editor for long.
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use layerlab_engine::alternatives::{self, AlternativeBase, Candidate};
use layerlab_engine::rules::Effect;
use layerlab_engine::effects::Measurer;
use layerlab_engine::{analyze, Input, Report};
use yew::prelude::*;

use crate::state::{Action, State};

/// A keystroke's own task analyses the text only when that is expected to take at most this
/// long: with the browser's own ~10 ms for a keystroke, the frame stays within 16 ms. A
/// costlier text is analysed once typing pauses.
const ANALYSE_IN_KEYSTROKE_UP_TO_MS: f64 = 4.0;
/// How long typing must pause before a large text is analysed.
const LARGE_TEXT_PAUSE_MS: u32 = 150;
/// How long the first analysis waits for the first frame before it runs anyway (a page that
/// draws no frame: a background tab, an embed out of view); long enough for a slow first
/// frame on a busy machine.
const NO_FRAME_WAIT_MS: u32 = 500;
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

/// Texts this small are always analysed in the keystroke's own task: their analysis costs
/// little, and the panels must follow every key.
const ALWAYS_IN_KEYSTROKE_UP_TO: usize = 4 * 1024;
/// How many recent analyses the estimate looks at.
const RECENT: usize = 4;

thread_local! {
    /// What the recent analyses cost per byte of text (ms).
    static RECENT_COSTS: RefCell<VecDeque<f64>> = const { RefCell::new(VecDeque::new()) };
}

/// Analyses `input` and remembers what that cost, to decide where the next analysis runs.
pub fn analyze_timed(input: &Input) -> Report {
    let started = now_ms();
    let report = analyze(input);
    if let (Some(started), Some(ended)) = (started, now_ms()) {
        let per_byte = (ended - started) / input.dockerfile.len().max(1) as f64;
        RECENT_COSTS.with_borrow_mut(|costs| {
            costs.push_back(per_byte);
            if costs.len() > RECENT {
                costs.pop_front();
            }
        });
    }
    report
}

/// Whether a text of `len` bytes is cheap enough to analyse in the keystroke's own task. The
/// estimate is the cheapest recent analysis per byte: one slow run (cold code, a garbage
/// collection) must not hold the panels back.
pub fn analysed_in_keystroke(len: usize) -> bool {
    let per_byte = RECENT_COSTS.with_borrow(|costs| costs.iter().copied().fold(f64::INFINITY, f64::min));
    len <= ALWAYS_IN_KEYSTROKE_UP_TO || !per_byte.is_finite() || per_byte * len as f64 <= ANALYSE_IN_KEYSTROKE_UP_TO_MS
}

/// The page's clock; none outside a browser (the unit tests), where nothing is timed.
fn now_ms() -> Option<f64> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window().and_then(|w| w.performance()).map(|p| p.now())
    } else {
        None
    }
}

/// Whether `dockerfile` is over [`ANALYSE_UP_TO`]: the page never analyses it.
pub fn too_large_to_analyse(dockerfile: &str) -> bool {
    dockerfile.len() > ANALYSE_UP_TO
}

/// Schedules the pending work of the current revision; a newer revision cancels it.
#[hook]
pub fn use_analysis(state: &State) {
    let pending = (state.revision, state.stale, state.effects_measured);
    let handle = state.clone();
    use_effect_with(pending, move |&(revision, stale, effects_measured)| {
        let slot = Slot::default();
        let mut frame = None;
        if stale && too_large_to_analyse(&handle.input.dockerfile) {
            let panels = if handle.awaiting_report { "the panels stay empty" } else { "the panels show the last analysis" };
            let notice = format!(
                "This Dockerfile is over {} kB: it is not analysed while you edit, so {panels} (`layerlab check` analyses it from the command line).",
                ANALYSE_UP_TO / 1024
            );
            if handle.notice.as_deref() != Some(notice.as_str()) {
                handle.dispatch(Action::Notify(Some(notice)));
            }
        } else if stale {
            // The panels render in a task of their own: a key pressed meanwhile makes that needless.
            let mut report = None;
            let awaiting_report = handle.awaiting_report;
            let step = move || match report.take() {
                None => {
                    report = Some(Rc::new(analyze_timed(&handle.input)));
                    false
                }
                Some(report) => {
                    handle.dispatch(Action::Analyzed { revision, report });
                    true
                }
            };
            if awaiting_report {
                frame = Some(after_next_frame(&slot, step));
            } else {
                in_slices(&slot, LARGE_TEXT_PAUSE_MS, step);
            }
        } else if !effects_measured && handle.input.dockerfile.len() <= MEASURE_EFFECTS_UP_TO {
            let mut job = EffectsJob { state: handle.clone(), input: handle.input.clone(), report: handle.report.clone(), revision, measurer: None, next: 0, measured: Vec::new(), candidates: None, next_candidate: 0, alternatives: Vec::new() };
            in_slices(&slot, EFFECTS_PAUSE_MS, move || job.step());
        }
        move || {
            drop(frame);
            drop(slot.borrow_mut().take());
        }
    });
}

/// Measures the effects of one revision's fixes, then the image on smaller bases, a slice at
/// a time (each is one more analysis).
struct EffectsJob {
    state: State,
    input: Input,
    report: Rc<Report>,
    revision: u64,
    /// The build the fixed texts' analyses take over from, made when first needed.
    measurer: Option<Measurer>,
    next: usize,
    /// Effects measured so far: sent in one action at the end, so the panels render once.
    measured: Vec<(usize, Option<Effect>)>,
    candidates: Option<Vec<Candidate>>,
    next_candidate: usize,
    alternatives: Vec<AlternativeBase>,
}

impl EffectsJob {
    /// Measures one fix's effect or one smaller base (the first makes the build to measure
    /// against instead); true once all are measured and sent.
    fn step(&mut self) -> bool {
        if let Some(finding) = self.report.findings.get(self.next) {
            if let Some(fix) = &finding.fix {
                let Some(measurer) = &self.measurer else { return self.make_measurer() };
                self.measured.push((self.next, Some(measurer.effect(fix))));
            }
            self.next += 1;
            return false;
        }
        let candidates = self.candidates.get_or_insert_with(|| alternatives::candidates(&self.input, &self.report));
        if let Some(candidate) = candidates.get(self.next_candidate) {
            let Some(measurer) = &self.measurer else { return self.make_measurer() };
            self.alternatives.extend(measurer.alternative(&self.report, candidate));
            self.next_candidate += 1;
            return false;
        }
        let ranked = alternatives::rank(std::mem::take(&mut self.alternatives));
        self.state.dispatch(Action::AlternativesMeasured { revision: self.revision, alternatives: ranked });
        let effects = std::mem::take(&mut self.measured);
        self.state.dispatch(Action::EffectsMeasured { revision: self.revision, effects, done: true });
        true
    }

    /// Makes the build the fixed texts' analyses take over from: one analysis, a slice of its
    /// own, only when there is something to measure.
    fn make_measurer(&mut self) -> bool {
        self.measurer = Some(Measurer::new(&self.input));
        false
    }
}

/// Starts `step` as [`in_slices`] does, right after the page draws its next frame (a timeout
/// set from an animation-frame callback runs once that frame is painted), or after
/// [`NO_FRAME_WAIT_MS`] on a page that draws no frame (a background tab, an embed out of view).
/// Dropping the returned frame request (and emptying `slot`) cancels it.
fn after_next_frame(slot: &Slot, step: impl FnMut() -> bool + 'static) -> AnimationFrame {
    let step = Rc::new(RefCell::new(Some(step)));
    let start = move |slot: &Slot| {
        if let Some(step) = step.borrow_mut().take() {
            in_slices(slot, 0, step);
        }
    };
    let fallback = start.clone();
    let chain = slot.clone();
    *slot.borrow_mut() = Some(Timeout::new(NO_FRAME_WAIT_MS, move || fallback(&chain)));
    let chain = slot.clone();
    request_animation_frame(move |_| start(&chain))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_analyses_decide_whether_a_keystroke_analyses() {
        assert!(analysed_in_keystroke(50_000), "nothing measured yet (and never outside a browser)");
        RECENT_COSTS.with_borrow_mut(|costs| costs.extend([0.004, 0.002, 0.009]));
        assert!(analysed_in_keystroke(2_000), "about 4 ms at the cheapest recent cost");
        assert!(!analysed_in_keystroke(5_000), "about 10 ms: after typing pauses");
        RECENT_COSTS.with_borrow_mut(|costs| costs.iter_mut().for_each(|cost| *cost = 1.0));
        assert!(analysed_in_keystroke(ALWAYS_IN_KEYSTROKE_UP_TO), "small texts always are");
    }
}
