//! Raw text → numbered, normalised lines with the cheap features every
//! later rule looks at (length, words, lowercase ratio, sentence ends).
//!
//! Line numbers are 1-based over the raw text split on `"\n"`, exactly as the
//! gold labels count them; a trailing `"\r"` (CRLF files) and NBSP padding
//! never change the numbering, and a line holding only spaces/NBSP is blank.

/// One non-blank raw line with its features.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the raw text.
    pub no: usize,
    /// The line with NBSP/tabs turned into spaces and `\r` removed, not trimmed,
    /// so double spaces that separate glued paragraphs are still visible.
    pub raw: String,
    /// Trimmed, with runs of spaces collapsed: what we print and compare.
    pub text: String,
    /// Number of characters of `text`.
    pub chars: usize,
    /// Tokens that contain at least one letter.
    pub words: usize,
    /// Share of those word tokens that start with a lowercase letter.
    pub lower_ratio: f32,
    /// The line contains a sentence end (". X", "!", "?", or a final period).
    pub has_sentence_end: bool,
    /// The line ends like a sentence (., !, ?, …, possibly followed by » or ")").
    pub ends_sentence: bool,
}

/// Characters that browsers paste as spaces: NBSP, figure/narrow NBSP, tab,
/// control characters; zero-width characters, soft hyphens and BOMs are
/// removed outright.
fn normalise_char(c: char) -> Option<char> {
    match c {
        '\u{a0}' | '\u{2007}' | '\u{202f}' | '\t' | '\u{2009}' | '\u{2002}' | '\u{2003}' => {
            Some(' ')
        }
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' => None,
        // A stray "\r" or other control character separates words.
        c if c.is_control() => Some(' '),
        c => Some(c),
    }
}

/// Collapses whitespace runs to one space and trims. Used for every piece of
/// text the cleaner emits, so output never carries NBSP or double spaces.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Splits raw text into non-blank [`Line`]s. A lone `"\r"` (old Mac files)
/// is also treated as a line break only when the text has no `"\n"` at all,
/// so CRLF numbering stays the one the labels use.
pub fn split_lines(raw: &str) -> Vec<Line> {
    let owned;
    let raw = if !raw.contains('\n') && raw.contains('\r') {
        owned = raw.replace('\r', "\n");
        owned.as_str()
    } else {
        raw
    };
    let mut first = true;
    raw.split('\n')
        .enumerate()
        .filter_map(|(i, l)| {
            let (mut norm, mut text) = normalise_line(l);
            if first && !text.is_empty() {
                first = false;
                if let Some(n) = store_prefix(&text) {
                    text = text[n..].to_string();
                    let trimmed = norm.trim_start();
                    if let Some(m) = store_prefix(trimmed) {
                        norm = trimmed[m..].to_string();
                    }
                }
            }
            (!text.is_empty()).then(|| Line::new(i + 1, norm, text))
        })
        .collect()
}

/// The " date 2025-09-28 " a web archive puts before a stored page: when
/// the page was archived, not when it was published, and not page text.
/// Returns its length in bytes.
fn store_prefix(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("date ")?;
    let b = rest.as_bytes();
    let iso = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !iso {
        return None;
    }
    let after = &rest[10..];
    let n = 5 + 10 + (after.len() - after.trim_start().len());
    Some(n)
}

/// One pass over a raw line: the space-normalised line and its squashed,
/// trimmed text.
fn normalise_line(l: &str) -> (String, String) {
    let mut norm = String::with_capacity(l.len());
    let mut text = String::with_capacity(l.len());
    let mut pending_space = false;
    for c in l.chars().filter_map(normalise_char) {
        norm.push(c);
        if c == ' ' {
            pending_space = !text.is_empty();
        } else {
            if pending_space {
                text.push(' ');
                pending_space = false;
            }
            text.push(c);
        }
    }
    (norm, text)
}

impl Line {
    pub fn new(no: usize, raw: String, text: String) -> Line {
        let (words, lower) = word_stats(&text);
        Line {
            no,
            chars: text.chars().count(),
            words,
            lower_ratio: if words == 0 {
                0.0
            } else {
                lower as f32 / words as f32
            },
            has_sentence_end: has_sentence_end(&text),
            ends_sentence: ends_sentence(&text),
            raw,
            text,
        }
    }

    /// Long, punctuated, mostly lowercase: how article paragraphs look and
    /// menus, feeds and captions do not.
    pub fn is_prose(&self) -> bool {
        self.chars >= 70 && self.words >= 8 && self.has_sentence_end && self.lower_ratio >= 0.45
    }
}

/// `char::is_alphabetic` with a fast path for ASCII and Cyrillic, which is
/// nearly all the text we see (the general Unicode lookup dominated profiles).
#[inline]
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{400}'..='\u{4ff}' => true,
        // ASCII rest, Latin-1 punctuation (« » NBSP), general punctuation,
        // dashes, currency signs, arrows and other symbols.
        '\0'..='\u{a9}' | '\u{ab}'..='\u{b4}' | '\u{b6}'..='\u{b9}' | '\u{bb}'..='\u{bf}' => false,
        '\u{2000}'..='\u{2bff}' => false,
        _ => c.is_alphabetic(),
    }
}

/// (word tokens, of which start lowercase).
pub fn word_stats(text: &str) -> (usize, usize) {
    let mut words = 0;
    let mut lower = 0;
    for tok in text.split(' ') {
        let Some(first) = tok.chars().find(|&c| is_letter(c) || c.is_ascii_digit()) else {
            continue;
        };
        if !tok.chars().any(is_letter) {
            continue;
        }
        words += 1;
        if first.is_lowercase() {
            lower += 1;
        }
    }
    (words, lower)
}

/// Trailing closing quotes/brackets do not hide the sentence end: `…года».`
/// and `…года.»` both end a sentence.
pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['»', '"', ')', '“', '”', ' ']);
    t.ends_with(['.', '!', '?', '…'])
        || (t.len() < text.trim_end().len() && t.ends_with(['.', '!', '?']))
}

fn has_sentence_end(text: &str) -> bool {
    // A quote that continues into an attribution on the next line ends "»,".
    if ends_sentence(text) || text.ends_with("»,") || text.ends_with("\",") {
        return true;
    }
    // "слово. Слово", and the glued "слово.Слово" of copied pages; a list
    // number ("3. Фонд …") is not a sentence end.
    let text = match text.split_once(". ") {
        Some((n, rest))
            if !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => text,
    };
    let (mut a, mut b) = (' ', ' ');
    text.chars().any(|c| {
        // A sentence may open with a quote: "… «Максимиха». «Здесь …".
        if matches!(c, '«' | '"' | '„' | '“') && b == ' ' {
            return false;
        }
        let hit = c.is_uppercase()
            && ((matches!(a, '.' | '!' | '?' | '…') && b == ' ')
                || (a.is_lowercase() && matches!(b, '.' | '!' | '?')));
        (a, b) = (b, c);
        hit
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_survives_crlf_and_nbsp_only_lines() {
        let lines = split_lines("a\r\n\u{a0}\u{a0}\r\nb  c\r\n");
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].no, lines[1].no), (1, 3));
        assert_eq!(lines[1].text, "b c");
    }

    #[test]
    fn the_archive_date_prefix_is_not_page_text() {
        let lines = split_lines(" date 2026-01-29 Государственный фонд подвел итоги.\nдалее");
        assert_eq!(lines[0].text, "Государственный фонд подвел итоги.");
        assert_eq!(lines[0].raw, "Государственный фонд подвел итоги.");
        assert_eq!(lines[1].text, "далее");
    }

    #[test]
    fn prose_needs_length_and_punctuation() {
        let l = Line::new(
            1,
            String::new(),
            "Губернатор провёл встречу с министром промышленности и торговли России в Москве."
                .into(),
        );
        assert!(l.is_prose());
        let h = Line::new(
            1,
            String::new(),
            "Губернатор провёл встречу с министром промышленности и торговли России".into(),
        );
        assert!(!h.is_prose());
    }
}
