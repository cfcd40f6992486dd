//! Analyses that stay off the keystroke path: a large text is analysed once typing pauses, and
//! the fixes' effects (one more analysis per fix) are measured in slices of a few milliseconds,
//! so that neither ever blocks the editor for long.
use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use layerlab_engine::alternatives::{self, AlternativeBase, Candidate};
use layerlab_engine::{analyze, effects, Input, Report};
use yew::prelude::*;

use crate::state::{Action, State};

/// How long typing must pause before a large text is analysed.
const LARGE_TEXT_PAUSE_MS: u32 = 250;
/// How long the text must stay unchanged before fix effects are measured.
const EFFECTS_PAUSE_MS: u32 = 400;
/// The longest slice of effect measurement between two chances for the page to respond.
const SLICE_MS: f64 = 8.0;

/// Schedules the pending work of the current revision; a newer revision cancels it.
#[hook]
pub fn use_analysis(state: &State) {
    let pending = (state.revision, state.stale, state.effects_measured);
    let handle = state.clone();
    use_effect_with(pending, move |&(revision, stale, effects_measured)| {
        let slot: Rc<RefCell<Option<Timeout>>> = Rc::default();
        if stale {
            let input = handle.input.clone();
            *slot.borrow_mut() = Some(Timeout::new(LARGE_TEXT_PAUSE_MS, move || {
                let report = Rc::new(analyze(&input));
                handle.dispatch(Action::Analyzed { revision, report });
            }));
        } else if !effects_measured {
            let job = EffectsJob { state: handle.clone(), input: handle.input.clone(), report: handle.report.clone(), revision, next: 0, candidates: None, next_candidate: 0, alternatives: Vec::new() };
            let chain = slot.clone();
            *slot.borrow_mut() = Some(Timeout::new(EFFECTS_PAUSE_MS, move || job.run(chain)));
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
    candidates: Option<Vec<Candidate>>,
    next_candidate: usize,
    alternatives: Vec<AlternativeBase>,
}

impl EffectsJob {
    fn run(mut self, chain: Rc<RefCell<Option<Timeout>>>) {
        let clock = web_sys::window().and_then(|w| w.performance());
        let now = || clock.as_ref().map_or(0.0, |p| p.now());
        let started = now();
        let mut measured = Vec::new();
        let findings = self.report.findings.len();
        while self.next < findings {
            if self.report.findings[self.next].fix.is_some() {
                measured.push((self.next, effects::effect_of(&self.input, &self.report, self.next)));
            }
            self.next += 1;
            if now() - started > SLICE_MS {
                break;
            }
        }
        if self.next >= findings {
            let candidates = self.candidates.get_or_insert_with(|| alternatives::candidates(&self.input, &self.report));
            while self.next_candidate < candidates.len() && now() - started <= SLICE_MS {
                self.alternatives.extend(alternatives::measure(&self.input, &self.report, &candidates[self.next_candidate]));
                self.next_candidate += 1;
            }
        }
        let done = self.candidates.as_ref().is_some_and(|candidates| self.next_candidate >= candidates.len());
        if done {
            let ranked = alternatives::rank(std::mem::take(&mut self.alternatives));
            self.state.dispatch(Action::AlternativesMeasured { revision: self.revision, alternatives: ranked });
        }
        self.state.dispatch(Action::EffectsMeasured { revision: self.revision, effects: measured, done });
        if !done {
            let next_chain = chain.clone();
            *chain.borrow_mut() = Some(Timeout::new(0, move || self.run(next_chain)));
        }
    }
}
