//! "Напомним…" / "Как ранее сообщали…" paragraphs: background or a link to
//! another story?
//!
//! Such a paragraph is kept when it is about the article: enough of its
//! content words (Russian Snowball stems, generic news words left out) also
//! occur in the headline and the other kept paragraphs. A paragraph that
//! cites the outlet itself ("Как ранее писали «Кубанские новости», …") is a
//! cross-link to an older story unless the overlap is strong. The verdict and
//! the measured overlap end up in `dropped`, so an editor can see the choice.

use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::sync::LazyLock;

static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(напомним|напомню|напоминаем|как (уже |ранее )?(сообщал|писал|рассказывал|информировал)\S*(\s+ранее)?|ранее([^\p{L}]|$)|как стало известно ранее|как сообщалось ранее)")
        .expect("static regex")
});
static CITES_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Как ранее (сообщал|писал)\S*|Ранее|Как (сообщал|писал)\S* ранее)\s*«[^»]{2,40}»")
        .expect("static regex")
});
static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));

/// Words every regional-industry story uses; sharing them says nothing.
const GENERIC: &[&str] = &[
    "напомн",
    "ранн",
    "ранее",
    "сообща",
    "сообщ",
    "писа",
    "год",
    "году",
    "этом",
    "котор",
    "такж",
    "рубл",
    "млн",
    "млрд",
    "тыс",
    "област",
    "кра",
    "регион",
    "республик",
    "район",
    "россi",
    "росс",
    "сегодн",
    "сумм",
    "общ",
    "нов",
    "перв",
    "однак",
    "посл",
    "эт",
    "такж",
    "всег",
    "получ",
    "стал",
];

/// Does the paragraph open like background ("Напомним", "Ранее", …)?
pub fn is_background(text: &str) -> bool {
    INTRO.is_match(text)
}

/// Does it cite the outlet in guillemets, i.e. link to the outlet's own story?
pub fn cites_outlet(text: &str) -> bool {
    CITES_OUTLET.is_match(text)
}

/// The words of 4+ letters, as written.
fn content_words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !(super::lines::is_letter(c) || c.is_ascii_digit() || c == '-'))
        .filter(|w| w.chars().filter(|c| super::lines::is_letter(*c)).count() >= 4)
}

/// A word as written → (lower case, Snowball stem of the lower case).
type StemMemo = FxHashMap<Box<str>, (Box<str>, Box<str>)>;

/// Most words a thread's [`StemMemo`] keeps before it starts over (≈100
/// bytes each), so a corpus of unusual words cannot grow it without bound.
const STEM_MEMO_LIMIT: usize = 200_000;

thread_local! {
    // Per thread: the build's worker threads live for the whole build, news
    // text repeats the same few thousand words, and lower-casing plus
    // stemming them again was ~8 % of the clean stage.
    static STEMS: RefCell<StemMemo> = RefCell::default();
}

/// Calls `f` with the lower case and the stem of `word` (as written).
fn with_stem<R>(word: &str, f: impl FnOnce(&str, &str) -> R) -> R {
    STEMS.with(|m| {
        let mut m = m.borrow_mut();
        if let Some((lower, stem)) = m.get(word) {
            return f(lower, stem);
        }
        let lower = word.to_lowercase();
        let stem = STEMMER.stem(&lower).into_owned();
        let r = f(&lower, &stem);
        if m.len() >= STEM_MEMO_LIMIT {
            m.clear();
        }
        m.insert(word.into(), (lower.into(), stem.into()));
        r
    })
}

/// One lowercase word's Snowball stem.
pub fn stem(word: &str) -> String {
    with_stem(word, |_, stem| stem.to_string())
}

/// Content stems of a text: words of 4+ letters, stemmed, generic ones out.
pub fn stems(text: &str) -> FxHashSet<String> {
    let mut out = FxHashSet::default();
    for w in content_words(text) {
        with_stem(w, |_, s| {
            if !GENERIC.contains(&s) && !out.contains(s) {
                out.insert(s.to_string());
            }
        });
    }
    out
}

/// Share of the paragraph's stems that the article text also uses, skipping
/// the intro words themselves. Snowball only strips endings, so a stem is a
/// prefix of its word: only article words starting with one of the
/// paragraph's stems need stemming.
pub fn overlap(paragraph: &str, article: &str) -> f32 {
    let body = INTRO.replace(paragraph, "");
    let own = stems(&body);
    if own.is_empty() {
        return 0.0;
    }
    let mut found: FxHashSet<&str> = FxHashSet::default();
    for w in content_words(article) {
        // Count the word's own stem, not the first matching prefix: with two
        // stems where one is a prefix of the other ("промышлен",
        // "промышленн"), which one a hash set yields first varies from run
        // to run, and so did the overlap and the article's text.
        with_stem(w, |lower, stem| {
            if own.iter().any(|b| lower.starts_with(b.as_str())) {
                if let Some(s) = own.get(stem) {
                    found.insert(s.as_str());
                }
            }
        });
    }
    found.len() as f32 / own.len() as f32
}

/// Minimum overlap for background to count as on-topic; a self-citing
/// cross-link needs more.
pub const ON_TOPIC: f32 = 0.34;
pub const ON_TOPIC_CITING: f32 = 0.5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_counts_each_words_own_stem_whatever_the_set_order() {
        // "завод" and "заводск" are both stems of the paragraph, and one is
        // a prefix of the other; the article uses both words.
        let paragraph = "Напомним, завод заводской";
        let own = stems(paragraph);
        assert!(own.contains("завод") && own.contains("заводск"), "{own:?}");
        let article = "Новый завод открыл заводские цеха";
        // Every call builds new hash sets with new seeds, so a result that
        // depended on their order would differ between calls.
        for _ in 0..64 {
            assert_eq!(overlap(paragraph, article), 1.0);
        }
    }
}
