//! Russian plural forms and dates ("1 статья, 2 статьи, 5 статей"; "7 июля 2025").

use crate::model::PartialDate;
use chrono::Datelike;

/// Picks the plural form for `n`: forms are for 1, 2–4 and 5+ (and 11–14).
pub fn plural_form(n: usize, forms: &[String; 3]) -> &str {
    let (m10, m100) = (n % 10, n % 100);
    let i = if m10 == 1 && m100 != 11 {
        0
    } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
        1
    } else {
        2
    };
    &forms[i]
}

/// "5 статей".
pub fn count(n: usize, forms: &[String; 3]) -> String {
    format!("{n} {}", plural_form(n, forms))
}

/// A date as Russian readers write it: "7 июля 2025", "июль 2024", "2024".
pub fn format_date(d: &PartialDate, genitive: &[String; 12], nominative: &[String; 12]) -> String {
    match d {
        PartialDate::Day(day) => format!(
            "{} {} {}",
            day.day(),
            genitive[day.month0() as usize],
            day.year()
        ),
        PartialDate::Month { year, month } => format!("{} {year}", nominative[*month as usize - 1]),
        PartialDate::Year(y) => y.to_string(),
    }
}

/// A ruble amount as readers say it: "128,7 млн ₽", "2,3 млрд ₽", "950 тыс. ₽",
/// "999 ₽" (at most two decimals, decimal comma, exact integer arithmetic).
pub fn rubles(rub: u64) -> String {
    const UNITS: [(u64, &str); 4] = [
        (1_000_000_000_000, "трлн"),
        (1_000_000_000, "млрд"),
        (1_000_000, "млн"),
        (1_000, "тыс."),
    ];
    for (unit, name) in UNITS {
        if rub >= unit {
            let hundredths = (rub as u128 * 100 + unit as u128 / 2) / unit as u128;
            let (whole, frac) = (hundredths / 100, hundredths % 100);
            let number = match frac {
                0 => whole.to_string(),
                f if f % 10 == 0 => format!("{whole},{}", f / 10),
                f => format!("{whole},{f:02}"),
            };
            return format!("{number}\u{A0}{name}\u{A0}₽");
        }
    }
    format!("{rub}\u{A0}₽")
}

/// Seconds with a decimal comma, for the build summary ("0,12 с").
pub fn seconds(s: f64) -> String {
    format!("{s:.2}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms() -> [String; 3] {
        ["статья".into(), "статьи".into(), "статей".into()]
    }

    #[test]
    fn plurals() {
        let f = forms();
        let got: Vec<String> = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1000]
            .iter()
            .map(|&n| count(n, &f))
            .collect();
        assert_eq!(
            got,
            [
                "0 статей",
                "1 статья",
                "2 статьи",
                "4 статьи",
                "5 статей",
                "11 статей",
                "12 статей",
                "14 статей",
                "21 статья",
                "22 статьи",
                "25 статей",
                "101 статья",
                "111 статей",
                "1000 статей"
            ]
        );
    }

    #[test]
    fn dates() {
        use crate::model::date::{MONTHS_GENITIVE, MONTHS_NOMINATIVE};
        let g = MONTHS_GENITIVE.map(String::from);
        let n = MONTHS_NOMINATIVE.map(String::from);
        let d = |s| format_date(&PartialDate::parse(s).unwrap(), &g, &n);
        assert_eq!(d("2025-07-07"), "7 июля 2025");
        assert_eq!(d("2024-07"), "июль 2024");
        assert_eq!(d("2024"), "2024");
    }

    #[test]
    fn money_format() {
        let nb = |s: &str| s.replace(' ', "\u{A0}");
        assert_eq!(rubles(128_700_000), nb("128,7 млн ₽"));
        assert_eq!(rubles(500_000_000), nb("500 млн ₽"));
        assert_eq!(rubles(1_340_000_000), nb("1,34 млрд ₽"));
        assert_eq!(rubles(7_000_000_000), nb("7 млрд ₽"));
        assert_eq!(rubles(20_800_000), nb("20,8 млн ₽"));
        assert_eq!(rubles(950_000), nb("950 тыс. ₽"));
        assert_eq!(rubles(999), nb("999 ₽"));
    }
}
