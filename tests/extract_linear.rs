//! Issue #15, case 2: extraction time is linear in the article size.
//!
//! A pasted log or a whole newspaper issue in one file took minutes: every
//! recogniser searched all hits of the article for every token. Timing
//! assertions flake on a shared machine, so the recognisers count the
//! elements they visit in those searches ([`promdigest::extract::work`]) and
//! this test asserts that doubling a varied article at most about doubles
//! the count (binary searches make it n·log n, hence the slack).

mod common;

use promdigest::extract::{work, ExtractConfig, Extractor};

const SYLLABLES: [&str; 20] = [
    "ба", "ве", "го", "ду", "зи", "ка", "ло", "ми", "но", "пу", "ра", "се", "ти", "фу", "ха", "це",
    "ча", "ши", "мо", "ля",
];
const REGIONS: [&str; 6] = [
    "Краснодарского края",
    "Омской области",
    "Республики Татарстан",
    "Пермского края",
    "Тульской области",
    "Амурской области",
];

/// A made-up word unique to `k` ("Бавего"), so every generated sentence
/// names new people, companies and bodies: tallies and hit lists grow with
/// the article, as in a real paste of many articles.
fn word(mut k: usize) -> String {
    let mut w = String::new();
    for _ in 0..4 {
        w.push_str(SYLLABLES[k % SYLLABLES.len()]);
        k /= SYLLABLES.len();
    }
    let mut c = w.chars();
    let first = c.next().unwrap().to_uppercase();
    first.chain(c).collect()
}

/// About `bytes` of text: real cleaned paragraphs, each followed by a
/// generated one with new names.
fn article(bytes: usize) -> Vec<String> {
    let real: Vec<String> = common::load_clean("tests/data/dev/clean.json", "tests/data/dev/raw")
        .into_iter()
        .flat_map(|a| a.paragraphs)
        .collect();
    let mut out = Vec::new();
    let (mut size, mut k) = (0, 0);
    while size < bytes {
        let (w, region) = (word(k), REGIONS[k % REGIONS.len()]);
        let generated = format!(
            "Генеральный директор АО «{w}» Иван {w}ов сообщил, что министерство {l}ской \
             промышленности {region} выделит {n} млн рублей. {w}ов встретился с Антоном \
             Алихановым в Минпромторге России.",
            l = w.to_lowercase(),
            n = k + 1,
        );
        for p in [real[k % real.len()].clone(), generated] {
            size += p.len() + 1;
            out.push(p);
        }
        k += 1;
    }
    out
}

fn work_for(x: &Extractor, paragraphs: &[String]) -> u64 {
    let before = work::steps();
    let e = x.extract("Большая статья", paragraphs);
    assert!(
        e.people.len() > 10 && e.money.len() > 10,
        "the article names things"
    );
    work::steps() - before
}

#[test]
fn issue_15_doubling_an_article_at_most_about_doubles_the_work() {
    let x = Extractor::new(&ExtractConfig::default());
    let small = article(100_000);
    let large = article(200_000);
    let (a, b) = (work_for(&x, &small), work_for(&x, &large));
    let ratio = b as f64 / a as f64;
    eprintln!("work: {a} for 100 KB, {b} for 200 KB, ratio {ratio:.2}");
    assert!(
        ratio < 2.5,
        "work grew {ratio:.2}× for 2× the text ({a} → {b})"
    );
}
