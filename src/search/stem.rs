//! Tokenising and stemming shared by the index builder and the browser client.
//!
//! A token is a maximal run of characters that are alphabetic or numeric
//! (`char::is_alphabetic || char::is_numeric`, which is exactly the JavaScript
//! class `[\p{Alphabetic}\p{N}]`). It is folded (lower case, "ё" → "е"),
//! dropped if it is a stop word, and reduced with the Snowball Russian
//! stemmer. `assets/search.js` ports all of this; a Node test compares both
//! over every word of the seed content.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use std::sync::OnceLock;

const STOP_WORDS: &str = include_str!("stopwords.txt");

/// The stop words, folded, in file order.
pub fn stop_words() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        STOP_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect()
    })
}

/// True when the folded token is a stop word.
pub fn is_stop_word(folded: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| stop_words().iter().copied().collect())
        .contains(folded)
}

/// Lower case with "ё" folded to "е".
pub fn fold(word: &str) -> String {
    word.to_lowercase().replace('ё', "е")
}

/// Splits text into raw tokens (not folded, stop words kept).
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphabetic() || c.is_numeric()))
        .filter(|t| !t.is_empty())
}

/// Snowball Russian stem of an already folded word.
pub fn stem_folded(folded: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::Russian))
        .stem(folded)
        .into_owned()
}

/// The shared normalisation: lower case, "ё" → "е", Snowball Russian.
pub fn stem(word: &str) -> String {
    stem_folded(&fold(word))
}

/// Search terms of a text: folded, stop words dropped, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    tokens(text)
        .map(fold)
        .filter(|w| !is_stop_word(w))
        .map(|w| stem_folded(&w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yo_folds_to_ye() {
        assert_eq!(stem("Ёлка"), stem("елка"));
        assert_eq!(stem("объём"), stem("объем"));
        assert_eq!(fold("ЁЖ"), "еж");
    }

    #[test]
    fn cases_of_a_name_share_a_stem() {
        assert_eq!(stem("Кубань"), stem("Кубани"));
        assert_eq!(stem("кластер"), stem("кластеры"));
        assert_eq!(stem("кластера"), stem("кластерами"));
    }

    #[test]
    fn stop_words_are_dropped() {
        assert!(is_stop_word("и"));
        assert!(is_stop_word("ее"));
        assert_eq!(terms("Кластер и завод в Кубани"), ["кластер", "завод", "кубан"]);
        assert!(terms("и в на при").is_empty());
    }

    #[test]
    fn tokens_split_on_punctuation_and_keep_numbers() {
        let t: Vec<_> = tokens("«Иннопром-2024», 1,5 млрд!").collect();
        assert_eq!(t, ["Иннопром", "2024", "1", "5", "млрд"]);
    }
}
