//! A deterministic work counter for the extraction hot paths.
//!
//! Issue #15: extraction was quadratic in the article size (linear searches
//! over all hits inside loops over all tokens). Timing tests flake on a
//! shared machine, so the recognisers count the elements they visit in
//! every search over hits, spans, tallies and candidate lists, and a test
//! asserts that doubling an article at most about doubles the count
//! (`tests/extract_linear.rs`). The counter is per thread, so parallel
//! builds and tests do not disturb each other, and costs one add.

use std::cell::Cell;

thread_local! {
    static STEPS: Cell<u64> = const { Cell::new(0) };
}

/// Records `n` units of work (elements visited, probes made).
#[inline]
pub(crate) fn step(n: usize) {
    STEPS.with(|s| s.set(s.get().wrapping_add(n as u64)));
}

/// Work recorded on this thread so far.
pub fn steps() -> u64 {
    STEPS.with(Cell::get)
}
