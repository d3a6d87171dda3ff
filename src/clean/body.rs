//! Finding the body (layer 3 of [`super`]): every line is scored (prose for,
//! furniture against, other-story headers strongly against) and the body is
//! the maximum-sum contiguous run, widened across a photo, its caption or a
//! share row when prose continues on the other side.

use super::*;

/// Per-line score for the run search: prose counts by its length, furniture
/// and short lines count against, headers of other-story lists block.
pub(super) fn line_score(l: &Line, k: Option<Chrome>, sh: &Shape) -> f32 {
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
pub(super) fn find_run(
    lines: &[Line],
    kinds: &[Option<Chrome>],
    shape: &[Shape],
) -> Option<(usize, usize)> {
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
pub(super) struct Shape {
    /// Prose, or the page's last line cut mid-sentence by the copy (long,
    /// lowercase, no final period).
    pub(super) prose: bool,
    /// A list item (bullet, number, ";" end) under a "…:" line or another
    /// item, or the "…:" line that opens such a list.
    pub(super) list: bool,
    /// The same text stands on another line (a headline printed twice, a
    /// caption under a photo).
    pub(super) copy: bool,
}

pub(super) fn shapes(lines: &[Line], kinds: &[Option<Chrome>]) -> Vec<Shape> {
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
pub(super) fn starts_with_other_line(
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
pub(super) fn is_list_item(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(['•', '·', '*', '▪', '●', '—', '–', '-'])
        || t.ends_with(';')
        || t.split_once([')', '.']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit())
        })
}

/// A standfirst under a headline: a line of text, not a menu item.
pub(super) fn is_standfirst(l: &Line) -> bool {
    title::is_headline_like(l)
        || (l.words >= 5 && l.ends_sentence && l.lower_ratio >= 0.5 && l.chars <= 300)
}

/// A date in the header next to the weather is the day the page was
/// copied (a header clock), not the publication date.
pub(super) fn header_clocks(kinds: &mut [Option<Chrome>]) {
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
pub(super) fn inside_furniture(k: Option<Chrome>) -> bool {
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
pub(super) fn extend_run(
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
pub(super) fn closes_article(l: &Line, k: Option<Chrome>, shape: &Shape) -> bool {
    k.is_none()
        && !shape.copy
        && l.words >= 5
        && l.text.ends_with('.')
        && l.lower_ratio >= 0.3
        && !topic::is_background(&l.text)
}
