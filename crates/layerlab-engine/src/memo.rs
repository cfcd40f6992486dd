//! Results of pure functions of a text or of the built-in database, remembered across analyses:
//! the app analyses on every keystroke, and most of what an analysis works out (a base image's
//! layers, a RUN script's commands) is what the last one worked out.
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// Values by key; all are forgotten once `limit` keys are remembered (an editing session types
/// many passing texts).
pub(crate) struct Memo<V> {
    values: Mutex<Option<HashMap<String, V>>>,
    limit: usize,
}

impl<V: Clone> Memo<V> {
    pub(crate) const fn new(limit: usize) -> Memo<V> {
        Memo { values: Mutex::new(None), limit }
    }

    pub(crate) fn get(&self, key: &str) -> Option<V> {
        self.values.lock().unwrap_or_else(PoisonError::into_inner).as_ref()?.get(key).cloned()
    }

    pub(crate) fn put(&self, key: &str, value: V) {
        let mut values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        let values = values.get_or_insert_with(HashMap::new);
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
        assert_eq!(memo.get("a"), None);
        memo.put("a", 1);
        memo.put("b", 2);
        assert_eq!((memo.get("a"), memo.get("b")), (Some(1), Some(2)));
        memo.put("c", 3);
        assert_eq!((memo.get("a"), memo.get("b"), memo.get("c")), (None, None, Some(3)));
    }
}
