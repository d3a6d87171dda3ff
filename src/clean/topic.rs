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
use std::collections::HashSet;
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

fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(super::lines::is_letter(c) || c.is_ascii_digit() || c == '-'))
        .filter(|w| w.chars().filter(|c| super::lines::is_letter(*c)).count() >= 4)
        .map(str::to_lowercase)
}

/// One lowercase word's Snowball stem.
pub fn stem(word: &str) -> String {
    STEMMER.stem(word).into_owned()
}

/// Content stems of a text: words of 4+ letters, stemmed, generic ones out.
pub fn stems(text: &str) -> HashSet<String> {
    content_words(text)
        .map(|w| STEMMER.stem(&w).into_owned())
        .filter(|s| !GENERIC.contains(&s.as_str()))
        .collect()
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
    let mut found: HashSet<&str> = HashSet::new();
    for w in content_words(article) {
        // Count the word's own stem, not the first matching prefix: with two
        // stems where one is a prefix of the other ("промышлен",
        // "промышленн"), which one a hash set yields first varies from run
        // to run, and so did the overlap and the article's text.
        if own.iter().any(|b| w.starts_with(b.as_str())) {
            if let Some(s) = own.get(STEMMER.stem(&w).as_ref()) {
                found.insert(s.as_str());
            }
        }
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
