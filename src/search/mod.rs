//! Static search: the index builder for the browser client `assets/search.js`.
//!
//! In: one [`SearchDoc`] per article, prepared by the render stage. Out: a map
//! from paths relative to `public/search/` to file bytes, built without I/O,
//! clock or randomness, so the same docs always give the same bytes (a golden
//! test holds it still).
//!
//! # What a query downloads
//!
//! The design goal is that a one-word query on 10,000 articles downloads a
//! few tens of kilobytes, even for a word that occurs in every article:
//!
//! 1. `manifest.json` — counts, the shard separators, the stop words, the
//!    region and year facet values.
//! 2. One term shard `t/<i>.bin` per query word (two at most for the prefix of
//!    the word being typed).
//! 3. The document chunks `d/<k>.json` holding the first ten results.
//!
//! # Terms
//!
//! Text is cut into runs of alphabetic/numeric characters, folded (lower case,
//! "ё" → "е"), stop words (`stopwords.txt`, the Snowball list) are dropped and
//! the rest is reduced with the Snowball Russian stemmer ([`stem`]). The
//! client ports the same steps, so "Кубани" in a query meets "Кубань" in an
//! entity alias: both stem to "кубан". One rule is added to Snowball
//! ([`term`]): a final "ов"/"ев" is dropped from stems of five letters or
//! more, so that "Алиханова" and "Алиханов" both become "алихан".
//!
//! Each article has three fields: the title (weight 3), its entity names and
//! aliases (weight 2, counted once per stem, so "Кубань" finds every article
//! about Краснодарский край), and the body paragraphs (weight 1).
//!
//! # Ranking: precomputed BM25 impacts
//!
//! For every (term, article) the builder computes a BM25F score, `idf ×
//! tf·(k1+1) / (tf + k1·(1−b+b·len/avglen))` with the weighted `tf` above,
//! `k1 = 1.2`, `b = 0.75`, and quantises it to one byte (`1..=255`, linear in
//! the largest score of the index). The client only adds bytes: a query's
//! score is the sum of its words' impacts, and every word must match (AND).
//! Ties go to the lower document id, and ids are assigned newest first.
//!
//! # Term shards `t/<i>.bin`
//!
//! All terms are sorted in UTF-16 code unit order (the order JavaScript
//! compares strings in) and cut into consecutive shards of about
//! [`SHARD_BYTES`]. A term whose postings alone exceed that gets a shard of
//! its own. `manifest.shards[i]` is the shortest prefix of shard `i`'s first
//! term that sorts after shard `i-1`'s last term (`shards[0]` is `""`), so a
//! term lives in the last shard whose separator is `<=` it, and the terms
//! starting with a prefix sit in a contiguous run of shards.
//!
//! A shard is binary; integers are unsigned LEB128 varints:
//!
//! ```text
//! n_terms
//! n_terms × { shared  suffix_len  suffix(UTF-8)  df·2+has_impacts  postings_len }
//! n_terms × { df × doc_id_gap   [df × impact byte] }
//! ```
//!
//! `shared` counts the UTF-16 units the term shares with the previous term
//! (front coding). Document ids ascend, the first gap is from 0. The
//! dictionary comes first so a client can find a term and slice its postings
//! without decoding the others.
//!
//! Worst case: a term in all 10,000 articles costs one gap byte and one
//! impact byte per article, 20 KB. Postings are kept whole rather than capped:
//! a capped list would silently drop matches from AND queries, and 20 KB fits
//! the budget (the benchmark in `tests/bench/search_bench.rs` measures it).
//!
//! # Queries (in `assets/search.js`)
//!
//! Query words go through the same tokenizer, folding, stop list and [`term`]
//! rule (the stop list travels in the manifest, so it exists once). Every
//! word must match (AND): readers type a few specific words, and OR would
//! turn `<img src=x onerror=alert(1)>` into matches for "1". While the last
//! word is being typed (no trailing space, three letters or more) it also
//! matches the terms that start with its stem, at 0.6 of their impact, up to
//! 64 terms from at most two adjacent shards. Highlighting marks the words of
//! the title and snippet whose term matched.
//!
//! # Facets
//!
//! Region and year filters are terms too: `~r:<region name>` and `~y:<year>`
//! (`~` cannot occur in a text term), with postings but no impacts. A filter
//! therefore costs one more shard, and only when it is used.
//!
//! # Document chunks `d/<k>.json`
//!
//! Article `id` is entry `id % DOCS_PER_CHUNK` of chunk `id / DOCS_PER_CHUNK`.
//! An entry is `[url, title, date_label, snippet, [region index…], year]`,
//! with `""` and `0` for an unknown date or year; region indices point into
//! `manifest.regions`. Small chunks keep ten scattered results to ten small
//! downloads. The client inserts every string as text, never as HTML.
//!
//! # Measured (10,000 synthetic articles, 41 MB of text; `search_bench`)
//!
//! Index 8.7 MB = 21% of the plain text (3.8 MB shards, 4.9 MB doc chunks).
//! A one-word query downloads 53–75 KB before compression (script 15 KB,
//! manifest 6 KB, one or two shards, ten doc chunks of ~2 KB), 28 KB gzipped;
//! the worst case is the word in every article, typed as a prefix. Queries
//! take 0.1–1.5 ms in Node once shards are loaded. The build takes ~540 ms
//! of CPU, nearly all of it tokenising, split over the cores by rayon.

mod shard;
mod stem;

pub use shard::{decode as decode_shard, Postings};
use stem::FxMap;
pub use stem::{
    fold, fold_into, is_stop_word, is_word_char, stem, stem_folded, stop_words, term, term_folded,
    terms, tokens,
};

use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Target size of a term shard in bytes.
pub const SHARD_BYTES: usize = 16 * 1024;
/// Articles per document chunk.
pub const DOCS_PER_CHUNK: usize = 4;
/// Snippet length in characters (before the ellipsis).
pub const SNIPPET_CHARS: usize = 160;
/// Version of the index format, in the manifest.
pub const FORMAT_VERSION: u32 = 1;

const K1: f64 = 1.2;
const B: f64 = 0.75;
const TITLE_WEIGHT: u32 = 3;
const ENTITY_WEIGHT: u32 = 2;

/// One article as the search index sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchDoc {
    /// Absolute path including the base path, e.g. "/digest/articles/slug/".
    pub url: String,
    pub title: String,
    /// ISO date ("2025-07-07", "2024-07" or "2024") for sorting.
    pub date: Option<String>,
    /// Date as displayed, e.g. "7 июля 2025".
    pub date_label: Option<String>,
    pub year: Option<i32>,
    /// Nominative region names (the region filter).
    pub regions: Vec<String>,
    /// Plain body text.
    pub paragraphs: Vec<String>,
    /// Entity names and their aliases.
    pub entities: Vec<String>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    docs_per_chunk: usize,
    shards: Vec<String>,
    regions: Vec<&'a str>,
    years: Vec<i32>,
    stop_words: &'static [&'static str],
}

/// Size knobs of the index; tests shrink them to exercise splitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexOptions {
    /// Target size of a term shard in bytes.
    pub shard_bytes: usize,
    /// Articles per document chunk.
    pub docs_per_chunk: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            shard_bytes: SHARD_BYTES,
            docs_per_chunk: DOCS_PER_CHUNK,
        }
    }
}

/// Builds the index files (paths relative to `public/search/`).
pub fn build_index(docs: &[SearchDoc]) -> BTreeMap<String, Vec<u8>> {
    build_index_with(docs, IndexOptions::default())
}

/// [`build_index`] with explicit sizes.
pub fn build_index_with(docs: &[SearchDoc], opts: IndexOptions) -> BTreeMap<String, Vec<u8>> {
    let per_chunk = opts.docs_per_chunk.max(1);
    // Newest first, so ties in ranking favour recent articles.
    let mut order: Vec<&SearchDoc> = docs.iter().collect();
    order.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));

    // Count folded words per article (in parallel), give each distinct word
    // an id, stem each distinct word once, then regroup counts by stem.
    let counted: Vec<WordCounts> = order.par_iter().map(|d| count_words(d)).collect();
    let mut word_ids: FxMap<&str, u32> =
        FxMap::with_capacity_and_hasher(1 << 16, Default::default());
    let mut words: Vec<&str> = Vec::new();
    let per_doc: Vec<Vec<(u32, [u32; 3])>> = counted
        .iter()
        .map(|counts| {
            counts
                .words
                .iter()
                .map(|(w, tf)| {
                    let id = *word_ids.entry(w.as_ref()).or_insert_with(|| {
                        words.push(w.as_ref());
                        words.len() as u32 - 1
                    });
                    (id, *tf)
                })
                .collect()
        })
        .collect();
    let word_stems: Vec<String> = words.par_iter().map(|w| term_folded(w)).collect();
    let mut stem_ids: FxMap<&str, u32> = FxMap::default();
    let mut stems: Vec<&str> = Vec::new();
    let stem_of: Vec<u32> = word_stems
        .iter()
        .map(|s| {
            *stem_ids.entry(s.as_str()).or_insert_with(|| {
                stems.push(s.as_str());
                stems.len() as u32 - 1
            })
        })
        .collect();
    let lengths: Vec<u32> = counted.iter().map(|c| c.len).collect();
    let mut by_term: Vec<Vec<(u32, [u32; 3])>> = vec![Vec::new(); stems.len()];
    for (doc, list) in per_doc.iter().enumerate() {
        let doc = doc as u32;
        for (wid, tf) in list {
            let postings = &mut by_term[stem_of[*wid as usize] as usize];
            match postings.last_mut() {
                Some((d, sum)) if *d == doc => (0..3).for_each(|f| sum[f] += tf[f]),
                _ => postings.push((doc, *tf)),
            }
        }
    }
    let n = order.len() as f64;
    let avg_len = (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / n.max(1.0)).max(1.0);
    let mut scored: Vec<(String, Vec<u32>, Vec<f64>)> = by_term
        .into_iter()
        .zip(&stems)
        .map(|(list, term)| {
            let df = list.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let scores = list
                .iter()
                .map(|(id, tf)| {
                    let tf = f64::from(TITLE_WEIGHT * tf[0] + ENTITY_WEIGHT * tf[1].min(1) + tf[2]);
                    let norm = K1 * (1.0 - B + B * f64::from(lengths[*id as usize]) / avg_len);
                    idf * tf * (K1 + 1.0) / (tf + norm)
                })
                .collect();
            (
                term.to_string(),
                list.into_iter().map(|p| p.0).collect(),
                scores,
            )
        })
        .collect();
    let max = scored
        .iter()
        .flat_map(|t| t.2.iter().copied())
        .fold(f64::MIN_POSITIVE, f64::max);

    let mut terms: Vec<(String, Postings)> = scored
        .drain(..)
        .map(|(term, docs, scores)| {
            let impacts = scores
                .iter()
                .map(|s| (s / max * 255.0).round().clamp(1.0, 255.0) as u8)
                .collect();
            (
                term,
                Postings {
                    docs,
                    impacts: Some(impacts),
                },
            )
        })
        .collect();

    // Facets: regions and years as impact-less terms.
    let regions: BTreeSet<&str> = order
        .iter()
        .flat_map(|d| d.regions.iter().map(String::as_str))
        .collect();
    let regions: Vec<&str> = regions.into_iter().collect();
    let years: BTreeSet<i32> = order.iter().filter_map(|d| d.year).collect();
    let years: Vec<i32> = years.into_iter().rev().collect();
    let mut facets: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (id, d) in order.iter().enumerate() {
        let keys = d.regions.iter().map(|r| format!("~r:{r}"));
        for key in keys.chain(d.year.map(|y| format!("~y:{y}"))) {
            let ids = facets.entry(key).or_default();
            if ids.last() != Some(&(id as u32)) {
                ids.push(id as u32);
            }
        }
    }
    terms.extend(facets.into_iter().map(|(k, docs)| {
        (
            k,
            Postings {
                docs,
                impacts: None,
            },
        )
    }));
    terms.sort_by(|a, b| cmp_utf16(&a.0, &b.0));

    let mut files = BTreeMap::new();
    let mut separators = Vec::new();
    for (i, group) in split_shards(&terms, opts.shard_bytes)
        .into_iter()
        .enumerate()
    {
        separators.push(match i {
            0 => String::new(),
            _ => separator(&terms[group.start - 1].0, &terms[group.start].0),
        });
        let entries: Vec<(&str, &Postings)> =
            terms[group].iter().map(|(t, p)| (t.as_str(), p)).collect();
        files.insert(format!("t/{i}.bin"), shard::encode(&entries));
    }

    let region_index: HashMap<&str, usize> =
        regions.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    for (k, chunk) in order.chunks(per_chunk).enumerate() {
        let entries: Vec<_> = chunk
            .iter()
            .map(|d| {
                let mut r: Vec<usize> =
                    d.regions.iter().map(|r| region_index[r.as_str()]).collect();
                r.sort_unstable();
                r.dedup();
                serde_json::json!([
                    d.url,
                    d.title,
                    d.date_label.as_deref().unwrap_or(""),
                    snippet(&d.paragraphs),
                    r,
                    d.year.unwrap_or(0)
                ])
            })
            .collect();
        files.insert(format!("d/{k}.json"), to_json(&entries));
    }

    let manifest = Manifest {
        version: FORMAT_VERSION,
        docs: order.len(),
        docs_per_chunk: per_chunk,
        shards: separators,
        regions,
        years,
        stop_words: stop_words(),
    };
    files.insert("manifest.json".to_string(), to_json(&manifest));
    files
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("index values serialise")
}

/// Folded non-stop words of an article with their counts in the title, the
/// entities and the body, and the article length (title + body words).
/// Words that are already folded (most of them) are borrowed, not copied.
fn count_words(d: &SearchDoc) -> WordCounts<'_> {
    let mut counts: FxMap<Cow<str>, [u32; 3]> =
        FxMap::with_capacity_and_hasher(512, Default::default());
    let mut len = 0;
    let fields = std::iter::once((0, d.title.as_str()))
        .chain(d.entities.iter().map(|e| (1, e.as_str())))
        .chain(d.paragraphs.iter().map(|p| (2, p.as_str())));
    for (field, text) in fields {
        for token in tokens(text) {
            let word = if token
                .chars()
                .all(|c| matches!(c, 'а'..='я' | 'a'..='z' | '0'..='9'))
            {
                Cow::Borrowed(token)
            } else {
                Cow::Owned(fold(token))
            };
            if is_stop_word(&word) {
                continue;
            }
            len += u32::from(field != 1);
            match counts.get_mut(word.as_ref()) {
                Some(c) => c[field] += 1,
                None => {
                    let mut c = [0; 3];
                    c[field] = 1;
                    counts.insert(word, c);
                }
            }
        }
    }
    WordCounts {
        words: counts.into_iter().collect(),
        len,
    }
}

/// One article's distinct folded words with per-field counts (title,
/// entities, body) and its length in words (title + body).
struct WordCounts<'a> {
    words: Vec<(Cow<'a, str>, [u32; 3])>,
    len: u32,
}

/// Compares strings in UTF-16 code unit order, as JavaScript does.
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Consecutive runs of terms of about `limit` bytes each.
fn split_shards(terms: &[(String, Postings)], limit: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, (term, p)) in terms.iter().enumerate() {
        let cost = term.len() + 8 + p.encoded_len();
        if size + cost > limit && i > start {
            out.push(start..i);
            (start, size) = (i, 0);
        }
        size += cost;
    }
    if start < terms.len() || out.is_empty() {
        out.push(start..terms.len());
    }
    out
}

/// Shortest prefix of `first` that sorts after `prev` (`prev < first`).
fn separator(prev: &str, first: &str) -> String {
    let mut end = 0;
    for c in first.chars() {
        end += c.len_utf8();
        if cmp_utf16(&first[..end], prev) == Ordering::Greater {
            break;
        }
    }
    first[..end].to_string()
}

/// The start of the body, cut at a word boundary.
fn snippet(paragraphs: &[String]) -> String {
    let mut text = String::new();
    for word in paragraphs.iter().flat_map(|p| p.split_whitespace()) {
        if text.chars().count() > SNIPPET_CHARS {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    if text.chars().count() <= SNIPPET_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SNIPPET_CHARS + 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > 0 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_short_and_ordered() {
        assert_eq!(separator("кластер", "кубан"), "ку");
        assert_eq!(separator("аб", "абв"), "абв");
        assert_eq!(separator("", "а"), "а");
    }

    #[test]
    fn snippet_cuts_at_a_word() {
        let long = vec!["слово ".repeat(60)];
        let s = snippet(&long);
        assert!(s.ends_with("слово…"), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        assert_eq!(snippet(&["Коротко.".to_string()]), "Коротко.");
    }
}
