//! What every fuzz input must satisfy, shared by the two runners: the
//! cargo-fuzz targets in `fuzz_targets/` (coverage-guided, for long runs by
//! hand) and `tests/fuzz_checks.rs` (stable Rust, run by `cargo test` and
//! by the `fuzz` check of `tests/run-all.sh` on every push). Each function
//! panics when an invariant breaks; none of the code under test may panic.
// Each fuzz target uses one of the checks.
#![allow(dead_code)]

use promdigest::clean::{classify, clean_text};
use promdigest::extract::money::{format_rub, MoneyFinder};
use promdigest::extract::Doc;
use promdigest::load::{load_bytes, split_front_matter};
use std::path::Path;
use std::sync::OnceLock;

/// The cleaner emits normalised, non-empty paragraphs and keeps line order.
pub fn clean(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let c = clean_text(text);
    for p in &c.paragraphs {
        assert!(!p.is_empty(), "empty paragraph");
        assert!(
            !p.contains("  ") && !p.contains('\u{a0}'),
            "unnormalised spaces"
        );
    }
    if let Some(t) = &c.title {
        assert!(!t.is_empty());
    }
    let lines = classify(text);
    assert!(
        lines.windows(2).all(|w| w[0].line < w[1].line),
        "line order"
    );
}

/// The front-matter splitter returns slices of its input, and loading a
/// file (decoding, splitting, TOML) either gives an article with text or
/// says why not.
pub fn front_matter(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        match split_front_matter(text) {
            Ok(Some((front, body, line))) => {
                assert!(front.len() + body.len() < text.len());
                assert!(line >= 3, "the body starts after two +++ lines");
                assert!(text.ends_with(body));
            }
            Ok(None) => assert!(text.lines().next().unwrap_or("").trim_end() != "+++"),
            Err(line) => assert_eq!(line, 1),
        }
    }
    for name in ["a.md", "a.txt"] {
        let (doc, diags) = load_bytes(Path::new(name), data);
        match doc {
            Some(d) => {
                assert!(!d.body.trim().is_empty(), "a loaded article has text");
                assert!(d.body_line >= 1);
                assert!(
                    d.front_lines.values().all(|&l| l >= 2 && l < d.body_line),
                    "a front-matter key lies between the two +++ lines"
                );
                assert!(diags.iter().all(|x| !x.is_error()));
            }
            None => assert!(diags.iter().any(|x| x.is_error()), "a refusal says why"),
        }
    }
}

fn finder() -> &'static MoneyFinder {
    static F: OnceLock<MoneyFinder> = OnceLock::new();
    F.get_or_init(MoneyFinder::new)
}

/// The money parser and recogniser: every amount found is positive,
/// formats, and points at a sentence inside the text.
pub fn money(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let f = finder();
    let _ = f.parse(text);
    let paragraphs: Vec<String> = text.split('\n').skip(1).map(str::to_string).collect();
    let title = text.split('\n').next().unwrap_or("");
    for m in f.find(&Doc::new(title, &paragraphs)) {
        assert!(m.rub > 0, "zero amounts are not reported");
        let sentence = m.sentence.text(title, &paragraphs);
        assert!(!sentence.is_empty(), "the sentence span lies in the text");
        assert!(!format_rub(m.rub).is_empty());
    }
}
