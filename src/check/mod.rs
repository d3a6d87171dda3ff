//! The checks of `check`: every problem an editor should look at, found on
//! the linked site.
//!
//! Goes in: the site's config and today's date. Runs the same stages as
//! `build` up to the site graph ([`pipeline::run_keeping_sources`]: load →
//! clean → extract → link, the sources kept to point at their lines),
//! renders a sample of pages into a sink that discards (chosen so every
//! template and every optional part of every view runs, see
//! [`render::pages::sample`]; feeds and the search index are skipped, they
//! cannot fail on content), then looks at the result the way an editor
//! would: titles that had to be guessed, missing, future or approximate
//! dates, the same story pasted twice ([`duplicates`]), slug collisions,
//! entities seen once in a suspicious grammatical form ([`names`]), very
//! short articles, and text the cleaner dropped from the middle of an
//! article ([`articles`]).
//!
//! Comes out: every finding as a [`Diagnostic`] with a stable `code` (see
//! [`CODES`]), sorted by file and line. Nothing is written, and no clock is
//! read here: the command passes today's date in.

pub mod articles;
pub mod duplicates;
pub mod names;

pub use articles::site_warnings;

use crate::config::SiteConfig;
use crate::model::{Diagnostic, SourceDoc};
use crate::pipeline::Kept;
use crate::render::{self, Templates};
use crate::write::Sink;
use crate::{pipeline, timing};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

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

/// Runs every stage and every check on the site at `root`. Returns the
/// number of articles and all findings, sorted; a site whose `site.toml`
/// cannot be used gives that file's errors instead.
pub fn run(
    root: &Path,
    drafts: bool,
    today: NaiveDate,
) -> Result<(usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let cfg = crate::config::load(root)?;
    let t = timing::span("load+clean+extract+link");
    let (outcome, sources) = pipeline::run_keeping_sources(&cfg, pipeline::Options { drafts });
    drop(t);
    let g = &outcome.graph;
    let by_path: HashMap<&Path, &Kept> = sources
        .iter()
        .map(|k| (k.source.path.as_path(), k))
        .collect();
    // The render sample and the checks read the graph and nothing else, so
    // they run side by side; the output is sorted afterwards.
    let (rendered, (articles, (dups, entities))) = rayon::join(
        || render_errors(&outcome, &cfg),
        || {
            rayon::join(
                || articles::checks(g, &by_path, today),
                || {
                    rayon::join(
                        || duplicates::findings(g),
                        || names::suspicious(g, &by_path),
                    )
                },
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
    let templates = match Templates::load(&cfg.paths.templates, &cfg.paths.root) {
        Ok(t) => t,
        Err(d) => return d,
    };
    let sample = render::pages::sample::covering(&outcome.graph, cfg.per_page);
    let sink = Discard {
        skip: sample.unchanged.clone(),
    };
    let mut out = Vec::new();
    if let Err(e) = crate::write::copy_assets(&cfg.paths.assets, &sink) {
        out.push(pipeline::assets_error(cfg, e));
    }
    // Rendered as `serve` shows it, the editor's notices included.
    let cfg = &SiteConfig {
        preview: true,
        ..cfg.clone()
    };
    let renderer = render::pages::Renderer::new(cfg, &templates, &outcome.graph);
    if let Err(d) = renderer.render_selected(&sink, &sample) {
        out.extend(d);
    }
    out
}

/// File line (1-based) and column of the first occurrence of `needle` in
/// the article body, or the body's first line.
pub(crate) fn locate(src: &SourceDoc, needle: &str) -> (usize, usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut seen = HashSet::new();
        assert!(CODES.iter().all(|(c, _)| seen.insert(*c)));
    }
}
