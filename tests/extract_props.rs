//! Property tests for extraction: no panic on arbitrary text, reported
//! positions inside the text, money parse/format round-trips, and an insta
//! snapshot of the seed extraction so changes are reviewed, not accidental.

mod common;

use std::sync::OnceLock;

use promdigest::cmd::extract::EntitiesOut;
use promdigest::extract::money::{format_rub, MoneyFinder};
use promdigest::extract::{ExtractConfig, Extractor};
use proptest::prelude::*;

const NBSP: char = '\u{a0}';

fn extractor() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| Extractor::new(&ExtractConfig::default()))
}

/// Text built from pieces that exercise every recogniser, glued randomly.
fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Антон",
        "Алихановым",
        "Оксаны",
        "Кукшенёвой",
        "А.",
        "министр",
        "генерального",
        "директора",
        "«",
        "»",
        "(",
        ")",
        "ООО",
        "Минпромторга",
        "России",
        "Фонд",
        "развития",
        "промышленности",
        "Краснодарского",
        "края",
        "региона",
        "Кубани",
        "РТ",
        "Е1",
        "БГ",
        "Ё",
        "-",
        "–",
        ",",
        ".",
        "\n",
        "1",
        "128,7",
        "млрд",
        "миллиона",
        "рублей",
        "руб.",
        "₽",
        "до",
        "более",
        "полмиллиарда",
        "завод",
        "кластер",
        "имени",
        "им",
        "Ассоциации",
        "по",
        "и",
        "Российской",
        "Федерации",
        "района",
        "Свободненском",
        "ё",
        "İ",
        "ß",
        "🙂",
        "\u{a0}",
        "",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_on_arbitrary_text(title in ".{0,60}", paras in prop::collection::vec(".{0,200}", 0..4)) {
        let e = extractor().extract(&title, &paras);
        let len = title.chars().count() + paras.iter().map(|p| p.chars().count() + 1).sum::<usize>();
        for r in &e.regions { prop_assert!((r.salience.first as usize) <= len); }
    }

    #[test]
    fn never_panics_on_newsy_text(title in newsy(), p1 in newsy(), p2 in newsy()) {
        let paras = vec![p1, p2];
        let e = extractor().extract(&title, &paras);
        let text = format!("{title}\n{}", paras.join("\n"));
        let len = text.chars().count() as u32;
        for p in &e.people { prop_assert!(p.salience.first < len && p.salience.mentions >= 1); }
        for b in &e.bodies { prop_assert!(b.salience.first < len); }
        for o in &e.organizations { prop_assert!(o.salience.first < len); }
        let spaced = text.replace(NBSP, " ");
        for m in &e.money {
            let found = spaced.contains(&m.text);
            prop_assert!(found, "money text {:?} not in the article", m.text);
        }
    }

    #[test]
    fn money_format_parse_round_trip(rub in 1u64..10_000_000_000_000) {
        let f = MoneyFinder::new();
        let text = format_rub(rub);
        prop_assert_eq!(f.parse(&text).map(|p| p.0), Some(rub));
    }

    #[test]
    fn money_decimal_scales_are_exact(int in 1u64..1000, frac in 0u64..100, scale in 0usize..3) {
        let (word, mult) = [("тыс. рублей", 1_000u64), ("млн рублей", 1_000_000), ("млрд рублей", 1_000_000_000)][scale];
        let text = format!("{int},{frac:02} {word}");
        let want = int * mult + frac * mult / 100;
        prop_assert_eq!(MoneyFinder::new().parse(&text).map(|p| p.0), Some(want));
    }
}

#[test]
fn seed_extraction_snapshot() {
    let arts = common::load_clean("tests/data/gold/clean.json", "tests/data/seeds");
    // Money keeps where its sentence is; the snapshot shows the text, as
    // `promdigest extract` prints it.
    let extracted: Vec<_> = arts
        .iter()
        .map(|a| extractor().extract(&a.title, &a.paragraphs))
        .collect();
    let all: Vec<_> = arts
        .iter()
        .zip(&extracted)
        .map(|(a, e)| (a.file.clone(), EntitiesOut::new(e, &a.title, &a.paragraphs)))
        .collect();
    insta::assert_json_snapshot!("seed_entities", all);
}

#[test]
fn extractor_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Extractor>();
}

/// Speed: 10,000 articles built from the labelled corpora. Run in release:
/// `cargo test --release --test extract_props -- --ignored --nocapture`.
#[test]
#[ignore]
fn speed_10k_articles() {
    use rayon::prelude::*;
    let mut arts = common::load_clean("tests/data/dev/clean.json", "tests/data/dev/raw");
    arts.extend(common::load_clean(
        "tests/data/gold/clean.json",
        "tests/data/seeds",
    ));
    arts.extend(common::load_plain("tests/data/entities_own"));
    let bytes: usize = arts
        .iter()
        .map(|a| a.title.len() + a.paragraphs.iter().map(String::len).sum::<usize>())
        .sum();
    let t0 = std::time::Instant::now();
    let x = Extractor::new(&ExtractConfig::default());
    let build = t0.elapsed();
    let n = 10_000;
    let t1 = std::time::Instant::now();
    for i in 0..n {
        let a = &arts[i % arts.len()];
        std::hint::black_box(x.extract(&a.title, &a.paragraphs));
    }
    let single = t1.elapsed();
    let t2 = std::time::Instant::now();
    (0..n).into_par_iter().for_each(|i| {
        let a = &arts[i % arts.len()];
        std::hint::black_box(x.extract(&a.title, &a.paragraphs));
    });
    let par = t2.elapsed();
    println!(
        "corpus {} articles, avg {} bytes; build {:?}; {n} articles: 1 thread {:?} ({:.1} µs/article), {} threads {:?}",
        arts.len(),
        bytes / arts.len(),
        build,
        single,
        single.as_secs_f64() * 1e6 / n as f64,
        rayon::current_num_threads(),
        par
    );
}
