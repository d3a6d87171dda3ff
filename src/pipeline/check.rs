//! `check`'s run: the stages up to the site graph, a sample render, and the
//! editor's checks of [`crate::check`].
//!
//! Goes in: the site's root, whether drafts count, and today's date. Runs
//! the same stages as `build` up to the site graph
//! ([`super::run_keeping_sources`]: load → clean → extract → link, the
//! sources kept to point at their lines), renders a sample of pages into a
//! sink that discards (chosen so every template and every optional part of
//! every view runs, see [`render::pages::sample`]; feeds and the search
//! index are skipped, they cannot fail on content) beside the checks.
//!
//! Comes out: the number of articles and every finding, each with a `code`,
//! sorted by file and line. Nothing is written.

use crate::config::SiteConfig;
use crate::model::{Diagnostic, Kept};
use crate::render::{self, Templates};
use crate::write::Sink;
use crate::{check, pipeline, timing};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

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
    let (rendered, found) = rayon::join(
        || render_errors(&outcome, &cfg),
        || check::findings(g, &by_path, today),
    );
    let t = timing::span("sort");
    let mut all = outcome.diagnostics;
    all.extend(rendered);
    all.extend(found);
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
