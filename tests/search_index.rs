//! The search index built from a tiny fixture: a golden snapshot (so the
//! format never changes by accident), determinism, and term rules.

use promdigest::search::{
    build_index, build_index_with, decode_list, decode_shard, stem, term, terms, IndexOptions,
    Postings, SearchDoc, FORMAT_VERSION,
};
use std::collections::BTreeMap;

/// Every index file but the manifest is stored gzipped.
fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out)
        .expect("valid gzip");
    out
}

/// A term shard `t/<i>.bin.gz` (not a split list `t/<i>.<j>.bin.gz`).
fn is_shard(path: &str) -> bool {
    path.starts_with("t/") && path.ends_with(".bin.gz") && path.matches('.').count() == 2
}

/// The terms of every shard, decoded.
fn shard_terms(files: &BTreeMap<String, Vec<u8>>) -> impl Iterator<Item = (String, Postings)> + '_ {
    files
        .iter()
        .filter(|(k, _)| is_shard(k))
        .flat_map(|(_, b)| decode_shard(&gunzip(b)).expect("valid shard"))
}

fn fixture() -> Vec<SearchDoc> {
    let doc = |slug: &str, title: &str, date: &str, region: &str, body: &[&str], ent: &[&str]| {
        SearchDoc {
            url: format!("/digest/articles/{slug}.html"),
            title: title.into(),
            date: Some(date.into()),
            date_label: Some(date.into()),
            year: date[..4].parse().ok(),
            regions: vec![region.into()],
            paragraphs: body.iter().map(|s| s.to_string()).collect(),
            entities: ent.iter().map(|s| s.to_string()).collect(),
        }
    };
    vec![
        doc(
            "kuban",
            "На Кубани создадут кластер",
            "2024-06-20",
            "Краснодарский край",
            &[
                "В Краснодарском крае создадут промышленный кластер.",
                "Ёмкость — 5 млрд рублей.",
            ],
            &["Краснодарский край", "Кубань"],
        ),
        doc(
            "amur",
            "Газохимический кластер в Приамурье",
            "2025-07-07",
            "Амурская область",
            &["Антон Алиханов осмотрел газохимический комплекс <b>и</b> завод."],
            &["Амурская область", "Приамурье", "Минпромторг России"],
        ),
        doc(
            "omsk",
            "Хоценко встретился с министром Алихановым",
            "2024",
            "Омская область",
            &["Губернатор обсудил промышленность с министром Алихановым."],
            &["Омская область"],
        ),
    ]
}

/// A readable rendering of every file: JSON as is, shards decoded.
fn readable(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, serde_json::Value> {
    files
        .iter()
        .map(|(path, bytes)| {
            let value = if is_shard(path) {
                let terms = decode_shard(&gunzip(bytes)).expect("valid shard");
                serde_json::Value::Object(
                    terms
                        .into_iter()
                        .map(|(t, p)| (t, serde_json::json!([p.docs, p.impacts])))
                        .collect(),
                )
            } else if path.ends_with(".json.gz") {
                serde_json::from_slice(&gunzip(bytes)).expect("valid JSON")
            } else {
                serde_json::from_slice(bytes).expect("valid JSON")
            };
            (path.clone(), value)
        })
        .collect()
}

/// Tiny shards and chunks, so the golden file shows splitting and separators.
const SMALL: IndexOptions = IndexOptions {
    shard_bytes: 96,
    docs_per_chunk: 2,
    split_bytes: usize::MAX,
    head_postings: usize::MAX,
    name_terms: None,
};

#[test]
fn golden_index_of_the_tiny_fixture() {
    let files = build_index_with(&fixture(), SMALL);
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, v) in &files {
        sizes.insert(k, v.len());
    }
    insta::assert_json_snapshot!("sizes", sizes);
    insta::assert_json_snapshot!("files", readable(&files));
}

#[test]
fn build_is_deterministic_and_order_independent() {
    let docs = fixture();
    let mut reversed = docs.clone();
    reversed.reverse();
    assert_eq!(build_index(&docs), build_index(&docs));
    assert_eq!(build_index(&docs), build_index(&reversed));
    assert_eq!(
        build_index_with(&docs, SMALL),
        build_index_with(&reversed, SMALL)
    );
}

#[test]
fn every_term_lives_in_the_shard_its_separator_names() {
    let files = build_index_with(&fixture(), SMALL);
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let seps: Vec<&str> = manifest["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(seps.len() > 3, "fixture should split: {seps:?}");
    for (i, _) in seps.iter().enumerate() {
        for (t, _) in decode_shard(&gunzip(&files[&format!("t/{i}.bin.gz")])).unwrap() {
            let want = seps.iter().rposition(|s| *s <= t.as_str()).unwrap();
            assert_eq!(want, i, "{t}");
        }
    }
}

#[test]
fn empty_corpus_still_has_a_manifest() {
    let files = build_index(&[]);
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["docs"], 0);
    assert_eq!(manifest["shards"], serde_json::json!([""]));
}

#[test]
fn stop_words_and_yo_in_the_index() {
    let files = build_index(&fixture());
    let all: Vec<String> = shard_terms(&files).map(|t| t.0).collect();
    assert!(!all.contains(&"и".to_string()) && !all.contains(&"в".to_string()));
    assert!(all.contains(&stem("емкость")), "ё folded: {all:?}");
    assert!(all.contains(&stem("Кубань")) && stem("Кубань") == stem("Кубани"));
    assert!(all.contains(&term("Алихановым")));
    assert_eq!(terms("Ёмкость и объём"), terms("емкость объем"));
}

/// Sixty articles that all say "завод", from once to five times.
fn factories() -> Vec<SearchDoc> {
    (0..60)
        .map(|i| SearchDoc {
            url: format!("/a/{i}/"),
            title: format!("Новость {i}"),
            date: Some(format!("2024-01-{:02}", 1 + i % 28)),
            paragraphs: vec!["Завод работает. ".repeat(1 + i * 7 % 5), "Цех.".into()],
            ..SearchDoc::default()
        })
        .collect()
}

#[test]
fn issue_19_a_long_list_keeps_its_best_postings_in_the_shard_and_all_beside_it() {
    let docs = factories();
    let opts = IndexOptions {
        split_bytes: 16,
        head_postings: 8,
        ..IndexOptions::default()
    };
    let whole = build_index(&docs);
    let split = build_index_with(&docs, opts);
    let find = |files: &BTreeMap<String, Vec<u8>>, t: &str| {
        files
            .iter()
            .filter(|(k, _)| is_shard(k))
            .find_map(|(k, b)| {
                let terms = decode_shard(&gunzip(b)).unwrap();
                let j = terms.iter().position(|(x, _)| x == t)?;
                Some((k.clone(), j, terms[j].1.clone()))
            })
            .unwrap()
    };
    let zavod = term("завод");
    let (_, _, all) = find(&whole, &zavod);
    assert_eq!(all.docs.len(), 60);
    let (shard, j, head) = find(&split, &zavod);
    assert_eq!((head.df, head.docs.len()), (60, 8));
    // The head is the eight best by impact, ties to the lower (newer) id.
    let mut best: Vec<(u8, u32)> = all
        .docs
        .iter()
        .zip(all.impacts.as_ref().unwrap())
        .map(|(&d, &i)| (i, d))
        .collect();
    best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut want: Vec<(u32, u8)> = best[..8].iter().map(|&(i, d)| (d, i)).collect();
    want.sort();
    let got: Vec<(u32, u8)> = head
        .docs
        .iter()
        .copied()
        .zip(head.impacts.unwrap())
        .collect();
    assert_eq!(got, want);
    // The whole list sits in t/<shard>.<term>.bin.gz, as the unsplit shard has it.
    let file = format!("{}.{j}.bin.gz", shard.trim_end_matches(".bin.gz"));
    let full = decode_list(&gunzip(&split[&file]), 60, true).unwrap();
    assert_eq!((full.docs, full.impacts), (all.docs, all.impacts));
    // A short list ("7", in one title) is not split.
    let (_, _, seven) = find(&split, "7");
    assert_eq!((seven.df, seven.docs.len()), (1, 1));
}

#[test]
fn issue_19_a_capitalised_proper_name_joins_the_postings_of_its_other_forms() {
    // Stands in for the dictionary (search::stage::name_terms).
    fn names(w: &str) -> Vec<String> {
        match w {
            "казахстаном" => vec![term("Казахстан")],
            _ => Vec::new(),
        }
    }
    let doc = |slug: &str, body: &str| SearchDoc {
        url: format!("/a/{slug}/"),
        title: "Новость".into(),
        paragraphs: vec![body.into()],
        ..SearchDoc::default()
    };
    let docs = [
        doc("cap", "Соглашение с Казахстаном подписано."),
        doc("low", "Встреча с казахстаном."),
        doc("nom", "Казахстан строит завод."),
    ];
    let opts = IndexOptions {
        name_terms: Some(names),
        ..IndexOptions::default()
    };
    let files = build_index_with(&docs, opts);
    let df = |t: &str| shard_terms(&files).find(|(x, _)| x == t).map(|(_, p)| p.df);
    // The word is asked about once, as it was first written with a capital,
    // so "казахста" (Казахстан) lists both articles with "казахстаном".
    assert_eq!(df(&term("Казахстан")), Some(3));
    assert_eq!(df(&term("Казахстаном")), Some(2));
    // Without the hook nothing joins.
    let plain = build_index(&docs);
    let plain_df = shard_terms(&plain)
        .find(|(x, _)| *x == term("Казахстан"))
        .map(|(_, p)| p.df);
    assert_eq!(plain_df, Some(1));
}

#[test]
fn issue_17_every_index_file_but_the_manifest_is_gzip_without_name_or_time() {
    let opts = IndexOptions {
        split_bytes: 16,
        head_postings: 8,
        ..IndexOptions::default()
    };
    let files = build_index_with(&factories(), opts);
    assert!(
        files.keys().any(|k| k.matches('.').count() == 3),
        "a split list: {:?}",
        files.keys()
    );
    for (path, bytes) in files.iter().filter(|(k, _)| *k != "manifest.json") {
        assert!(path.ends_with(".gz"), "{path}");
        // RFC 1952: magic, deflate, no flags (no file name), MTIME 0.
        assert_eq!(bytes[..8], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0], "{path}");
    }
}

#[test]
fn issue_17_the_client_reads_the_format_the_builder_writes() {
    let files = build_index(&fixture());
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["version"], FORMAT_VERSION);
    let js = include_str!("../assets/search.js");
    let want = format!("export const FORMAT = {FORMAT_VERSION};");
    assert!(js.contains(&want), "assets/search.js lacks `{want}`");
}
