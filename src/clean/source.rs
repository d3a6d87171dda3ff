//! The outlet name: from an "Источник: …" line, the site header, or the
//! copyright footer, in that order of trust.
//!
//! An aggregator names the original outlet in "Источник:", which beats its
//! own header; the header is the first line that is not a skip link, region
//! selector or counter, cut at " — " / " | " (the tagline). Taglines that
//! start with "Новости …" describe a site, they are not its name.

use super::chrome::Chrome;
use super::lines::{squash, Line};
use crate::model::DropReason;
use regex::Regex;
use std::sync::LazyLock;

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^источник\s*:\s*(.+)$").expect("static regex"));
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^©\s*(?:\d{4}(?:[-–]\d{4})?\s*)?[.,]?\s*(.+?)[,.]?\s*(?:\d{4}(?:[-–]\d{4})?)?(?:[.,].*)?$")
        .expect("static regex")
});

/// The value of an "Источник: X" line, unless X is a placeholder such as
/// "Ссылка" (the anchor text left when the link itself was lost).
pub fn from_label(text: &str) -> Option<String> {
    let v = LABEL.captures(text)?.get(1)?.as_str().trim();
    let placeholder = ["ссылка", "link", "сайт", "пресс-служба"];
    if v.contains("http")
        || placeholder.contains(&v.to_lowercase().as_str())
        || v.chars().count() < 3
    {
        return None;
    }
    Some(squash(v))
}

/// A site-header line cut to the outlet name, if it looks like a name.
pub fn from_header(text: &str) -> Option<String> {
    let name = [" — ", " | ", " – ", " - ", " · "]
        .iter()
        .fold(text, |t, sep| t.split(sep).next().unwrap_or(t))
        .trim();
    let words = name.split_whitespace().count();
    let first = name.chars().next()?;
    let ok = (1..=7).contains(&words)
        && name.chars().count() <= 70
        && (first.is_uppercase() || first == '«')
        && !name.ends_with(['.', '!', '?', ',', ':'])
        && !name.to_lowercase().starts_with("новости")
        && name.chars().any(super::lines::is_letter);
    ok.then(|| name.to_string())
}

/// "© «Рязанская неделя», 2025. При перепечатке…" → "Рязанская неделя".
pub fn from_copyright(text: &str) -> Option<String> {
    let c = COPYRIGHT.captures(text)?;
    let name = c.get(1)?.as_str().trim().trim_matches(['«', '»', '"', ' ']);
    let name = name.split(['.', '|']).next()?.trim();
    from_header(name)
}

/// Picks the outlet and returns the index of the line it came from.
pub fn detect(
    lines: &[Line],
    kinds: &[Option<Chrome>],
    header_end: usize,
) -> Option<(usize, String)> {
    if let Some(found) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| from_label(&l.text).map(|s| (i, s)))
    {
        return Some(found);
    }
    // A channel name right above its "@handle" (Telegram and its mirrors).
    if let Some(i) = (1..lines.len().min(header_end + 1)).find(|&i| lines[i].text.starts_with('@'))
    {
        if let Some(name) = from_header(&lines[i - 1].text) {
            return Some((i - 1, name));
        }
    }
    for (i, l) in lines.iter().enumerate().take(header_end) {
        match kinds[i] {
            Some(Chrome::Item(
                DropReason::Navigation
                | DropReason::Noise
                | DropReason::Widget
                | DropReason::Ticker
                | DropReason::Footer,
            )) => continue,
            None => match from_header(&l.text) {
                Some(s) => return Some((i, s)),
                None => break,
            },
            Some(_) => break,
        }
    }
    lines
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, l)| l.text.starts_with('©'))
        .find_map(|(i, l)| from_copyright(&l.text).map(|s| (i, s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_cut_at_tagline() {
        assert_eq!(
            from_header("Приморье.Инфо — новости Владивостока и края").as_deref(),
            Some("Приморье.Инфо")
        );
        assert_eq!(
            from_header("ПРОМ-ПОВОЛЖЬЕ | Информационное агентство").as_deref(),
            Some("ПРОМ-ПОВОЛЖЬЕ")
        );
        assert_eq!(
            from_header("Новости Уфы и Башкортостана — главные события дня"),
            None
        );
    }

    #[test]
    fn label_and_copyright() {
        assert_eq!(from_label("Источник : Ссылка"), None);
        assert_eq!(
            from_label("Источник: Telegram-канал «Югра Индустрия»").as_deref(),
            Some("Telegram-канал «Югра Индустрия»")
        );
        assert_eq!(
            from_copyright("© «Рязанская неделя», 2025. При перепечатке ссылка обязательна.")
                .as_deref(),
            Some("Рязанская неделя")
        );
        assert_eq!(
            from_copyright("© 2025 Ставрополь-Инфо. 16+").as_deref(),
            Some("Ставрополь-Инфо")
        );
    }
}
