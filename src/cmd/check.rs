//! `promdigest check`: every problem of the site, nothing written.
//!
//! Runs the same stages as `build` up to the site graph (load → clean →
//! extract → link), renders a sample of pages into a sink that discards
//! (chosen so every template and every optional part of every view runs, see
//! [`render::pages::sample`]; feeds and the search index are skipped, they
//! cannot fail on content), then looks at the result the way an editor
//! would: titles that had to be guessed, missing, future or approximate
//! dates, the same story pasted twice, slug collisions, entities seen once
//! in a suspicious grammatical form, very short articles, and text the
//! cleaner dropped from the middle of an article.
//!
//! Each problem has a stable `code` (see [`CODES`]); `--format json` prints
//! an array of `{file, line, col, severity, code, message, hint}` objects
//! (`hint` may be `null`), sorted by file and line. Errors make the exit
//! code 1; warnings alone leave it 0. Today's date (for future dates) is
//! taken here, once, and passed to the checks.

use super::{build, exit, report};
use crate::config::SiteConfig;
use crate::model::SiteGraph;
use crate::model::{Diagnostic, EntityKind, Format as DocFormat, SourceDoc};
use crate::render::{self, ru};
use crate::write::Sink;
use crate::{load, pipeline, timing};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: severity: message`, the source line, a hint, a summary.
    Text,
    /// A JSON array of `{file, line, col, severity, code, message, hint}`.
    Json,
}

/// Every `code` that `check` can report, with what it means.
pub const CODES: &[(&str, &str)] = &[
    (
        "content-error",
        "an article, template or site.toml cannot be used (any error without a more specific code)",
    ),
    ("content-warning", "any other warning from the build stages"),
    (
        "encoding",
        "the file is not UTF-8 and was decoded as Windows-1251 or KOI8-R",
    ),
    (
        "inferred-title",
        "the article has no headline; its title was made from the first sentence",
    ),
    ("missing-date", "the article has no date"),
    ("future-date", "the article's date is after today"),
    (
        "approximate-date",
        "the date is known only to the month or year",
    ),
    (
        "duplicate",
        "the same story is in another file (near-duplicate text)",
    ),
    (
        "slug-collision",
        "two articles want the same URL; this one got a -2 suffix",
    ),
    (
        "empty-slug",
        "the title gives no URL slug; the file name was used",
    ),
    (
        "suspicious-entity",
        "an entity seen once whose name looks like a case form (not nominative)",
    ),
    ("short-body", "the article text is very short"),
    (
        "dropped-inside-body",
        "the cleaner dropped a line between kept paragraphs",
    ),
];

/// Articles with fewer words than this are reported as short.
const SHORT_WORDS: usize = 25;
/// Jaccard similarity of word shingles from which two articles are duplicates.
const DUP_THRESHOLD: f64 = 0.5;

/// A sink that throws everything away: `check` renders to find template
/// errors, not to write. It declines the pages the sample leaves out (see
/// [`render::pages::sample`]) and checks that every path it is handed is
/// one `build` could write.
struct Discard {
    skip: HashSet<String>,
}

impl Sink for Discard {
    fn put(&self, path: &str, _bytes: Vec<u8>) -> std::io::Result<()> {
        crate::write::safe_relative(path).map(|_| ())
    }

    fn wants(&self, path: &str) -> bool {
        !self.skip.contains(path)
    }
}

/// Runs every stage and every check. Returns all findings, sorted.
pub fn run(
    root: &Path,
    drafts: bool,
    today: NaiveDate,
) -> Result<(usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let cfg = build::load_config(root, None, None)?;
    let t = timing::span("load");
    let loaded = load::run(&cfg.paths.content, &cfg.paths.root);
    drop(t);
    let mut diags = loaded.diagnostics;
    let sources: Vec<SourceDoc> = loaded
        .docs
        .into_iter()
        .filter(|d| drafts || !d.front.draft)
        .collect();
    let t = timing::span("clean+extract");
    let extractor = pipeline::extractor(&cfg);
    let annotated: Vec<_> = match &extractor {
        // The checks below read the source text again (lines, columns), so
        // the stages get a copy.
        Ok(x) => sources
            .par_iter()
            .map(|s| pipeline::annotate(s.clone(), x))
            .collect(),
        Err(d) => {
            diags.push(d.clone());
            Vec::new()
        }
    };
    drop(t);
    let mut docs = Vec::with_capacity(annotated.len());
    for a in annotated {
        match a {
            Ok(a) => docs.push(a),
            Err(d) => diags.push(d),
        }
    }
    let outcome = pipeline::link(docs, diags);
    let g = &outcome.graph;
    let by_path: HashMap<&Path, &SourceDoc> =
        sources.iter().map(|s| (s.path.as_path(), s)).collect();
    // The render sample and the checks read the graph and nothing else, so
    // they run side by side; the output is sorted afterwards.
    let (rendered, (articles, (dups, entities))) = rayon::join(
        || render_errors(&outcome, &cfg),
        || {
            rayon::join(
                || article_checks(root, g, &by_path, today),
                || rayon::join(|| duplicates(g), || suspicious_entities(g, &by_path)),
            )
        },
    );
    let t = timing::span("sort");
    let mut all = outcome.diagnostics;
    for d in [rendered, articles, dups, entities] {
        all.extend(d);
    }
    for d in &mut all {
        if d.code.is_none() {
            d.code = Some(if d.is_error() {
                "content-error"
            } else {
                "content-warning"
            });
        }
    }
    all.par_sort_by(|a, b| {
        (&a.file, a.line, a.col, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
    });
    all.dedup();
    drop(t);
    Ok((g.articles.len(), all))
}

/// Template errors, found by rendering a sample of pages that reaches every
/// template and every optional part of every view (see
/// [`render::pages::sample`]), plus asset errors. Feeds, the sitemap and
/// the search index are not made: they are built without templates from
/// the same graph and have no findings of their own (their only failure is
/// writing, and `check` writes nothing).
fn render_errors(outcome: &pipeline::Outcome, cfg: &SiteConfig) -> Vec<Diagnostic> {
    let _t = timing::span("render sample");
    let tera = match render::load_templates(&cfg.paths.templates, &cfg.paths.root) {
        Ok(t) => t,
        Err(d) => return d,
    };
    let sample = render::pages::sample::covering(&outcome.graph, cfg.per_page);
    let sink = Discard {
        skip: sample.unchanged.clone(),
    };
    let mut out = Vec::new();
    if let Err(e) = crate::write::copy_assets(&cfg.paths.assets, &sink) {
        out.push(build::assets_error(cfg, e));
    }
    // Rendered as `serve` shows it, the editor's notices included.
    let cfg = &SiteConfig {
        preview: true,
        ..cfg.clone()
    };
    let renderer = render::pages::Renderer::new(cfg, &tera, &outcome.graph);
    if let Err(d) = renderer.render_selected(&sink, &sample) {
        out.extend(d);
    }
    out
}

/// File line (1-based) and column of the first occurrence of `needle` in
/// the article body, or the body's first line.
fn locate(src: &SourceDoc, needle: &str) -> (usize, usize) {
    match src.body.find(needle) {
        Some(i) => {
            let before = &src.body[..i];
            let line = before.matches('\n').count();
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (src.body_line + line, col)
        }
        None => (src.body_line, 1),
    }
}

/// The file line of the first non-blank line of the body.
fn first_text_line(src: &SourceDoc) -> usize {
    src.body_line
        + src
            .body
            .lines()
            .position(|l| !l.trim().is_empty())
            .unwrap_or(0)
}

/// The file line of the front-matter key `key`, or line 1.
fn front_line(root: &Path, src: Option<&SourceDoc>, key: &str) -> usize {
    let Some(src) = src.filter(|s| s.body_line > 1) else {
        return 1;
    };
    let text = std::fs::read_to_string(root.join(&src.path))
        .or_else(|_| std::fs::read_to_string(&src.path))
        .unwrap_or_default();
    text.lines()
        .take(src.body_line - 1)
        .position(|l| l.trim_start().starts_with(key))
        .map_or(1, |i| i + 1)
}

fn article_checks(
    root: &Path,
    g: &SiteGraph,
    by_path: &HashMap<&Path, &SourceDoc>,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    g.articles
        .par_iter()
        .flat_map_iter(|a| article_findings(root, a, by_path, today))
        .collect()
}

/// The per-article findings that need only the linked site, not the source
/// text (no dropped-line matching; body findings point at line 1): what
/// `build` and `serve` count and show the first of, so an editor learns of
/// undated or headline-less articles without running `check`. Sorted.
pub fn site_warnings(root: &Path, g: &SiteGraph, today: NaiveDate) -> Vec<Diagnostic> {
    let mut v = article_checks(root, g, &HashMap::new(), today);
    v.sort_by(|a, b| {
        (&a.file, a.line, a.col, &a.message).cmp(&(&b.file, b.line, b.col, &b.message))
    });
    v
}

/// The per-article checks of one article.
fn article_findings(
    root: &Path,
    a: &crate::model::Article,
    by_path: &HashMap<&Path, &SourceDoc>,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let d = &a.doc;
    let src = by_path.get(d.path.as_path()).copied();
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
                        front_line(root, src, "date"),
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
                        front_line(root, src, "date"),
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
    if let (Some(src), DocFormat::Text) =
        (src, src.map(|s| s.format).unwrap_or(DocFormat::Markdown))
    {
        out.extend(dropped_inside(src, d));
    }
    out
}

/// Dropped lines that lie between the first and the last kept paragraph.
fn dropped_inside(src: &SourceDoc, d: &crate::model::CleanDoc) -> Vec<Diagnostic> {
    // Most articles lose nothing; matching kept lines back to the source
    // costs a string per line, so it is done only when there is a drop.
    if d.dropped.is_empty() {
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
    d.dropped
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

// ---- near-duplicates: MinHash over word shingles, LSH banding ----

/// Words per shingle.
const SHINGLE: usize = 3;
const BANDS: usize = 20;
const ROWS: usize = 3;

fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser: a fast, well-spread 64-bit hash step.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn word_hash(w: &str) -> u64 {
    // FNV-1a over the lower-cased word, then mixed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in w.chars() {
        // Case folding for the letters that matter, without Unicode tables.
        let c = match c {
            'А'..='Я' => char::from_u32(c as u32 + 32).unwrap_or(c),
            'Ё' | 'ё' => 'е',
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => c,
        };
        h ^= c as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    mix(h)
}

/// Letters and digits; Russian and ASCII first, without the Unicode tables
/// (this runs over every character of every article).
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{0410}'..='\u{044f}').contains(&c)
        || c == 'ё'
        || c == 'Ё'
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// The sorted, distinct shingle hashes of an article's text.
pub fn shingles(paragraphs: &[String]) -> Vec<u64> {
    let words: Vec<u64> = paragraphs
        .iter()
        .flat_map(|p| p.split(|c: char| !is_word_char(c)))
        .filter(|w| !w.is_empty())
        .map(word_hash)
        .collect();
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| w.iter().fold(0u64, |h, &x| mix(h.rotate_left(17) ^ x)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted sets, or `None` as soon as it cannot
/// reach `threshold` any more: most LSH candidates share boilerplate, not
/// a story, and are given up on after a few comparisons (or none, when
/// their sizes alone rule it out).
fn jaccard_at_least(a: &[u64], b: &[u64], threshold: f64) -> Option<f64> {
    let total = a.len() + b.len();
    // Shared elements needed: both / (total - both) >= t ⇔ both >= t·total/(1+t).
    // Rounded down and one less, so float error can only make the pruning
    // weaker, never drop a pair; the exact test is the division at the end.
    let need = ((threshold * total as f64) / (1.0 + threshold)).floor() as usize;
    let need = need.saturating_sub(1);
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    if a.len().min(b.len()) < need {
        return None;
    }
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
        if both + (a.len() - i).min(b.len() - j) < need {
            return None;
        }
    }
    let union = total - both;
    let s = if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    };
    (s >= threshold).then_some(s)
}

/// Pairs `(i, j, similarity)` with `i < j` whose shingle sets are at least
/// [`DUP_THRESHOLD`] similar. Candidates come from LSH buckets (20 bands of 3
/// MinHash rows), so the work grows with the number of articles, not pairs.
pub fn near_duplicates(sets: &[Vec<u64>]) -> Vec<(usize, usize, f64)> {
    let seeds: Vec<u64> = (0..(BANDS * ROWS) as u64).map(|i| mix(i + 1)).collect();
    let t = timing::span("minhash+lsh");
    let sigs: Vec<Option<Vec<u64>>> = sets
        .par_iter()
        .map(|s| {
            if s.len() < 4 {
                return None;
            }
            Some(
                // One multiply per hash function: shingle hashes are already
                // well mixed, and x ↦ (x ^ seed) · odd is a permutation.
                seeds
                    .iter()
                    .map(|&seed| {
                        s.iter()
                            .map(|&x| (x ^ seed).wrapping_mul(0x9e37_79b9_7f4a_7c15))
                            .min()
                            .unwrap_or(0)
                    })
                    .collect(),
            )
        })
        .collect();
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for b in 0..BANDS {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, sig) in sigs.iter().enumerate() {
            if let Some(sig) = sig {
                let key = sig[b * ROWS..(b + 1) * ROWS]
                    .iter()
                    .fold(b as u64, |h, &x| mix(h ^ x));
                buckets.entry(key).or_default().push(i);
            }
        }
        for ids in buckets.values().filter(|v| v.len() > 1) {
            // A huge bucket means shared boilerplate, not one story: cap it.
            for (k, &i) in ids.iter().enumerate().take(64) {
                for &j in ids[k + 1..].iter().take(64) {
                    candidates.push((i.min(j), i.max(j)));
                }
            }
        }
    }
    // A pair sharing several bands is checked once.
    candidates.par_sort_unstable();
    candidates.dedup();
    drop(t);
    let _t = timing::span("jaccard");
    let mut out: Vec<(usize, usize, f64)> = candidates
        .into_par_iter()
        .filter_map(|(i, j)| Some((i, j, jaccard_at_least(&sets[i], &sets[j], DUP_THRESHOLD)?)))
        .collect();
    out.sort_by_key(|a| (a.0, a.1));
    out
}

fn duplicates(g: &SiteGraph) -> Vec<Diagnostic> {
    // Path order, so the later file (by name) is the one reported.
    let mut order: Vec<usize> = (0..g.articles.len()).collect();
    order.sort_by(|&a, &b| g.articles[a].doc.path.cmp(&g.articles[b].doc.path));
    let t = timing::span("shingles");
    let sets: Vec<Vec<u64>> = order
        .par_iter()
        .map(|&i| shingles(&g.articles[i].doc.plain))
        .collect();
    drop(t);
    let mut reported: HashSet<usize> = HashSet::new();
    let mut out = Vec::new();
    for (i, j, s) in near_duplicates(&sets) {
        if !reported.insert(j) {
            continue;
        }
        let (a, b) = (&g.articles[order[i]].doc, &g.articles[order[j]].doc);
        out.push(
            Diagnostic::warning(
                &b.path,
                1,
                1,
                format!(
                    "looks like the same story as {} ({}% of the text matches)",
                    a.path.display(),
                    (s * 100.0).round()
                ),
            )
            .with_hint("delete one of the two files, or keep both if they are different stories")
            .with_code("duplicate"),
        );
    }
    out
}

// ---- entities in a suspicious form ----

/// Endings of Russian oblique cases that a nominative surname rarely has.
const OBLIQUE_SURNAME: &[&str] = &[
    "ову", "еву", "ёву", "ину", "ыну", "овым", "евым", "иным", "ого", "его", "ому", "ему", "ыми",
];
/// Endings of first names in the dative or instrumental case.
const OBLIQUE_FIRST: &[&str] = &["ану", "ею", "ием", "еем", "аем", "ом"];

/// Whether a person's name ("Имя Фамилия") looks like an oblique case form.
pub fn oblique_person(name: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let ends = |w: &str, list: &[&str]| {
        list.iter()
            .any(|e| w.ends_with(e) && w.chars().count() > e.chars().count() + 2)
    };
    match words.as_slice() {
        [] => false,
        [one] => ends(one, OBLIQUE_SURNAME),
        [first, .., last] => ends(last, OBLIQUE_SURNAME) || ends(first, OBLIQUE_FIRST),
    }
}

/// Case endings stripped to compare names: "Кубани" and "Кубань" share a stem.
const ENDINGS: &[&str] = &[
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ий", "ый", "ой", "ей", "ая", "яя",
    "ое", "ее", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ия", "ии", "ию", "й", "ь", "а",
    "я", "у", "ю", "е", "ы", "и", "о",
];

/// A rough stem of each word of a name, for spotting case forms of one name.
pub fn name_stem(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let w = crate::model::fold_name(w);
            ENDINGS
                .iter()
                .find(|e| w.ends_with(*e) && w.chars().count() >= e.chars().count() + 3)
                .map_or(w.clone(), |e| w[..w.len() - e.len()].to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn suspicious_entities(g: &SiteGraph, by_path: &HashMap<&Path, &SourceDoc>) -> Vec<Diagnostic> {
    // The best-attested entity for each (kind, stem).
    let mut best: HashMap<(EntityKind, String), usize> = HashMap::new();
    for (i, e) in g.entities.iter().enumerate() {
        let k = (e.kind(), name_stem(&e.name));
        let slot = best.entry(k).or_insert(i);
        if g.entities[*slot].articles.len() < e.articles.len() {
            *slot = i;
        }
    }
    let mut out = Vec::new();
    for e in g.entities.iter().filter(|e| e.articles.len() == 1) {
        let a = &g.articles[e.articles[0].0].doc;
        let other = best
            .get(&(e.kind(), name_stem(&e.name)))
            .map(|&i| &g.entities[i])
            .filter(|o| o.key != e.key && o.articles.len() > 1);
        let why = if let Some(o) = other {
            format!(
                "looks like a case form of {:?} (in {} articles)",
                o.name,
                o.articles.len()
            )
        } else if e.kind() == EntityKind::Person && oblique_person(&e.name) {
            "the name does not look nominative".to_string()
        } else {
            continue;
        };
        let (line, col) = by_path
            .get(a.path.as_path())
            .map_or((1, 1), |s| locate(s, &e.name));
        out.push(
            Diagnostic::warning(
                &a.path,
                line,
                col,
                format!("{} {:?} is seen only here and {why}", kind_word(e.kind()), e.name),
            )
            .with_hint("if the name is misrecognised, rephrase the sentence or report it to the extraction rules")
            .with_code("suspicious-entity"),
        );
    }
    out
}

fn kind_word(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Region => "region",
        EntityKind::Body => "body",
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
    }
}

/// One finding as printed by `--format json`.
#[derive(serde::Serialize)]
struct JsonItem<'a> {
    file: String,
    line: usize,
    col: usize,
    severity: crate::model::Severity,
    code: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

/// The findings as the documented JSON array.
pub fn to_json(diags: &[Diagnostic]) -> String {
    let items: Vec<JsonItem> = diags
        .iter()
        .map(|d| JsonItem {
            file: d.file.to_string_lossy().replace('\\', "/"),
            line: d.line,
            col: d.col,
            severity: d.severity,
            code: d.code.unwrap_or(if d.is_error() {
                "content-error"
            } else {
                "content-warning"
            }),
            message: &d.message,
            hint: d.hint.as_deref(),
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("plain data serialises")
}

/// The CLI entry: prints findings to stdout and returns the exit code.
pub fn main(root: &Path, format: Format, drafts: bool) -> i32 {
    let today = chrono::Local::now().date_naive();
    let (articles, diags) = match run(root, drafts, today) {
        Ok(r) => r,
        Err(d) => (0, d),
    };
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let _t = timing::span("print");
    // Buffered: a big site has thousands of findings, and a locked stdout
    // alone still writes each line separately.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match format {
        Format::Json => {
            let _ = writeln!(out, "{}", to_json(&diags));
        }
        Format::Text => {
            let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal();
            for s in report::format_all(&diags, root, colour) {
                let _ = out.write_all(s.as_bytes());
            }
            // The site's own plural forms (`[strings]` may override them).
            let forms = crate::config::load(root)
                .map(|c| c.strings.article_forms)
                .unwrap_or_else(|_| crate::config::Strings::default().article_forms);
            let _ = writeln!(
                out,
                "Проверено: {}; ошибок — {errors}, предупреждений — {warnings}.",
                ru::count(articles, &forms),
            );
        }
    }
    let _ = out.flush();
    if errors > 0 {
        exit::CONTENT
    } else {
        exit::OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oblique_person_names() {
        assert!(oblique_person("Антону Алиханову"));
        assert!(oblique_person("Денисом Мантуровым"));
        assert!(!oblique_person("Антон Алиханов"));
        assert!(!oblique_person("Вениамин Кондратьев"));
        assert!(!oblique_person("Ольга Кукшенёва"));
    }

    #[test]
    fn stems_join_case_forms() {
        assert_eq!(name_stem("Кубани"), name_stem("Кубань"));
        assert_eq!(
            name_stem("Краснодарского края"),
            name_stem("Краснодарский край")
        );
        assert_ne!(name_stem("Омск"), name_stem("Томск"));
    }

    #[test]
    fn near_duplicates_found_without_all_pairs() {
        let base: Vec<String> = (0..200).map(|i| format!("слово{i}")).collect();
        let a = vec![base.join(" ")];
        let mut edited = base.clone();
        edited[50] = "другое".into();
        edited[120] = "иное".into();
        let b = vec![edited.join(" ")];
        let c = vec![(0..200)
            .map(|i| format!("текст{i}"))
            .collect::<Vec<_>>()
            .join(" ")];
        let sets: Vec<Vec<u64>> = [a, b, c].iter().map(|p| shingles(p)).collect();
        let d = near_duplicates(&sets);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].0, d[0].1), (0, 1));
        assert!(d[0].2 > 0.9);
    }

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
            // File lines: the body starts on line 4.
            dropped: vec![
                drop(4, "Меню сайта"),
                drop(6, "Реклама"),
                drop(8, "Подпишитесь"),
            ],
        };
        let d = dropped_inside(&src, &doc);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 6);
        assert_eq!(d[0].code, Some("dropped-inside-body"));
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = HashSet::new();
        assert!(CODES.iter().all(|(c, _)| seen.insert(*c)));
    }
}
