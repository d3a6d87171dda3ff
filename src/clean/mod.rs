//! The `clean` stage: raw text pasted from a news page → the article alone.
//!
//! Editors paste whole pages. What comes in is the headline, lead and body
//! somewhere in the middle, with site chrome before it (skip links, menus,
//! rubrics, region selectors, clocks, tickers) and after it (share buttons,
//! hashtags, age marks, "read also" lists, news feeds), plus short furniture
//! inside it (photo credits, captions, datelines, bylines).
//!
//! The design rests on one structural fact: **the article is one continuous
//! run** of long, punctuated, mostly lowercase lines, and only short items sit
//! inside it. So the cleaner works in layers:
//!
//! 1. [`lines`]: split and normalise, compute shape features per line.
//! 2. [`chrome`]: name the furniture kind of each line by its *form* (a label
//!    and colon, a rubric glued to a time, a line of hashtags). This is the
//!    phrase-list layer; it only explains and sharpens, it does not decide
//!    where the article is.
//! 3. `find_run`: score every line (prose positive, furniture negative,
//!    "other stories" headers very negative) and take the maximum-sum
//!    contiguous run (Kadane). That is the body.
//!    The run is then widened across a photo, its caption or a row of share
//!    buttons when prose continues on the other side (`extend_run`).
//! 4. Around the run: the headline is chosen by evidence (`find_title`):
//!    every headline-shaped line above the body, with glued breadcrumbs,
//!    rubrics, dates, bylines and page-title suffixes taken off
//!    ([`title::unglue`]), is scored by how much of it the lead repeats,
//!    whether the page prints it again (alt text, caption, page title),
//!    a standfirst under it and nothing but furniture between it and the
//!    body; menus and plain lines in between count against it. The earliest
//!    copy wins; a standfirst between the headline and the body is kept.
//!    With no headline, one is inferred from the lead ([`title::infer`]) and
//!    `title_inferred` is set.
//! 5. Inside the run: short lines are kept only when they read as a sentence
//!    or an attribution; "Напомним/Ранее" background is kept when on topic
//!    ([`topic`]), and an off-topic one ends the article (what follows it on
//!    such pages is another story).
//! 6. Output: glued paragraphs are split (double space, "слово.Слово"),
//!    a dash-led attribution is joined to its quote, a date or outlet name
//!    glued to the lead is cut off, text is space-normalised; «ёлочки», dashes
//!    and "ё" are left exactly as written.
//!
//! Metadata: the date is the dateline nearest the headline (tickers, header
//! clocks and feed dates are never candidates; a year-less date gives none,
//! see [`dates`]); the outlet only from evidence — "Источник:", a dateline
//! credit, a known outlet or domain in the page chrome ([`source`],
//! [`outlets`]), else `None`.
//!
//! Decisions worth knowing:
//! - A year-less dateline ("20 ноября, 10:55", "КАЗАНЬ, 12 марта.") gives
//!   `date: None`; the year is not guessed from "в 2025 году" or a footer.
//!   A dateline printed under the article is used when none is above it.
//! - Dates in tickers, header clocks ("Вторник, 3 июня 2025") and feeds are
//!   the crawl day and never become the publication date.
//! - Background is kept when its content stems overlap the text before it
//!   (≥ 34 %, ≥ 50 % when it cites the outlet «…»); the first off-topic one
//!   is dropped as `OffTopicBackground` and ends the article.
//! - An inferred title repeats lead words; the lead stays whole.
//!
//! Guarantees: pure, never panics, every emitted word comes from the input
//! in input order (except the inferred title, which repeats lead words), and
//! cleaning the output again gives the same title and paragraphs (fed back as
//! title + paragraphs, or paragraphs alone when the title was inferred).

pub mod chrome;
pub mod dates;
pub mod lines;
pub mod outlets;
pub mod prepare;
pub mod source;
pub mod title;
pub mod topic;

/// The stage entry: a [`SourceDoc`](crate::model::SourceDoc) becomes a
/// [`CleanDoc`](crate::model::CleanDoc) (see [`prepare`]).
pub use prepare::run;

use crate::model::{DropReason, Dropped, PartialDate};
use chrome::Chrome;
use lines::{squash, Line};
use serde::Serialize;
use std::sync::LazyLock;

/// The cleaned article, as the pipeline consumes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cleaned {
    /// The headline; `None` only when the input has no usable text at all.
    pub title: Option<String>,
    /// True when the page had no headline and `title` was built from the lead.
    pub title_inferred: bool,
    /// Publication date (day, month or year precision).
    pub date: Option<PartialDate>,
    /// Outlet name, e.g. "Кубанские Новости".
    pub source: Option<String>,
    /// Body paragraphs: title excluded, plain text, quotes joined with their
    /// attribution.
    pub paragraphs: Vec<String>,
    /// Every dropped block with its 1-based line and reason, in line order.
    pub dropped: Vec<Dropped>,
}

/// What became of one non-blank raw line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The headline.
    Title,
    /// Lead, body, quote, attribution or kept background (possibly after a
    /// glued prefix was cut off).
    Content,
    /// Not part of the article.
    Dropped(DropReason),
}

/// Per-line decision, the basis of [`clean_text`] and of line-level tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineVerdict {
    /// 1-based line number over the raw text split on `"\n"`.
    pub line: usize,
    pub verdict: Verdict,
}

impl LineVerdict {
    pub fn kept(&self) -> bool {
        !matches!(self.verdict, Verdict::Dropped(_))
    }
}

/// Longest inferred headline, in characters.
const INFERRED_TITLE_MAX: usize = 90;

/// Cleans one pasted page. Pure and total: any input gives a result.
pub fn clean_text(raw: &str) -> Cleaned {
    analyse(raw).cleaned
}

/// The per-line decisions behind [`clean_text`] (non-blank lines only).
pub fn classify(raw: &str) -> Vec<LineVerdict> {
    analyse(raw).verdicts
}

struct Analysis {
    verdicts: Vec<LineVerdict>,
    cleaned: Cleaned,
}

/// Role of a line while the stage works on it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Title,
    Content,
    Drop(DropReason),
}

fn analyse(raw: &str) -> Analysis {
    let lines = lines::split_lines(raw);
    let mut kinds: Vec<Option<Chrome>> = lines
        .iter()
        .map(|l| chrome::classify(&l.text, l.words))
        .collect();
    let first_prose = lines.iter().position(Line::is_prose).unwrap_or(lines.len());
    header_clocks(&mut kinds[..first_prose]);
    let shape = shapes(&lines, &kinds);
    let Some((start, end)) = find_run(&lines, &kinds, &shape) else {
        return empty(&lines, &kinds);
    };
    let (start, end) = extend_run(&lines, &kinds, &shape, start, end);
    let mut roles: Vec<Role> = vec![Role::Drop(DropReason::Boilerplate); lines.len()];

    // Before the run: headline, standfirst, header chrome.
    let found = find_title(&lines, &kinds, &shape, start, end);
    let title_idx = found.as_ref().map(|(t, _)| *t);
    // A headline found inside the run starts the article.
    let start = title_idx.map_or(start, |t| start.max(t + 1));
    let title_text: Option<&str> = found.as_ref().map(|(t, u)| &lines[*t].text[u.start..u.end]);
    for (r, k) in roles.iter_mut().zip(&kinds).take(start) {
        *r = Role::Drop(reason_or(*k, DropReason::Navigation));
    }
    if let (Some(t), Some(head)) = (title_idx, title_text) {
        roles[t] = Role::Title;
        for (i, l) in lines.iter().enumerate().take(start) {
            if i == t {
                continue;
            }
            if l.text == head || l.text.starts_with(head) {
                roles[i] = Role::Drop(DropReason::Duplicate);
            } else if i > t && kinds[i].is_none() && is_standfirst(l) && !shape[i].copy {
                roles[i] = Role::Content; // standfirst under the headline
            }
        }
    }
    for (i, r) in roles.iter_mut().enumerate().take(end + 1).skip(start) {
        *r = inside_role(&lines, &kinds, &shape, i, title_text);
        // The run's last line may be a closing sentence that is too full
        // of names to look like prose (see `extend_run`).
        if i == end
            && i > start
            && *r == Role::Drop(DropReason::PhotoCredit)
            && closes_article(&lines[i], kinds[i], &shape[i])
        {
            *r = Role::Content;
        }
    }
    let mut in_feed = false;
    for ((r, k), l) in roles.iter_mut().zip(&kinds).zip(&lines).skip(end + 1) {
        *r = Role::Drop(tail_reason(*k, l, &mut in_feed));
    }
    let end = cut_at_off_topic_background(&lines, &mut roles, start, end);

    // Metadata.
    let content: Vec<bool> = roles.iter().map(|r| *r == Role::Content).collect();
    let src = source::detect(&lines, &kinds, &content, title_idx);
    if let Some((si, _)) = &src {
        // A dateline that also names the outlet keeps its date.
        if matches!(roles[*si], Role::Drop(r) if r != DropReason::Date) {
            roles[*si] = Role::Drop(DropReason::Source);
        }
    }
    let source = src.map(|(_, s)| s);

    let title = found.map(|(t, u)| Headline {
        line: t,
        text: squash(&lines[t].text[u.start..u.end]),
        date: u.date,
        lead: u.lead,
    });
    build(lines, roles, title, source, start, end)
}

/// The furniture reason of a line, or `default` for plain text.
fn reason_or(k: Option<Chrome>, default: DropReason) -> DropReason {
    match k {
        Some(Chrome::Item(r)) => r,
        Some(Chrome::Separator) => DropReason::Feed,
        None => default,
    }
}

/// After the run everything goes; once a separator ("Читайте также") was
/// seen, plain lines and their dates are other stories' feed items.
fn tail_reason(k: Option<Chrome>, l: &Line, in_feed: &mut bool) -> DropReason {
    match k {
        Some(Chrome::Separator) => {
            *in_feed = true;
            DropReason::Feed
        }
        Some(Chrome::Item(DropReason::Date)) if *in_feed => DropReason::Feed,
        Some(Chrome::Item(r)) => r,
        None if *in_feed => DropReason::Feed,
        None if topic::is_background(&l.text) => DropReason::OffTopicBackground,
        None => DropReason::Boilerplate,
    }
}

/// Keeps on-topic "Напомним/Ранее" paragraphs; the first off-topic one is
/// dropped and ends the article (on such pages what follows it is the other
/// story). Each is compared with what the article said before it. Returns
/// the new last line of the run.
fn cut_at_off_topic_background(
    lines: &[Line],
    roles: &mut [Role],
    start: usize,
    end: usize,
) -> usize {
    let is_bg = |i: usize| roles[i] == Role::Content && topic::is_background(&lines[i].text);
    if !(start..=end).any(is_bg) {
        return end;
    }
    // Stems of the headline and kept lines seen so far, each line stemmed once.
    let mut article = String::new();
    // A "Ранее …" paragraph that opens the body is the lead, not a link to
    // another story: there is nothing yet for it to be off-topic from.
    let mut body_seen = false;
    for i in 0..=end {
        let background = topic::is_background(&lines[i].text) && body_seen;
        if i >= start && roles[i] == Role::Content {
            body_seen = true;
        }
        if i >= start && roles[i] == Role::Content && background {
            let overlap = topic::overlap(&lines[i].text, &article);
            let need = if topic::cites_outlet(&lines[i].text) {
                topic::ON_TOPIC_CITING
            } else {
                topic::ON_TOPIC
            };
            if overlap < need {
                for r in roles.iter_mut().take(end + 1).skip(i + 1) {
                    if *r == Role::Content {
                        *r = Role::Drop(DropReason::Feed);
                    }
                }
                roles[i] = Role::Drop(DropReason::OffTopicBackground);
                return i;
            }
        } else if matches!(roles[i], Role::Title | Role::Content) && !background {
            article.push_str(&lines[i].text);
            article.push(' ');
        }
    }
    end
}

/// Per-line score for the run search: prose counts by its length, furniture
/// and short lines count against, headers of other-story lists block.
fn line_score(l: &Line, k: Option<Chrome>, sh: &Shape) -> f32 {
    match k {
        Some(Chrome::Separator) => -25.0,
        Some(Chrome::Item(_)) if l.is_prose() => -0.5,
        // Credits, captions, datelines and bylines sit inside articles.
        Some(Chrome::Item(
            DropReason::PhotoCredit | DropReason::Duplicate | DropReason::Date | DropReason::Byline,
        )) => -0.5,
        Some(Chrome::Item(_)) => -2.0,
        None if sh.prose => 1.0 + (l.chars.min(600) as f32) / 150.0,
        None if sh.list => 0.3,
        None if chrome::is_attribution(&l.text) => 0.5,
        None if l.ends_sentence && l.words >= 5 && l.lower_ratio >= 0.5 => 0.2,
        // Text between paragraphs (an aside, a subheading with a clause).
        None if l.words >= 6 && l.lower_ratio >= 0.6 => -0.6,
        None => -1.0,
    }
}

/// Maximum-sum contiguous run of lines (indices, inclusive). When no line is
/// prose, the longest text-like line stands alone, so short inputs still
/// give an article.
fn find_run(lines: &[Line], kinds: &[Option<Chrome>], shape: &[Shape]) -> Option<(usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let mut cur = 0.0f32;
    let mut cur_start = 0;
    for (i, l) in lines.iter().enumerate() {
        let s = line_score(l, kinds[i], &shape[i]);
        if cur <= 0.0 {
            cur = s;
            cur_start = i;
        } else {
            cur += s;
        }
        if cur > 0.0 && best.is_none_or(|(b, _, _)| cur > b) {
            best = Some((cur, cur_start, i));
        }
    }
    if let Some((_, s, e)) = best {
        return Some((s, e));
    }
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| kinds[*i].is_none() && l.words >= 1)
        .max_by_key(|(i, l)| (l.chars, usize::MAX - i))
        .map(|(i, _)| (i, i))
}

/// Per-line facts that several decisions share.
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    /// Prose, or the page's last line cut mid-sentence by the copy (long,
    /// lowercase, no final period).
    prose: bool,
    /// A list item (bullet, number, ";" end) under a "…:" line or another
    /// item, or the "…:" line that opens such a list.
    list: bool,
    /// The same text stands on another line (a headline printed twice, a
    /// caption under a photo).
    copy: bool,
}

fn shapes(lines: &[Line], kinds: &[Option<Chrome>]) -> Vec<Shape> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in lines {
        *counts.entry(l.text.as_str()).or_default() += 1;
    }
    let mut lengths: Vec<usize> = counts
        .keys()
        .map(|t| t.len())
        .filter(|n| (30..=1000).contains(n))
        .collect();
    lengths.sort_unstable();
    lengths.dedup();
    let last = lines.len().saturating_sub(1);
    let mut out: Vec<Shape> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| Shape {
            prose: l.is_prose()
                || (i == last
                    && kinds[i].is_none()
                    && l.chars >= 50
                    && l.words >= 7
                    // As lowercase as prose must be: a cut-off list of
                    // names ("«Ворсино» и «Росва» (Калужская область), …")
                    // is still the article's text.
                    && l.lower_ratio >= 0.45
                    && !l.ends_sentence),
            list: false,
            copy: counts.get(l.text.as_str()).is_some_and(|n| *n > 1)
                || starts_with_other_line(l, &counts, &lengths),
        })
        .collect();
    for i in 1..lines.len() {
        let prev = &lines[i - 1];
        let opens = prev.text.ends_with(':') && prev.words >= 2;
        let opens = opens && prev.lower_ratio >= 0.5 && prev.words >= 3 && kinds[i - 1].is_none();
        let item = is_list_item(&lines[i].text)
            && lines[i].text.ends_with([';', '.', ',', '!'])
            && lines[i].words >= 2;
        if item && kinds[i].is_none() && (opens || out[i - 1].list) {
            out[i].list = true;
            if opens {
                out[i - 1].list = true;
            }
        }
    }
    // A paragraph the copy broke mid-sentence: a long, lowercase line
    // without a final period whose next line goes on in lowercase prose
    // ("… будет создана ОЭЗ «Максимиха». «Здесь предполагается" /
    // "обрабатывающей промышленности, …").
    for i in (0..lines.len().saturating_sub(1)).rev() {
        let (l, next) = (&lines[i], &lines[i + 1]);
        if !out[i].prose
            && out[i + 1].prose
            && kinds[i].is_none()
            && l.words >= 7
            && l.lower_ratio >= 0.45
            && !l.has_sentence_end
            && next
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() && ('\u{400}'..='\u{4ff}').contains(&c))
        {
            out[i].prose = true;
        }
    }
    out
}

/// A caption that repeats another line and adds to it ("<headline> Фото:
/// …", "<headline> - gtrkamur.ru"): some prefix of it, ending at a space,
/// is a whole other line.
fn starts_with_other_line(
    l: &Line,
    counts: &std::collections::HashMap<&str, usize>,
    lengths: &[usize],
) -> bool {
    if l.chars > 400 {
        return false;
    }
    // Only prefixes as long as some other line, ending before a space.
    lengths.iter().any(|&n| {
        n < l.text.len() && l.text.as_bytes()[n] == b' ' && counts.contains_key(&l.text[..n])
    })
}

/// "• завод;", "1) …", "— пункт", "пункт;".
fn is_list_item(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(['•', '·', '*', '▪', '●', '—', '–', '-'])
        || t.ends_with(';')
        || t.split_once([')', '.']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit())
        })
}

/// A standfirst under a headline: a line of text, not a menu item.
fn is_standfirst(l: &Line) -> bool {
    title::is_headline_like(l)
        || (l.words >= 5 && l.ends_sentence && l.lower_ratio >= 0.5 && l.chars <= 300)
}

/// A date in the header next to the weather is the day the page was
/// copied (a header clock), not the publication date.
fn header_clocks(kinds: &mut [Option<Chrome>]) {
    let ticker: Vec<bool> = kinds
        .iter()
        .map(|k| *k == Some(Chrome::Item(DropReason::Ticker)))
        .collect();
    for (i, k) in kinds.iter_mut().enumerate() {
        let near = ticker[i.saturating_sub(2)..(i + 3).min(ticker.len())]
            .iter()
            .any(|t| *t);
        if *k == Some(Chrome::Item(DropReason::Date)) && near {
            *k = Some(Chrome::Item(DropReason::Ticker));
        }
    }
}

/// Furniture that may stand between two paragraphs of one article.
fn inside_furniture(k: Option<Chrome>) -> bool {
    use DropReason::*;
    matches!(
        k,
        Some(Chrome::Item(
            PhotoCredit | Share | Widget | Date | Byline | Duplicate | Noise
        ))
    )
}

/// The maximum-sum run can stop at a block of share buttons or a photo
/// with its caption: prose right across such a gap (at most four lines of
/// furniture or repeated text) belongs to the article too.
fn extend_run(
    lines: &[Line],
    kinds: &[Option<Chrome>],
    shape: &[Shape],
    mut start: usize,
    mut end: usize,
) -> (usize, usize) {
    let gap_line = |i: usize| inside_furniture(kinds[i]) || (kinds[i].is_none() && shape[i].copy);
    // A subheading or a one-line aside between paragraphs.
    let short_text = |i: usize| {
        kinds[i].is_none()
            && (2..=16).contains(&lines[i].words)
            && !title::is_headline_like(&lines[i])
            && lines[i].lower_ratio >= 0.3
    };
    'up: loop {
        let mut j = start;
        let mut gap = 0;
        let mut short = 0;
        while j > 0 && gap <= 4 {
            j -= 1;
            if kinds[j].is_none() && shape[j].prose && !shape[j].copy {
                start = j;
                continue 'up;
            }
            if short_text(j) && short < 2 {
                short += 1;
            } else if !gap_line(j) {
                break 'up;
            }
            gap += 1;
        }
        break;
    }
    'down: loop {
        let mut j = end;
        let mut gap = 0;
        while j + 1 < lines.len() && gap <= 3 {
            j += 1;
            if kinds[j].is_none() && shape[j].prose && !shape[j].copy {
                end = j;
                continue 'down;
            }
            // The article's closing sentence, short or full of names
            // ("Соответствующий документ подписал председатель
            // Правительства РФ Михаил Мишустин."), right under it.
            if j == end + 1 && closes_article(&lines[j], kinds[j], &shape[j]) {
                end = j;
                continue 'down;
            }
            let furniture = matches!(
                kinds[j],
                Some(Chrome::Item(
                    DropReason::PhotoCredit | DropReason::Date | DropReason::Byline
                ))
            );
            if !furniture {
                break 'down;
            }
            gap += 1;
        }
        break;
    }
    (start, end)
}

/// A sentence that may end the article although it is not prose-shaped:
/// five words or more, a final period, not a repeat and not furniture.
fn closes_article(l: &Line, k: Option<Chrome>, shape: &Shape) -> bool {
    k.is_none()
        && !shape.copy
        && l.words >= 5
        && l.text.ends_with('.')
        && l.lower_ratio >= 0.3
        && !topic::is_background(&l.text)
}

/// The headline, by evidence. Every headline-shaped line above the body
/// (with glued breadcrumbs, rubrics, dates and bylines taken off, see
/// [`title::unglue`]) is a candidate, scored by
/// - how many of its content words the lead repeats (the strongest sign:
///   menus, rubrics and other stories' headlines share none),
/// - being printed again on the page (image alt text, caption, page title),
/// - a standfirst right under it,
/// - against: plain lines between it and the body (menus, other stories),
///   a final period (a sentence, not a headline).
///
/// Nothing above a separator ("Читайте также") is considered. A page-title
/// copy ("<headline> - РИА Новости, 25.11.2016") gives way to a clean copy.
fn find_title(
    lines: &[Line],
    kinds: &[Option<Chrome>],
    shape: &[Shape],
    start: usize,
    end: usize,
) -> Option<(usize, title::Unglued)> {
    use DropReason::*;
    // The lead's first 1,500 characters: a headline's words come back
    // there, and stemming more of the article costs time for nothing.
    let mut lead_text = String::new();
    for i in (start..=end).filter(|&i| kinds[i].is_none()).take(3) {
        lead_text.push_str(&lines[i].text);
        lead_text.push(' ');
        if lead_text.len() > 1000 {
            break;
        }
    }
    let cut = lead_text
        .char_indices()
        .nth(1500)
        .map_or(lead_text.len(), |(b, _)| b);
    let lead = topic::stems(&lead_text[..cut]);
    let lo = start.saturating_sub(40);
    let mut best: Option<(f32, usize, title::Unglued)> = None;
    let mut scored: Vec<(usize, f32)> = Vec::new();
    let mut junk_between = 0.0f32;
    let mut standfirst_below = false;
    // The first lines of the run too: a headline with a "?" inside reads
    // as prose, but one printed twice on the page is still a headline.
    let hi = (start + 3).min(end);
    for i in (lo..hi).rev() {
        let k = kinds[i];
        if k == Some(Chrome::Separator) {
            break;
        }
        let l = &lines[i];
        let opening = i == start && opens_with_headline(lines, kinds, start, end);
        if i >= start && !opening && (l.ends_sentence || !shape[i].copy || l.chars > 200) {
            continue;
        }
        let may_be = k.is_none()
            || matches!(
                k,
                Some(Chrome::Item(Navigation | Date | Feed | Boilerplate))
            );
        let after_ad = i > 0 && kinds[i - 1] == Some(Chrome::Item(Promo));
        if may_be && l.words >= 4 {
            let u = title::unglue(&l.text);
            let head = &l.text[u.start..u.end];
            let hl = Line::new(l.no, head.to_string(), head.to_string());
            if (k.is_none() || u.glued(&l.text))
                && title::is_headline_like(&hl)
                && (!hl.is_prose() || i >= start)
                && !title::is_site_header(head)
            {
                let own = topic::stems(head);
                let overlap = if own.is_empty() {
                    0.0
                } else {
                    own.iter().filter(|w| lead.contains(*w)).count() as f32 / own.len() as f32
                };
                // Printed again as itself, or with a credit or the site's
                // name after it; a paragraph that opens with the same words
                // is not a copy.
                let printed_again = lines.iter().enumerate().any(|(j, o)| {
                    j != i
                        && (o.text == head
                            || (o.text.len() > head.len()
                                && o.text.starts_with(head)
                                && !shape[j].prose
                                && o.text[head.len()..].split_whitespace().count() <= 8))
                });
                // A photo printed twice with its credit is a caption pair.
                let twin = (i > 0 && lines[i - 1].text == l.text)
                    || lines.get(i + 1).is_some_and(|n| n.text == l.text);
                let caption_pair = twin
                    && (i.saturating_sub(2)..(i + 3).min(lines.len())).any(|m| is_credit(kinds[m]));
                // The site's own name, signed in the footer.
                let site_name = lines
                    .iter()
                    .any(|o| o.text.contains('©') && o.text.contains(head));
                let mut score = 3.0 * overlap - junk_between;
                if printed_again {
                    score += 1.5;
                }
                if caption_pair || site_name {
                    score = f32::MIN;
                }
                // Right above the body, with only furniture between.
                if junk_between == 0.0 && !standfirst_below {
                    score += TITLE_MIN_SCORE + 0.1;
                }
                if standfirst_below {
                    score += 0.5;
                }
                if hl.ends_sentence && !title::ends_with_abbreviation(head) {
                    score -= 1.0;
                }
                if after_ad {
                    score -= 1.0;
                }
                scored.push((i, score));
                if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                    best = Some((score, i, u));
                }
            }
        }
        // What this line means for the candidates above it.
        if k.is_none() {
            if is_standfirst(l) && !shape[i].copy {
                standfirst_below = true;
            } else if !shape[i].copy {
                junk_between += if l.words <= 3 { 0.3 } else { 0.5 };
                standfirst_below = false;
            }
        } else if matches!(k, Some(Chrome::Item(Navigation | Feed))) {
            junk_between += 0.3;
        }
    }
    let (score, mut i, mut u) = best?;
    if score < TITLE_MIN_SCORE {
        return None;
    }
    let head = lines[i].text[u.start..u.end].to_string();
    // The earliest copy is the headline (later ones are image alt text and
    // captions), except a page-title copy when the headline is also printed
    // clean. Dates glued to any copy count.
    let copies: Vec<(usize, title::Unglued)> = (lo..start)
        .filter(|&j| j == i || lines[j].text.starts_with(head.as_str()))
        .map(|j| (j, title::unglue(&lines[j].text)))
        .filter(|(j, c)| lines[*j].text[c.start..c.end] == head || *j == i)
        .collect();
    let date = copies.iter().find_map(|(_, c)| c.date);
    let clean_exists = copies.iter().any(|(_, c)| !c.crumb);
    if let Some((j, c)) = copies.into_iter().find(|(_, c)| !(clean_exists && c.crumb)) {
        i = j;
        u = c;
    }
    u.date = u.date.or(date);
    // Two headline-shaped lines, one under the other: the upper one is the
    // headline, the lower one its standfirst.
    if let Some(&(j, sj)) = scored.iter().find(|(j, _)| *j < i) {
        let plain_between = (j + 1..i).any(|m| {
            !(shape[m].copy
                || matches!(
                    kinds[m],
                    Some(Chrome::Item(
                        Date | Byline | Widget | Noise | Duplicate | PhotoCredit
                    ))
                ))
        });
        let uj = title::unglue(&lines[j].text);
        let same = lines[j].text[uj.start..uj.end] == head;
        if sj >= TITLE_MIN_SCORE && !plain_between && !lines[j].ends_sentence && !same {
            i = j;
            u = uj;
            u.date = u.date.or(date);
        }
    }
    Some((i, u))
}

/// Whether the run's first line is the headline printed as a line of text:
/// one short sentence (its last period may be an abbreviation's, "… 30 млрд
/// руб."), whose words the next paragraph says again — "В 2015 г. РЖД
/// инвестировали … 30 млрд руб." over "С начала года РЖД инвестировали …".
fn opens_with_headline(lines: &[Line], kinds: &[Option<Chrome>], start: usize, end: usize) -> bool {
    let l = &lines[start];
    let Some(next) = (start + 1..=end).find(|&j| kinds[j].is_none()) else {
        return false;
    };
    let one_sentence = !title::has_inner_sentence_end(&l.text)
        && (!l.ends_sentence || title::ends_with_abbreviation(&l.text));
    if !(one_sentence && title::is_headline_like(l) && l.chars <= 150) {
        return false;
    }
    let own = topic::stems(&l.text);
    let again = topic::stems(&lines[next].text);
    own.len() >= 4
        && lines[next].chars > l.chars
        && own.iter().filter(|w| again.contains(*w)).count() * 10 >= own.len() * 7
}

/// How many lines from the headline (above it, or under the article) a
/// dateline may stand.
const DATE_REACH: usize = 6;

/// Least evidence for a headline (see [`find_title`]): a third of its words
/// in the lead with nothing else for it, or being printed twice.
const TITLE_MIN_SCORE: f32 = 0.6;

fn is_credit(k: Option<Chrome>) -> bool {
    matches!(k, Some(Chrome::Item(DropReason::PhotoCredit)))
}

/// Inside the run: furniture goes, short lines stay only as sentences,
/// quotes or attributions; repeats of the headline go.
fn inside_role(
    lines: &[Line],
    kinds: &[Option<Chrome>],
    shape: &[Shape],
    i: usize,
    title: Option<&str>,
) -> Role {
    let l = &lines[i];
    if let Some(t) = title {
        if l.text == t || (l.text.starts_with(t) && kinds[i].is_none() && !shape[i].prose) {
            return Role::Drop(DropReason::Duplicate);
        }
    }
    match kinds[i] {
        Some(Chrome::Item(r)) => return Role::Drop(r),
        Some(Chrome::Separator) => return Role::Drop(DropReason::Feed),
        None => {}
    }
    if shape[i].prose || shape[i].list || chrome::is_attribution(&l.text) {
        return Role::Content;
    }
    let sentence = l.ends_sentence && l.words >= 4 && l.lower_ratio >= 0.4;
    // A subheading: a short capitalised line between two paragraphs.
    let subheading = (2..=8).contains(&l.words)
        && !l.has_sentence_end
        && l.text.chars().next().is_some_and(char::is_uppercase)
        && i > 0
        && shape[i - 1].prose
        && shape.get(i + 1).is_some_and(|n| n.prose)
        && !is_credit(kinds.get(i + 1).copied().flatten())
        && !is_credit(kinds[i - 1])
        && {
            // About the article, not "Полная версия сайта".
            let around = format!(
                "{} {} {}",
                title.unwrap_or(""),
                lines[i - 1].text,
                lines.get(i + 1).map_or("", |n| n.text.as_str())
            );
            topic::overlap(&l.text, &around) >= 0.5
        };
    // A list's opening line ("В перечень вошли:"), or a line that leads in
    // to what follows it: a speaker before a dashed quote ("Владислав
    // Кузнецов, вице-губернатор Курганской области:"), a heading before
    // figures ("Ключевые показатели 2025 года:").
    let leads_in = l.text.ends_with(':')
        && l.words >= 3
        && lines.get(i + 1).is_some_and(|n| {
            shape[i + 1].prose
                || shape[i + 1].list
                || n.text.starts_with(['-', '–', '—', '«'])
                || (n.ends_sentence && n.words >= 4)
        })
        && kinds.get(i + 1).copied().flatten().is_none();
    let opens_list = shape[i].list && l.text.ends_with(':') || leads_in;
    if subheading || opens_list {
        return Role::Content;
    }
    let quote = l.text.starts_with(['«', '"', '“']) && l.words >= 4;
    if sentence || quote {
        return Role::Content;
    }
    if i > 0 && lines[i - 1].text == l.text || lines.get(i + 1).is_some_and(|n| n.text == l.text) {
        return Role::Drop(DropReason::Duplicate);
    }
    // A short, unpunctuated line between paragraphs: a caption or credit
    // without a "Фото:" label, or a widget we have no name for.
    Role::Drop(DropReason::PhotoCredit)
}

static DOUBLE_SPACE_BREAK: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"([.!?…»])\s{2,}([\p{Lu}«])").expect("static regex"));
static GLUED_SENTENCE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(\p{Ll}{3}[»)]?[.!?])(\p{Lu}\p{Ll})").expect("static regex")
});

/// Splits a content line into paragraphs where two were glued: a sentence
/// end followed by two or more spaces, or "слово.Слово" with no space.
fn split_glued(raw: &str) -> Vec<String> {
    let mut cuts = Vec::new();
    // Cheap byte checks first: most lines have neither kind of glue.
    let bytes = raw.as_bytes();
    let double_space = raw.trim().contains("  ");
    let glued = bytes
        .windows(2)
        .any(|w| matches!(w[0], b'.' | b'!' | b'?') && (w[1] >= 0xC0 || w[1].is_ascii_uppercase()));
    if !double_space && !glued {
        return vec![squash(raw)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
    }
    for c in DOUBLE_SPACE_BREAK.captures_iter(raw) {
        if let (Some(a), Some(b)) = (c.get(1), c.get(2)) {
            cuts.push((a.end(), b.start()));
        }
    }
    for c in GLUED_SENTENCE.captures_iter(raw) {
        if let (Some(a), Some(b)) = (c.get(1), c.get(2)) {
            // Not inside a web address ("amurobl.Ru" would be lowercase anyway).
            cuts.push((a.end(), b.start()));
        }
    }
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut pos = 0;
    for (a, b) in cuts {
        if a < pos {
            continue;
        }
        out.push(squash(&raw[pos..a]));
        pos = b;
    }
    out.push(squash(&raw[pos..]));
    out.retain(|s| !s.is_empty());
    out
}

/// The chosen headline: its line, its text with the glue taken off, a date
/// found in that glue, and where a lead glued to it starts.
struct Headline {
    line: usize,
    text: String,
    date: Option<PartialDate>,
    lead: Option<usize>,
}

fn build(
    lines: Vec<Line>,
    roles: Vec<Role>,
    headline: Option<Headline>,
    source: Option<String>,
    run_start: usize,
    run_end: usize,
) -> Analysis {
    let mut dropped: Vec<Dropped> = Vec::new();
    let title_idx = headline.as_ref().map(|h| h.line);
    let mut title: Option<String> = headline.as_ref().map(|h| h.text.clone());
    // (distance from the headline, date); a date glued to the headline is
    // as near as it gets.
    let mut date: Option<(usize, PartialDate)> =
        headline.as_ref().and_then(|h| h.date).map(|d| (0, d));
    let anchor = title_idx.unwrap_or(run_start);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut first_content = true;
    let mut roles = roles;

    for (i, l) in lines.iter().enumerate() {
        let role = roles[i];
        match role {
            Role::Drop(reason) => {
                // Datelines stand by the headline; a date far above it is a
                // header clock or another story's.
                let near = i <= anchor + 3 && anchor.saturating_sub(i) <= DATE_REACH;
                if reason == DropReason::Date && near {
                    if let Some(d) = dates::parse(&l.text) {
                        let dist = i.abs_diff(anchor);
                        if date.as_ref().is_none_or(|(bd, _)| dist < *bd) {
                            date = Some((dist, d));
                        }
                    }
                }
                dropped.push(Dropped {
                    line: l.no,
                    text: l.text.clone(),
                    reason,
                });
            }
            Role::Title => {
                // A lead glued to the headline ("…предприятийВ обозримом…").
                if let Some(n) = headline.as_ref().and_then(|h| h.lead) {
                    first_content = false;
                    push_segments(&mut paragraphs, &mut dropped, l.no, &l.text[n..]);
                }
            }
            Role::Content => {
                let mut raw_text: &str = &l.raw;
                let trimmed = raw_text.trim_start();
                raw_text = trimmed;
                if first_content {
                    first_content = false;
                    // Outlet name glued to the lead: "Ставрополь-ИнфоНа Ставрополье…".
                    if let Some(s) = &source {
                        if let Some(rest) = raw_text.strip_prefix(s.as_str()) {
                            if rest
                                .chars()
                                .next()
                                .is_some_and(|c| c.is_uppercase() || c == '«')
                            {
                                dropped.push(Dropped {
                                    line: l.no,
                                    text: s.clone(),
                                    reason: DropReason::Source,
                                });
                                raw_text = rest;
                            }
                        }
                    }
                    // Rubric and date glued to the lead.
                    if let Some((n, d)) = dates::glued_prefix(raw_text) {
                        dropped.push(Dropped {
                            line: l.no,
                            text: squash(&raw_text[..n]),
                            reason: DropReason::Date,
                        });
                        if let Some(d) = d {
                            date = Some((0, d));
                        }
                        raw_text = &raw_text[n..];
                    }
                    // Headline glued to the lead, when the page has no headline line.
                    if title.is_none() {
                        if let Some(n) = title::glued_headline(raw_text)
                            .or_else(|| title::glued_by_period(raw_text))
                        {
                            title = Some(squash(raw_text[..n].trim_end_matches('.')));
                            roles[i] = Role::Content;
                            raw_text = &raw_text[n..];
                        }
                    }
                    // Headline repeated as the lead's first sentence.
                    if let Some(t) = &title {
                        let squashed = squash(raw_text);
                        if let Some(rest) = squashed.strip_prefix(t.as_str()) {
                            if let Some(rest) = rest.strip_prefix('.') {
                                if !rest.trim().is_empty() {
                                    dropped.push(Dropped {
                                        line: l.no,
                                        text: format!("{t}."),
                                        reason: DropReason::Duplicate,
                                    });
                                    push_segments(&mut paragraphs, &mut dropped, l.no, rest.trim());
                                    continue;
                                }
                            }
                        }
                    }
                }
                push_segments(&mut paragraphs, &mut dropped, l.no, raw_text);
            }
        }
    }

    let mut title_inferred = false;
    if title.is_none() {
        if let Some(first) = paragraphs.first() {
            // Not from the dateline: "СИМФЕРОПОЛЬ, 5 сен – РИА Новости Крым."
            // says where and who, not what.
            let lead = &first[source::dateline_len(first).unwrap_or(0)..];
            title = title::infer(lead, INFERRED_TITLE_MAX);
            title_inferred = title.is_some();
        }
    }
    // Some sites print the date under the article ("Дата публикации: …",
    // "Опубликовано …"): the first dateline after the body, before any list
    // of other stories.
    if date.is_none() {
        date = lines
            .iter()
            .enumerate()
            .skip(run_end + 1)
            .take(DATE_REACH)
            .take_while(|(i, _)| roles[*i] != Role::Drop(DropReason::Feed))
            .filter(|(i, _)| roles[*i] == Role::Drop(DropReason::Date))
            .find_map(|(_, l)| dates::parse(&l.text))
            .map(|d| (usize::MAX, d));
    }
    if date.is_none() {
        date = lines
            .iter()
            .enumerate()
            .find_map(|(i, l)| {
                // The page's own address: a labelled link ("Источник:",
                // "Адрес материала:") or a line that is only an address,
                // not a link to another story inside a paragraph.
                let address = l.text.contains("http") || l.text.contains(".ru/");
                let own = address
                    && (roles[i] == Role::Drop(DropReason::Source)
                        || !l.text.contains(' ')
                        || chrome::classify(&l.text, l.words)
                            == Some(Chrome::Item(DropReason::Source)));
                own.then(|| dates::parse_url(&l.text)).flatten()
            })
            .map(|d| (usize::MAX, d));
    }

    let verdicts = lines
        .iter()
        .enumerate()
        .map(|(i, l)| LineVerdict {
            line: l.no,
            verdict: match roles[i] {
                Role::Title => Verdict::Title,
                Role::Content if Some(i) == title_idx => Verdict::Title,
                Role::Content => Verdict::Content,
                Role::Drop(r) => Verdict::Dropped(r),
            },
        })
        .collect();
    dropped.sort_by_key(|d| d.line);
    Analysis {
        verdicts,
        cleaned: Cleaned {
            title,
            title_inferred,
            date: date.map(|(_, d)| d),
            source,
            paragraphs,
            dropped,
        },
    }
}

/// Adds the paragraphs of one content line; an attribution line joins the
/// paragraph before it ("«…», – отметила Оксана Кукшенёва.").
///
/// A piece split off a glued line that is itself furniture ("…завода.Фото:
/// пресс-служба") is dropped with its reason.
fn push_segments(paragraphs: &mut Vec<String>, dropped: &mut Vec<Dropped>, line: usize, raw: &str) {
    let segments = split_glued(raw);
    let several = segments.len() > 1;
    for seg in segments {
        if several {
            let words = lines::word_stats(&seg).0;
            if let Some(Chrome::Item(reason)) = chrome::classify(&seg, words) {
                dropped.push(Dropped {
                    line,
                    text: seg,
                    reason,
                });
                continue;
            }
        }
        match paragraphs.last_mut() {
            Some(prev) if chrome::is_attribution(&seg) => {
                prev.push(' ');
                prev.push_str(&seg);
            }
            _ => paragraphs.push(seg),
        }
    }
}

/// No run at all (no words, or only furniture): everything is dropped.
fn empty(lines: &[Line], kinds: &[Option<Chrome>]) -> Analysis {
    let reason = |i: usize| match kinds[i] {
        Some(Chrome::Item(r)) => r,
        _ => DropReason::Noise,
    };
    Analysis {
        verdicts: lines
            .iter()
            .enumerate()
            .map(|(i, l)| LineVerdict {
                line: l.no,
                verdict: Verdict::Dropped(reason(i)),
            })
            .collect(),
        cleaned: Cleaned {
            title: None,
            title_inferred: false,
            date: None,
            source: None,
            paragraphs: Vec::new(),
            dropped: lines
                .iter()
                .enumerate()
                .map(|(i, l)| Dropped {
                    line: l.no,
                    text: l.text.clone(),
                    reason: reason(i),
                })
                .collect(),
        },
    }
}
