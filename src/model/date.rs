//! Publication dates with day, month or year precision.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// Russian month names in the genitive ("7 июля"), January first.
pub const MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Russian month names in the nominative ("июль 2024"), January first.
pub const MONTHS_NOMINATIVE: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// A regex `pattern` with its month placeholders replaced by alternations
/// of the two tables above, so the cleaner's regexes name no month
/// themselves: `{genitive}` ("января|…|декабря"), `{nominative}`
/// ("январь|…|декабрь"), `{abbreviated}` (the first three letters of each
/// month whose names are longer: "янв|фев|мар|апр|июн|…|дек") and `{stem}`
/// (the first three letters of every form, May's "мая" and "май" too).
pub fn month_pattern(pattern: &str) -> String {
    let three = |m: &&str| m.chars().take(3).collect::<String>();
    let abbreviated: Vec<String> = MONTHS_NOMINATIVE
        .iter()
        .zip(&MONTHS_GENITIVE)
        .filter(|(n, g)| n.chars().count() > 3 && g.chars().count() > 3)
        .map(|(n, _)| three(n))
        .collect();
    let mut stems: Vec<String> = Vec::new();
    for s in MONTHS_GENITIVE
        .iter()
        .zip(&MONTHS_NOMINATIVE)
        .flat_map(|(g, n)| [three(g), three(n)])
    {
        if !stems.contains(&s) {
            stems.push(s);
        }
    }
    pattern
        .replace("{genitive}", &MONTHS_GENITIVE.join("|"))
        .replace("{nominative}", &MONTHS_NOMINATIVE.join("|"))
        .replace("{abbreviated}", &abbreviated.join("|"))
        .replace("{stem}", &stems.join("|"))
}

/// A date known to the day, the month or only the year.
///
/// Ordering puts a less precise date after the precise ones of its period
/// (`2024-07` sorts after `2024-07-31`), which is what the timeline wants:
/// approximate articles sit at the end of their month or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Year(i32),
}

impl PartialDate {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        };
        match parts.as_slice() {
            [y] => Some(PartialDate::Year(num(y, 4)? as i32)),
            [y, m] => {
                let (year, month) = (num(y, 4)? as i32, num(m, 2)?);
                (1..=12)
                    .contains(&month)
                    .then_some(PartialDate::Month { year, month })
            }
            [y, m, d] => NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, num(d, 2)?)
                .map(PartialDate::Day),
            _ => None,
        }
    }

    pub fn year(&self) -> i32 {
        match self {
            PartialDate::Day(d) => d.year(),
            PartialDate::Month { year, .. } => *year,
            PartialDate::Year(y) => *y,
        }
    }

    pub fn month(&self) -> Option<u32> {
        match self {
            PartialDate::Day(d) => Some(d.month()),
            PartialDate::Month { month, .. } => Some(*month),
            PartialDate::Year(_) => None,
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(self, PartialDate::Day(_))
    }

    /// Sort key: (year, month or 13, day or 32).
    fn key(&self) -> (i32, u32, u32) {
        match self {
            PartialDate::Day(d) => (d.year(), d.month(), d.day()),
            PartialDate::Month { year, month } => (*year, *month, 32),
            PartialDate::Year(y) => (*y, 13, 32),
        }
    }

    /// The first day of the period, for feeds and sitemaps that need a full date.
    pub fn first_day(&self) -> NaiveDate {
        match self {
            PartialDate::Day(d) => *d,
            PartialDate::Month { year, month } => {
                NaiveDate::from_ymd_opt(*year, *month, 1).expect("validated month")
            }
            PartialDate::Year(y) => NaiveDate::from_ymd_opt(*y, 1, 1).expect("valid year"),
        }
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartialDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            PartialDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            PartialDate::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_three_precisions() {
        assert_eq!(
            PartialDate::parse("2025-07-07").unwrap().to_string(),
            "2025-07-07"
        );
        assert_eq!(
            PartialDate::parse("2024-07").unwrap().to_string(),
            "2024-07"
        );
        assert_eq!(PartialDate::parse("2024").unwrap().to_string(), "2024");
        assert!(PartialDate::parse("2024-13").is_none());
        assert!(PartialDate::parse("2024-02-30").is_none());
        assert!(PartialDate::parse("вчера").is_none());
    }

    #[test]
    fn approximate_dates_sort_after_their_period() {
        let day = PartialDate::parse("2024-07-31").unwrap();
        let month = PartialDate::parse("2024-07").unwrap();
        let year = PartialDate::parse("2024").unwrap();
        let next = PartialDate::parse("2025-01-01").unwrap();
        assert!(day < month && month < year && year < next);
    }

    #[test]
    fn month_pattern_spells_the_alternations() {
        assert_eq!(
            month_pattern("({abbreviated})"),
            "(янв|фев|мар|апр|июн|июл|авг|сен|окт|ноя|дек)"
        );
        assert_eq!(
            month_pattern("{stem}"),
            "янв|фев|мар|апр|мая|май|июн|июл|авг|сен|окт|ноя|дек"
        );
        assert!(month_pattern(r"\d{1,2}\s+({genitive})").starts_with(r"\d{1,2}\s+(января|февраля|"));
        assert!(month_pattern("{nominative}").ends_with("|ноябрь|декабрь"));
    }
}
