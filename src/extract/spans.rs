//! Lookups over byte spans in O(log n), for the recognisers' hot loops.
//!
//! Every recogniser asks, token by token, "is there a region hit starting
//! here?", "does this word overlap a body?", "is it inside a person's
//! name?". Linear searches over all hits made extraction quadratic in the
//! article size (issue #15: a 2.4 MB paste took 8 s, a 50 MB one never
//! finished). Hits from one gazetteer are sorted by start and disjoint, so a
//! binary search answers; mixed or nested spans are merged or indexed by
//! a running maximum end first. Each probe is counted in [`super::work`].

use super::work::step;

/// Probes a binary search over `n` items costs, for the work counter.
fn probes(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()) as usize + 1
}

/// The item of `sorted` (by start, distinct starts) that starts at `pos`.
pub(crate) fn starting_at<T>(sorted: &[T], start: impl Fn(&T) -> usize, pos: usize) -> Option<&T> {
    step(probes(sorted.len()));
    let i = sorted.partition_point(|h| start(h) < pos);
    sorted.get(i).filter(|h| start(h) == pos)
}

/// The first item of `sorted` (by start, disjoint) overlapping `s..e`.
pub(crate) fn first_overlapping<T>(
    sorted: &[T],
    span: impl Fn(&T) -> (usize, usize),
    s: usize,
    e: usize,
) -> Option<&T> {
    step(probes(sorted.len()));
    // Disjoint and sorted by start, so also sorted by end.
    let i = sorted.partition_point(|h| span(h).1 <= s);
    sorted.get(i).filter(|h| span(h).0 < e)
}

/// The item of `sorted` (by start, disjoint) containing `s..e`.
pub(crate) fn containing<T>(
    sorted: &[T],
    span: impl Fn(&T) -> (usize, usize),
    s: usize,
    e: usize,
) -> Option<&T> {
    step(probes(sorted.len()));
    let i = sorted.partition_point(|h| span(h).0 <= s);
    i.checked_sub(1)
        .map(|i| &sorted[i])
        .filter(|h| span(h).1 >= e)
}

/// Spans of any shape (overlapping, nested, unsorted) merged into a sorted
/// disjoint set, for "does this overlap any of them" questions.
pub(crate) struct SpanSet(Vec<(usize, usize)>);

impl SpanSet {
    pub(crate) fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> SpanSet {
        let mut v: Vec<(usize, usize)> = spans.into_iter().filter(|(s, e)| s < e).collect();
        step(v.len());
        v.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
        for (s, e) in v {
            match out.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
        SpanSet(out)
    }

    /// Whether the non-empty `s..e` overlaps any of the spans.
    pub(crate) fn overlaps(&self, s: usize, e: usize) -> bool {
        first_overlapping(&self.0, |&x| x, s, e).is_some()
    }
}

/// Spans sorted by start (possibly overlapping) with the running maximum
/// end, for "is this inside one of them" questions.
pub(crate) struct Covering {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Covering {
    /// `spans` must be sorted by start.
    pub(crate) fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Covering {
        let (mut starts, mut max_end) = (Vec::new(), Vec::new());
        let mut m = 0;
        for (s, e) in spans {
            debug_assert!(starts.last().is_none_or(|&l| l <= s), "sorted by start");
            m = m.max(e);
            starts.push(s);
            max_end.push(m);
        }
        step(starts.len());
        Covering { starts, max_end }
    }

    /// Whether one span starts at or before `s` and ends at or after `e`.
    pub(crate) fn covers(&self, s: usize, e: usize) -> bool {
        step(probes(self.starts.len()));
        let i = self.starts.partition_point(|&x| x <= s);
        i > 0 && self.max_end[i - 1] >= e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_agree_with_linear_scans() {
        let hits = [(2, 5), (5, 9), (12, 14)];
        for s in 0..16 {
            for e in s + 1..17 {
                let lin = hits.iter().find(|h| h.0 < e && s < h.1);
                assert_eq!(first_overlapping(&hits, |&h| h, s, e), lin, "{s}..{e}");
                let lin = hits.iter().find(|h| h.0 <= s && e <= h.1);
                assert_eq!(containing(&hits, |&h| h, s, e), lin, "{s}..{e}");
                let mixed = [(3, 4), (1, 6), (10, 13), (12, 12), (11, 15)];
                let set = SpanSet::new(mixed);
                let lin = mixed.iter().any(|h| h.0 < e && s < h.1);
                assert_eq!(set.overlaps(s, e), lin, "{s}..{e}");
                let mut sorted = mixed;
                sorted.sort();
                let cov = Covering::new(sorted);
                let lin = mixed.iter().any(|h| h.0 <= s && e <= h.1);
                assert_eq!(cov.covers(s, e), lin, "{s}..{e}");
            }
            let lin = hits.iter().find(|h| h.0 == s);
            assert_eq!(starting_at(&hits, |h| h.0, s), lin);
        }
    }
}
