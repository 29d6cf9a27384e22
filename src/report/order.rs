//! The program's one sort. Rust compiles its sort (a stable driftsort, ≈ 3.5 KB of wasm) once per
//! element type and comparator: seven call sites made seven copies in the first load. These
//! functions sort the positions `0..len` through one comparator type, so each wasm holds a single
//! copy, and then move the elements into that order. Stable, like `slice::sort_by`.
//! `tests/tidy.rs` keeps every other sort out of `src`.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (`slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = items;
        stable_order(items.len(), &|a, b| compare(&items[a], &items[b]))
    };
    // Position k takes the element at order[k]: follow each cycle of the permutation with swaps,
    // carrying the cycle's first element along until the position that takes it.
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `items` by the key `key` gives, keeping equal keys in their order (`slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order (`slice::sort`).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the order `compare` gives them: the one place a sort is compiled.
fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}
