//! Inside the run and the output (layers 5 and 6 of [`super`]): which short
//! lines are kept, glued paragraphs split, and the cleaned text with its
//! headline, date and outlet put together.

use super::*;

/// Inside the run `(start, end)`: furniture goes, short lines stay only as
/// sentences, quotes or attributions; repeats of the headline go.
pub(super) fn inside_role(
    lines: &[Line],
    kinds: &[Option<Chrome>],
    shape: &[Shape],
    (start, end): (usize, usize),
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
    // The run's last line may be a closing sentence that is too full of
    // names to look like prose (see `extend_run`).
    if i == end && i > start && closes_article(l, kinds[i], &shape[i]) {
        return Role::Content;
    }
    // A short, unpunctuated line between paragraphs: a caption or credit
    // without a "Фото:" label, or a widget we have no name for.
    Role::Drop(DropReason::PhotoCredit)
}

pub(super) static DOUBLE_SPACE_BREAK: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"([.!?…»])\s{2,}([\p{Lu}«])").expect("static regex"));
pub(super) static GLUED_SENTENCE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(\p{Ll}{3}[»)]?[.!?])(\p{Lu}\p{Ll})").expect("static regex")
});

/// Splits a content line into paragraphs where two were glued: a sentence
/// end followed by two or more spaces, or "слово.Слово" with no space.
pub(super) fn split_glued(raw: &str) -> Vec<String> {
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
pub(super) struct Headline {
    pub(super) line: usize,
    pub(super) text: String,
    pub(super) date: Option<PartialDate>,
    pub(super) lead: Option<usize>,
}

pub(super) fn build(
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
pub(super) fn push_segments(
    paragraphs: &mut Vec<String>,
    dropped: &mut Vec<Dropped>,
    line: usize,
    raw: &str,
) {
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
