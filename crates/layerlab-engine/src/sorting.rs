//! Sorting for the engine and the app: std's sorts natively (the `check` command's speed is
//! benchmarked), one merge sort in wasm. std's sorts emit a few KB of code per element type and
//! comparator: over the 31 sort sites that was ~140 KB of the app's wasm. [`merge_sort_by`]
//! sorts indices in code that is not generic, so a site adds only a small shim. Collecting into
//! a `BTreeMap` sorts too: [`collect_map`] does not, in wasm.
//!
//! Each `sort` function has the semantics of the `slice` method of the same name. In wasm all are
//! stable; the unstable ones are for elements that compare equal only when indistinguishable, so
//! that the order never depends on the target.
use std::cmp::Ordering;
use std::collections::BTreeMap;

const WASM: bool = cfg!(target_arch = "wasm32");

pub fn sort<T: Ord>(v: &mut [T]) {
    if WASM {
        merge_sort_by(v, T::cmp)
    } else {
        v.sort()
    }
}

pub fn sort_by<T>(v: &mut [T], compare: impl FnMut(&T, &T) -> Ordering) {
    if WASM {
        merge_sort_by(v, compare)
    } else {
        v.sort_by(compare)
    }
}

pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    if WASM {
        merge_sort_by(v, |a, b| key(a).cmp(&key(b)))
    } else {
        v.sort_by_key(key)
    }
}

pub fn sort_unstable<T: Ord>(v: &mut [T]) {
    if WASM {
        merge_sort_by(v, T::cmp)
    } else {
        v.sort_unstable()
    }
}

pub fn sort_unstable_by<T>(v: &mut [T], compare: impl FnMut(&T, &T) -> Ordering) {
    if WASM {
        merge_sort_by(v, compare)
    } else {
        v.sort_unstable_by(compare)
    }
}

pub fn sort_unstable_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    if WASM {
        merge_sort_by(v, |a, b| key(a).cmp(&key(b)))
    } else {
        v.sort_unstable_by_key(key)
    }
}

/// `items.collect()`: `BTreeMap`'s `FromIterator` sorts the items first, with an instance of std's
/// stable sort per site, so in wasm they are inserted one by one instead. For keys that are equal
/// only when indistinguishable (the last value of a key wins either way).
pub fn collect_map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    if WASM {
        let mut map = BTreeMap::new();
        map.extend(items);
        map
    } else {
        items.into_iter().collect()
    }
}

/// The wasm sort, on every target so that it is tested natively: stable, the order of
/// `slice::sort_by`. Sorts the indices, then moves the elements.
pub fn merge_sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = merge_sorted_indices(v.len(), &mut |i, j| compare(&v[i], &v[j]));
    permute(order, &mut |i, j| v.swap(i, j));
}

/// The indices `0..len` in the order `compare` gives them; equal ones stay in index order.
/// Bottom-up merge sort: runs of `width` merged in pairs, from one buffer into the other.
fn merge_sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..len).collect();
    let mut into = vec![0; len];
    let mut width = 1;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            // Already in order (always so for sorted input): a copy, without comparing each.
            if mid == end || compare(from[mid], from[mid - 1]) != Ordering::Less {
                into[start..end].copy_from_slice(&from[start..end]);
                continue;
            }
            let (mut left, mut right) = (start, mid);
            for slot in &mut into[start..end] {
                // The right run goes first only when smaller, so equal elements keep their order.
                if right < end && (left == mid || compare(from[right], from[left]) == Ordering::Less) {
                    *slot = from[right];
                    right += 1;
                } else {
                    *slot = from[left];
                    left += 1;
                }
            }
        }
        std::mem::swap(&mut from, &mut into);
        width *= 2;
    }
    from
}

/// Moves the element at `order[k]` to `k` for every `k`, with `swap`: each cycle of the
/// permutation is walked once, marking a place done by setting `order[k] = k`.
fn permute(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut hole = start;
        loop {
            let source = order[hole];
            order[hole] = hole;
            if source == start {
                break;
            }
            // `hole` gets its element; the one that was at `start` moves on to `source`.
            swap(hole, source);
            hole = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Keys with many repeats, each tagged with its position so that stability shows.
    fn tagged(keys: &[u8]) -> Vec<(u8, usize)> {
        keys.iter().copied().zip(0..).collect()
    }

    fn agrees_with_std(keys: &[u8]) -> Result<(), TestCaseError> {
        let mut ours = tagged(keys);
        let mut std = ours.clone();
        merge_sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
        std.sort_by_key(|p| p.0);
        prop_assert_eq!(ours, std);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn merge_sort_is_std_stable_sort(keys in prop_oneof![
            proptest::collection::vec(0u8..4, 0..80),
            proptest::collection::vec(any::<u8>(), 0..300),
        ]) {
            agrees_with_std(&keys)?;
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            agrees_with_std(&sorted)?;
            sorted.reverse();
            agrees_with_std(&sorted)?;
        }

        #[test]
        fn merge_sort_by_key_of_any_type(words in proptest::collection::vec("[ab]{0,3}", 0..60)) {
            let mut ours = words.clone();
            merge_sort_by(&mut ours, |a, b| a.len().cmp(&b.len()));
            let mut std = words;
            std.sort_by_key(String::len);
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn small_and_uniform_inputs() {
        for len in 0..70 {
            for keys in [vec![7; len], (0..len as u8).collect(), (0..len as u8).rev().collect(), (0..len).map(|i| (i % 3) as u8).collect()] {
                agrees_with_std(&keys).unwrap();
            }
        }
    }

    #[test]
    fn the_shims_sort_as_std() {
        let words = ["b", "a", "c", "a"];
        let mut pairs: Vec<(&str, usize)> = words.iter().copied().zip(0..).collect();
        sort_by_key(&mut pairs, |p| p.0);
        assert_eq!(pairs, [("a", 1), ("a", 3), ("b", 0), ("c", 2)]);
        sort_by(&mut pairs, |a, b| b.1.cmp(&a.1));
        assert_eq!(pairs, [("a", 3), ("c", 2), ("a", 1), ("b", 0)]);
        sort_unstable_by_key(&mut pairs, |p| p.1);
        assert_eq!(pairs, [("b", 0), ("a", 1), ("c", 2), ("a", 3)]);
        sort_unstable_by(&mut pairs, |a, b| b.cmp(a));
        assert_eq!(pairs, [("c", 2), ("b", 0), ("a", 3), ("a", 1)]);
        sort(&mut pairs);
        assert_eq!(pairs, [("a", 1), ("a", 3), ("b", 0), ("c", 2)]);
        let mut numbers = [3, 1, 2];
        sort_unstable(&mut numbers);
        assert_eq!(numbers, [1, 2, 3]);
    }
}
