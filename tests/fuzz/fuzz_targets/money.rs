//! Fuzz target: the money parser and recogniser never panic on any bytes
//! (the invariants are in `checks.rs`, shared with the stable runner
//! `tests/fuzz_checks.rs`).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::money(data));
