//! From documents to weighted postings: the words of each document by
//! field, summed by stem, the BM25 impact of each posting, and the facet
//! terms (region, year). See *Terms* and *Ranking* in [`super`].

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

/// Tokenises the articles (in id order) into stem postings.
///
/// Articles go through in batches: each batch's articles count their words
/// in parallel and look up the stem of each known word; the words never
/// seen before are stemmed once, in parallel; then each article's counts
/// are merged per stem and appended to the postings in id order, so ids
/// ascend without a sort. Only the word → stem map grows with the site.
pub(super) fn text_postings<'a, D: IndexDoc>(
    order: &[&'a D],
    name_terms: Option<fn(&str) -> Vec<String>>,
) -> TextPostings {
    let mut stem_of: FxHashMap<Cow<'a, str>, u32> =
        FxHashMap::with_capacity_and_hasher(1 << 16, Default::default());
    let mut stem_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut lists: Vec<TermList> = Vec::new();
    // Stem id → the other terms of the proper names stemmed to it.
    let mut extra_of: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    let mut lengths = Vec::with_capacity(order.len());
    for (b, batch) in order.chunks(BATCH).enumerate() {
        let counted: Vec<DocWords<'a>> = batch
            .par_iter()
            .map(|d| DocWords::count(*d, &stem_of))
            .collect();
        let mut fresh: Vec<&str> = Vec::new();
        let mut capital: rustc_hash::FxHashSet<&str> = Default::default();
        for (w, _, cap) in counted.iter().flat_map(|c| &c.unknown) {
            if !stem_of.contains_key(w.as_ref()) {
                stem_of.insert(w.clone(), u32::MAX);
                fresh.push(w);
            }
            if *cap {
                capital.insert(w);
            }
        }
        let stems: Vec<(String, Vec<String>)> = fresh
            .par_iter()
            .map(|w| {
                let names = match name_terms {
                    Some(f) if capital.contains(w) => f(w),
                    _ => Vec::new(),
                };
                (term_folded(w), names)
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
        for (w, (s, names)) in fresh.into_iter().zip(stems) {
            let id = id_of(s, &mut lists);
            *stem_of.get_mut(w).expect("inserted above") = id;
            for n in names {
                let e = id_of(n, &mut lists);
                let extra = extra_of.entry(id).or_default();
                if e != id && !extra.contains(&e) {
                    extra.push(e);
                }
            }
        }
        for t in counted.iter().flat_map(|c| &c.given) {
            if !stem_ids.contains_key(*t) {
                stem_ids.insert(t.to_string(), stem_ids.len() as u32);
                lists.push(TermList::default());
            }
        }
        let merged: Vec<(Vec<(u32, u32)>, u32)> = counted
            .into_par_iter()
            .map(|c| c.by_stem(&stem_of, &stem_ids, &extra_of))
            .collect();
        for (i, (stems, len)) in merged.into_iter().enumerate() {
            let doc = (b * BATCH + i) as u32;
            lengths.push(len);
            for (sid, tf) in stems {
                lists[sid as usize].push(doc, tf);
            }
        }
    }
    let mut names = vec![String::new(); stem_ids.len()];
    for (s, id) in stem_ids {
        names[id as usize] = s;
    }
    TextPostings {
        names,
        lists,
        lengths,
    }
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

/// One article's folded non-stop words with their counts in the title, the
/// entities and the body: the words whose stem is known by stem id, the
/// others by text. Words that are already folded (most of them) are
/// borrowed, not copied.
pub(super) struct DocWords<'a> {
    pub(super) known: Vec<(u32, [u32; FIELDS])>,
    /// With whether the word was once written with a capital.
    pub(super) unknown: Vec<(Cow<'a, str>, [u32; FIELDS], bool)>,
    /// Entity terms given as index terms, not stemmed again.
    pub(super) given: Vec<&'a str>,
    /// Length in words (title + body).
    pub(super) len: u32,
}

/// Fields of an article: title, entities, body, lead (first paragraph).
pub(super) const FIELDS: usize = 4;

impl<'a> DocWords<'a> {
    pub(super) fn count<D: IndexDoc>(d: &'a D, stem_of: &FxHashMap<Cow<'a, str>, u32>) -> Self {
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
        let mut given: Vec<&str> = d.entity_terms().collect();
        given.sort_unstable();
        given.dedup();
        let mut out = DocWords {
            known: Vec::with_capacity(counts.len() + given.len()),
            unknown: Vec::new(),
            given,
            len,
        };
        for (word, (tf, cap)) in counts {
            match stem_of.get(word.as_ref()) {
                Some(&sid) => out.known.push((sid, tf)),
                None => out.unknown.push((word, tf, cap)),
            }
        }
        out
    }

    /// `(stem id, weighted tf)` by ascending stem id, and the length. Words
    /// sharing a stem are added field by field before weighting, so an
    /// entity field counts once per stem, not once per word.
    pub(super) fn by_stem(
        self,
        stem_of: &FxHashMap<Cow<'a, str>, u32>,
        term_ids: &FxHashMap<String, u32>,
        extra_of: &FxHashMap<u32, Vec<u32>>,
    ) -> (Vec<(u32, u32)>, u32) {
        let mut all = self.known;
        all.extend(
            self.unknown
                .iter()
                .map(|(w, tf, _)| (stem_of[w.as_ref()], *tf)),
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
