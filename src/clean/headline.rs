//! Choosing the headline by evidence (layer 4 of [`super`]): every
//! headline-shaped line above the body is scored by what repeats it and what
//! stands between it and the body. The text rules of a title (unglueing,
//! inferring one from the lead) are in [`super::title`].

use super::*;

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
pub(super) fn find_title(
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
pub(super) fn opens_with_headline(
    lines: &[Line],
    kinds: &[Option<Chrome>],
    start: usize,
    end: usize,
) -> bool {
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
pub(super) const DATE_REACH: usize = 6;

/// Least evidence for a headline (see [`find_title`]): a third of its words
/// in the lead with nothing else for it, or being printed twice.
pub(super) const TITLE_MIN_SCORE: f32 = 0.6;

pub(super) fn is_credit(k: Option<Chrome>) -> bool {
    matches!(k, Some(Chrome::Item(DropReason::PhotoCredit)))
}
