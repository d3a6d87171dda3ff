//! Helper for the Node tests of `assets/search.js` (run through cargo so the
//! JS client is always checked against the Rust side of the same commit).
//!
//! `cargo run --example search_tool -- stems OUT` writes `word<TAB>stem<TAB>term`
//! for every distinct folded word of `content/*.txt` and
//! `tests/data/dev/raw/*.txt`, and for each of them inflected with a set of
//! endings that exercise every Snowball step.
//!
//! `cargo run --example search_tool -- seed-index DIR` builds a search index
//! from the seed texts into `DIR`: non-empty lines are paragraphs, the first
//! line of five or more words is the title, and a small alias table stands in
//! for entity extraction (the real pipeline passes real entities). Optional
//! `SHARD_BYTES DOCS_PER_CHUNK` shrink shards and chunks to test splitting.
//!
//! `cargo run --example search_tool -- mix-index DIR N SPLIT_BYTES HEAD`
//! builds an index of `N` articles mixed from the paragraphs of the seed and
//! dev texts (deterministic), long posting lists split into heads of `HEAD`
//! postings: enough articles sharing words for a query to be answered from
//! the heads (#19). With `SPLIT_BYTES` 0 nothing is split.

use promdigest::search::{
    build_index_with, fold, stem_folded, term_folded, tokens, IndexOptions, SearchDoc,
};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// (substring in the text, region, entity names and aliases)
const REGIONS: &[(&str, &str, &[&str])] = &[
    (
        "Краснодар",
        "Краснодарский край",
        &["Краснодарский край", "Кубань"],
    ),
    (
        "Кубан",
        "Краснодарский край",
        &["Краснодарский край", "Кубань"],
    ),
    (
        "Амурск",
        "Амурская область",
        &["Амурская область", "Приамурье"],
    ),
    ("Омск", "Омская область", &["Омская область"]),
];
const BODIES: &[(&str, &[&str])] = &[
    (
        "Минпромторг",
        &[
            "Минпромторг России",
            "Министерство промышленности и торговли Российской Федерации",
        ],
    ),
    ("Алиханов", &["Антон Алиханов"]),
];

fn txt_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

fn seed_doc(path: &Path) -> SearchDoc {
    let text = fs::read_to_string(path).unwrap();
    let paragraphs: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let title = paragraphs
        .iter()
        .find(|l| l.split_whitespace().count() >= 5)
        .cloned()
        .unwrap_or_default();
    let mut regions = BTreeSet::new();
    let mut entities = BTreeSet::new();
    for (needle, region, names) in REGIONS {
        if text.contains(needle) {
            regions.insert(region.to_string());
            entities.extend(names.iter().map(|s| s.to_string()));
        }
    }
    for (needle, names) in BODIES {
        if text.contains(needle) {
            entities.extend(names.iter().map(|s| s.to_string()));
        }
    }
    let year = ["2025", "2024"]
        .into_iter()
        .find(|y| text.contains(y))
        .map(|y| y.parse().unwrap());
    let slug = path.file_stem().unwrap().to_string_lossy();
    SearchDoc {
        url: format!("/digest/articles/{slug}.html"),
        title,
        date: year.map(|y: i32| y.to_string()),
        date_label: year.map(|y| format!("{y} год")),
        year,
        regions: regions.into_iter().collect(),
        paragraphs,
        entities: entities.into_iter().collect(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, out] if cmd == "stems" => {
            let mut words = BTreeSet::new();
            for f in txt_files("content")
                .into_iter()
                .chain(txt_files("tests/data/dev/raw"))
            {
                let text = fs::read_to_string(&f).unwrap();
                words.extend(tokens(&text).map(fold));
            }
            // Inflect every word with endings that exercise each Snowball
            // step, so the comparison covers more than the seed texts use.
            let endings = [
                "ами",
                "ого",
                "ившись",
                "ующий",
                "ейшая",
                "енно",
                "ость",
                "ости",
                "ся",
                "ешься",
                "ева",
                "ову",
                "ями",
                "ный",
                "ывшая",
                "ейше",
                "нн",
                "и",
                "ь",
                "ать",
            ];
            let base: Vec<String> = words.iter().cloned().collect();
            for w in &base {
                words.extend(endings.iter().map(|e| format!("{w}{e}")));
            }
            let lines: String = words
                .iter()
                .map(|w| format!("{w}\t{}\t{}\n", stem_folded(w), term_folded(w)))
                .collect();
            fs::write(out, lines).unwrap();
        }
        [cmd, out, rest @ ..] if cmd == "seed-index" => {
            let mut opts = IndexOptions::default();
            if let [shard_bytes, per_chunk, split @ ..] = rest {
                opts.shard_bytes = shard_bytes.parse().expect("shard bytes");
                opts.docs_per_chunk = per_chunk.parse().expect("docs per chunk");
                if let [split_bytes, head] = split {
                    opts.split_bytes = split_bytes.parse().expect("split bytes");
                    opts.head_postings = head.parse().expect("head postings");
                }
            }
            let docs: Vec<SearchDoc> = txt_files("content").iter().map(|p| seed_doc(p)).collect();
            let out = Path::new(out);
            let _ = fs::remove_dir_all(out);
            for (path, bytes) in build_index_with(&docs, opts) {
                let p = out.join(path);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, bytes).unwrap();
            }
        }
        [cmd, out, n, split_bytes, head] if cmd == "mix-index" => {
            let split: usize = split_bytes.parse().expect("split bytes");
            let opts = IndexOptions {
                split_bytes: if split == 0 { usize::MAX } else { split },
                head_postings: head.parse().expect("head postings"),
                ..IndexOptions::default()
            };
            let docs = mixed_docs(n.parse().expect("article count"));
            let out = Path::new(out);
            let _ = fs::remove_dir_all(out);
            for (path, bytes) in build_index_with(&docs, opts) {
                let p = out.join(path);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, bytes).unwrap();
            }
        }
        _ => {
            eprintln!("usage: search_tool stems OUT | seed-index DIR [SHARD_BYTES DOCS_PER_CHUNK [SPLIT_BYTES HEAD_POSTINGS]] | mix-index DIR N SPLIT_BYTES HEAD");
            std::process::exit(2);
        }
    }
}

/// `n` articles of three to six paragraphs drawn from the seed and dev
/// texts (an LCG, so always the same), with the seed tool's regions and
/// entities and dates over seven years.
fn mixed_docs(n: usize) -> Vec<SearchDoc> {
    let mut pool: Vec<String> = Vec::new();
    for dir in ["content", "tests/data/dev/raw"] {
        for f in txt_files(dir) {
            let text = fs::read_to_string(f).unwrap();
            pool.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| l.split_whitespace().count() >= 8)
                    .map(String::from),
            );
        }
    }
    let mut x: u64 = 19;
    let mut next = |m: usize| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) as usize % m
    };
    (0..n)
        .map(|i| {
            let k = 3 + next(4);
            let paragraphs: Vec<String> = (0..k).map(|_| pool[next(pool.len())].clone()).collect();
            let text = paragraphs.join("\n");
            let mut regions = BTreeSet::new();
            let mut entities = BTreeSet::new();
            for (needle, region, names) in REGIONS {
                if text.contains(needle) {
                    regions.insert(region.to_string());
                    entities.extend(names.iter().map(|s| s.to_string()));
                }
            }
            let year = 2019 + (i % 7) as i32;
            let date = format!("{year}-{:02}-{:02}", 1 + next(12), 1 + next(28));
            SearchDoc {
                url: format!("/digest/articles/mix-{i}.html"),
                title: paragraphs[0]
                    .split_whitespace()
                    .take(8)
                    .collect::<Vec<_>>()
                    .join(" "),
                date_label: Some(date.clone()),
                date: Some(date),
                year: Some(year),
                regions: regions.into_iter().collect(),
                paragraphs,
                entities: entities.into_iter().collect(),
            }
        })
        .collect()
}
