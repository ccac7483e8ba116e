//! One stable sort for the whole page. Every `sort_by` of another element
//! type or comparison is a copy of the standard library's sort (4–5 KB of
//! wasm each); sorting goes through here instead, where the standard
//! library's stable sort runs once, on positions, and the elements are then
//! moved to their places. A stable sort's result is decided by its
//! comparison alone, so the order is the one `sort_by` gives.

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

/// The positions 0..n in the stable order `compare` gives them.
#[inline(never)]
fn sorted_positions(n: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::{sort_by, sort_by_key};

    #[test]
    fn sorts_as_the_standard_library_does_and_stays_stable() {
        let mut seed = 12345u64;
        for n in [0, 1, 2, 3, 7, 20, 100, 1000] {
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
