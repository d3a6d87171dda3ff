//! Money: ruble amounts as whole rubles.
//!
//! One compiled regex finds a number (digits with space or NBSP thousands
//! separators and a decimal comma, or the words "полмиллиарда", "миллиард"),
//! a scale (тыс., млн, миллиона, млрд …, optionally a second "1 млрд 340
//! млн") and a ruble word or sign ("рублей", "руб.", "₽", also "₽4,5 млрд").
//! Values are computed in integer arithmetic from the digits, never through
//! `f64`. Percentages and foreign currencies never match because the currency
//! word is required. A qualifier word before the amount (более, около, до)
//! or a verb such as "превышает" sets [`Qualifier`]. Identical texts are
//! reported once.

use regex::Regex;
use std::collections::HashSet;

use super::Doc;
use crate::model::{Money, Qualifier, TextSpan};

const NUM: &str = r"\d{1,3}(?:[ \u{00A0}\u{202F}]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?";
const SCALE: &str =
    r"тысяч[а-я]*|тыс\.?|миллион[а-я]*|млн\.?|миллиард[а-я]*|млрд\.?|триллион[а-я]*|трлн\.?";

pub struct MoneyFinder {
    re: Regex,
    /// The start of a range, right before an amount: "от 20 до", "от 5
    /// млн до", "20–".
    range_start: Regex,
    /// A number with a scale but no currency word ("523,9 млн"), taken as
    /// rubles only inside a sentence that already names a ruble amount.
    bare: Regex,
}

impl Default for MoneyFinder {
    fn default() -> Self {
        Self::new()
    }
}

/// Scale of a scale word in rubles.
fn scale(word: &str) -> u128 {
    let w = word.to_lowercase();
    if w.starts_with("тыс") {
        1_000
    } else if w.starts_with("млн") || w.starts_with("миллион") || w.starts_with("полмиллион")
    {
        1_000_000
    } else if w.starts_with("млрд") || w.starts_with("миллиард") || w.starts_with("полмиллиард")
    {
        1_000_000_000
    } else if w.starts_with("трлн") || w.starts_with("триллион") {
        1_000_000_000_000
    } else {
        1
    }
}

/// Parses "128,7" or "96 400 000" times a scale, exactly.
pub fn amount(num: &str, scale: u128) -> Option<u128> {
    let digits: String = num.chars().filter(|c| !c.is_whitespace()).collect();
    let (int, frac) = match digits.split_once([',', '.']) {
        Some((i, f)) => (i, f),
        None => (digits.as_str(), ""),
    };
    let int: u128 = int.parse().ok()?;
    let frac_len = frac.len() as u32;
    if frac_len > 12 {
        return None;
    }
    let frac_v: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let p = 10u128.checked_pow(frac_len)?;
    int.checked_mul(scale)?
        .checked_add(frac_v.checked_mul(scale)? / p)
}

/// Formats whole rubles the way the parser reads them back ("7 000 000 рублей").
pub fn format_rub(rub: u64) -> String {
    let s = rub.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    format!("{out} рублей")
}

impl MoneyFinder {
    pub fn new() -> MoneyFinder {
        // No `\b` anywhere: a Unicode word boundary stops the regex crate
        // from using its DFA on Cyrillic text, which made this pattern the
        // slowest part of extraction. Boundaries are checked by hand instead
        // (see `find`); the one char consumed before the amount keeps
        // "2024 500 млн" from starting inside a number.
        let pat = format!(
            r"(?i)(?:^|[^0-9.,])(?P<all>(?P<q>(?:не более|не менее|более чем|более|свыше|больше|около|порядка|почти|примерно|приблизительно|ориентировочно|до)(?:\s+в)?\s+)?(?:₽\s?(?P<pn>{NUM})(?:\s*(?P<ps>{SCALE}))?|(?P<n>{NUM})\s*(?:(?P<s>{SCALE})(?:\s+(?P<n2>{NUM})\s*(?P<s2>{SCALE}))?)?\s*(?P<c>рубл[а-яё]*|руб\.?|₽)|(?:(?P<nw>одного|один|одна|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|двух|трех|трёх|четырех|четырёх|пяти|шести|семи|восьми|девяти|десяти)\s+)?(?P<w>полмиллиона|полмиллиарда|полтора\s+миллиона|полтора\s+миллиарда|миллиона|миллиарда|миллионов|миллиардов|миллион|миллиард|триллиона|триллионов|триллион)\s+(?P<c2>рубл[а-яё]*|руб\.?)))"
        );
        let range_start = format!(
            r"(?i)(?:^|[^0-9.,])(?:(?:от|с)\s+(?P<n>{NUM})\s*(?P<s>{SCALE})?\s*(?:рубл[а-яё]*\s*)?|(?P<d>{NUM})\s*(?P<ds>{SCALE})?\s*[-–—]\s*)$"
        );
        let bare = format!(r"(?i)(?:^|[^0-9.,])(?P<all>(?P<n>{NUM})\s*(?P<s>{SCALE}))");
        MoneyFinder {
            re: Regex::new(&pat).expect("money pattern is valid"),
            range_start: Regex::new(&range_start).expect("range pattern is valid"),
            bare: Regex::new(&bare).expect("bare amount pattern is valid"),
        }
    }

    /// Parses one amount text (the whole match) into rubles.
    pub fn parse(&self, text: &str) -> Option<(u64, Option<Qualifier>)> {
        let c = self.re.captures(text)?;
        let rub = value(&c)?;
        Some((rub, c.name("q").and_then(|q| qualifier(q.as_str()))))
    }

    pub fn find(&self, doc: &Doc) -> Vec<Money> {
        let mut out: Vec<Money> = Vec::new();
        // Texts already reported: an amount repeated is reported once.
        let mut seen = HashSet::new();
        // Only paragraphs naming the currency are searched: the regex is
        // the costliest part of this recogniser and most paragraphs have no
        // ruble amount.
        let mut offset = 0;
        for (block, para) in doc.text.split('\n').enumerate() {
            let base = offset;
            offset += para.len() + 1;
            if !(para.contains("руб")
                || para.contains("Руб")
                || para.contains('₽')
                || para.contains("РУБ"))
            {
                // "на сумму порядка 2,9 миллиарда": a sum with no currency
                // word is in rubles.
                if para.contains("сумм") {
                    self.bare_in_sentences(doc, (block, para), base, &[], (&mut out, &mut seen));
                }
                continue;
            }
            self.find_in(doc, (block, para), base, (&mut out, &mut seen));
        }
        out
    }

    fn find_in(
        &self,
        doc: &Doc,
        (block, para): (usize, &str),
        base: usize,
        (out, seen): (&mut Vec<Money>, &mut HashSet<String>),
    ) {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for c in self.re.captures_iter(para) {
            let Some(rub) = value(&c) else { continue };
            let Some(m) = c.name("all") else { continue };
            let mut whole = (base + m.start(), base + m.end());
            let letter_before = |pos: usize| {
                doc.text[..pos]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            };
            let letter_after = doc.text[whole.1..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
            // "рубеж", "2024 500": the hand-made word boundaries.
            if letter_after && !m.as_str().ends_with('.') {
                continue;
            }
            let mut q = c
                .name("q")
                .filter(|q| !letter_before(base + q.start()))
                .and_then(|q| qualifier(q.as_str()));
            if let Some(qm) = c.name("q") {
                if letter_before(base + qm.start()) {
                    whole.0 = base + qm.end(); // "надо 5 млн": not a qualifier
                }
            }
            if letter_before(whole.0)
                || doc.text[..whole.0].ends_with([',', '.']) && letter_before(whole.0 - 1)
            {
                continue;
            }
            if q.is_none() {
                q = verb_qualifier(&doc.text[..whole.0]);
            }
            let text = doc.text[whole.0..whole.1]
                .trim()
                .replace(['\u{00A0}', '\u{202F}'], " ");
            super::work::step(1);
            if rub == 0 || !seen.insert(text.clone()) {
                continue;
            }
            let (s, e) = doc.sentence_range(whole.0, whole.1);
            let sentence = TextSpan {
                block: block as u32,
                start: (s - base) as u32,
                end: (e - base) as u32,
            };
            // "от 20 до 50 миллионов рублей", "20–50 млн рублей": the range
            // gives its start too, in the end's scale unless it has its own.
            let end_scale = c
                .name("s")
                .or(c.name("ps"))
                .map_or(1, |m| scale(m.as_str()));
            if let Some(start) = self.range_start(&doc.text[base..whole.0], end_scale) {
                if start.1 > 0 && start.1 < rub && seen.insert(start.0.clone()) {
                    out.push(Money {
                        sentence,
                        text: start.0,
                        rub: start.1,
                        qualifier: None,
                    });
                }
            }
            out.push(Money {
                sentence,
                text,
                rub,
                qualifier: q,
            });
            spans.push(whole);
        }
        self.bare_in_sentences(doc, (block, para), base, &spans, (out, seen));
    }

    /// The start of a range ending right where an amount begins, as its
    /// text and value.
    fn range_start(&self, before: &str, end_scale: u128) -> Option<(String, u64)> {
        let c = self.range_start.captures(before)?;
        let (n, s) = match (c.name("n"), c.name("d")) {
            (Some(n), _) => (n, c.name("s")),
            (None, Some(d)) => (d, c.name("ds")),
            _ => return None,
        };
        let sc = s.map_or(end_scale, |s| scale(s.as_str()));
        let v = u64::try_from(amount(n.as_str(), sc)?).ok()?;
        let text = match s {
            Some(s) => format!("{} {}", n.as_str(), s.as_str()),
            None => n.as_str().to_string(),
        }
        .replace(['\u{00A0}', '\u{202F}'], " ");
        Some((text, v))
    }

    /// "888,5 млн рублей, из которых 523,9 млн — субсидии": an amount with
    /// a scale and no currency, in a sentence that names rubles, followed by
    /// punctuation (not by a unit: "млн тонн", "млн долларов").
    fn bare_in_sentences(
        &self,
        doc: &Doc,
        (block, para): (usize, &str),
        base: usize,
        found: &[(usize, usize)],
        (out, seen): (&mut Vec<Money>, &mut HashSet<String>),
    ) {
        // A ruble sentence, and the one after it in the same paragraph: "…
        // по 200 млн рублей. 184,9 млн получит Красноярский край".
        let para_end = base + para.len();
        let sentences: Vec<(usize, usize)> = found
            .iter()
            .flat_map(|&(s, e)| {
                let own = doc.sentence_range(s, e);
                let next = doc.text[own.1..para_end]
                    .find(|c: char| !c.is_whitespace() && !".!?".contains(c))
                    .map(|k| doc.sentence_range(own.1 + k, own.1 + k));
                std::iter::once(own).chain(next)
            })
            .collect();
        for c in self.bare.captures_iter(para) {
            let (Some(m), Some(n), Some(sc)) = (c.name("all"), c.name("n"), c.name("s")) else {
                continue;
            };
            let (s, e) = (base + m.start(), base + m.end());
            if found.iter().any(|&(fs, fe)| fs < e && s < fe) {
                continue;
            }
            let in_ruble_sentence = sentences.iter().any(|&(ss, se)| ss <= s && e <= se);
            let before = &doc.text[base..s];
            // "1, 8 миллиарда": a decimal broken by a space is not "8".
            let b = before.trim_end();
            if b.ends_with(',') && b[..b.len() - 1].ends_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let q = sum_qualifier(before);
            if !in_ruble_sentence && q.is_none() {
                continue;
            }
            let (ss, se) = doc.sentence_range(s, e);
            let after = doc.text[e..].trim_start_matches([' ', '\u{00A0}']);
            let next = after.chars().next();
            // "523,9 млн - субсидии", "184,9 млн получит": not "3 млн тонн".
            if !next.is_none_or(|ch| "-–—,;:.)".contains(ch)) && !starts_with_verb(after) {
                continue;
            }
            let Some(rub) =
                amount(n.as_str(), scale(sc.as_str())).and_then(|v| u64::try_from(v).ok())
            else {
                continue;
            };
            let text = m.as_str().trim().replace(['\u{00A0}', '\u{202F}'], " ");
            super::work::step(1);
            if rub == 0 || !seen.insert(text.clone()) {
                continue;
            }
            out.push(Money {
                sentence: TextSpan {
                    block: block as u32,
                    start: (ss - base) as u32,
                    end: (se - base) as u32,
                },
                text,
                rub,
                qualifier: q.flatten(),
            });
        }
    }
}

/// Whether `before` ends with a sum's own words ("на сумму", "на общую
/// сумму", "в сумме", "суммой"), possibly with a qualifier after them;
/// `Some(qualifier)` when it does.
fn sum_qualifier(before: &str) -> Option<Option<Qualifier>> {
    let lower = before.trim_end().to_lowercase();
    let (b, q) = match lower
        .rsplit_once(' ')
        .and_then(|(rest, w)| Some((rest.trim_end(), qualifier(w)?)))
    {
        Some((rest, q)) => (rest, Some(q)),
        None => (lower.as_str(), None),
    };
    ["сумму", "сумме", "суммой"]
        .iter()
        .any(|w| b.ends_with(w))
        .then_some(q)
}

/// The text starts with a verb the dictionary knows ("получит"), not a
/// noun that counts something else ("тонн", "долларов").
fn starts_with_verb(text: &str) -> bool {
    let w: String = text.chars().take_while(|c| c.is_alphabetic()).collect();
    if w.chars().count() < 3 {
        return false;
    }
    let Some(lex) = super::dict::lexicon() else {
        return false;
    };
    let a = lex.analyse(&w.to_lowercase());
    !a.is_empty()
        && a.iter()
            .all(|x| x.tags.has(super::dict::Tags::VERB) && !x.tags.has(super::dict::Tags::NOUN))
}

fn value(c: &regex::Captures) -> Option<u64> {
    let v: u128 = if let Some(n) = c.name("pn") {
        amount(n.as_str(), c.name("ps").map_or(1, |s| scale(s.as_str())))?
    } else if let Some(n) = c.name("n") {
        let s1 = c.name("s").map_or(1, |s| scale(s.as_str()));
        let mut v = amount(n.as_str(), s1)?;
        if let (Some(n2), Some(s2)) = (c.name("n2"), c.name("s2")) {
            let s2 = scale(s2.as_str());
            if s2 >= s1 {
                return None; // "5 млн 3 млрд" is not one amount.
            }
            v = v.checked_add(amount(n2.as_str(), s2)?)?;
        }
        v
    } else {
        let w = c.name("w")?.as_str().to_lowercase();
        let sc = scale(w.trim_start_matches("полтора").trim());
        let times = c.name("nw").map_or(1, |n| number_word(n.as_str()));
        if w.starts_with("пол") && !w.starts_with("полтора") {
            sc / 2
        } else if w.starts_with("полтора") {
            sc * 3 / 2
        } else {
            sc * times
        }
    };
    u64::try_from(v).ok()
}

/// "два миллиона", "трех миллиардов": the written-out count.
fn number_word(w: &str) -> u128 {
    match w.to_lowercase().replace('ё', "е").as_str() {
        "два" | "две" | "двух" => 2,
        "три" | "трех" => 3,
        "четыре" | "четырех" => 4,
        "пять" | "пяти" => 5,
        "шесть" | "шести" => 6,
        "семь" | "семи" => 7,
        "восемь" | "восьми" => 8,
        "девять" | "девяти" => 9,
        "десять" | "десяти" => 10,
        _ => 1,
    }
}

fn qualifier(word: &str) -> Option<Qualifier> {
    // "почти в 240 миллионов": the preposition belongs to the qualifier.
    let w = word
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let w = w.strip_suffix(" в").unwrap_or(&w);
    match w {
        "более" | "свыше" | "больше" | "не менее" | "более чем" => {
            Some(Qualifier::MoreThan)
        }
        "около" | "порядка" | "почти" | "примерно" | "приблизительно" | "ориентировочно" => {
            Some(Qualifier::About)
        }
        "до" | "не более" => Some(Qualifier::UpTo),
        _ => None,
    }
}

/// "превышает 7 млрд руб.", "превысил 2 млрд рублей".
fn verb_qualifier(before: &str) -> Option<Qualifier> {
    let last = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic())
        .next()?
        .to_lowercase();
    (last.starts_with("превыш") || last.starts_with("превысил") || last.starts_with("превысит"))
        .then_some(Qualifier::MoreThan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(t: &str) -> Vec<(String, u64, Option<Qualifier>)> {
        MoneyFinder::new()
            .find(&Doc::new(t, &[]))
            .into_iter()
            .map(|m| (m.text, m.rub, m.qualifier))
            .collect()
    }

    // Issue #18: counts written out.
    #[test]
    fn written_out_counts() {
        let v: Vec<u64> = find("Выделят два миллиона рублей, затем полмиллиарда рублей и около трех миллиардов рублей.")
            .into_iter()
            .map(|m| m.1)
            .collect();
        assert_eq!(v, [2_000_000, 500_000_000, 3_000_000_000]);
    }

    // Issue #18: a range gives its start and its end.
    #[test]
    fn ranges_give_start_and_end() {
        let v: Vec<u64> = find("Размер займа может составлять от 20 до 50 миллионов рублей.")
            .into_iter()
            .map(|m| m.1)
            .collect();
        assert_eq!(v, [20_000_000, 50_000_000]);
        let v: Vec<u64> = find("Займы от 5 млн до 2 млрд рублей.")
            .into_iter()
            .map(|m| m.1)
            .collect();
        assert_eq!(v, [5_000_000, 2_000_000_000]);
        let v: Vec<u64> = find("Гранты 20–50 млн рублей.")
            .into_iter()
            .map(|m| m.1)
            .collect();
        assert_eq!(v, [20_000_000, 50_000_000]);
        // Years before an amount are not a range.
        let v: Vec<u64> = find("В 2025 году 5 млн рублей.")
            .into_iter()
            .map(|m| m.1)
            .collect();
        assert_eq!(v, [5_000_000]);
    }

    #[test]
    fn an_amount_without_currency_in_a_ruble_sentence() {
        let v: Vec<(String, u64)> = find(
            "Объем поддержки составил 888,5 млн рублей, из которых 523,9 млн - субсидии на лизинг.",
        )
        .into_iter()
        .map(|m| (m.0, m.1))
        .collect();
        assert_eq!(
            v,
            [
                ("888,5 млн рублей".to_string(), 888_500_000),
                ("523,9 млн".to_string(), 523_900_000)
            ]
        );
        // A unit after the scale is not rubles; nor is a sentence without rubles.
        assert_eq!(find("Выручка 5 млн рублей, добыча 3 млн тонн.").len(), 1);
        assert!(find("Добыча 3 млн, экспорт 2 млн.").is_empty());
        // The sentence after a ruble sentence, an amount before a verb.
        let v: Vec<u64> = find("Татарстан получит по 200 млн рублей. 184,9 млн получит Красноярский край, 3 млн тонн — Кузбасс.")
            .into_iter()
            .map(|m| m.1)
            .collect();
        assert_eq!(v, [200_000_000, 184_900_000]);
        // A sum without a currency word; a count or a dollar sum is not one.
        assert_eq!(
            find("собрано предложение по инвестициям на сумму порядка 2,9 миллиарда."),
            [(
                "2,9 миллиарда".to_string(),
                2_900_000_000,
                Some(Qualifier::About)
            )]
        );
        assert!(find("на сумму 5 млн долларов.").is_empty());
        assert_eq!(
            find("вложили 3,5 миллиарда рублей. Также 1, 8 миллиарда получено.").len(),
            1
        );
        assert!(find("Добыча выросла до 3 млн. Экспорт 2 млн получит Китай.").is_empty());
    }

    #[test]
    fn sentence_is_a_span_in_its_own_block() {
        let paras = [
            "Первый абзац без сумм.".to_string(),
            "  Вводная фраза. Завод получил 5 млн рублей на станки! Ещё текст.".to_string(),
        ];
        let title = "Заголовок про 2 млрд рублей";
        let found = MoneyFinder::new().find(&Doc::new(title, &paras));
        let got: Vec<(u32, String)> = found
            .iter()
            .map(|m| (m.sentence.block, m.sentence.text(title, &paras).to_string()))
            .collect();
        assert_eq!(
            got,
            [
                (0, "Заголовок про 2 млрд рублей".to_string()),
                (2, "Завод получил 5 млн рублей на станки!".to_string())
            ]
        );
    }

    #[test]
    fn forms() {
        assert_eq!(find("составили 128,7 миллиона рублей.")[0].1, 128_700_000);
        assert_eq!(find("на полмиллиарда рублей")[0].1, 500_000_000);
        assert_eq!(
            find("превышает 7 млрд руб. Ещё")[0],
            (
                "7 млрд руб.".into(),
                7_000_000_000,
                Some(Qualifier::MoreThan)
            )
        );
        assert_eq!(
            find("почти ₽1 млн за")[0],
            ("почти ₽1 млн".into(), 1_000_000, Some(Qualifier::About))
        );
        assert_eq!(find("составил 1 млрд 340 млн рублей")[0].1, 1_340_000_000);
        assert_eq!(find("96 400 000 рублей")[0].1, 96_400_000);
        assert_eq!(find("до 500 млн рублей")[0].2, Some(Qualifier::UpTo));
        assert_eq!(find("свыше 300 тыс. рублей")[0].1, 300_000);
        assert_eq!(find("миллиард рублей")[0].1, 1_000_000_000);
        assert_eq!(
            find("почти в 240 миллионов рублей")[0].2,
            Some(Qualifier::About)
        );
    }

    #[test]
    fn not_money() {
        assert!(
            find("рост на 15%, 5 млн долларов, 2025 году, 30% рынка, 5 млн рубежей").is_empty()
        );
        assert_eq!(find("в 2024 500 млн рублей")[0].1, 500_000_000);
        assert_eq!(
            find("надо 5 млн рублей")[0],
            ("5 млн рублей".into(), 5_000_000, None)
        );
    }
}
