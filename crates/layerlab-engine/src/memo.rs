//! Results of pure functions of a text or of the built-in database, remembered across analyses:
//! the app analyses on every keystroke, and most of what an analysis works out (a base image's
//! layers, a RUN script's commands) is what the last one worked out.
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::fxhash::FxBuild;

/// Values by key; all are forgotten once `limit` keys are remembered (an editing session types
/// many passing texts).
pub(crate) struct Memo<V> {
    values: Mutex<Option<HashMap<String, V, FxBuild>>>,
    limit: usize,
}

impl<V: Clone> Memo<V> {
    pub(crate) const fn new(limit: usize) -> Memo<V> {
        Memo { values: Mutex::new(None), limit }
    }

    /// The value remembered for `key` when `fits` takes it (it may say what the value was made
    /// with), else `make()`'s, remembered in its place. `make` runs outside the lock.
    pub(crate) fn get_or_make(&self, key: &str, fits: impl Fn(&V) -> bool, make: impl FnOnce() -> V) -> V {
        if let Some(known) = self.get(key).filter(|value| fits(value)) {
            return known;
        }
        let value = make();
        self.put(key, value.clone());
        value
    }

    fn get(&self, key: &str) -> Option<V> {
        self.values.lock().unwrap_or_else(PoisonError::into_inner).as_ref()?.get(key).cloned()
    }

    fn put(&self, key: &str, value: V) {
        let mut values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        let values = values.get_or_insert_with(HashMap::default);
        if values.len() >= self.limit {
            values.clear();
        }
        values.insert(key.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[test]
    fn remembers_until_the_limit_then_forgets() {
        let memo = Memo::new(2);
        let made = |key: &str, value: i32| memo.get_or_make(key, |_| true, || value);
        assert_eq!((made("a", 1), made("b", 2)), (1, 2));
        assert_eq!((made("a", 10), made("b", 20)), (1, 2), "remembered, not made again");
        assert_eq!(made("c", 3), 3);
        assert_eq!((made("a", 10), made("b", 20)), (10, 20), "forgotten at the limit");
    }

    #[test]
    fn a_value_that_does_not_fit_is_made_again() {
        let memo = Memo::new(4);
        assert_eq!(memo.get_or_make("a", |_| true, || ('x', 1)), ('x', 1));
        assert_eq!(memo.get_or_make("a", |(made_with, _)| *made_with == 'y', || ('y', 2)), ('y', 2));
        assert_eq!(memo.get_or_make("a", |(made_with, _)| *made_with == 'y', || ('y', 3)), ('y', 2));
    }
}
