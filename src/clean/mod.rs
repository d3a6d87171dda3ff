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
//! 3. `body::find_run`: score every line (prose positive, furniture negative,
//!    "other stories" headers very negative) and take the maximum-sum
//!    contiguous run (Kadane). That is the body.
//!    The run is then widened across a photo, its caption or a row of share
//!    buttons when prose continues on the other side (`extend_run`).
//! 4. Around the run: the headline is chosen by evidence
//!    (`headline::find_title`): every headline-shaped line above the body, with glued breadcrumbs,
//!    rubrics, dates, bylines and page-title suffixes taken off
//!    ([`title::unglue`]), is scored by how much of it the lead repeats,
//!    whether the page prints it again (alt text, caption, page title),
//!    a standfirst under it and nothing but furniture between it and the
//!    body; menus and plain lines in between count against it. The earliest
//!    copy wins; a standfirst between the headline and the body is kept.
//!    With no headline, one is inferred from the lead ([`title::infer`]) and
//!    `title_inferred` is set.
//! 5. Inside the run (`assemble`): short lines are kept only when they read as a sentence
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

mod assemble;
mod body;
pub mod chrome;
pub mod dates;
mod headline;
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
use assemble::*;
use body::*;
use chrome::Chrome;
use headline::*;
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
        *r = inside_role(&lines, &kinds, &shape, (start, end), i, title_text);
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
