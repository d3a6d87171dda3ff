//! The checks of `check`: every problem an editor should look at, found on
//! the linked site.
//!
//! Goes in: the site graph, the articles' sources (to point at their lines)
//! and today's date. Looks at the site the way an editor would: titles
//! that had to be guessed, missing, future or approximate dates, the same
//! story pasted twice ([`duplicates`]), slug collisions, entities seen once
//! in a suspicious grammatical form ([`names`]), very short articles, and
//! text the cleaner dropped from the middle of an article ([`articles`]).
//!
//! Comes out: every finding as a [`Diagnostic`] with a stable `code` (see
//! [`CODES`]). [`crate::pipeline::check`] runs the stages up to the graph,
//! renders a sample of pages for template errors and sorts what all of it
//! found. Nothing is written, and no clock is read here: the caller passes
//! today's date in.

pub mod articles;
pub mod duplicates;
pub mod names;

pub use articles::site_warnings;

use crate::model::{Diagnostic, Kept, SiteGraph, SourceDoc};
use chrono::NaiveDate;
use std::collections::HashMap;
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

/// Every check of the linked site `g` whose sources are `by_path`: the
/// articles' own ([`articles`]), the same story twice ([`duplicates`]) and
/// suspicious entity names ([`names`]), unsorted. They read the graph and
/// nothing else, so they run side by side.
pub fn findings(
    g: &SiteGraph,
    by_path: &HashMap<&Path, &Kept>,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let (mut all, (dups, entities)) = rayon::join(
        || articles::checks(g, by_path, today),
        || rayon::join(|| duplicates::findings(g), || names::suspicious(g, by_path)),
    );
    all.extend(dups);
    all.extend(entities);
    all
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
        let mut seen = std::collections::HashSet::new();
        assert!(CODES.iter().all(|(c, _)| seen.insert(*c)));
    }
}
