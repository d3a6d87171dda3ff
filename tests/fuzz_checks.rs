//! Issue #15: the fuzz checks of `tests/fuzz/checks.rs` (the cleaner, the
//! front-matter splitter with all of loading, the money parser) on stable
//! Rust, so CI runs them on every push.
//!
//! The cargo-fuzz targets in `tests/fuzz/` are coverage-guided and find
//! more per second, but need an instrumented build of every dependency
//! (about five CPU-minutes cold, measured) and an install of cargo-fuzz
//! (one more) on each fresh CI machine. Here the inputs are random byte
//! strings spliced from a dictionary of what these parsers look for
//! (`+++`, TOML keys, dates, BOMs, money words, odd Unicode), whole
//! front-matter shapes and UTF-16; a failure is shrunk to a small input.
//!
//! `cargo test` runs [`CASES`] inputs per check from a fixed seed, the same
//! every time. `FUZZ_CASES=N FUZZ_SEED=S` run more, from another seed; the
//! `fuzz` check of `tests/run-all.sh` uses a new seed each run and prints
//! it, so a failure found there is repeated with the same two variables.

#[path = "fuzz/checks.rs"]
mod checks;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use std::cell::Cell;

/// Inputs per check in a plain `cargo test`.
const CASES: u32 = 2000;

const DICT: &[&str] = &[
    "+++",
    "+++\n",
    "\n+++\n",
    "---\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "=",
    " = ",
    "title = ",
    "date = ",
    "slug = ",
    "tags = [",
    "]",
    "source = ",
    "source_url = ",
    "draft = true",
    "[extra]",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "\\",
    "\\u0000",
    "#",
    "2025-07-07",
    "2024-07",
    "2024",
    "10:00:00",
    "1979-05-27T07:32:00Z",
    "31.12.2024",
    "javascript:",
    "https://ex.org/a",
    "\u{feff}",
    "\0",
    "\u{a0}",
    "\u{200b}",
    "\u{ad}",
    "\u{301}",
    "\u{202e}",
    "\u{1b}[2J",
    "ё",
    "İ",
    "ß",
    "ﬁ",
    "👍",
    "Завод",
    " в Перми",
    "Пермский край",
    "Татарстан",
    "Минпромторг",
    "ПАО «Газпром»",
    "губернатор ",
    "Иван Петров",
    "руб.",
    " рублей",
    "₽",
    " млн",
    " млрд",
    " тыс.",
    " трлн",
    " долларов",
    " копеек",
    "$",
    "€",
    "%",
    "1,5",
    "1 200",
    "12",
    "0",
    "-3",
    "999999999999999999999",
    "0,000001",
    "—",
    "–",
    "-",
    "«",
    "»",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "(",
    ")",
    "Источник:",
    "©",
    "Фото: ",
    "Читайте также",
    "# ",
    "## ",
    "* ",
    "1. ",
    "> ",
    "```",
    "    ",
    "[^1]",
    "[^1]: ",
    "|",
    "<b>",
    "&amp;",
];

/// Byte strings that are not UTF-8 text: BOMs, Windows-1251, stray bytes.
const RAW: &[&[u8]] = &[
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\xc7\xe0\xe2\xee\xe4 \xe2 \xcf\xe5\xf0\xec\xe8",
    b"\xd0",
    b"\xe2\x82",
    b"\x80",
    b"\xff",
];

fn soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        10 => prop::sample::select(DICT).prop_map(|s| s.as_bytes().to_vec()),
        3 => any::<char>().prop_map(|c| c.to_string().into_bytes()),
        1 => prop::sample::select(RAW).prop_map(<[u8]>::to_vec),
        1 => prop::collection::vec(any::<u8>(), 1..6),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

/// Soup, soup between two `+++` lines, or soup saved as UTF-16 with a BOM.
fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => soup(),
        3 => (soup(), soup()).prop_map(|(front, body)| [&b"+++\n"[..], &front, b"\n+++\n", &body].concat()),
        1 => soup().prop_map(|s| {
            let mut b = vec![0xff, 0xfe];
            for u in String::from_utf8_lossy(&s).encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }),
    ]
}

thread_local! {
    /// Set while the runner tries inputs, so that shrinking does not print
    /// one panic message per attempt.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `check` on `FUZZ_CASES` inputs from `FUZZ_SEED` (defaults: [`CASES`],
/// 15) and fails with the smallest failing input found.
fn fuzz(name: &str, check: fn(&[u8])) {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                prev(info)
            }
        }));
    });
    let env = |k: &str| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    let cases = env("FUZZ_CASES").map_or(CASES, |n| n as u32);
    let seed = env("FUZZ_SEED").unwrap_or(15);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed.to_le_bytes().repeat(4));
    let mut runner = TestRunner::new_with_rng(config, rng);
    let start = std::time::Instant::now();
    QUIET.with(|q| q.set(true));
    let result = runner.run(&input(), |bytes| {
        check(&bytes);
        Ok(())
    });
    QUIET.with(|q| q.set(false));
    match result {
        Ok(()) => eprintln!(
            "fuzz {name}: {cases} inputs from seed {seed}, none failed ({:.1} s)",
            start.elapsed().as_secs_f64()
        ),
        Err(TestError::Fail(why, bytes)) => {
            eprintln!(
                "fuzz {name}: {why}\n  smallest failing input ({} bytes): {:?}\n  as text: {:?}\n  \
                 repeat with FUZZ_SEED={seed} FUZZ_CASES={cases} cargo test --test fuzz_checks {name}",
                bytes.len(),
                bytes,
                String::from_utf8_lossy(&bytes)
            );
            // Once more, heard: the panic shows where it happened.
            check(&bytes);
            panic!("fuzz {name}: {why}");
        }
        Err(e) => panic!("fuzz {name}: {e}"),
    }
}

#[test]
fn issue_15_fuzz_clean() {
    fuzz("clean", checks::clean);
}

#[test]
fn issue_15_fuzz_front_matter() {
    fuzz("front_matter", checks::front_matter);
}

#[test]
fn issue_15_fuzz_money() {
    fuzz("money", checks::money);
}
