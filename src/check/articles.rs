//! The per-article checks: guessed titles, missing, future and approximate
//! dates, very short texts, and lines the cleaner dropped from the middle of
//! an article.

use crate::model::Kept;
use crate::model::{
    Article, CleanDoc, Diagnostic, Dropped, Format as DocFormat, SiteGraph, SourceDoc,
};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Articles with fewer words than this are reported as short.
const SHORT_WORDS: usize = 25;

/// The file line of the first non-blank line of the body.
fn first_text_line(src: &SourceDoc) -> usize {
    src.body_line
        + src
            .body
            .lines()
            .position(|l| !l.trim().is_empty())
            .unwrap_or(0)
}

/// The per-article findings of every article of `g`.
pub(super) fn checks(
    g: &SiteGraph,
    by_path: &HashMap<&Path, &Kept>,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    g.articles
        .par_iter()
        .flat_map_iter(|a| article_findings(a, by_path, today))
        .collect()
}

/// The per-article findings that need only the linked site, not the source
/// text (no dropped-line matching; body findings point at line 1): what
/// `build` and `serve` count and show the first of, so an editor learns of
/// undated or headline-less articles without running `check`. Sorted.
pub fn site_warnings(g: &SiteGraph, today: NaiveDate) -> Vec<Diagnostic> {
    let mut v = checks(g, &HashMap::new(), today);
    v.sort_by(|a, b| {
        (&a.file, a.line, a.col, &a.message).cmp(&(&b.file, b.line, b.col, &b.message))
    });
    v
}

/// The per-article checks of one article.
fn article_findings(
    a: &Article,
    by_path: &HashMap<&Path, &Kept>,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let d = &a.doc;
    let kept = by_path.get(d.path.as_path()).copied();
    let src = kept.map(|k| &k.source);
    let body_line = src.map_or(1, first_text_line);
    if d.title_inferred {
        out.push(
            Diagnostic::warning(
                &d.path,
                body_line,
                1,
                format!(
                    "no headline found; the title {:?} was made from the first sentence",
                    d.title
                ),
            )
            .with_hint("add title = \"…\" to the front matter (+++ lines at the top)")
            .with_code("inferred-title"),
        );
    }
    match d.date {
        None => out.push(
            Diagnostic::warning(
                &d.path,
                1,
                1,
                "article has no date; it is listed as undated",
            )
            .with_hint("add date = 2025-07-07 to the front matter (+++ lines at the top)")
            .with_code("missing-date"),
        ),
        Some(date) => {
            if date.first_day() > today {
                out.push(
                    Diagnostic::warning(
                        &d.path,
                        src.map_or(1, |s| s.front_line("date")),
                        1,
                        format!("date {date} is in the future"),
                    )
                    .with_hint("check the year and month of the date")
                    .with_code("future-date"),
                );
            } else if !date.is_exact() {
                out.push(
                    Diagnostic::warning(
                        &d.path,
                        src.map_or(1, |s| s.front_line("date")),
                        1,
                        format!(
                            "date {date} has no day; the article sorts at the end of its period"
                        ),
                    )
                    .with_hint(
                        "write the full date, e.g. date = 2025-07-07, if the source gives it",
                    )
                    .with_code("approximate-date"),
                );
            }
        }
    }
    // The outlet is only ever taken from evidence on a pasted page; when
    // there is none the site shows no source rather than a guess, and the
    // editor is asked here.
    let pasted = src.is_some_and(|s| s.format == DocFormat::Text);
    if pasted && d.source.is_none() {
        out.push(
            Diagnostic::warning(
                &d.path,
                1,
                1,
                "no outlet found on the page; the article is shown without a source",
            )
            .with_hint(
                "add source = \"…\" (and source_url) to the front matter (+++ lines at the top)",
            )
            .with_code("missing-source"),
        );
    }
    let words: usize = d.plain.iter().map(|p| p.split_whitespace().count()).sum();
    if words < SHORT_WORDS {
        out.push(
            Diagnostic::warning(
                &d.path,
                body_line,
                1,
                format!("article text is very short ({words} words)"),
            )
            .with_hint("check that the whole article was pasted")
            .with_code("short-body"),
        );
    }
    if let (Some(k), DocFormat::Text) = (kept, src.map(|s| s.format).unwrap_or(DocFormat::Markdown))
    {
        out.extend(dropped_inside(&k.source, d, &k.dropped));
    }
    out
}

/// Dropped lines that lie between the first and the last kept paragraph.
fn dropped_inside(src: &SourceDoc, d: &CleanDoc, dropped: &[Dropped]) -> Vec<Diagnostic> {
    // Most articles lose nothing; matching kept lines back to the source
    // costs a string per line, so it is done only when there is a drop.
    if dropped.is_empty() {
        return Vec::new();
    }
    let key = |s: &str| -> String {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(24)
            .collect()
    };
    let kept: HashSet<String> = d.plain.iter().map(|p| key(p)).collect();
    let kept_lines: Vec<usize> = src
        .body
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && kept.contains(&key(l)))
        .map(|(i, _)| src.body_line + i)
        .collect();
    let (Some(&first), Some(&last)) = (kept_lines.first(), kept_lines.last()) else {
        return Vec::new();
    };
    dropped
        .iter()
        .filter(|x| x.line > first && x.line < last)
        .map(|x| {
            let shown: String = x.text.chars().take(60).collect();
            Diagnostic::warning(
                &d.path,
                x.line,
                1,
                format!(
                    "the cleaner dropped a line inside the article ({:?}): {shown:?}",
                    x.reason
                ),
            )
            .with_hint("if this line belongs to the article, put the article in a .md file or edit the line")
            .with_code("dropped-inside-body")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_drops_between_kept_lines_are_reported() {
        use crate::model::{Body, CleanDoc, DropReason, Dropped, FrontMatter};
        let body = "Меню сайта\nПервый абзац статьи о заводе.\nРеклама\nВторой абзац статьи о заводе.\nПодпишитесь\n";
        let src = SourceDoc {
            path: "content/a.txt".into(),
            stem: "a".into(),
            format: DocFormat::Text,
            front: FrontMatter::default(),
            body: body.into(),
            body_line: 4,
            front_lines: Default::default(),
        };
        let plain = vec![
            "Первый абзац статьи о заводе.".to_string(),
            "Второй абзац статьи о заводе.".to_string(),
        ];
        let drop = |line, text: &str| Dropped {
            line,
            text: text.into(),
            reason: DropReason::Promo,
        };
        let doc = CleanDoc {
            path: "content/a.txt".into(),
            stem: "a".into(),
            title: "Т".into(),
            title_inferred: false,
            date: None,
            source: None,
            source_url: None,
            tags: Vec::new(),
            slug: None,
            body: Body::Plain { quotes: Vec::new() },
            plain,
        };
        // File lines: the body starts on line 4.
        let dropped = vec![
            drop(4, "Меню сайта"),
            drop(6, "Реклама"),
            drop(8, "Подпишитесь"),
        ];
        let d = dropped_inside(&src, &doc, &dropped);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 6);
        assert_eq!(d[0].code, Some("dropped-inside-body"));
    }
}
