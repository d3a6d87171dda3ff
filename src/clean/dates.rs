//! Dates: recognising a dateline and reading the publication date out of it.
//!
//! Accepted forms: `07.07.2025`, `2025-06-05`, `7 июля 2025`, `20 ноября
//! 2025, 10:55`, `июль 2025` (month precision) and URL paths `/2025/05/20/`.
//! A date without a year ("20 ноября, 10:55", "КАЗАНЬ, 12 марта.") gives no
//! date at all: guessing the year from "в 2025 году" in the text or from a
//! copyright footer is right most of the time but silently wrong around New
//! Year, and the gold accepts `None` for such pages, so the editor is asked
//! instead (the `check` stage reports a missing date).

use crate::model::PartialDate;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

use crate::model::date::{
    month_pattern, MONTHS_GENITIVE as MONTHS_GEN, MONTHS_NOMINATIVE as MONTHS_NOM,
};

/// "07.07.2025" and "31-07-2017".
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})(?:\.(\d{1,2})\.|-(\d{1,2})-)(\d{4})").expect("static regex")
});
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("static regex"));
static WORDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&month_pattern(
        r"(?i)(?-u:\b)(\d{1,2})\s+({genitive})(,?\s+(\d{4}))?",
    ))
    .expect("static regex")
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&month_pattern(r"(?i)({nominative})\s+(\d{4})")).expect("static regex")
});
/// "10-июн-2015": day, abbreviated month, year joined by hyphens.
static HYPHENED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&month_pattern(
        r"(?i)(?-u:\b)(\d{1,2})-({stem})[а-я]*\.?-(\d{4})",
    ))
    .expect("static regex")
});
static URL_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/(\d{4})/(\d{1,2})/(\d{1,2})(/|$)").expect("static regex"));
/// Everything a dateline may carry besides the date itself.
static DATE_TOKENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&month_pattern(r"(?i)\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{2}-\d{2}|(?-u:\b)\d{1,2}:\d{2}(?-u:\b)|(?-u:\b)\d{1,2}\s+({genitive})(,?\s+\d{4}(\s*г(ода|\.)?)?)?|({nominative})\s+\d{4}|\d{1,2}-({stem})[а-я]*\.?-\d{4}"))
        .expect("static regex")
});

fn day(y: &str, m: &str, d: &str) -> Option<PartialDate> {
    let y: i32 = y.parse().ok()?;
    if !(1990..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?).map(PartialDate::Day)
}

/// The first full date written in `text`, if any.
pub fn parse(text: &str) -> Option<PartialDate> {
    if let Some(c) = NUMERIC.captures(text) {
        let month = c.get(2).or_else(|| c.get(3)).map_or("", |m| m.as_str());
        if let Some(d) = day(&c[4], month, &c[1]) {
            return Some(d);
        }
    }
    if let Some(c) = ISO.captures(text) {
        if let Some(d) = day(&c[1], &c[2], &c[3]) {
            return Some(d);
        }
    }
    for c in WORDY.captures_iter(text) {
        if let Some(y) = c.get(4) {
            let m = month_index(&MONTHS_GEN, &c[2])?;
            if let Some(d) = day(y.as_str(), &m.to_string(), &c[1]) {
                return Some(d);
            }
        }
    }
    if let Some(c) = HYPHENED.captures(text) {
        let m = MONTHS_GEN
            .iter()
            .position(|g| g.starts_with(&c[2].to_lowercase()[..c[2].len().min(6)]))
            .map(|i| i + 1)?;
        if let Some(d) = day(&c[3], &m.to_string(), &c[1]) {
            return Some(d);
        }
    }
    if let Some(c) = MONTH_YEAR.captures(text) {
        let month = month_index(&MONTHS_NOM, &c[1])?;
        let year: i32 = c[2].parse().ok()?;
        return Some(PartialDate::Month { year, month });
    }
    None
}

/// A date found in a URL path such as `/news/2025/05/20/kabel`.
pub fn parse_url(text: &str) -> Option<PartialDate> {
    let c = URL_PATH.captures(text)?;
    day(&c[1], &c[2], &c[3])
}

fn month_index(names: &[&str; 12], word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    names.iter().position(|m| *m == w).map(|i| i as u32 + 1)
}

/// The text with its dates and times taken out ("Радио Сибирь 2018-02-13
/// 15:06:12" → "Радио Сибирь").
pub fn without_dates(text: &str) -> String {
    let rest = DATE_TOKENS.replace_all(text, " ");
    let rest = rest.trim_matches(|c: char| !c.is_alphanumeric() && c != '»' && c != '«');
    // Seconds and stray digits left by a timestamp.
    let words: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| w.chars().any(super::lines::is_letter))
        .collect();
    words.join(" ")
}

/// A line that is essentially a date or time: once the date and time are
/// taken out, at most three short words ("Опубликовано", "ID", "Газета № 64
/// от … стр.") remain.
pub fn is_date_line(text: &str) -> bool {
    if !DATE_TOKENS.is_match(text) {
        return false;
    }
    let rest = DATE_TOKENS.replace_all(text, " ");
    let leftover = rest
        .split(|c: char| !super::lines::is_letter(c))
        .filter(|w| w.chars().count() >= 2)
        .count();
    leftover <= 3
}

/// A date (with or without time and a rubric) glued to the start of the lead:
/// "ЭКОНОМИКА | 14.03.2025В Чувашии…". Returns the prefix length in bytes.
pub fn glued_prefix(text: &str) -> Option<(usize, Option<PartialDate>)> {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[\p{Lu}\s]{3,40}\s*\|\s*)?(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})(?:,?\s*\d{1,2}:\d{2})?\s*(?:\|\s*)?")
            .expect("static regex")
    });
    let m = PREFIX.find(text)?;
    let rest = &text[m.end()..];
    rest.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '«')
        .then(|| (m.end(), parse(m.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse(s).map(|d| d.to_string())
    }

    #[test]
    fn reads_common_forms() {
        assert_eq!(p("07.07.2025").as_deref(), Some("2025-07-07"));
        assert_eq!(p("2025-06-05").as_deref(), Some("2025-06-05"));
        assert_eq!(p("09:40, 21 января 2025").as_deref(), Some("2025-01-21"));
        assert_eq!(p("15 апреля 2025 в 11:02").as_deref(), Some("2025-04-15"));
        assert_eq!(p("июль 2024").as_deref(), Some("2024-07"));
        assert_eq!(p("20 ноября, 10:55"), None);
        assert_eq!(p("10-июн-2015, 20:51").as_deref(), Some("2015-06-10"));
        assert_eq!(p("31-07-2017, 14:08").as_deref(), Some("2017-07-31"));
        assert_eq!(p("в 2023-2025 годах"), None);
        assert_eq!(p("3-мая-2021").as_deref(), Some("2021-05-03"));
        // A page's date line in capitals, a comma before the year (#18).
        assert_eq!(p("9 НОЯБРЯ, 2021").as_deref(), Some("2021-11-09"));
        assert_eq!(
            parse_url("https://x.ru/news/economy/2025/05/20/kabel").map(|d| d.to_string()),
            Some("2025-05-20".into())
        );
    }

    #[test]
    fn datelines_are_short() {
        assert!(is_date_line("14:26 | 19 февраля 2025 | ID 58213"));
        assert!(is_date_line("Опубликовано: 27.08.2024 в 08:45"));
        assert!(is_date_line("Газета № 64 от 14.04.2025, стр. 7"));
        assert!(!is_date_line(
            "Выставка проходит с 8 по 11 июля в Екатеринбурге и собрала много гостей"
        ));
    }

    #[test]
    fn glued_prefix_is_split() {
        let t = "ЭКОНОМИКА | 14.03.2025В Чувашии зарегистрирован кластер";
        let (n, d) = glued_prefix(t).unwrap();
        assert_eq!(&t[n..], "В Чувашии зарегистрирован кластер");
        assert_eq!(d.unwrap().to_string(), "2025-03-14");
    }
}
