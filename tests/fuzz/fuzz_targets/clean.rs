//! Fuzz target: `clean_text` must never panic, and what it emits must obey
//! its basic contract on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promdigest::clean::{classify, clean_text};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let c = clean_text(text);
    for p in &c.paragraphs {
        assert!(!p.is_empty(), "empty paragraph");
        assert!(!p.contains("  ") && !p.contains('\u{a0}'), "unnormalised spaces");
    }
    if let Some(t) = &c.title {
        assert!(!t.is_empty());
    }
    let lines = classify(text);
    assert!(lines.windows(2).all(|w| w[0].line < w[1].line), "line order");
});
