//! One stable sort for the whole page. Every `sort_by` of another element
//! type or comparison is a copy of the standard library's sort (4–5 KB of
//! wasm each); sorting goes through here instead, where one merge sort runs
//! on positions, and the elements are then moved to their places. A stable
//! sort's result is decided by its comparison alone, so the order is the one
//! `sort_by` gives. The merge sort is ours, not the standard library's
//! (driftsort, 3 KB of wasm in the first load for lists of a few hundred at
//! most: offices, phases, a matrix's cells, the import log).

use std::cmp::Ordering;

/// Sorts `items` as `items.sort_by(compare)` does (stable).
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    // Position k takes the element that was at order[k]: each cycle of the
    // permutation is followed once, by swaps.
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

/// Sorts `items` as `items.sort_by_key(key)` does (stable).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions 0..n in the stable order `compare` gives them: a bottom-up
/// merge sort (runs of 1, 2, 4, … merged pairwise, the left run's element
/// first when two compare equal), O(n log n), a pair of runs already in
/// order copied without comparing further.
#[inline(never)]
fn sorted_positions(n: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right) = (start, middle);
            if middle == end || compare(order[middle - 1], order[middle]) != Ordering::Greater {
                merged[start..end].copy_from_slice(&order[start..end]);
            } else {
                for slot in &mut merged[start..end] {
                    let take_left = right == end
                        || (left < middle
                            && compare(order[left], order[right]) != Ordering::Greater);
                    if take_left {
                        *slot = order[left];
                        left += 1;
                    } else {
                        *slot = order[right];
                        right += 1;
                    }
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::{sort_by, sort_by_key};

    #[test]
    fn sorts_as_the_standard_library_does_and_stays_stable() {
        let mut seed = 12345u64;
        for n in [0, 1, 2, 3, 5, 7, 8, 9, 20, 33, 100, 1000, 4099] {
            let items: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = items.clone();
            let mut theirs = items.clone();
            sort_by_key(&mut ours, |p| p.0);
            theirs.sort_by_key(|p| p.0);
            assert_eq!(ours, theirs, "{n}");
            let (mut ours, mut theirs) = (items.clone(), items);
            let odd_first =
                |a: &(u8, usize), b: &(u8, usize)| (b.0 % 2).cmp(&(a.0 % 2)).then(a.0.cmp(&b.0));
            sort_by(&mut ours, odd_first);
            theirs.sort_by(odd_first);
            assert_eq!(ours, theirs, "{n}");
        }
    }
}
