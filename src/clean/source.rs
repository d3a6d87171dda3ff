//! The outlet name, by evidence only: an "Источник:" line, a dateline
//! credit ("МОСКВА, 5 мая. /ТАСС/.", "Ижевск. 18 августа. ИНТЕРФАКС -",
//! "УЛЬЯНОВСК, 10 окт — РИА Новости."), the page title's suffix ("… - РИА
//! Новости, 25.11.2016"), or a known outlet or bare domain printed in the
//! page's header or footer ("om1.ru", "Новости Республики Коми |
//! Комиинформ", "Редакция Орен.Ру", "© «Рязанская неделя», 2025").
//!
//! Everything else — rubrics, cities, menus, counters ("Top.Mail.Ru"),
//! adverts, tag lists — is not an outlet, and when nothing above is found
//! the answer is `None` (`check` then asks the editor). Known names come
//! from [`super::outlets`]; a printed name is given in its canonical form.

use super::chrome::Chrome;
use super::lines::{squash, Line};
use super::outlets::{self, is_domain};
use crate::model::DropReason;
use regex::Regex;
use std::sync::LazyLock;

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^источник\s*:\s*(.+)$").expect("static regex"));
/// A dateline: a place (capitalised, up to four words) and a day with its
/// month, optionally a year; the credit follows.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}\-]*(?:[ \-]\p{L}[\p{L}\-]*){0,3}[,.]\s+\d{1,2}\s+\p{Ll}{3,8}\.?(?:\s+\d{4}(?:\s*г\.?)?)?")
        .expect("static regex")
});
/// A place and a numeric date: "Воронеж. 04.09.2018.".
static NUMERIC_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}\-]*(?:[ \-]\p{L}[\p{L}\-]*){0,3}[,.]\s+\d{1,2}\.\d{1,2}\.\d{2,4}\.?")
        .expect("static regex")
});
/// A place in capitals, as datelines print it: "МАГАДАН.", "НИЖНИЙ
/// НОВГОРОД,".
static CAPS_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{Lu}\-]+(?:[ \-]\p{Lu}[\p{Lu}\-]+){0,3}[,.]\s").expect("static regex")
});
static SLASH_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,.(])/(\p{Lu}[^/]{1,29})/(?:[\s.,:–—-]|$)").expect("static regex")
});
static PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()]{2,30})\)").expect("static regex"));

/// The value of an "Источник: X" line, unless X is a placeholder such as
/// "Ссылка" (the anchor text left when the link itself was lost).
pub fn from_label(text: &str) -> Option<String> {
    let v = LABEL.captures(text)?.get(1)?.as_str().trim();
    if let Some(host) = url_host(v) {
        let t = outlets::table();
        return (is_domain(&host) && !t.is_never(&host)).then(|| {
            t.by_domain(&host)
                .map_or_else(|| host.clone(), |o| o.name.clone())
        });
    }
    let placeholder = ["ссылка", "link", "сайт", "пресс-служба"];
    if v.contains("http")
        || placeholder.contains(&v.to_lowercase().as_str())
        || v.chars().count() < 3
        || outlets::table().is_never(v)
    {
        return None;
    }
    Some(canonical(&squash(v)))
}

/// The host of a lone URL ("http://www.penza-post.ru/news/1" →
/// "penza-post.ru"), lowercased.
fn url_host(v: &str) -> Option<String> {
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))?;
    if rest.contains(char::is_whitespace) {
        return None;
    }
    let host = rest.split(['/', '?', '#', ':']).next()?.to_lowercase();
    Some(
        host.strip_prefix("www.")
            .map_or_else(|| host.clone(), str::to_string),
    )
}

/// The table's name for a printed outlet name, or the name as printed.
fn canonical(s: &str) -> String {
    outlets::table()
        .lookup(s)
        .map_or_else(|| s.to_string(), |o| o.name.clone())
}

/// The credit of a dateline that opens a paragraph: a known outlet, a bare
/// domain, or a name between slashes ("/ПРАЙМ/"). The place may come with a
/// day and month ("МОСКВА, 5 мая. /ТАСС/."), a numeric date ("Воронеж.
/// 04.09.2018. ABIREG.RU –") or alone when it is printed in capitals
/// ("МАГАДАН. КОЛЫМА-ИНФОРМ.", "КРАСНОЯРСКИЙ КРАЙ, /НИА-КРАСНОЯРСК/."); an
/// agency may also open the paragraph itself ("ИА «Ореанда-Новости» …").
/// "(РИА Новости)" near the start counts too when the name is known.
pub fn from_dateline(text: &str) -> Option<String> {
    let t = outlets::table();
    let place_end = DATELINE
        .find(text)
        .or_else(|| NUMERIC_DATELINE.find(text))
        .or_else(|| CAPS_PLACE.find(text))
        .map(|m| m.end());
    if let Some(end) = place_end {
        if let Some(found) = credit_at(&text[end..]) {
            return Some(found);
        }
    }
    if let Some(found) = slash_credit(text) {
        return Some(found);
    }
    let agency = ["ИА ", "Информационное агентство ", "Агентство "]
        .iter()
        .find_map(|p| text.strip_prefix(p));
    if let Some((o, _)) = agency.and_then(|rest| t.credit_prefix(rest)) {
        return Some(o.name.clone());
    }
    PARENS
        .captures_iter(first_chars(text, 120))
        .find_map(|c| t.lookup(&c[1]).map(|o| o.name.clone()))
}

/// The credit right after a dateline's place and date: "/NAME/", a known
/// outlet, or a bare domain.
fn credit_at(rest: &str) -> Option<String> {
    credit_span(rest).map(|(name, _)| name)
}

/// [`credit_at`] with the bytes of `rest` the credit takes, separators
/// before it included.
fn credit_span(rest: &str) -> Option<(String, usize)> {
    let t = outlets::table();
    let full = rest.len();
    let rest = rest.trim_start_matches([' ', ',', '.']);
    if let Some(inner) = rest.strip_prefix('/') {
        let name = inner.split('/').next().unwrap_or("").trim();
        let starts_upper = name.chars().next().is_some_and(char::is_uppercase);
        if inner.contains('/') && (2..=30).contains(&name.chars().count()) && starts_upper {
            let used = full - rest.len() + 1 + inner.find('/').unwrap_or(0) + 1;
            return (!t.is_never(name)).then(|| (canonical(name), used));
        }
    }
    let rest = rest.trim_start_matches(['–', '—', '-', ' ']);
    if let Some((o, n)) = t.credit_prefix(rest) {
        return Some((o.name.clone(), full - rest.len() + n));
    }
    let first = rest.split(' ').next().unwrap_or("");
    let word = first.trim_end_matches(['.', ',']);
    (is_domain(word) && !t.is_never(word))
        .then(|| (canonical(word), full - rest.len() + word.len()))
}

/// Bytes of a dateline that opens `text` — place, date and credit with
/// the separators after them ("СИМФЕРОПОЛЬ, 5 сен – РИА Новости Крым. ")
/// — when it has a credit: a headline inferred from the lead starts after
/// it.
pub fn dateline_len(text: &str) -> Option<usize> {
    let (_, end) = dateline_credit(text)?;
    let after = text[end..].trim_start_matches(['.', ',', ' ', '–', '—', '-', ':']);
    Some(text.len() - after.len())
}

/// The byte range of a dateline's credit ("– РИА Новости Крым" in
/// "СИМФЕРОПОЛЬ, 5 сен – РИА Новости Крым. …"), separators before it
/// included: its words name the outlet, not the story's region or
/// organisations.
pub fn dateline_credit(text: &str) -> Option<(usize, usize)> {
    let place_end = DATELINE
        .find(text)
        .or_else(|| NUMERIC_DATELINE.find(text))
        .or_else(|| CAPS_PLACE.find(text))?
        .end();
    let (_, used) = credit_span(&text[place_end..])?;
    let mut end = place_end + used;
    // A regional edition printed after the agency: "РИА Новости Крым.".
    if let Some(dot) = text[end..].find(". ") {
        let edition = &text[end..end + dot];
        let words: Vec<&str> = edition.split_whitespace().collect();
        if (1..=2).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            end += dot;
        }
    }
    Some((place_end, end))
}

/// "/НИА-КРАСНОЯРСК/" within the first few words of a paragraph, in
/// capitals (as agencies print it) or known to the table: the credit of a
/// dateline whose place the regexes above do not read.
fn slash_credit(text: &str) -> Option<String> {
    let t = outlets::table();
    let head = first_chars(text, 100);
    let c = SLASH_CREDIT.captures(head)?;
    let before = &head[..c.get(0)?.start()];
    if before.split_whitespace().count() > 5 || before.contains(['!', '?']) {
        return None;
    }
    let name = c[1].trim();
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.iter().filter(|c| c.is_uppercase()).count();
    let known = t.lookup(name).is_some();
    ((known || capitals * 2 > letters.len()) && !t.is_never(name)).then(|| canonical(name))
}

/// A known outlet or a bare domain that a header, footer or page-title line
/// names as a whole segment: "om1.ru", "Новости Республики Коми |
/// Комиинформ", "Редакция Орен.Ру", "… - gtrkamur.ru", "Читать ria.ru в".
pub fn from_chrome(text: &str) -> Option<String> {
    let t = outlets::table();
    // Split at bars, dashes, middle dots and commas (char tests: this runs
    // on every short line of the header and footer).
    let segments = text.split(['|', '—', '–', '·', ',']).flat_map(|s| {
        // Most segments have no hyphen: skip building a substring searcher.
        let parts: Vec<&str> = if s.contains('-') {
            s.split(" - ").collect()
        } else {
            vec![s]
        };
        parts
    });
    for seg in segments {
        let seg = seg
            .trim()
            .trim_start_matches(['©', ' '])
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '–')
            .trim();
        let seg = ["Редакция ", "редакция ", "Сетевое издание ", "Телеканал "]
            .iter()
            .fold(seg, |s, p| s.strip_prefix(p).unwrap_or(s))
            .trim_end_matches(['.', ',', ' ']);
        if seg.is_empty() || !seg.chars().any(super::lines::is_letter) {
            continue;
        }
        let k = outlets::key(seg.trim_end_matches(['.', ',', ':']));
        if t.is_never_key(&k) {
            continue;
        }
        if let Some(o) = t.lookup_key(&k) {
            return Some(o.name.clone());
        }
        if is_domain(seg) {
            return Some(
                t.by_domain(seg)
                    .map_or_else(|| seg.to_string(), |o| o.name.clone()),
            );
        }
    }
    // A known domain inside a short line ("Читать ria.ru в").
    if text.split_whitespace().count() <= 6 {
        for w in text.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if is_domain(w) && !t.is_never(w) {
                if let Some(o) = t.by_domain(w) {
                    return Some(o.name.clone());
                }
            }
        }
    }
    None
}

/// A site-header line cut to a name, if it has a name's shape: 1–7 words,
/// capitalised, no sentence punctuation, not a "Новости …" tagline.
pub fn from_header(text: &str) -> Option<String> {
    header_name(text, 7)
}

/// [`from_header`] with the word limit given: a header line cut at its
/// first separator (" — ", " | " …) to a name of 1 to `max_words` words and
/// at most ten characters a word, capitalised, with no sentence end.
fn header_name(text: &str, max_words: usize) -> Option<String> {
    let name = [" — ", " | ", " – ", " - ", " · "]
        .iter()
        .fold(text, |t, sep| t.split(sep).next().unwrap_or(t))
        .trim();
    let words = name.split_whitespace().count();
    let first = name.chars().next()?;
    let ok = (1..=max_words).contains(&words)
        && name.chars().count() <= 10 * max_words
        && (first.is_uppercase() || first == '«')
        && !name.ends_with(['.', '!', '?', ',', ':'])
        && !name.to_lowercase().starts_with("новости")
        && name.chars().any(super::lines::is_letter)
        && !outlets::table().is_never(name);
    ok.then(|| name.to_string())
}

/// What a header line says its name stands for when it is a site's
/// masthead ("МеталлПромИнфо — отраслевой портал", "Приморье.Инфо —
/// новости Владивостока и края", "Пульс регионов — новостной агрегатор"):
/// the words of a site's description.
const SITE_WORDS: [&str; 12] = [
    "портал",
    "агрегатор",
    "новост",
    "газет",
    "журнал",
    "издани",
    "агентств",
    "сайт",
    "телеканал",
    "радио",
    "медиа",
    "информацион",
];

/// A masthead that describes itself: the name before the dash when what
/// follows it is a site's description.
pub fn from_masthead(text: &str) -> Option<String> {
    let (name, rest) = [" — ", " | ", " – ", " - "]
        .iter()
        .find_map(|sep| text.split_once(sep))?;
    let rest = rest.to_lowercase();
    let described = rest.split_whitespace().count() <= 8
        && rest
            .split_whitespace()
            .any(|w| SITE_WORDS.iter().any(|s| w.starts_with(s)));
    described.then(|| from_header(name.trim())).flatten()
}

/// The holder a copyright line names: "© Правительство Пермского края,
/// 2025", "Особая экономическая зона «Калуга-Восток» © Все права
/// защищены", "Белгород-Экспресс. Все права защищены.", "© 2025 ПРОМ-
/// ПОВОЛЖЬЕ. Все права защищены." A site signs every page with its own
/// name, so the holder is the outlet even when the table does not know it.
pub fn copyright_holder(text: &str) -> Option<String> {
    // Cheap test first: this runs on every chrome line of a page whose
    // outlet nothing else gave.
    if !text.contains('©') && !text.contains("рава защищены") {
        return None;
    }
    let lower = text.to_lowercase();
    let reserved = lower
        .find("все права защищены")
        .or_else(|| lower.find("права защищены"));
    let name = if let Some((before, after)) = text.split_once('©') {
        if before.trim().is_empty() {
            after.split(". ").next().unwrap_or(after)
        } else {
            before
        }
    } else {
        &text[..reserved?]
    };
    let name = name
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '–' | ' '))
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '–' | ' ' | ',' | '.'))
        .trim();
    let name = name
        .strip_prefix('«')
        .and_then(|n| n.strip_suffix('»'))
        .filter(|n| !n.contains(['«', '»']))
        .unwrap_or(name);
    if name.to_lowercase().contains("права защищены") {
        return None;
    }
    from_header(name).map(|n| canonical(&n))
}

/// Words that head the name of a public body or a development institution
/// whose own site prints that name as its first line ("Министерство
/// промышленности и торговли Российской Федерации", "Администрация
/// городского округа город Елец").
const OWNER_HEADS: [&str; 14] = [
    "министерство",
    "администрация",
    "правительство",
    "департамент",
    "комитет",
    "агентство",
    "управление",
    "федеральная",
    "фонд",
    "корпорация",
    "особая",
    "мэрия",
    "законодательное",
    "государственный",
];

/// The page's first line when it is the name of the body that owns the
/// site: two to twelve words, headed by a body's head word, no sentence
/// punctuation anywhere in it.
pub fn from_owner_line(text: &str) -> Option<String> {
    let first = text.split_whitespace().next()?.to_lowercase();
    let words = text.split_whitespace().count();
    ((2..=12).contains(&words)
        && OWNER_HEADS.contains(&first.as_str())
        && !text.contains([':', '!', '?']))
    .then(|| header_name(text, 12))
    .flatten()
    .map(|n| canonical(&n))
}

static SELF_CITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:рассказал[аи]?|сообщил[аи]?|заявил[аи]?|пояснил[аи]?|сказал[аи]?|собеседник[уи]?|корреспонденту?|интервью|изданию)\s+«(\p{L}[\p{L}\-]+)»",
    )
    .expect("static regex")
});

/// The first `n` chars of `text`, borrowed.
fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices().nth(n).map_or(text, |(i, _)| &text[..i])
}

/// How an article cites the outlet `name` ("Уральский деловой вестник"):
/// by its head word in guillemets, in any case ("рассказал «Вестнику»",
/// "Собеседник «Вестника»"). Built once per name: [`signed_elsewhere`]
/// asks it of every line of the page.
struct SelfCite {
    /// "«Вест": a quoted form starts with the head's first letters.
    quoted: String,
    /// The head word's stem.
    want: String,
}

impl SelfCite {
    fn new(name: &str) -> Option<SelfCite> {
        let head = name.split_whitespace().last()?;
        if head.chars().count() < 5 {
            return None;
        }
        let prefix: String = head.chars().take(4).collect();
        let mut chars = prefix.chars();
        let upper: String = chars
            .next()
            .into_iter()
            .flat_map(char::to_uppercase)
            .chain(chars)
            .collect();
        Some(SelfCite {
            quoted: format!("«{upper}"),
            want: super::topic::stem(&head.to_lowercase()),
        })
    }

    fn cited_in(&self, text: &str) -> bool {
        text.contains(&self.quoted)
            && SELF_CITE
                .captures_iter(text)
                .any(|c| super::topic::stem(&c[1].to_lowercase()) == self.want)
    }
}

/// Does another line sign the page with `name` — a copyright line, a photo
/// or video credit, a "subscribe to «…»" prompt, a newsroom byline? A name
/// the page prints only once in its header may be a rubric, a city or an
/// advert; one it also signs with is its own.
fn signed_elsewhere(lines: &[Line], at: usize, name: &str) -> bool {
    let k = outlets::key(name);
    if k.chars().count() < 4 {
        return false;
    }
    let quoted = format!("«{name}»");
    let cite = SelfCite::new(name);
    lines.iter().enumerate().any(|(i, l)| {
        if i == at || l.text == lines[at].text {
            return false;
        }
        // "Ранее «Ижорские вести» писали …": the outlet citing itself.
        if l.text.contains('«')
            && l.text.contains(&quoted)
            && ["писал", "сообщал", "рассказывал"]
                .iter()
                .any(|w| l.text.contains(w))
        {
            return true;
        }
        if cite.as_ref().is_some_and(|c| c.cited_in(&l.text)) {
            return true;
        }
        // Cheap tests before folding: this runs for every header line of a
        // page whose outlet is not in the table.
        let first = l.text.chars().next().unwrap_or(' ');
        let may_sign = l.text.contains('©')
            || l.text.contains("права защищены")
            || matches!(
                first,
                'Ф' | 'ф' | 'В' | 'в' | 'П' | 'п' | 'Р' | 'р' | 'Ч' | 'ч'
            );
        if l.words > 12 || !may_sign {
            return false;
        }
        let lk = outlets::key(&l.text);
        let signs = l.text.contains('©')
            || lk.contains("права защищены")
            || ["фото", "видео", "подпис", "редакция", "читайте"]
                .iter()
                .any(|w| lk.starts_with(w));
        signs && lk.contains(&k)
    })
}

/// "`<Outlet> <date>`", a dateline that signs the page ("Радио Сибирь
/// 2018-02-13 15:06:12"): the outlet, when it is a known one.
pub fn from_signed_date(text: &str) -> Option<String> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let undated = super::dates::without_dates(text);
    if undated.is_empty() || undated.len() >= text.trim().len() {
        return None;
    }
    outlets::table().lookup(&undated).map(|o| o.name.clone())
}

/// "© 2025 ura.news. 16+" → "URA.RU": the name before the first sentence
/// break, when it is a known outlet or a domain.
pub fn from_copyright(text: &str) -> Option<String> {
    let s = text.trim_start_matches(['©', ' ']);
    let name = s.split(". ").next().unwrap_or(s);
    from_chrome(name.trim_end_matches('.'))
}

/// Picks the outlet and returns the index of the line it came from.
/// `content[i]` tells whether line `i` is part of the article; `title` is
/// the headline's line.
pub fn detect(
    lines: &[Line],
    kinds: &[Option<Chrome>],
    content: &[bool],
    title: Option<usize>,
) -> Option<(usize, String)> {
    if let Some(found) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| from_label(&l.text).map(|s| (i, s)))
    {
        return Some(found);
    }
    // The first paragraphs' dateline credit.
    if let Some(found) = (0..lines.len())
        .filter(|&i| content[i])
        .take(3)
        .find_map(|i| from_dateline(&lines[i].text).map(|s| (i, s)))
    {
        return Some(found);
    }
    // Page chrome: header lines top-down, then footer lines bottom-up.
    // Photo credits name the photographer's outlet and feed items other
    // stories' outlets, so neither counts.
    let chrome_line = |i: &usize| {
        !content[*i]
            && Some(*i) != title
            && !matches!(
                kinds[*i],
                Some(Chrome::Item(DropReason::PhotoCredit | DropReason::Feed))
            )
    };
    let first_content = (0..lines.len()).find(|&i| content[i]).unwrap_or(0);
    let header_end = title.map_or(first_content, |t| t.min(first_content));
    let last_content = (0..lines.len()).rev().find(|&i| content[i]).unwrap_or(0);
    let header = (0..lines.len()).filter(|i| *i < header_end || *i < first_content + 8);
    // Outlet names are short; long chrome lines (banners, feeds) are not
    // looked at.
    let short = |i: &usize| lines[*i].words <= 40;
    for i in header.filter(chrome_line).filter(short) {
        let signed = from_chrome(&lines[i].text).or_else(|| from_signed_date(&lines[i].text));
        if let Some(s) = signed {
            return Some((i, s));
        }
    }
    // Under the article only a copyright line or a line of a few words
    // (a site name, "Редакция …") can sign the page; feeds and menus there
    // are long and many, and are not read.
    let footer = (last_content + 1..lines.len())
        .rev()
        .filter(chrome_line)
        .filter(|i| lines[*i].text.starts_with('©') || lines[*i].words <= 6)
        .find_map(|i| {
            let l = &lines[i];
            if l.text.starts_with('©') {
                from_copyright(&l.text)
            } else {
                from_chrome(&l.text).or_else(|| from_signed_date(&l.text))
            }
            .map(|s| (i, s))
        });
    if footer.is_some() {
        return footer;
    }
    // What the page says of itself: a copyright holder (footer first), a
    // masthead that describes itself as a site, the owning body's name as
    // the page's first line.
    let holder = (0..lines.len())
        .rev()
        .filter(chrome_line)
        .filter(|i| lines[*i].words <= 16)
        .find_map(|i| copyright_holder(&lines[i].text).map(|s| (i, s)));
    if holder.is_some() {
        return holder;
    }
    let masthead = (0..header_end)
        .filter(chrome_line)
        .take(5)
        .find_map(|i| from_masthead(&lines[i].text).map(|s| (i, s)));
    if masthead.is_some() {
        return masthead;
    }
    let owner = (0..header_end)
        .find(|i| !lines[*i].text.trim().is_empty())
        .filter(chrome_line)
        .and_then(|i| from_owner_line(&lines[i].text).map(|s| (i, s)));
    if owner.is_some() {
        return owner;
    }
    // A header name the page signs with elsewhere: the site's name is among
    // the first name-shaped lines of the header.
    (0..header_end)
        .filter(|i| kinds[*i].is_none())
        .filter_map(|i| from_header(&lines[i].text).map(|n| (i, n)))
        .take(3)
        .find(|(i, n)| signed_elsewhere(lines, *i, n))
}

#[cfg(test)]
mod tests;
