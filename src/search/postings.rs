//! From documents to weighted postings: the words of each document by
//! field, summed by stem, the BM25 impact of each posting, and the facet
//! terms (region, year). See *Terms* and *Ranking* in [`super`].

use super::memo::{self, content_key, Counts, Memo};
use super::*;

/// One term's postings while the index is built, already compact: the
/// document id gaps as the shard stores them, and for text terms each
/// article's weighted term frequency as a varint. A posting costs about
/// three bytes, where a `(u32, [u32; 3])` pair cost sixteen.
#[derive(Default)]
pub(super) struct TermList {
    pub(super) gaps: Vec<u8>,
    pub(super) tfs: Vec<u8>,
    pub(super) df: u32,
    pub(super) last: u32,
}

impl TermList {
    /// Adds `doc`, which must be above the last one added.
    pub(super) fn add(&mut self, doc: u32) {
        put_varint(&mut self.gaps, doc - self.last);
        self.last = doc;
        self.df += 1;
    }

    /// Adds a facet's `doc`; a repeat of the last doc is ignored.
    pub(super) fn push_doc(&mut self, doc: u32) {
        if self.df == 0 || self.last != doc {
            self.add(doc);
        }
    }

    /// Adds a text term's `doc` with its weighted term frequency.
    pub(super) fn push(&mut self, doc: u32, tf: u32) {
        self.add(doc);
        put_varint(&mut self.tfs, tf);
    }

    /// `(doc, weighted tf)` in doc order (text terms only).
    pub(super) fn postings(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        Varints::new(&self.gaps)
            .scan(0, |doc, gap| {
                *doc += gap;
                Some(*doc)
            })
            .zip(Varints::new(&self.tfs))
    }
}

/// The text terms: stems (by stem id), their postings and the length of
/// every article in words (title + body), by document id.
pub(super) struct TextPostings {
    pub(super) names: Vec<String>,
    pub(super) lists: Vec<TermList>,
    pub(super) lengths: Vec<u32>,
}

/// Tokenises the articles (in id order) into stem postings; with `make`,
/// also returns the [`Memo`] of this build for the next. An article whose
/// content key `reuse` holds is not tokenised again: its counted words come
/// from there, by the memo's word ids, which this build keeps (its new
/// words get ids after them), so a reused article is never hashed word by
/// word. Everything after counting runs the same either way (see
/// [`super::memo`]).
///
/// Articles go through in batches: each batch's articles count their words
/// in parallel and look up the id of each known word; the words first seen
/// in the batch are stemmed once, in parallel (or their term taken from the
/// memo); then each article's counts are merged per stem and appended to
/// the postings in id order, so ids ascend without a sort. Only the word
/// tables grow with the site (and, with `make`, the packed counts: 1–2 KB
/// an article).
pub(super) fn text_postings<'a, D: IndexDoc>(
    order: &[&'a D],
    name_terms: Option<fn(&str) -> Vec<String>>,
    reuse: Option<&'a Memo>,
    make: bool,
) -> (TextPostings, Option<Memo>) {
    let old: &[memo::Word] = reuse.map_or(&[], |m| &m.words);
    let base = old.len();
    // Word → word id, and by word id: the word, the batch it was first
    // seen in this build, its stem id, and the name terms it was asked for.
    let mut word_of: FxHashMap<Cow<'a, str>, u32> =
        FxHashMap::with_capacity_and_hasher((1 << 16).max(2 * base), Default::default());
    let mut words: Vec<Cow<'a, str>> = Vec::with_capacity(base);
    for (i, w) in old.iter().enumerate() {
        word_of.insert(Cow::Borrowed(w.word.as_str()), i as u32);
        words.push(Cow::Borrowed(w.word.as_str()));
    }
    let mut first_batch: Vec<u32> = vec![u32::MAX; base];
    let mut word_stem: Vec<u32> = vec![u32::MAX; base];
    let mut word_names: Vec<Option<Vec<String>>> = vec![None; base];
    let mut stem_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut lists: Vec<TermList> = Vec::new();
    // Stem id → the other terms of the proper names stemmed to it.
    let mut extra_of: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    let mut lengths = Vec::with_capacity(order.len());
    let mut docs = Vec::new();
    let mut reused = 0;
    for (b, batch) in order.chunks(BATCH).enumerate() {
        let b = b as u32;
        let mut counted: Vec<(DocWords<'a>, u128)> = batch
            .par_iter()
            .map(|d| {
                let key = if make || reuse.is_some() {
                    content_key(*d)
                } else {
                    0
                };
                let words = match reuse.and_then(|m| m.doc(key)) {
                    Some((len, packed)) => DocWords::reused(len, packed, *d),
                    None => DocWords::of(count_words(*d), *d, &word_of),
                };
                (words, key)
            })
            .collect();
        reused += counted.iter().filter(|c| c.0.packed.is_some()).count();
        // Words never seen get the next ids, in article order.
        for (c, _) in &mut counted {
            for (w, tf, cap) in std::mem::take(&mut c.unknown) {
                let id = match word_of.get(w.as_ref()) {
                    Some(&id) => id,
                    None => {
                        let id = words.len() as u32;
                        word_of.insert(w.clone(), id);
                        words.push(w);
                        first_batch.push(u32::MAX);
                        word_stem.push(u32::MAX);
                        word_names.push(None);
                        id
                    }
                };
                c.known.push((id, tf, cap));
            }
        }
        let mut fresh: Vec<u32> = Vec::new();
        let mut capital: rustc_hash::FxHashSet<u32> = Default::default();
        for &(id, _, cap) in counted.iter().flat_map(|c| &c.0.known) {
            let first = &mut first_batch[id as usize];
            if *first == u32::MAX {
                *first = b;
                fresh.push(id);
            }
            if cap && *first == b {
                capital.insert(id);
            }
        }
        let stems: Vec<(String, Option<Vec<String>>)> = fresh
            .par_iter()
            .map(|&id| {
                let w: &str = &words[id as usize];
                let known = old.get(id as usize);
                let names = match name_terms {
                    Some(f) if capital.contains(&id) => {
                        Some(known.and_then(|k| k.names.clone()).unwrap_or_else(|| f(w)))
                    }
                    _ => None,
                };
                let term = known.map_or_else(|| term_folded(w), |k| k.term.clone());
                (term, names)
            })
            .collect();
        let mut id_of = |s: String, lists: &mut Vec<TermList>| {
            let next = stem_ids.len() as u32;
            let id = *stem_ids.entry(s).or_insert(next);
            if id == next {
                lists.push(TermList::default());
            }
            id
        };
        for (&w, (s, names)) in fresh.iter().zip(stems) {
            let id = id_of(s, &mut lists);
            word_stem[w as usize] = id;
            for n in names.iter().flatten() {
                let e = id_of(n.clone(), &mut lists);
                let extra = extra_of.entry(id).or_default();
                if e != id && !extra.contains(&e) {
                    extra.push(e);
                }
            }
            if make {
                word_names[w as usize] = names;
            }
        }
        for t in counted.iter().flat_map(|c| &c.0.given) {
            if !stem_ids.contains_key(*t) {
                stem_ids.insert(t.to_string(), stem_ids.len() as u32);
                lists.push(TermList::default());
            }
        }
        let merged: Vec<Merged> = counted
            .into_par_iter()
            .map(|(c, key)| {
                let packed = make.then(|| (key, c.packed()));
                let (stems, len) = c.by_stem(&word_stem, &stem_ids, &extra_of);
                (stems, len, packed)
            })
            .collect();
        for (i, (stems, len, packed)) in merged.into_iter().enumerate() {
            let doc = b as usize * BATCH + i;
            lengths.push(len);
            for (sid, tf) in stems {
                lists[sid as usize].push(doc as u32, tf);
            }
            docs.extend(packed.map(|(key, p)| (key, len, p)));
        }
    }
    let mut names = vec![String::new(); stem_ids.len()];
    for (s, id) in stem_ids {
        names[id as usize] = s;
    }
    let memo = make.then(|| {
        let table = words
            .iter()
            .enumerate()
            .map(|(id, w)| {
                let seen = word_stem[id] != u32::MAX;
                let known = old.get(id);
                memo::Word {
                    word: w.to_string(),
                    term: match (seen, known) {
                        (false, Some(k)) => k.term.clone(),
                        _ => names[word_stem[id] as usize].clone(),
                    },
                    names: word_names[id]
                        .take()
                        .or_else(|| known.and_then(|k| k.names.clone())),
                }
            })
            .collect();
        let mut m = Memo {
            words: table,
            docs,
            stats: (reused, order.len() - reused),
            ..Memo::default()
        };
        compact(&mut m, &word_stem);
        m.index();
        m
    });
    let postings = TextPostings {
        names,
        lists,
        lengths,
    };
    (postings, memo)
}

/// An article's `(stem id, weighted tf)`, its length and, for the memo,
/// its content key and packed counts.
type Merged = (Vec<(u32, u32)>, u32, Option<(u128, Vec<u8>)>);

/// Drops the words no article of this build has (`word_stem` unset) once
/// they are a quarter of the table: a memo keeps its ids from build to
/// build, so that a reused article's counts are copied, not rewritten, but
/// words of removed or edited articles must not pile up.
fn compact(m: &mut Memo, word_stem: &[u32]) {
    let dead = word_stem.iter().filter(|&&s| s == u32::MAX).count();
    if dead == 0 || dead * 4 < word_stem.len() {
        return;
    }
    let mut new_id = vec![u32::MAX; word_stem.len()];
    let mut next = 0;
    for (id, &s) in word_stem.iter().enumerate() {
        if s != u32::MAX {
            new_id[id] = next;
            next += 1;
        }
    }
    let words = std::mem::take(&mut m.words);
    m.words = words
        .into_iter()
        .zip(word_stem)
        .filter(|(_, &s)| s != u32::MAX)
        .map(|(w, _)| w)
        .collect();
    m.docs.par_iter_mut().for_each(|(_, _, packed)| {
        let words: Vec<_> = memo::unpack(packed)
            .map(|(w, tf, cap)| (new_id[w as usize], tf, cap))
            .collect();
        *packed = memo::pack(words.into_iter());
    });
}

/// An article's entity terms, sorted and without repeats.
fn given_terms<D: IndexDoc>(d: &D) -> Vec<&str> {
    let mut given: Vec<&str> = d.entity_terms().collect();
    given.sort_unstable();
    given.dedup();
    given
}

/// Region and year filters as impact-less terms `~r:<region>`, `~y:<year>`.
pub(super) fn facet_postings<D: IndexDoc>(order: &[&D]) -> BTreeMap<String, TermList> {
    let mut facets: BTreeMap<String, TermList> = BTreeMap::new();
    for (id, d) in order.iter().enumerate() {
        let keys = d.regions().map(|r| format!("~r:{r}"));
        for key in keys.chain(d.year().map(|y| format!("~y:{y}"))) {
            facets.entry(key).or_default().push_doc(id as u32);
        }
    }
    facets
}

/// One article's counted words split by whether this build has seen them:
/// the known ones by word id, the others by text; and its entity terms.
pub(super) struct DocWords<'a> {
    pub(super) known: Vec<(u32, [u32; FIELDS], bool)>,
    /// With whether the word was once written with a capital.
    pub(super) unknown: Vec<(Cow<'a, str>, [u32; FIELDS], bool)>,
    /// Entity terms given as index terms, not stemmed again.
    pub(super) given: Vec<&'a str>,
    /// Length in words (title + body).
    pub(super) len: u32,
    /// The memo's packed counts, when they were taken from there.
    pub(super) packed: Option<&'a [u8]>,
}

/// Fields of an article: title, entities, body, lead (first paragraph).
pub(super) const FIELDS: usize = 4;

/// Counts an article's folded non-stop words by field. Words that are
/// already folded (most of them) are borrowed, not copied.
pub(super) fn count_words<'a, D: IndexDoc>(d: &'a D) -> Counts<'a> {
    let mut counts: FxHashMap<Cow<str>, ([u32; FIELDS], bool)> =
        FxHashMap::with_capacity_and_hasher(512, Default::default());
    let mut len = 0;
    let fields = std::iter::once((0, d.title()))
        .chain(d.entities().map(|e| (1, e)))
        .chain(
            d.paragraphs()
                .enumerate()
                .map(|(i, p)| (if i == 0 { 3 } else { 2 }, p)),
        );
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
            let cap = token.starts_with(char::is_uppercase);
            match counts.get_mut(word.as_ref()) {
                Some((c, was)) => {
                    c[field] += 1;
                    *was |= cap;
                }
                None => {
                    let mut c = [0; FIELDS];
                    c[field] = 1;
                    counts.insert(word, (c, cap));
                }
            }
        }
    }
    Counts {
        words: counts
            .into_iter()
            .map(|(w, (tf, cap))| (w, tf, cap))
            .collect(),
        len,
    }
}

impl<'a> DocWords<'a> {
    pub(super) fn of<D: IndexDoc>(
        counts: Counts<'a>,
        d: &'a D,
        word_of: &FxHashMap<Cow<'a, str>, u32>,
    ) -> Self {
        let mut out = DocWords {
            known: Vec::with_capacity(counts.words.len()),
            unknown: Vec::new(),
            given: given_terms(d),
            len: counts.len,
            packed: None,
        };
        for (word, tf, cap) in counts.words {
            match word_of.get(word.as_ref()) {
                Some(&id) => out.known.push((id, tf, cap)),
                None => out.unknown.push((word, tf, cap)),
            }
        }
        out
    }

    /// An article the memo counted: its words by the memo's ids, which are
    /// this build's.
    pub(super) fn reused<D: IndexDoc>(len: u32, packed: &'a [u8], d: &'a D) -> Self {
        DocWords {
            known: memo::unpack(packed).collect(),
            unknown: Vec::new(),
            given: given_terms(d),
            len,
            packed: Some(packed),
        }
    }

    /// The counts packed for the memo, by this build's word ids (every
    /// word has one by now).
    fn packed(&self) -> Vec<u8> {
        debug_assert!(self.unknown.is_empty());
        match self.packed {
            Some(p) => p.to_vec(),
            None => memo::pack(self.known.iter().copied()),
        }
    }

    /// `(stem id, weighted tf)` by ascending stem id, and the length. Words
    /// sharing a stem are added field by field before weighting, so an
    /// entity field counts once per stem, not once per word.
    pub(super) fn by_stem(
        self,
        word_stem: &[u32],
        term_ids: &FxHashMap<String, u32>,
        extra_of: &FxHashMap<u32, Vec<u32>>,
    ) -> (Vec<(u32, u32)>, u32) {
        let mut all: Vec<(u32, [u32; FIELDS])> =
            Vec::with_capacity(self.known.len() + self.given.len());
        all.extend(
            self.known
                .iter()
                .map(|&(w, tf, _)| (word_stem[w as usize], tf)),
        );
        all.extend(self.given.iter().map(|t| (term_ids[*t], [0, 1, 0, 0])));
        let mut out = sum_by_stem(all);
        // A proper name counts under every term of its case forms too.
        let names: Vec<(u32, [u32; FIELDS])> = out
            .iter()
            .flat_map(|(sid, tf)| {
                extra_of
                    .get(sid)
                    .into_iter()
                    .flatten()
                    .map(move |&e| (e, *tf))
            })
            .collect();
        if !names.is_empty() {
            out.extend(names);
            out = sum_by_stem(out);
        }
        let weighted = out.into_iter().map(|(sid, tf)| {
            (
                sid,
                TITLE_WEIGHT * tf[0] + ENTITY_WEIGHT * tf[1].min(1) + tf[2] + LEAD_WEIGHT * tf[3],
            )
        });
        (weighted.collect(), self.len)
    }
}

/// Field counts added up per stem id, by ascending stem id.
pub(super) fn sum_by_stem(mut all: Vec<(u32, [u32; FIELDS])>) -> Vec<(u32, [u32; FIELDS])> {
    all.sort_unstable_by_key(|p| p.0);
    let mut out: Vec<(u32, [u32; FIELDS])> = Vec::with_capacity(all.len());
    for (sid, tf) in all {
        match out.last_mut() {
            Some((last, sum)) if *last == sid => (0..FIELDS).for_each(|f| sum[f] += tf[f]),
            _ => out.push((sid, tf)),
        }
    }
    out
}

/// BM25 over the article lengths. Scores are recomputed, not stored: once
/// for the largest score of the index, once more when quantising.
pub(super) struct Bm25<'a> {
    pub(super) n: f64,
    pub(super) avg_len: f64,
    pub(super) lengths: &'a [u32],
}

impl<'a> Bm25<'a> {
    pub(super) fn new(lengths: &'a [u32]) -> Self {
        let n = lengths.len() as f64;
        let avg_len = (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / n.max(1.0)).max(1.0);
        Bm25 {
            n,
            avg_len,
            lengths,
        }
    }

    /// Each posting's score, in doc order.
    pub(super) fn scores<'l>(&'l self, list: &'l TermList) -> impl Iterator<Item = f64> + 'l {
        let df = f64::from(list.df);
        let idf = (1.0 + (self.n - df + 0.5) / (df + 0.5)).ln();
        list.postings().map(move |(id, tf)| {
            let tf = f64::from(tf);
            let norm = K1 * (1.0 - B + B * f64::from(self.lengths[id as usize]) / self.avg_len);
            idf * tf * (K1 + 1.0) / (tf + norm)
        })
    }

    pub(super) fn max_score(&self, list: &TermList) -> f64 {
        self.scores(list).fold(f64::MIN_POSITIVE, f64::max)
    }

    /// Scores quantised to one byte, linear in the index's largest score.
    pub(super) fn impacts(&self, list: &TermList, max: f64) -> Vec<u8> {
        self.scores(list)
            .map(|s| (s / max * 255.0).round().clamp(1.0, 255.0) as u8)
            .collect()
    }
}
