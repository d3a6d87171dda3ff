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
//! 4. Around the run: the headline is the nearest headline-shaped line above
//!    it, skipping datelines, credits and bylines; a standfirst between the
//!    headline and the body is kept. With no headline, one is inferred from
//!    the lead ([`title::infer`]) and `title_inferred` is set.
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
//! see [`dates`]); the outlet comes from "Источник:", the site header or the
//! copyright line ([`source`]).
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
pub mod source;
pub mod title;
pub mod topic;

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
    let kinds: Vec<Option<Chrome>> = lines
        .iter()
        .map(|l| chrome::classify(&l.text, l.words))
        .collect();
    let Some((start, end)) = find_run(&lines, &kinds) else {
        return empty(&lines, &kinds);
    };
    let mut roles: Vec<Role> = vec![Role::Drop(DropReason::Boilerplate); lines.len()];

    // Before the run: headline, standfirst, header chrome.
    let title_idx = find_title(&lines, &kinds, start);
    for (r, k) in roles.iter_mut().zip(&kinds).take(start) {
        *r = Role::Drop(reason_or(*k, DropReason::Navigation));
    }
    if let Some(t) = title_idx {
        roles[t] = Role::Title;
        for (i, l) in lines.iter().enumerate().take(start).skip(t + 1) {
            if l.text == lines[t].text {
                roles[i] = Role::Drop(DropReason::Duplicate);
            } else if kinds[i].is_none() && title::is_headline_like(l) && l.words >= 5 {
                roles[i] = Role::Content; // standfirst under the headline
            }
        }
    }
    for (i, r) in roles.iter_mut().enumerate().take(end + 1).skip(start) {
        *r = inside_role(&lines, &kinds, i, title_idx);
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
        if let Role::Drop(_) = roles[*si] {
            roles[*si] = Role::Drop(DropReason::Source);
        }
    }
    let source = src.map(|(_, s)| s);

    build(lines, roles, title_idx, source, start, end)
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
fn line_score(l: &Line, k: Option<Chrome>) -> f32 {
    match k {
        Some(Chrome::Separator) => -25.0,
        Some(Chrome::Item(_)) if l.is_prose() => -0.5,
        // Credits, captions, datelines and bylines sit inside articles.
        Some(Chrome::Item(
            DropReason::PhotoCredit | DropReason::Duplicate | DropReason::Date | DropReason::Byline,
        )) => -0.5,
        Some(Chrome::Item(_)) => -2.0,
        None if l.is_prose() => 1.0 + (l.chars.min(600) as f32) / 150.0,
        None if chrome::is_attribution(&l.text) => 0.5,
        None if l.ends_sentence && l.words >= 5 && l.lower_ratio >= 0.5 => 0.2,
        None => -1.0,
    }
}

/// Maximum-sum contiguous run of lines (indices, inclusive). When no line is
/// prose, the longest text-like line stands alone, so short inputs still
/// give an article.
fn find_run(lines: &[Line], kinds: &[Option<Chrome>]) -> Option<(usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let mut cur = 0.0f32;
    let mut cur_start = 0;
    for (i, l) in lines.iter().enumerate() {
        let s = line_score(l, kinds[i]);
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

/// The headline: walking up from the body, skip datelines, credits, bylines,
/// counters, video labels and one short name line (an aggregator's outlet);
/// the first other line is the headline if it has a headline's shape. When
/// the line above it is headline-shaped too, the lower one is a standfirst
/// and the upper one the headline. A pair of identical lines next to a photo
/// credit is a caption, not a headline printed twice; a line announced by
/// "Реклама" is an advert.
fn find_title(lines: &[Line], kinds: &[Option<Chrome>], start: usize) -> Option<usize> {
    use DropReason::*;
    let mut i = start;
    let mut skipped = 0;
    let mut name_skipped = false;
    let headline_at = |j: usize| -> bool {
        kinds[j].is_none()
            && title::is_headline_like(&lines[j])
            && !lines[j].is_prose()
            && !(j > 0 && matches!(kinds[j - 1], Some(Chrome::Item(Promo))))
    };
    while i > 0 && skipped < 6 {
        i -= 1;
        match kinds[i] {
            Some(Chrome::Item(
                Date | PhotoCredit | Byline | Noise | Widget | Duplicate | Boilerplate,
            )) => {
                skipped += 1;
                continue;
            }
            Some(_) => return None,
            None => {}
        }
        let l = &lines[i];
        if i > 0 && lines[i - 1].text == l.text {
            let credit_near = (i >= 2 && is_credit(kinds[i - 2]))
                || (i + 1 < lines.len() && is_credit(kinds[i + 1]));
            if credit_near {
                i -= 1;
                skipped += 2;
                continue;
            }
            return headline_at(i - 1).then_some(i - 1);
        }
        if headline_at(i) {
            if i > 0 && headline_at(i - 1) && !lines[i - 1].ends_sentence {
                return Some(i - 1);
            }
            return Some(i);
        }
        let name_like = l.words <= 3 && !l.has_sentence_end;
        if name_like && !name_skipped {
            name_skipped = true;
            skipped += 1;
            continue;
        }
        return None;
    }
    None
}

fn is_credit(k: Option<Chrome>) -> bool {
    matches!(k, Some(Chrome::Item(DropReason::PhotoCredit)))
}

/// Inside the run: furniture goes, short lines stay only as sentences,
/// quotes or attributions; repeats of the headline go.
fn inside_role(lines: &[Line], kinds: &[Option<Chrome>], i: usize, title: Option<usize>) -> Role {
    let l = &lines[i];
    if let Some(t) = title {
        if lines[t].text == l.text {
            return Role::Drop(DropReason::Duplicate);
        }
    }
    match kinds[i] {
        Some(Chrome::Item(r)) => return Role::Drop(r),
        Some(Chrome::Separator) => return Role::Drop(DropReason::Feed),
        None => {}
    }
    if l.is_prose() || chrome::is_attribution(&l.text) {
        return Role::Content;
    }
    let sentence = l.ends_sentence && l.words >= 4 && l.lower_ratio >= 0.4;
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

fn build(
    lines: Vec<Line>,
    roles: Vec<Role>,
    title_idx: Option<usize>,
    source: Option<String>,
    run_start: usize,
    run_end: usize,
) -> Analysis {
    let mut dropped: Vec<Dropped> = Vec::new();
    let mut title: Option<String> = title_idx.map(|t| lines[t].text.clone());
    let mut date: Option<(usize, PartialDate)> = None; // (distance, date)
    let anchor = title_idx.unwrap_or(run_start);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut first_content = true;
    let mut roles = roles;

    for (i, l) in lines.iter().enumerate() {
        let role = roles[i];
        match role {
            Role::Drop(reason) => {
                if reason == DropReason::Date && (i <= anchor + 3 || i < run_start) {
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
            Role::Title => {}
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
                        if let Some(n) = title::glued_headline(raw_text) {
                            title = Some(squash(&raw_text[..n]));
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
            title = title::infer(first, INFERRED_TITLE_MAX);
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
            .take_while(|(i, _)| roles[*i] != Role::Drop(DropReason::Feed))
            .filter(|(i, _)| roles[*i] == Role::Drop(DropReason::Date))
            .find_map(|(_, l)| dates::parse(&l.text))
            .map(|d| (usize::MAX, d));
    }
    if date.is_none() {
        date = lines
            .iter()
            .find_map(|l| {
                (l.text.contains("http") || l.text.contains(".ru/"))
                    .then(|| dates::parse_url(&l.text))
                    .flatten()
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
