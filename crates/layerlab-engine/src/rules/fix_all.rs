//! "Apply all fixes": non-overlapping fixes up to an applicability, re-linted until a fixed point.
use super::{lint, Applicability, Edit, Fix};
use crate::report::Input;

/// The result of applying fixes repeatedly.
pub struct FixedText {
    pub text: String,
    pub fixes_applied: usize,
    /// Rounds of lint + apply; a round with nothing to apply ends the loop.
    pub rounds: usize,
    /// False when the round limit stopped the loop before a fixed point.
    pub reached_fixed_point: bool,
}

const MAX_ROUNDS: usize = 20;

/// Applies every fix at or below `limit` (Safe < Unsafe < ManualWithPreview) until none is left.
pub fn fix_all(input: &Input, limit: Applicability) -> FixedText {
    let mut input = input.clone();
    let mut fixes_applied = 0;
    for round in 1..=MAX_ROUNDS {
        let mut chosen: Vec<Edit> = Vec::new();
        for fix in lint(&input).into_iter().filter_map(|f| f.fix).filter(|f| f.applicability <= limit) {
            let overlaps = fix.edits.iter().any(|e| chosen.iter().any(|c| touches(e, c)));
            if !overlaps {
                chosen.extend(fix.edits);
                fixes_applied += 1;
            }
        }
        if chosen.is_empty() {
            return FixedText { text: input.dockerfile, fixes_applied, rounds: round, reached_fixed_point: true };
        }
        let combined = Fix { title: String::new(), applicability: Applicability::Safe, edits: chosen };
        input.dockerfile = combined.apply(&input.dockerfile);
    }
    FixedText { text: input.dockerfile, fixes_applied, rounds: MAX_ROUNDS, reached_fixed_point: false }
}

/// Edits that overlap or touch the same insertion point must not be applied in one round.
fn touches(a: &Edit, b: &Edit) -> bool {
    a.start <= b.end && b.start <= a.end
}
