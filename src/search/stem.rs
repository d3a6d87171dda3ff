//! Tokenising and stemming shared by the index builder and the browser client.
//!
//! A token is a maximal run of characters that are alphabetic or numeric
//! (`char::is_alphabetic || char::is_numeric`, which is exactly the JavaScript
//! class `[\p{Alphabetic}\p{N}]`). It is folded (lower case, "ё" → "е"),
//! dropped if it is a stop word, and reduced with the Snowball Russian
//! stemmer. `assets/search.js` ports all of this; a Node test compares both
//! over every word of the seed content.

use rust_stemmers::{Algorithm, Stemmer};
// FxHash for the stop words and the builder's word maps: the keys are our
// own text, so SipHash's flooding resistance buys nothing.
use rustc_hash::FxBuildHasher;
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
    // The longest stop word has 7 letters (14 bytes): skip hashing the rest.
    if folded.len() > 14 {
        return false;
    }
    static SET: OnceLock<HashSet<&'static str, FxBuildHasher>> = OnceLock::new();
    SET.get_or_init(|| stop_words().iter().copied().collect())
        .contains(folded)
}

/// Lower case with "ё" folded to "е".
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`] into a reused buffer. Russian and ASCII letters take a fast path;
/// anything else goes through `str::to_lowercase` (which knows final sigma,
/// as JavaScript's `toLowerCase` does).
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            'А'..='Я' => out.push(char::from_u32(c as u32 + 32).expect("Cyrillic")),
            'Ё' | 'ё' => out.push('е'),
            'а'..='я' | 'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            _ => {
                *out = word.to_lowercase().replace('ё', "е");
                return;
            }
        }
    }
}

/// True for the characters words are made of: `is_alphabetic || is_numeric`
/// (JavaScript: `[\p{Alphabetic}\p{N}]`), with a fast path for Russian and ASCII.
pub fn is_word_char(c: char) -> bool {
    match c {
        'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' | 'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphabetic() || c.is_numeric(),
    }
}

/// Splits text into raw tokens (not folded, stop words kept).
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    Tokens { s: text, pos: 0 }
}

/// Byte-level token scanner: the index build spends most of its time here.
struct Tokens<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let len = self.s.len();
        let mut i = self.pos;
        loop {
            if i >= len {
                self.pos = len;
                return None;
            }
            let (word, n) = word_char_at(self.s, i);
            if word {
                break;
            }
            i += n;
        }
        let start = i;
        while i < len {
            let (word, n) = word_char_at(self.s, i);
            if !word {
                break;
            }
            i += n;
        }
        self.pos = i;
        Some(&self.s[start..i])
    }
}

/// Whether the char at byte `i` is a word char, and its UTF-8 length.
#[inline]
fn word_char_at(s: &str, i: usize) -> (bool, usize) {
    match s.as_bytes()[i] {
        b if b < 0x80 => (b.is_ascii_alphanumeric(), 1),
        // U+0400..U+047F: Cyrillic letters only.
        0xD0 | 0xD1 => (true, 2),
        _ => {
            let c = s[i..].chars().next().expect("char boundary");
            (is_word_char(c), c.len_utf8())
        }
    }
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

/// Index term of a folded word: its Snowball stem, less a final "ов"/"ев"
/// (and then a soft sign) when the stem has five letters or more.
///
/// Snowball strips the "-ов" of a nominative surname ("Алиханов" → "алихан")
/// but keeps it before a case ending ("Алиханова" → "алиханов"), so the two
/// would never meet. Dropping it everywhere costs little precision (a few
/// stems such as "готов" → "гот" merge with rarer neighbours).
pub fn term_folded(folded: &str) -> String {
    let mut s = stem_folded(folded);
    if s.chars().count() >= 5 && (s.ends_with("ов") || s.ends_with("ев")) {
        s.truncate(s.len() - "ов".len());
        // As Snowball's last step would have: "Васильев" → "васил".
        if s.ends_with('ь') {
            s.pop();
        }
    }
    s
}

/// [`term_folded`] of a raw word.
pub fn term(word: &str) -> String {
    term_folded(&fold(word))
}

/// Search terms of a text: folded, stop words dropped, [`term`]s.
pub fn terms(text: &str) -> Vec<String> {
    tokens(text)
        .map(fold)
        .filter(|w| !is_stop_word(w))
        .map(|w| term_folded(&w))
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
    fn fast_fold_agrees_with_to_lowercase() {
        for w in ["ПРОМЫШЛЕННОСТЬ", "Ёж", "MiXeD", "ΟΔΟΣ", "Straße", "Ǆ", "İ"]
        {
            assert_eq!(fold(w), w.to_lowercase().replace('ё', "е"), "{w}");
        }
    }

    #[test]
    fn surname_forms_share_a_term() {
        assert_eq!(term("Алиханов"), "алихан");
        assert_eq!(term("Алиханова"), "алихан");
        assert_eq!(term("Васильеву"), term("Васильев"));
        assert_eq!(term("нов"), "нов");
    }

    #[test]
    fn stop_words_are_dropped() {
        assert!(is_stop_word("и"));
        assert!(is_stop_word("ее"));
        assert_eq!(
            terms("Кластер и завод в Кубани"),
            ["кластер", "завод", "кубан"]
        );
        assert!(terms("и в на при").is_empty());
    }

    #[test]
    fn stop_words_fit_the_length_shortcut() {
        assert!(stop_words().iter().all(|w| w.len() <= 14));
    }

    #[test]
    fn scanner_agrees_with_the_char_predicate() {
        let text = "Ѣ҂ab\u{483}c Ωμέγα-١٢٣ 𝔸𝔹 ёЁ\u{301}x 5½ ＡＢ\u{0}_z";
        let want: Vec<&str> = text
            .split(|c: char| !(c.is_alphabetic() || c.is_numeric()))
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(tokens(text).collect::<Vec<_>>(), want);
    }

    #[test]
    fn tokens_split_on_punctuation_and_keep_numbers() {
        let t: Vec<_> = tokens("«Иннопром-2024», 1,5 млрд!").collect();
        assert_eq!(t, ["Иннопром", "2024", "1", "5", "млрд"]);
    }
}
