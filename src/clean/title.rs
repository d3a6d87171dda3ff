//! Headlines: recognising one, unglueing it from the lead, and inferring one
//! from the lead when the page has none.

use super::lines::Line;

/// Shape of a headline: one line of 4+ words, 20–250 characters, starting
/// with a capital (or a quote/digit), not a label ending in ":".
pub fn is_headline_like(l: &Line) -> bool {
    let first = l.text.chars().next().unwrap_or(' ');
    (20..=250).contains(&l.chars)
        && l.words >= 4
        && (first.is_uppercase() || first.is_ascii_digit() || first == '«' || first == '"')
        && !l.text.ends_with(':')
        && l.lower_ratio >= 0.3
}

/// A headline glued to the lead without a separator: "…металлоконструкцийВ
/// индустриальном парке…". Returns the byte offset of the lead, if the part
/// before the glue reads like a headline (4+ words, no sentence end).
pub fn glued_headline(text: &str) -> Option<usize> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(p) = prev {
            if p.is_lowercase() && c.is_uppercase() && is_cyrillic(p) && is_cyrillic(c) {
                let left = &text[..i];
                let words = left.split_whitespace().count();
                let right_words = text[i..].split_whitespace().count();
                let clean_left = !left.contains(['.', '!', '?']);
                return (words >= 4 && right_words >= 4 && clean_left).then_some(i);
            }
        }
        prev = Some(c);
    }
    None
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')
}

/// Words a clause must not end on.
const DANGLING: &[&str] = &[
    "в",
    "во",
    "и",
    "на",
    "с",
    "со",
    "по",
    "для",
    "о",
    "об",
    "к",
    "у",
    "из",
    "за",
    "а",
    "но",
    "что",
    "от",
    "до",
    "при",
    "как",
    "или",
    "не",
    "его",
    "её",
    "их",
    "который",
    "которая",
    "которое",
    "которые",
    "это",
    "—",
    "–",
    "-",
];

/// A headline made from the lead: its first sentence when that fits in
/// `max` characters, else the longest run of whole clauses (cut at a comma,
/// dash or colon) that fits, else whole words. Never cuts inside a word and
/// never ends on a preposition or conjunction.
pub fn infer(lead: &str, max: usize) -> Option<String> {
    let lead = lead
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '«' && c != '"')
        .trim();
    if lead.is_empty() {
        return None;
    }
    let sentence = first_sentence(lead);
    let trimmed = sentence.trim_end_matches(['.', ' ']);
    if trimmed.chars().count() <= max {
        return Some(trimmed.to_string());
    }
    let limit = byte_at_char(trimmed, max);
    let head = &trimmed[..limit];
    let min_clause = byte_at_char(trimmed, max / 3);
    let clause_end = head
        .char_indices()
        .filter(|&(i, c)| i >= min_clause && (c == ',' || c == ':' || c == ';'))
        .map(|(i, _)| i)
        .chain(head.match_indices(" – ").map(|(i, _)| i))
        .chain(head.match_indices(" — ").map(|(i, _)| i))
        .filter(|&i| i >= min_clause)
        .max();
    let cut = match clause_end {
        Some(i) => &head[..i],
        None => {
            let at_space = head.rfind(' ').unwrap_or(head.len());
            &head[..at_space]
        }
    };
    let mut words: Vec<&str> = cut.split_whitespace().collect();
    while words
        .last()
        .is_some_and(|w| DANGLING.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    let out = words.join(" ");
    let out = out.trim_end_matches([',', ':', ';', ' ']).to_string();
    (!out.is_empty()).then_some(out)
}

fn byte_at_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Text up to the first ". X" sentence break (X uppercase), inclusive of the dot.
fn first_sentence(text: &str) -> &str {
    let mut prev2 = ' ';
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if prev == ' ' && matches!(prev2, '.' | '!' | '?') && (c.is_uppercase() || c == '«') {
            // Skip initials such as "А. Иванов": the word before the dot is long.
            let before = &text[..i - 2];
            let last_word = before.rsplit(' ').next().unwrap_or("");
            if last_word.chars().count() > 2 {
                return text[..i].trim_end();
            }
        }
        prev2 = prev;
        prev = c;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inferred_title_is_whole_clause() {
        let lead = "В Башкирии зарегистрирован промышленный кластер «Башхимкомпозит», объединивший 12 предприятий химической отрасли региона. Дальше текст.";
        let t = infer(lead, 90).unwrap();
        assert_eq!(
            t,
            "В Башкирии зарегистрирован промышленный кластер «Башхимкомпозит»"
        );
        assert_eq!(
            infer("Коротко о главном. Дальше.", 90).unwrap(),
            "Коротко о главном"
        );
    }

    #[test]
    fn glue_between_headline_and_lead() {
        let t = "В Старом Осколе запустили производство мостовых металлоконструкцийВ индустриальном парке начали работу.";
        let i = glued_headline(t).unwrap();
        assert!(t[i..].starts_with("В индустриальном"));
        assert_eq!(
            glued_headline("Компания МегаФон открыла новый центр обработки данных в Казани"),
            None
        );
    }
}
