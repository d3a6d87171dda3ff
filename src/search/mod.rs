//! Static search: the index builder for the browser client `assets/search.js`.
//!
//! In: one [`IndexDoc`] per article — the search stage's view into the site
//! graph, or an owned [`SearchDoc`]. Out: the files under `public/search/`,
//! each handed over as soon as it is encoded ([`write_index`]) or collected in
//! a map ([`build_index`]). No I/O, clock or randomness, so the same docs
//! always give the same bytes (a golden test holds it still).
//!
//! # What a query downloads
//!
//! The design goal is that a one-word query on 10,000 articles downloads a
//! few tens of kilobytes, even for a word that occurs in every article:
//!
//! 1. `manifest.json` — counts, the shard separators, the stop words, the
//!    region and year facet values.
//! 2. One term shard `t/<i>.bin.gz` per query word (two at most for the prefix of
//!    the word being typed). A long posting list is split (*Split lists*
//!    below): the shard holds its best postings, enough for the first page.
//! 3. The document chunks `d/<k>.json.gz` (gzip) holding the first ten results.
//!
//! The client also looks up the whole query's alias key (`~a:…`, see
//! *Entity pages* below), which may sit in one more shard, and, when an
//! entity page matched, its expansion term's shard.
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
//! Snowball knows common words, not names: it cuts "Казахстан" to
//! "казахста" but "Казахстаном" to "казахстан", "Дмитрий" to "дмитр" but
//! "Дмитрия" to "дмитри". So the site's build passes a dictionary hook
//! ([`IndexOptions::name_terms`], [`stage::name_terms`]): a word written
//! with a capital in the batch where it first appears, which the
//! OpenCorpora dictionary reads as a proper name, also counts under the
//! terms of every case form of its dictionary form. A name typed in any
//! case then meets every form the text used, with no dictionary in the
//! client.
//!
//! Each article has four fields: the title (weight 3), the lead — its first
//! paragraph (weight 2), its entities' names, aliases and their case forms
//! (weight 2, counted once per stem, so "Кубань" finds every article about
//! Краснодарский край), and the other paragraphs (weight 1).
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
//! # Term shards `t/<i>.bin.gz`
//!
//! All terms are sorted in UTF-16 code unit order (the order JavaScript
//! compares strings in) and cut into consecutive shards of about
//! [`SHARD_BYTES`]. A term whose postings alone exceed that gets a shard of
//! its own. `manifest.shards[i]` is the shortest prefix of shard `i`'s first
//! term that sorts after shard `i-1`'s last term (`shards[0]` is `""`), so a
//! term lives in the last shard whose separator is `<=` it, and the terms
//! starting with a prefix sit in a contiguous run of shards.
//!
//! A shard is binary, stored gzipped (*Stored gzipped* below); integers
//! are unsigned LEB128 varints:
//!
//! ```text
//! n_terms
//! n_terms × { shared  suffix_len  suffix(UTF-8)  df·4+split·2+has_impacts  [head]  postings_len }
//! n_terms × { m × doc_id_gap   [m × impact byte] }      m = head if split, else df
//! ```
//!
//! `shared` counts the UTF-16 units the term shares with the previous term
//! (front coding). Document ids ascend, the first gap is from 0. The
//! dictionary comes first so a client can find a term and slice its postings
//! without decoding the others.
//!
//! # Split lists `t/<i>.<j>.bin.gz`
//!
//! A term in every article costs one gap byte and one impact byte per
//! article: 20 KB at 10,000 articles, 200 KB at 100,000, more than a query
//! may download. So a text term whose postings pass [`SPLIT_BYTES`] is
//! split best-first: its shard entry holds only the *head*, its
//! [`HEAD_POSTINGS`] best postings by (impact, then lower id — the order
//! the client ranks in), in id order; the whole list, in the same block
//! format, is the file `t/<i>.<j>.bin.gz` (shard `i`, term `j` of it). Every
//! posting missing from the head has an impact of at most the head's
//! lowest, so the client knows how high an unseen document can score: it
//! ranks from the heads, keeps the results no unseen document can pass,
//! and loads the whole lists only when those are fewer than a page (an AND
//! of frequent words, a narrow filter) or the reader asks for more. Lists
//! are never capped: a capped list would silently drop matches.
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
//! # Document chunks `d/<k>.json.gz`
//!
//! Article `id` is entry `id % DOCS_PER_CHUNK` of chunk `id / DOCS_PER_CHUNK`.
//! An entry is `[url, title, date_label, text, [region index…], year]`,
//! with `""` and `0` for an unknown date or year; region indices point into
//! `manifest.regions`; `text` is the start of the body ([`SNIPPET_CHARS`],
//! paragraphs split by `"\n"`), from which the client picks the sentence
//! that matched. Small chunks keep ten scattered results to ten small
//! downloads. The client inserts every string as text, never as HTML.
//!
//! # Entity pages
//!
//! Entity pages (regions, bodies, people) are documents too, with ids after
//! the articles (`manifest.entities` of them); their entries are `[url, name,
//! kind label, detail, [region index], 0, expansion term]`. They have no
//! text terms: only the terms `~a:<alias key>` ([`alias_key`] of each name
//! and case form) list them, together with their articles. Alias and
//! facet lists have no impacts and are never split.
//!
//! # Stored gzipped
//!
//! Every file but the manifest is a gzip file named `….gz` (level 1, no
//! file name or time in the header, so a rebuild gives the same bytes).
//! GitHub Pages counts the stored bytes against its 1 GB (issue 17) and
//! serves `.gz` as `application/gzip` without `Content-Encoding`, so the
//! client inflates each file itself (`gunzip` in `assets/search.js`, which
//! passes through a file a host already inflated). The shards shrink to
//! 0.53 of their size: at 10,000 `gen_corpus` articles 2.52 MB became
//! 1.34 MB (1.17 MB less Pages tar; ~11 MB at 100,000), and a one-word
//! query's shards are 7–14 KB smaller as fetched, where a host does not
//! compress `application/octet-stream` on the wire.
//!
//! Eight articles a chunk ([`DOCS_PER_CHUNK`]), measured on the same site:
//! eight halve the 2,690 chunk files of four and take 1.48 MB off the Pages
//! tar (tar headers and a better compression ratio; ~15 MB at 100,000),
//! but ten scattered results still fetch ten chunks, each twice the size:
//! a one-word query's first page downloads 7–15 KB more (68 → 83 KB for
//! "завод"), up to a fifth. Four would be the better trade on its own;
//! eight is taken because at 100,000 articles the site's tar was within
//! those 15 MB of GitHub Pages' 1 GiB (issue 17), and a query still
//! downloads less than before the chunks were gzipped.
//!
//! # Memory
//!
//! The builder must fit next to a 100,000-article site graph, so it keeps
//! nothing per article but its length and a few bytes per posting:
//!
//! - the text is borrowed from the docs, never copied;
//! - articles are tokenised in batches of `BATCH`, so only one batch's word
//!   counts exist at a time, and each distinct word is stemmed once;
//! - a posting is stored as the shard will hold it (a varint id gap) plus a
//!   varint weighted term frequency, about three bytes;
//! - BM25 scores are not stored: they are computed once for the largest
//!   score and again, shard by shard, when quantised;
//! - each file goes to the output as soon as it is encoded.
//!
//! At 100,000 generated articles the search stage adds 44 MiB of heap at its
//! peak; it added 1.2 GiB when the docs, per-article word lists, scores and
//! files were each materialised whole.
//!
//! # Measured (10,000 synthetic articles, 41 MB of text; `search_bench`)
//!
//! Index 8.7 MB = 21% of the plain text (3.8 MB shards, 4.9 MB doc chunks).
//! A one-word query downloads 53–75 KB before compression (script 15 KB,
//! manifest 6 KB, one or two shards, ten doc chunks of ~2 KB), 28 KB gzipped;
//! the worst case is the word in every article, typed as a prefix. Queries
//! take 0.1–1.5 ms in Node once shards are loaded. The build takes ~540 ms
//! of CPU, nearly all of it tokenising, split over the cores by rayon.
//!
//! With entity pages, aliases and 400-character texts (format 2, a site
//! built from `gen_corpus.py 10000 --format raw`, `tests/js/bench_query.mjs`
//! on its `search/`): the index is 15.6 MB (was 9.6 MB); a one-word query
//! downloads 94–116 KB before compression, 34–50 KB gzipped (the alias
//! key's shard and the ten larger chunks are the difference). At 100,000
//! articles a frequent word's postings alone pass 120 KB (195 KB for a word
//! in every article; a one-word query 106–428 KB): whole posting lists do
//! not scale to that size, see the issue note.

mod files;
mod postings;
mod shard;
pub mod stage;
mod stem;

use files::*;
use postings::*;

use rustc_hash::FxHashMap;
pub use shard::{decode as decode_shard, decode_list, Postings};
pub use stem::{
    fold, fold_into, is_stop_word, is_word_char, stem, stem_folded, stop_words, term, term_folded,
    terms, tokens,
};

use rayon::prelude::*;
use serde::Serialize;
use shard::{put_varint, Entry, Varints};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

/// Target size of a term shard in bytes.
pub const SHARD_BYTES: usize = 16 * 1024;
/// Articles per document chunk: ten results are ten chunks, of which only
/// the result itself is needed. Two made a query 17 KB lighter than four,
/// but at 100,000 articles the 50,000 chunk files cost 64 MB of the Pages
/// tar in headers and padding alone (issue 17: the site must fit 1 GB);
/// four halved that for ~19 KB more per ten results (~6 KB gzipped), and
/// eight halve it again for 7–15 KB more (*Stored gzipped* above).
pub const DOCS_PER_CHUNK: usize = 8;
/// Characters of body text kept per article for snippets (before the
/// ellipsis): the client shows the sentence that matched, or the lead.
pub const SNIPPET_CHARS: usize = 400;
/// Version of the index format, in the manifest.
pub const FORMAT_VERSION: u32 = 5;
/// A text term's postings of more bytes than this are split: the shard
/// holds the head, the whole list gets a file of its own.
pub const SPLIT_BYTES: usize = 6 * 1024;
/// Postings in the head of a split list: its best-ranked ones.
pub const HEAD_POSTINGS: usize = 768;
/// Prefix of the exact-alias terms: `~a:` + the sorted stems of an alias.
pub const ALIAS_PREFIX: &str = "~a:";

const K1: f64 = 1.2;
const B: f64 = 0.75;
const TITLE_WEIGHT: u32 = 3;
const ENTITY_WEIGHT: u32 = 2;
const LEAD_WEIGHT: u32 = 2;
/// Articles tokenised per parallel round. Their word lists are the only
/// per-article data alive at once, so memory stays flat in the site size.
const BATCH: usize = 1024;

/// An article as the index reads it. The builder only borrows the text, so
/// the search stage can serve it straight from the site graph (copying the
/// paragraphs of 100,000 articles would cost hundreds of megabytes).
pub trait IndexDoc: Sync {
    /// Absolute path including the base path, e.g. "/digest/articles/slug.html".
    fn url(&self) -> &str;
    fn title(&self) -> &str;
    /// ISO date ("2025-07-07", "2024-07" or "2024") for sorting.
    fn date(&self) -> Option<&str>;
    /// Date as displayed, e.g. "7 июля 2025".
    fn date_label(&self) -> Option<Cow<'_, str>>;
    fn year(&self) -> Option<i32>;
    /// Nominative region names (the region filter).
    fn regions(&self) -> impl Iterator<Item = &str>;
    /// Plain body text, one paragraph at a time.
    fn paragraphs(&self) -> impl Iterator<Item = &str>;
    /// Entity names and their aliases, tokenised and stemmed like text.
    fn entities(&self) -> impl Iterator<Item = &str>;
    /// Entity terms that are already index terms (case forms of names
    /// stemmed by the caller); they join the entity field as they are.
    fn entity_terms(&self) -> impl Iterator<Item = &str> {
        std::iter::empty()
    }
}

/// An entity page as a search result: found only through its exact alias
/// terms ([`ALIAS_PREFIX`]), whose postings also list its articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityEntry {
    /// Absolute path including the base path.
    pub url: String,
    pub name: String,
    /// Shown where an article shows its date ("Регион · 7 статей").
    pub label: String,
    /// Shown where an article shows its snippet (district, role, full name).
    pub detail: String,
    /// The region filter value of a region page.
    pub region: Option<String>,
    /// Alias keys: the sorted, deduplicated terms of each name and case form,
    /// joined by spaces ([`alias_key`]).
    pub keys: Vec<String>,
    /// Its articles, as indices into the docs given to [`write_index_with_entities`].
    pub articles: Vec<usize>,
}

/// The alias key of a name: its sorted, deduplicated index terms joined by
/// spaces ("Фонд развития промышленности" → "промышлен развит фонд"); the
/// client builds the same key from a whole query.
pub fn alias_key(name: &str) -> String {
    let mut t: Vec<String> = terms(name);
    t.sort_by(|a, b| cmp_utf16(a, b));
    t.dedup();
    t.join(" ")
}

/// One article as the search index sees it, owning its text (tests, tools
/// and benchmarks build these by hand).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchDoc {
    /// Absolute path including the base path, e.g. "/digest/articles/slug.html".
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

impl IndexDoc for SearchDoc {
    fn url(&self) -> &str {
        &self.url
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
    fn date_label(&self) -> Option<Cow<'_, str>> {
        self.date_label.as_deref().map(Cow::Borrowed)
    }
    fn year(&self) -> Option<i32> {
        self.year
    }
    fn regions(&self) -> impl Iterator<Item = &str> {
        self.regions.iter().map(String::as_str)
    }
    fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.paragraphs.iter().map(String::as_str)
    }
    fn entities(&self) -> impl Iterator<Item = &str> {
        self.entities.iter().map(String::as_str)
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    docs_per_chunk: usize,
    shards: Vec<String>,
    /// Entity pages: ids `docs..docs + entities`.
    entities: usize,
    regions: Vec<&'a str>,
    years: Vec<i32>,
    stop_words: &'static [&'static str],
}

/// Size knobs of the index (tests shrink them to exercise splitting) and
/// the dictionary hook for proper names.
#[derive(Debug, Clone, Copy)]
pub struct IndexOptions {
    /// Target size of a term shard in bytes.
    pub shard_bytes: usize,
    /// Articles per document chunk.
    pub docs_per_chunk: usize,
    /// A text term whose postings pass this many bytes is split.
    pub split_bytes: usize,
    /// Postings kept in the shard of a split list.
    pub head_postings: usize,
    /// For a folded word written with a capital, the other index terms of
    /// its dictionary form's case forms when it is a proper name (see
    /// [`stage::name_terms`]); the article joins their postings too.
    pub name_terms: Option<fn(&str) -> Vec<String>>,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            shard_bytes: SHARD_BYTES,
            docs_per_chunk: DOCS_PER_CHUNK,
            split_bytes: SPLIT_BYTES,
            head_postings: HEAD_POSTINGS,
            name_terms: None,
        }
    }
}

/// Receives each index file as soon as it is encoded: its path relative to
/// `public/search/` and its bytes. Called from several threads at once.
pub type Emit<'a> = dyn Fn(&str, Vec<u8>) -> std::io::Result<()> + Sync + 'a;

/// Builds the index files (paths relative to `public/search/`) into a map.
pub fn build_index(docs: &[SearchDoc]) -> BTreeMap<String, Vec<u8>> {
    build_index_with(docs, IndexOptions::default())
}

/// [`build_index`] with explicit sizes.
pub fn build_index_with(docs: &[SearchDoc], opts: IndexOptions) -> BTreeMap<String, Vec<u8>> {
    let files = Mutex::new(BTreeMap::new());
    write_index(docs, opts, &|path, bytes| {
        files
            .lock()
            .expect("not poisoned")
            .insert(path.to_string(), bytes);
        Ok(())
    })
    .expect("collecting in memory cannot fail");
    files.into_inner().expect("not poisoned")
}

/// Builds the index and hands every file to `emit` as soon as it is
/// encoded, so no more than a few files are in memory at once. Stops at
/// the first error `emit` returns.
pub fn write_index<D: IndexDoc>(
    docs: &[D],
    opts: IndexOptions,
    emit: &Emit<'_>,
) -> std::io::Result<()> {
    write_index_with_entities(docs, &[], opts, emit)
}

/// [`write_index`] with entity pages as results too (ids after the articles).
pub fn write_index_with_entities<D: IndexDoc>(
    docs: &[D],
    entities: &[EntityEntry],
    opts: IndexOptions,
    emit: &Emit<'_>,
) -> std::io::Result<()> {
    // Newest first, so ties in ranking favour recent articles.
    let mut by_date: Vec<usize> = (0..docs.len()).collect();
    by_date.sort_by(|&a, &b| {
        let (a, b) = (&docs[a], &docs[b]);
        b.date().cmp(&a.date()).then_with(|| a.url().cmp(b.url()))
    });
    let mut id_of = vec![0u32; docs.len()];
    for (id, &i) in by_date.iter().enumerate() {
        id_of[i] = id as u32;
    }
    let order: Vec<&D> = by_date.iter().map(|&i| &docs[i]).collect();
    let regions: BTreeSet<&str> = order
        .iter()
        .flat_map(|d| d.regions())
        .chain(entities.iter().filter_map(|e| e.region.as_deref()))
        .collect();
    let regions: Vec<&str> = regions.into_iter().collect();
    let years: BTreeSet<i32> = order.iter().filter_map(|d| d.year()).collect();
    let years: Vec<i32> = years.into_iter().rev().collect();

    let text = text_postings(&order, opts.name_terms);
    let mut facets = facet_postings(&order);
    alias_postings(entities, &id_of, order.len() as u32, &mut facets);
    let ranking = Bm25::new(&text.lengths);
    let max = text
        .lists
        .par_iter()
        .map(|l| ranking.max_score(l))
        .reduce(|| f64::MIN_POSITIVE, f64::max);

    // All terms, text and facet, in one UTF-16 ordered dictionary. No two
    // are equal (facets start with `~`), so an unstable sort is deterministic.
    let mut terms: Vec<(&str, &TermList, bool)> = text
        .names
        .iter()
        .zip(&text.lists)
        .map(|(t, l)| (t.as_str(), l, true))
        .chain(facets.iter().map(|(t, l)| (t.as_str(), l, false)))
        .collect();
    terms.par_sort_unstable_by(|a, b| cmp_utf16(a.0, b.0));
    let expand: Vec<&str> = entities.iter().map(|e| rarest_term(e, &terms)).collect();
    write_doc_chunks(
        &order,
        entities,
        &expand,
        &regions,
        opts.docs_per_chunk.max(1),
        emit,
    )?;

    let split = |list: &TermList, scored: bool| {
        scored
            && list.df as usize > opts.head_postings
            && list.gaps.len() + list.df as usize > opts.split_bytes
    };
    let groups = split_shards(&terms, opts.shard_bytes, opts.head_postings, &split);
    groups.par_iter().enumerate().try_for_each(|(i, group)| {
        let mut heads: Vec<Vec<u8>> = Vec::new();
        let mut entries: Vec<Entry> = Vec::with_capacity(group.len());
        for (j, &(term, list, scored)) in terms[group.clone()].iter().enumerate() {
            let impacts = scored.then(|| ranking.impacts(list, max));
            match impacts {
                Some(imp) if split(list, scored) => {
                    let (gaps, head_imp) = head_of(list, &imp, opts.head_postings);
                    let mut whole = Vec::with_capacity(list.gaps.len() + imp.len());
                    whole.extend_from_slice(&list.gaps);
                    whole.extend_from_slice(&imp);
                    emit(&format!("t/{i}.{j}.bin.gz"), gzip(&whole))?;
                    heads.push(gaps);
                    entries.push(Entry {
                        term,
                        df: list.df,
                        gaps: &[],
                        impacts: Some(head_imp),
                        head: Some(opts.head_postings as u32),
                    });
                }
                impacts => entries.push(Entry {
                    term,
                    df: list.df,
                    gaps: &list.gaps,
                    impacts,
                    head: None,
                }),
            }
        }
        let mut heads = heads.iter();
        for e in entries.iter_mut().filter(|e| e.head.is_some()) {
            e.gaps = heads.next().expect("one head per split entry");
        }
        emit(&format!("t/{i}.bin.gz"), gzip(&shard::encode(&entries)))
    })?;
    let separators = groups
        .iter()
        .enumerate()
        .map(|(i, group)| match i {
            0 => String::new(),
            _ => separator(terms[group.start - 1].0, terms[group.start].0),
        })
        .collect();

    let manifest = Manifest {
        version: FORMAT_VERSION,
        docs: order.len(),
        entities: entities.len(),
        docs_per_chunk: opts.docs_per_chunk.max(1),
        shards: separators,
        regions,
        years,
        stop_words: stop_words(),
    };
    emit("manifest.json", to_json(&manifest))
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("index values serialise")
}

/// Compares strings in UTF-16 code unit order, as JavaScript does.
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The start of the body, paragraphs separated by "\n" (the first is the
/// lead), cut at a word boundary.
fn snippet<'a>(paragraphs: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::new();
    // Characters in `text`, counted as it grows rather than recounted.
    let mut chars = 0;
    let words = paragraphs.flat_map(|p| p.split_whitespace().enumerate());
    for (i, word) in words {
        if chars > SNIPPET_CHARS {
            break;
        }
        if !text.is_empty() {
            text.push(if i == 0 { '\n' } else { ' ' });
            chars += 1;
        }
        text.push_str(word);
        chars += word.chars().count();
    }
    if chars <= SNIPPET_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SNIPPET_CHARS + 1).collect();
    let cut = match cut.rfind([' ', '\n']) {
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
        let long = "слово ".repeat(SNIPPET_CHARS / 6 + 10);
        let s = snippet(std::iter::once(long.as_str()));
        assert!(s.ends_with("слово…"), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        assert_eq!(snippet(std::iter::once("Коротко.")), "Коротко.");
        // Paragraphs stay apart: the client shows the first as the lead.
        let two = ["Первый абзац.", "Второй  абзац."];
        assert_eq!(snippet(two.into_iter()), "Первый абзац.\nВторой абзац.");
    }

    #[test]
    fn term_lists_keep_one_posting_per_doc() {
        let mut l = TermList::default();
        for (doc, tf) in [(0, 3), (2, 1), (300, 7)] {
            l.push(doc, tf);
        }
        l.push_doc(300);
        assert_eq!(l.df, 3);
        assert_eq!(l.postings().collect::<Vec<_>>(), [(0, 3), (2, 1), (300, 7)]);
    }
}
