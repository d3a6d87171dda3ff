//! Search index benchmark on a synthetic corpus.
//!
//! `cargo run --release --example search_bench -- [N] [OUT_DIR] [--html HTML_DIR]`
//!
//! Generates `N` (default 10,000) deterministic Russian industry-news
//! articles from the vocabulary of the seed texts (`content/*.txt`, plus
//! `tests/data/dev/raw/*.txt`), words drawn with a Zipf-like skew, plus a
//! long tail of generated proper names so the vocabulary grows with the
//! corpus as real news does. Every article mentions "промышленность", the
//! worst case for a one-word query. It builds the index (best of three),
//! writes it to `OUT_DIR` (default `target/search-bench/search`) for
//! `tests/js/bench_query.mjs`, and prints sizes and timings. With `--html` it
//! also writes the articles as a plain HTML site for a Pagefind comparison.

use promdigest::search::{build_index, SearchDoc};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Instant;

/// splitmix64: small, deterministic, good enough for sampling.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Index skewed towards 0 (roughly Zipf: rank ∝ u²·n).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize
    }
}

const REGIONS: &[(&str, &str)] = &[
    ("Краснодарский край", "Кубань"),
    ("Амурская область", "Приамурье"),
    ("Омская область", "Прииртышье"),
    ("Пермский край", "Прикамье"),
    ("Республика Татарстан", "Татарстан"),
    ("Свердловская область", "Средний Урал"),
    ("Челябинская область", "Южный Урал"),
    ("Новосибирская область", "Новосибирская область"),
    ("Нижегородская область", "Нижегородская область"),
    ("Самарская область", "Самарская область"),
    ("Ростовская область", "Дон"),
    ("Республика Башкортостан", "Башкирия"),
    ("Красноярский край", "Красноярье"),
    ("Тюменская область", "Тюменская область"),
    ("Ленинградская область", "Ленобласть"),
    ("Московская область", "Подмосковье"),
    ("Иркутская область", "Приангарье"),
    ("Приморский край", "Приморье"),
    ("Калужская область", "Калужская область"),
    ("Липецкая область", "Липецкая область"),
];
/// Shared with the cleaner and the site (one table of month names).
const MONTHS: &[&str] = &promdigest::model::date::MONTHS_GENITIVE;
const SYLLABLES: &[&str] = &[
    "ка", "ро", "ми", "тех", "пром", "лан", "вер", "сор", "нит", "гра", "дем", "ур", "ал", "зан",
    "бор", "ин", "тек", "ста", "мар", "вол", "нов", "кос", "рел", "фин", "газ",
];

fn vocabulary() -> Vec<String> {
    let mut freq: BTreeMap<String, usize> = BTreeMap::new();
    for dir in ["content", "tests/data/dev/raw"] {
        let mut files: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let text = fs::read_to_string(f).unwrap();
            for w in promdigest::search::tokens(&text) {
                if w.chars().all(|c| ('а'..='я').contains(&c) || c == 'ё') {
                    *freq.entry(w.to_string()).or_default() += 1;
                }
            }
        }
    }
    let mut words: Vec<(String, usize)> = freq.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.into_iter().map(|w| w.0).collect()
}

fn name(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..2 + rng.below(3) {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    let mut c = s.chars();
    let first = c.next().unwrap().to_uppercase().to_string();
    first + c.as_str()
}

fn sentence(rng: &mut Rng, vocab: &[String], names: &[String], len: usize) -> String {
    let mut words: Vec<String> = (0..len)
        .map(|_| {
            if rng.below(25) == 0 {
                names[rng.skewed(names.len())].clone()
            } else {
                vocab[rng.skewed(vocab.len())].clone()
            }
        })
        .collect();
    let mut c = words[0].chars();
    words[0] = c.next().unwrap().to_uppercase().collect::<String>() + c.as_str();
    words.join(" ") + "."
}

/// The synthetic corpus: deterministic for a given `n`.
pub fn corpus(n: usize) -> Vec<SearchDoc> {
    let vocab = vocabulary();
    let mut rng = Rng(42);
    let names: Vec<String> = (0..n * 2).map(|_| name(&mut rng)).collect();
    (0..n)
        .map(|i| {
            let (region, alias) = REGIONS[rng.skewed(REGIONS.len())];
            let year = 2019 + rng.below(7) as i32;
            let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
            let title_len = 6 + rng.below(6);
            let title = sentence(&mut rng, &vocab, &names, title_len);
            let mut paragraphs: Vec<String> = (0..4 + rng.below(6))
                .map(|_| {
                    (0..2 + rng.below(3))
                        .map(|_| {
                            let len = 8 + rng.below(12);
                            sentence(&mut rng, &vocab, &names, len)
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            paragraphs[0].push_str(&format!(" Это важно для {alias} и промышленности региона."));
            let person = format!("{} {}", name(&mut rng), names[rng.skewed(names.len())]);
            SearchDoc {
                url: format!("/digest/articles/article-{i:05}/"),
                title: title.trim_end_matches('.').to_string(),
                date: Some(format!("{year}-{month:02}-{day:02}")),
                date_label: Some(format!("{day} {} {year}", MONTHS[month - 1])),
                year: Some(year),
                regions: vec![region.to_string()],
                paragraphs,
                entities: vec![region.to_string(), alias.to_string(), person],
            }
        })
        .collect()
}

fn plain_size(docs: &[SearchDoc]) -> usize {
    docs.iter()
        .map(|d| d.title.len() + d.paragraphs.iter().map(|p| p.len() + 1).sum::<usize>())
        .sum()
}

fn write_html(docs: &[SearchDoc], dir: &Path) {
    let _ = fs::remove_dir_all(dir);
    for (i, d) in docs.iter().enumerate() {
        let p = dir.join(format!("articles/article-{i:05}/index.html"));
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        let body: String = d
            .paragraphs
            .iter()
            .map(|p| format!("<p>{p}</p>\n"))
            .collect();
        let html = format!(
            "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{t}</title></head>\
             <body><main data-pagefind-body><h1>{t}</h1><p data-pagefind-filter=\"region\">{r}</p>\
             <p data-pagefind-filter=\"year\">{y}</p>{body}</main></body></html>",
            t = d.title,
            r = d.regions.join(", "),
            y = d.year.unwrap_or(0),
        );
        fs::write(p, html).unwrap();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let out = args
        .get(1)
        .filter(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "target/search-bench/search".into());
    let html = args
        .iter()
        .position(|a| a == "--html")
        .map(|i| args[i + 1].clone());

    let t = Instant::now();
    let docs = corpus(n);
    println!("corpus: {n} articles generated in {:.0} ms", ms(t));

    let mut times = Vec::new();
    let mut files = BTreeMap::new();
    for _ in 0..3 {
        let (t, cpu) = (Instant::now(), cpu_ms());
        files = build_index(&docs);
        times.push((ms(t), cpu_ms() - cpu));
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));

    let out = Path::new(&out);
    let _ = fs::remove_dir_all(out);
    for (path, bytes) in &files {
        let p = out.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    let total: usize = files.values().map(Vec::len).sum();
    let sum = |prefix: &str| -> (usize, usize, usize) {
        let sizes: Vec<usize> = files
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v.len())
            .collect();
        (
            sizes.len(),
            sizes.iter().sum(),
            sizes.iter().copied().max().unwrap_or(0),
        )
    };
    let (ns, ss, smax) = sum("t/");
    let (nd, ds, dmax) = sum("d/");
    let plain = plain_size(&docs);
    println!(
        "build: wall best {:.0} ms, median {:.0} ms; CPU (all threads) {:.0} ms, {:.0} ms (of 3)",
        times[0].0, times[1].0, times[0].1, times[1].1
    );
    println!("plain text: {plain} bytes");
    println!(
        "index: {total} bytes in {} files = {:.1}% of plain text",
        files.len(),
        100.0 * total as f64 / plain as f64
    );
    println!("manifest: {} bytes", files["manifest.json"].len());
    println!("term shards: {ns} files, {ss} bytes, largest {smax} bytes");
    println!("doc chunks: {nd} files, {ds} bytes, largest {dmax} bytes");
    println!("written to {}", out.display());
    if let Some(dir) = html {
        write_html(&docs, Path::new(&dir));
        println!("html site for pagefind written to {dir}");
    }
}

/// CPU time of the whole process (user + system, all threads) in ms, from
/// /proc (Linux); the wall time alone misleads on a shared machine.
fn cpu_ms() -> f64 {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    ticks * 10.0 // USER_HZ is 100 on Linux
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
