//! What the index keeps of one build for the next: each article's counted
//! words, so a rebuild after one edit tokenises one article, not all.
//!
//! Counting the words of every article (tokenising, folding, tallying by
//! field) and stemming the words never seen before were nearly all of the
//! search stage: ~0.3 s of a 1.2 s rebuild at 10,000 articles. Both depend
//! on nothing but the text and the code, so a [`Memo`] holds, by a hash of
//! exactly what counting reads (the title, the entity names, the
//! paragraphs), the article's words with their field counts and capital
//! flag, and for every word its term and, once asked for, its name terms
//! ([`super::IndexOptions::name_terms`], which read the dictionary).
//!
//! Everything after counting is done again from these, by the same code a
//! clean build runs: the stems' postings, BM25 over every length (one
//! article's length moves every impact), the name terms of the words
//! written with a capital in the batch where they first appear (which
//! depends on every article before them), the shards. So the index is the
//! clean build's by construction, not by a patch that has to be kept in
//! step with it. What a memo must not outlive — the binary, the dictionary
//! — is the caller's key ([`crate::pipeline::cache`]).
//!
//! A memo holds the articles of one build only, so it does not grow with
//! the edits: 1–2 KB an article (a word is a varint id and five varints).

use super::shard::{put_varint, Varints};
use super::FIELDS;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use xxhash_rust::xxh3::Xxh3;

/// One build's counted articles and words (see the module docs).
#[derive(Default, Serialize, Deserialize)]
pub struct Memo {
    /// By word id: what the packed counts of the articles refer to.
    pub(super) words: Vec<Word>,
    /// Content key, length in words, the packed counts ([`pack`]).
    pub(super) docs: Vec<(u128, u32, Vec<u8>)>,
    #[serde(skip)]
    pub(super) by_key: FxHashMap<u128, u32>,
    /// Articles this memo's build took from the one before, and counted.
    #[serde(skip)]
    pub(super) stats: (usize, usize),
}

/// A word as the memo keeps it.
#[derive(Clone, Serialize, Deserialize)]
pub(super) struct Word {
    pub(super) word: String,
    pub(super) term: String,
    /// Its name terms, when a build asked for them.
    pub(super) names: Option<Vec<String>>,
}

impl Memo {
    /// The memo as written by [`Memo::to_bytes`]; `None` for bytes that do
    /// not decode (the caller checks the checksum and the key first).
    pub fn from_bytes(bytes: &[u8]) -> Option<Memo> {
        let mut m: Memo = postcard::from_bytes(bytes).ok()?;
        let n = m.words.len();
        for (_, _, packed) in &m.docs {
            if unpack(packed).any(|(w, ..)| w as usize >= n) {
                return None;
            }
        }
        m.index();
        Some(m)
    }

    pub(super) fn index(&mut self) {
        self.by_key = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.0, i as u32))
            .collect();
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_stdvec(self).expect("a memo serialises")
    }

    /// How many articles the build that made this memo took from the last
    /// one's, and how many it counted.
    pub fn stats(&self) -> (usize, usize) {
        self.stats
    }

    /// The length and packed counts of the article with content key `key`.
    pub(super) fn doc(&self, key: u128) -> Option<(u32, &[u8])> {
        let &i = self.by_key.get(&key)?;
        let (_, len, packed) = &self.docs[i as usize];
        Some((*len, packed))
    }
}

/// One article's folded non-stop words, each with its counts in the title,
/// the entities, the body and the lead, and whether it was once written
/// with a capital; and its length in words (title + body).
pub(super) struct Counts<'a> {
    pub(super) words: Vec<(Cow<'a, str>, [u32; FIELDS], bool)>,
    pub(super) len: u32,
}

/// The key of what counting reads of an article: its title, entity names
/// and paragraphs, each length-prefixed so no two articles share one.
pub(super) fn content_key<D: super::IndexDoc>(d: &D) -> u128 {
    let mut h = Xxh3::new();
    let mut part = |tag: u8, s: &str| {
        h.update(&[tag]);
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    part(0, d.title());
    d.entities().for_each(|e| part(1, e));
    d.paragraphs().for_each(|p| part(2, p));
    h.digest128()
}

/// An article's words by word id: the id, then the capital flag and the
/// four field counts, all varints.
pub(super) fn pack(words: impl Iterator<Item = (u32, [u32; FIELDS], bool)>) -> Vec<u8> {
    let mut out = Vec::new();
    for (id, tf, cap) in words {
        put_varint(&mut out, id);
        put_varint(&mut out, u32::from(cap));
        tf.iter().for_each(|&c| put_varint(&mut out, c));
    }
    out
}

/// [`pack`] read back; stops at the first incomplete word.
pub(super) fn unpack(packed: &[u8]) -> impl Iterator<Item = (u32, [u32; FIELDS], bool)> + '_ {
    let mut v = Varints::new(packed);
    std::iter::from_fn(move || {
        let id = v.next()?;
        let cap = v.next()? == 1;
        let mut tf = [0; FIELDS];
        for c in &mut tf {
            *c = v.next()?;
        }
        Some((id, tf, cap))
    })
}
