//! Throughput measurement, not a test: cleans every seed and dev page 1000
//! times and prints µs per article.
//! `cargo test --test clean_bench -- --ignored --nocapture`

use promdigest::clean::clean_text;
use std::time::Instant;

#[test]
#[ignore]
fn measure_clean_throughput() {
    let mut pages = Vec::new();
    for dir in ["tests/data/seeds", "tests/data/dev/raw"] {
        for e in std::fs::read_dir(dir).unwrap() {
            pages.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
    }
    let rounds = 1000;
    let t = Instant::now();
    let mut kept = 0usize;
    for _ in 0..rounds {
        for p in &pages {
            kept += clean_text(p).paragraphs.len();
        }
    }
    let per = t.elapsed().as_secs_f64() * 1e6 / (rounds * pages.len()) as f64;
    println!(
        "{} pages × {rounds}: {per:.1} µs per article ({kept} paragraphs)",
        pages.len()
    );
}

#[test]
#[ignore]
fn measure_parts() {
    use promdigest::clean::{chrome, dates, lines};
    let mut pages = Vec::new();
    for dir in ["tests/data/seeds", "tests/data/dev/raw"] {
        for e in std::fs::read_dir(dir).unwrap() {
            pages.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
    }
    let n = 100;
    let t = Instant::now();
    for _ in 0..n {
        for p in &pages {
            std::hint::black_box(lines::split_lines(p));
        }
    }
    println!(
        "split {:.1}",
        t.elapsed().as_secs_f64() * 1e6 / (n * pages.len()) as f64
    );
    let all: Vec<_> = pages.iter().flat_map(|p| lines::split_lines(p)).collect();
    let t = Instant::now();
    for _ in 0..n {
        for l in &all {
            std::hint::black_box(chrome::classify(&l.text, l.words));
        }
    }
    println!(
        "classify {:.1}",
        t.elapsed().as_secs_f64() * 1e6 / (n * pages.len()) as f64
    );
    let t = Instant::now();
    for _ in 0..n {
        for l in &all {
            std::hint::black_box(dates::is_date_line(&l.text));
        }
    }
    println!(
        "is_date_line {:.1}",
        t.elapsed().as_secs_f64() * 1e6 / (n * pages.len()) as f64
    );
    let t = Instant::now();
    for _ in 0..n {
        for l in &all {
            std::hint::black_box(dates::parse(&l.text));
        }
    }
    println!(
        "parse {:.1}",
        t.elapsed().as_secs_f64() * 1e6 / (n * pages.len()) as f64
    );
}
