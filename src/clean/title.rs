//! Headlines: recognising one, unglueing it from the lead, and inferring one
//! from the lead when the page has none.

use super::dates;
use super::lines::Line;
use crate::model::date::month_pattern;
use crate::model::PartialDate;
use regex::Regex;
use std::sync::LazyLock;

/// A headline line with what is glued to it taken off: a breadcrumb or an
/// upper-case rubric in front, a date, time, byline, photo label or the
/// page title's outlet suffix behind, the lead glued on without a space.
#[derive(Debug, Clone, PartialEq)]
pub struct Unglued {
    /// Byte range of the headline inside the line's text.
    pub start: usize,
    pub end: usize,
    /// A full date found in the glued parts.
    pub date: Option<PartialDate>,
    /// Byte offset where a lead glued to the headline starts.
    pub lead: Option<usize>,
    /// The glue was navigation — breadcrumb words, a breadcrumb number, the
    /// page title's outlet suffix: a clean copy of the headline elsewhere
    /// is the headline itself.
    pub crumb: bool,
}

impl Unglued {
    pub fn glued(&self, text: &str) -> bool {
        self.start > 0 || self.end < text.len()
    }
}

/// Section names that breadcrumbs print before a headline
/// ("Главная Экономика Промышленность <Заголовок>").
const RUBRICS: &[&str] = &[
    "главная",
    "страница",
    "новости",
    "новость",
    "лента",
    "экономика",
    "промышленность",
    "общество",
    "политика",
    "бизнес",
    "регион",
    "регионы",
    "пресс-служба",
    "пресс-центр",
    "статьи",
    "главное",
    "энергетика",
    "финансы",
    "инвестиции",
    "производство",
    "технологии",
    "происшествия",
    "события",
    "власть",
    "экономика и бизнес",
    "все новости",
];

static CAPS_RUBRIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Lu}][\p{Lu}\s\-]{2,40}:\s+").expect("static regex"));
static LEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})(,?\s*\d{1,2}:\d{2})?\s*[|/]?\s*")
        .expect("static regex")
});
/// A date (with time and a byline) glued after the headline, with or
/// without a space: "…года14 ноября 2025 15:30", "…31-07-2017, 14:08.
/// Разместил: Имя".
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&month_pattern(r"(?i)\s*(\d{1,2}\s+({genitive})\s+\d{4}(\s*г\.?)?|\d{1,2}[.\-]\d{1,2}[.\-]\d{4})(,?\s*(в\s*)?\d{1,2}:\d{2}(:\d{2})?)?\.?(\s*(разместил|автор|опубликовал|добавил)\S*:?.*)?\s*$"))
        .expect("static regex")
});
static TRAILING_PHOTO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(фото\s*№\s*\d+|фото\s*:.*|фото\s+\d+\s+из\s+\d+)$").expect("static regex")
});
/// The page title's " - Outlet, 25.11.2016" / " | domain" tail.
static TITLE_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+[-–—|]\s+([^-–—|]{2,60})$").expect("static regex"));

/// Takes glued breadcrumbs, rubrics, dates, bylines and outlet suffixes off
/// a headline-candidate line.
pub fn unglue(text: &str) -> Unglued {
    let mut start = 0;
    let mut end = text.len();
    let mut date = None;
    let mut crumb = false;
    // "3. <Заголовок>": the last item of a numbered breadcrumb.
    if let Some((n, rest)) = text.split_once(". ") {
        let number = !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit());
        if number && rest.split_whitespace().count() >= 4 {
            start = n.len() + 2;
            crumb = true;
        }
    }
    // Breadcrumb words in front: only while a headline of 4+ words remains.
    loop {
        let rest = &text[start..end];
        let Some((word, after)) = rest.split_once(' ') else {
            break;
        };
        let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let is_rubric = RUBRICS.contains(&w.to_lowercase().as_str())
            && word.chars().next().is_some_and(char::is_uppercase);
        let capital_next = after
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '«' || c == '"' || c.is_ascii_digit());
        if is_rubric && capital_next && after.split_whitespace().count() >= 4 {
            start = end - after.len();
            crumb = true;
        } else {
            break;
        }
    }
    if let Some(m) = CAPS_RUBRIC.find(&text[start..end]) {
        let rest = &text[start + m.end()..end];
        if rest.split_whitespace().count() >= 4 && rest.chars().any(char::is_lowercase) {
            start += m.end();
        }
    }
    if let Some(m) = LEADING_DATE.find(&text[start..end]) {
        let rest = &text[start + m.end()..end];
        if rest
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '«' || c == '"')
        {
            date = dates::parse(m.as_str());
            start += m.end();
        }
    }
    for _ in 0..2 {
        let cur = &text[start..end];
        if let Some(m) = TRAILING_PHOTO.find(cur) {
            end = start + m.start();
            continue;
        }
        if let Some(m) = TRAILING_DATE.find(cur) {
            if m.start() > 0 {
                date = date.or_else(|| dates::parse(m.as_str()));
                end = start + m.start();
                continue;
            }
        }
        if let Some(c) = TITLE_SUFFIX.captures(cur) {
            let tail = c.get(1).map_or("", |m| m.as_str());
            let name = tail.split(", ").next().unwrap_or(tail);
            let known = super::outlets::table().lookup(name).is_some()
                || super::outlets::is_domain(name.trim());
            if known {
                crumb = true;
                date = date.or_else(|| dates::parse(tail));
                end = start + c.get(0).map_or(cur.len(), |m| m.start());
                continue;
            }
        }
        break;
    }
    let lead = glued_at(&text[start..end], 2).map(|n| start + n);
    let end = lead.unwrap_or(end);
    let end = start + text[start..end].trim_end().len();
    Unglued {
        start,
        end,
        date,
        lead,
        crumb,
    }
}

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
    glued_at(text, 4)
}

/// [`glued_headline`] with the least number of words the glued part needs.
/// The word before the glue must have five or more lowercase letters, so
/// brand names in camel case ("РусГидро", "ТрансКонтейнер") stay whole.
fn glued_at(text: &str, right_min: usize) -> Option<usize> {
    let mut prev: Option<char> = None;
    let mut lower_run = 0;
    for (i, c) in text.char_indices() {
        if let Some(p) = prev {
            if p.is_lowercase() && c.is_uppercase() && is_cyrillic(p) && is_cyrillic(c) {
                let left = &text[..i];
                let words = left.split_whitespace().count();
                let right_words = text[i..].split_whitespace().count();
                let clean_left = !left.contains(['.', '!', '?']);
                return (words >= 4 && right_words >= right_min && clean_left && lower_run >= 5)
                    .then_some(i);
            }
        }
        lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
        prev = Some(c);
    }
    None
}

/// A site's name with its tagline ("Приморье.Инфо — новости Владивостока
/// и края", "Тимашевский вестник — газета Тимашевского района"): the part
/// after the dash or bar says what kind of site it is.
pub fn is_site_header(text: &str) -> bool {
    const TAGLINE: &[&str] = &[
        "новости",
        "газета",
        "портал",
        "отраслевой",
        "информационн",
        "сетевое издание",
        "интернет-издание",
        "официальный сайт",
        "телеканал",
        "радио",
        "деловой",
        "журнал",
    ];
    if !text.contains(['—', '|', '–']) {
        return super::outlets::table().lookup(text).is_some() || is_news_tagline(text);
    }
    [" — ", " | ", " – "].iter().any(|sep| {
        text.split_once(sep).is_some_and(|(_, tail)| {
            let t = tail.trim_start().to_lowercase();
            TAGLINE.iter().any(|w| t.starts_with(w))
        })
    }) || super::outlets::table().lookup(text).is_some()
}

/// A site's description printed as a line of its own: "Экономические
/// деловые новости регионов Черноземья", "Новости Прикамья". A short noun
/// phrase built on "новости" with no verb, number or quote; a headline that
/// mentions news has a verb ("Новости о заводе опровергли").
fn is_news_tagline(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .collect();
    if words.len() > 8
        || !words.iter().any(|w| w == "новости" || w == "новостей")
        || text
            .chars()
            .any(|c| c.is_ascii_digit() || "«»\"?!:".contains(c))
    {
        return false;
    }
    let Some(lex) = crate::extract::dict::lexicon() else {
        return false;
    };
    !words.iter().any(|w| {
        lex.analyse(w).iter().any(|a| {
            use crate::extract::dict::Tags;
            a.tags.has(Tags::VERB) && !a.tags.has(Tags::GUESS)
        })
    })
}

/// A headline glued to the lead by a period without a space, on a page
/// with no headline line: "…в химической отрасли.Такой объем…". The part
/// before it must read as a headline (4–13 words, no comma or other
/// sentence end).
/// Returns the offset of the lead; the period is left out of both.
pub fn glued_by_period(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let dot = text.char_indices().find(|&(i, c)| {
        c == '.'
            && text[..i]
                .chars()
                .last()
                .is_some_and(|p| p.is_lowercase() && is_cyrillic(p))
            && text[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() && is_cyrillic(n))
    })?;
    let left = &text[..dot.0];
    let words = left.split_whitespace().count();
    // A headline's length, and no clause break: "…рублей, предприятие
    // создаст … в Северодвинске.Отмечается" is a glued sentence.
    let clean = !left.contains(['.', '!', '?', ':', ',']) && b.len() > dot.0 + 1;
    ((4..=13).contains(&words) && clean && left.chars().count() <= 130).then_some(dot.0 + 1)
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

/// Words written with a period that ends them, not the sentence.
const ABBREVIATIONS: &[&str] = &[
    "руб", "тыс", "млн", "млрд", "трлн", "долл", "г", "гг", "в", "вв", "кв", "им", "т", "шт", "ед",
    "см", "м", "км", "чел", "ок", "св",
];

/// Whether `text` ends with an abbreviation's period ("… 30 млрд руб."),
/// which ends the word, not a sentence.
pub fn ends_with_abbreviation(text: &str) -> bool {
    let t = text.trim_end();
    t.strip_suffix('.').is_some_and(|t| {
        t.rsplit(' ')
            .next()
            .is_some_and(|w| ABBREVIATIONS.contains(&w.to_lowercase().as_str()))
    })
}

/// Whether a sentence ends inside `text`: a ". " whose word before it is
/// no abbreviation ("в 2015 г. РЖД" is one sentence) and no initial.
pub fn has_inner_sentence_end(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches('.');
    t.match_indices(". ").any(|(i, _)| {
        let w = t[..i].rsplit(' ').next().unwrap_or("");
        w.chars().count() > 1 && !ABBREVIATIONS.contains(&w.to_lowercase().as_str())
    })
}

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
        // "…30 млрд руб.": the period of an abbreviation is the word's.
        let abbr = sentence.trim_end().ends_with('.')
            && trimmed
                .rsplit(' ')
                .next()
                .is_some_and(|w| ABBREVIATIONS.contains(&w.to_lowercase().as_str()));
        let keep = if abbr {
            trimmed.len() + 1
        } else {
            trimmed.len()
        };
        return Some(sentence[..keep].to_string());
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
    fn news_taglines_are_site_headers() {
        assert!(is_site_header(
            "Экономические деловые новости регионов Черноземья"
        ));
        assert!(is_site_header("Новости Прикамья"));
        assert!(!is_site_header(
            "Новости о закрытии завода опровергли в мэрии"
        ));
        assert!(!is_site_header("Завод в Перми выпустил первые станки"));
    }

    #[test]
    fn an_inferred_title_keeps_an_abbreviations_period() {
        assert_eq!(
            infer(
                "РЖД вложили в магистраль 30 млрд руб. Работы продолжатся.",
                120
            )
            .as_deref(),
            Some("РЖД вложили в магистраль 30 млрд руб.")
        );
        assert_eq!(
            infer("Завод запущен. Работы продолжатся.", 120).as_deref(),
            Some("Завод запущен")
        );
    }

    #[test]
    fn abbreviation_periods_end_no_sentence() {
        assert!(ends_with_abbreviation("… магистрали 30 млрд руб."));
        assert!(!ends_with_abbreviation("Завод открыли."));
        assert!(!has_inner_sentence_end(
            "В 2015 г. РЖД инвестировали 30 млрд руб."
        ));
        assert!(has_inner_sentence_end("Завод открыли. Рабочие довольны."));
        assert!(!has_inner_sentence_end("Об этом сказал А. Петров"));
    }

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

    fn head(t: &str) -> &str {
        let u = unglue(t);
        &t[u.start..u.end]
    }

    #[test]
    fn glued_parts_come_off_the_headline() {
        assert_eq!(
            head("Главная Экономика Промышленность В Кузбассе построят новый завод"),
            "В Кузбассе построят новый завод"
        );
        assert_eq!(
            head("РАБОЧАЯ ПОЕЗДКА: Андрей Бочаров посетит производство в Волжском"),
            "Андрей Бочаров посетит производство в Волжском"
        );
        let u = unglue("В Туле открыли цех по выпуску кабеля14 ноября 2025 15:30");
        assert_eq!(u.date.map(|d| d.to_string()).as_deref(), Some("2025-11-14"));
        assert_eq!(
            head("В Туле открыли цех по выпуску кабеля31-07-2017, 14:08. Разместил: Иван Петров"),
            "В Туле открыли цех по выпуску кабеля"
        );
        assert_eq!(
            head("25.06.2013  Томская область: одобрены проекты резидентов ОЭЗ"),
            "Томская область: одобрены проекты резидентов ОЭЗ"
        );
        assert_eq!(
            head("На что в крае потратят средства кредита Фото №1"),
            "На что в крае потратят средства кредита"
        );
        let u = unglue("В области создадут фонд развития промышленности - РИА Новости, 25.11.2016");
        assert_eq!(u.date.map(|d| d.to_string()).as_deref(), Some("2016-11-25"));
        assert_eq!(
            head("Резиденты вложат в экономику региона 1,8 трлн рублей - gtrkamur.ru"),
            "Резиденты вложат в экономику региона 1,8 трлн рублей"
        );
        // A headline that merely contains a dash and a rubric-like word stays.
        assert_eq!(
            head("Новости компании Иванова — через год"),
            "Новости компании Иванова — через год"
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
