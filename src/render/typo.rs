//! Reader-side typography of article text: non-breaking spaces where a line
//! break would split what a reader takes as one thing (an amount, a date,
//! initials and a surname), and the sentence around an amount for the money
//! boxes. Pure functions over plain text; escaping happens after them.

use crate::model::date::{MONTHS_GENITIVE, MONTHS_NOMINATIVE};

/// Abbreviations whose period does not end a sentence even before a capital
/// ("г. Краснодар", "им. Баранова"). "руб.", "млн." and the like do end one
/// there: "…превышает 7 млрд руб. Планируется…" is two sentences.
const NAME_ABBREVIATIONS: &[&str] = &[
    "г",
    "гг",
    "им",
    "ул",
    "пр",
    "просп",
    "пос",
    "пгт",
    "д",
    "ст",
    "с",
    "п",
    "акад",
    "проф",
    "т",
    "тт",
    "гр",
    "обл",
    "р-н",
    "м",
    "мкр",
    "пл",
    "наб",
    "пер",
    "ш",
    "св",
    "вице",
];

/// Words after a number that make one unit with the next word ("млрд руб.").
const SCALE_WORDS: &[&str] = &[
    "тыс.",
    "тыс",
    "млн",
    "млн.",
    "млрд",
    "млрд.",
    "трлн",
    "трлн.",
];

/// A month name in the genitive or the nominative (the one shared table).
fn is_month(w: &str) -> bool {
    MONTHS_GENITIVE.contains(&w) || MONTHS_NOMINATIVE.contains(&w)
}

/// Replaces the spaces inside amounts ("1 000", "7 млрд руб.", "128,7 %"),
/// dates ("7 июля 2025") and initials ("А. С. Пушкин", "Пушкин А. С.") with
/// U+00A0, so the browser never breaks a line there.
pub fn nbsp(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut prev_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            let prev = &text[prev_start..i];
            let next_end = text[i + 1..].find(' ').map_or(text.len(), |j| i + 1 + j);
            let next = &text[i + 1..next_end];
            out.push_str(prev);
            out.push(if binds(prev, next) { '\u{A0}' } else { ' ' });
            prev_start = i + 1;
        }
        i += 1;
    }
    out.push_str(&text[prev_start..]);
    out
}

/// Whether the space between the words `prev` and `next` must not break.
fn binds(prev: &str, next: &str) -> bool {
    let p = prev.trim_start_matches(['«', '(', '"', '„', '“']);
    let n = next.trim_end_matches([',', ';', ':', ')', '»', '"', '“', '!', '?']);
    let (Some(pl), Some(nf)) = (p.chars().last(), n.chars().next()) else {
        return false;
    };
    // «…», — сказал: a line never starts with a dash (Russian typesetting)
    if matches!(next, "—" | "–") {
        return true;
    }
    // № 5, § 3
    if matches!(p, "№" | "§") {
        return true;
    }
    if pl.is_ascii_digit() {
        // thousands groups: 1 000 000
        let group = n.trim_end_matches(['.', ',']);
        if group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        // a number and the word it counts: 7 млрд, 12 компаний, 7 июля, 5 %
        return nf.is_lowercase() || matches!(nf, '₽' | '%' | '$' | '€');
    }
    // млрд руб., тыс. ₽
    if SCALE_WORDS.contains(&p) && (nf.is_lowercase() || nf == '₽') {
        return true;
    }
    // июля 2025
    if is_month(p) && n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    // А. С. Пушкин: an initial binds to what follows
    if is_initial(p) && nf.is_uppercase() {
        return true;
    }
    // Пушкин А. С.
    is_initial(n) && pl.is_alphabetic() && p.chars().next().is_some_and(char::is_uppercase)
}

/// "А." — one capital letter and a period.
fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next(), c.next()), (Some(l), Some('.'), None) if l.is_uppercase())
}

/// The sentence of `para` that contains the byte range `at`, cut at sentence
/// boundaries on both sides (see [`is_sentence_end`]); the range stays inside.
pub fn sentence_around(para: &str, at: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = 0;
    let mut end = para.len();
    for (i, c) in para.char_indices() {
        if matches!(c, '.' | '!' | '?' | '…') && is_sentence_end(para, i) {
            let after = i + c.len_utf8();
            if after <= at.start {
                start = after;
            } else if i + c.len_utf8() >= at.end {
                end = after;
                break;
            }
        }
    }
    // Closing quotes right after the end belong to the sentence.
    let rest = &para[end..];
    let closing = rest.len() - rest.trim_start_matches(['»', '"', '“', ')']).len();
    end += closing;
    let lead = para[start..].len() - para[start..].trim_start().len();
    start + lead.min(end - start)..end
}

/// Whether the punctuation at byte `i` of `text` ends a sentence: it is
/// followed by a space and a capital, a digit, a quote or a dash (or by the
/// end), and it is not the period of an initial or of an abbreviation that
/// stands before names (`NAME_ABBREVIATIONS`).
pub fn is_sentence_end(text: &str, i: usize) -> bool {
    let c = text[i..].chars().next().unwrap_or('.');
    let after = &text[i + c.len_utf8()..];
    let after = after.trim_start_matches(['»', '"', '“', ')']);
    if after.trim().is_empty() {
        return true;
    }
    if !after.starts_with(char::is_whitespace) {
        return false;
    }
    let Some(next) = after.trim_start().chars().next() else {
        return true;
    };
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '«' | '"' | '–' | '—'))
    {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word_start = text[..i]
        .rfind(|ch: char| ch.is_whitespace() || matches!(ch, '(' | '«' | '"'))
        .map_or(0, |j| {
            j + text[j..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &text[word_start..i];
    let mut wc = word.chars();
    let single_capital = matches!((wc.next(), wc.next()), (Some(l), None) if l.is_uppercase());
    !(single_capital || NAME_ABBREVIATIONS.contains(&word.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_16_amounts_dates_and_initials_do_not_break() {
        assert_eq!(
            nbsp("превышает 7 млрд руб. и ещё 1 000 000 рублей"),
            "превышает 7\u{A0}млрд\u{A0}руб. и ещё 1\u{A0}000\u{A0}000\u{A0}рублей"
        );
        assert_eq!(
            nbsp("с 7 июля 2025 года"),
            "с 7\u{A0}июля\u{A0}2025\u{A0}года"
        );
        assert_eq!(nbsp("июль 2024"), "июль\u{A0}2024");
        assert_eq!(
            nbsp("сказал А. С. Пушкин, а Пушкин А. С. подписал"),
            "сказал А.\u{A0}С.\u{A0}Пушкин, а Пушкин\u{A0}А.\u{A0}С. подписал"
        );
        assert_eq!(nbsp("рост на 12,5 % за год"), "рост на 12,5\u{A0}% за год");
        // Issue 16: "…областью», / — подчеркнул" put the dash at a line start.
        assert_eq!(
            nbsp("«Поддержим», — подчеркнул министр"),
            "«Поддержим»,\u{A0}— подчеркнул министр"
        );
        assert_eq!(
            nbsp("«128,7 миллиона рублей»"),
            "«128,7\u{A0}миллиона рублей»"
        );
        // Ordinary words keep ordinary spaces.
        assert_eq!(
            nbsp("Краснодарский край и Амурская область"),
            "Краснодарский край и Амурская область"
        );
        assert_eq!(nbsp(""), "");
        assert_eq!(nbsp(" a  b "), " a  b ");
    }

    #[test]
    fn issue_16_rub_ends_a_sentence_before_a_capital() {
        let p = "Сегодня объем фонда превышает 7 млрд руб. Планируется добавить еще 1 млрд руб.";
        let at = p.find("7 млрд").unwrap();
        let r = sentence_around(p, at..at + "7 млрд руб.".len());
        assert_eq!(&p[r], "Сегодня объем фонда превышает 7 млрд руб.");
        let at = p.find("1 млрд").unwrap();
        let r = sentence_around(p, at..at + "1 млрд руб.".len());
        assert_eq!(&p[r], "Планируется добавить еще 1 млрд руб.");
    }

    #[test]
    fn issue_16_names_and_initials_do_not_end_a_sentence() {
        let p = "Завод в г. Армавир построит А. Петров за 5 млн руб. в этом году. Потом ещё.";
        let at = p.find("5 млн").unwrap();
        let r = sentence_around(p, at..at + 5);
        assert_eq!(
            &p[r],
            "Завод в г. Армавир построит А. Петров за 5 млн руб. в этом году."
        );
        // A quote's closing mark stays with its sentence.
        let q = "«Объём составил 100 млн рублей». Дальше.";
        let at = q.find("100").unwrap();
        assert_eq!(
            &q[sentence_around(q, at..at + 3)],
            "«Объём составил 100 млн рублей»."
        );
    }
}
