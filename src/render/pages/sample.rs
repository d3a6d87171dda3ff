//! The pages `check` renders: few, but enough to reach every template branch.
//!
//! `check` renders only to find template errors, and there are two kinds:
//! errors in a template's text, which Tera reports when the templates load,
//! and errors in a branch that only some data reaches (`{% if view.money %}`
//! with a bad filter inside, a macro called only for people with roles).
//! Rendering every page finds the second kind but costs most of a build;
//! rendering the first N pages misses a branch that only a late page takes.
//!
//! [`covering`] picks pages by what their views contain instead. Each
//! article and entity gets a set of yes/no features, one per optional part
//! of its view (tags, money, a source link, an approximate date, roles,
//! companions, several pages…), and pages are taken greedily, in site order,
//! until every feature has been seen both present and absent (as far as
//! the site has both). Entities are covered per kind, so every kind's page
//! runs with and without each part. Home, search, 404 and every list page
//! are always rendered; of each paginated family (the timeline, a selected
//! entity's pages) the first, second and last page are, which are the three
//! shapes a pager has. At 10,000 articles that is under a hundred pages
//! instead of about 25,000.
//!
//! The features are read from the site graph, not from built views (building
//! every view is the cost being avoided), so they must follow the views: a
//! new optional field in a view wants a feature here.

use super::select::PageSelection;
use super::{entity_capped, entity_page_count, page_path, TIMELINE_PER_PAGE};
use crate::model::{Article, ArticleId, Detail, EntityId, EntityNode, SiteGraph};
use crate::model::{Body, EntityKind};
use std::collections::BTreeSet;

const KINDS: [EntityKind; 5] = [
    EntityKind::Region,
    EntityKind::Body,
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Place,
];

/// The selection that `check` renders; see the module docs. Pages of the
/// selected families that are left out are listed in `unchanged`, so the
/// sink declines them before their template runs.
pub fn covering(g: &SiteGraph, per_page: usize) -> PageSelection {
    let article_features: Vec<u64> = g.articles.iter().map(|a| article_features(g, a)).collect();
    let articles = cover(&article_features)
        .into_iter()
        .map(ArticleId)
        .collect();
    let mut entities = BTreeSet::new();
    for kind in KINDS {
        let ids: Vec<usize> = (0..g.entities.len())
            .filter(|&i| g.entities[i].kind() == kind)
            .collect();
        let features: Vec<u64> = ids
            .iter()
            .map(|&i| entity_features(g, &g.entities[i], per_page))
            .collect();
        entities.extend(cover(&features).into_iter().map(|k| EntityId(ids[k])));
    }
    let mut unchanged = std::collections::HashSet::new();
    let timeline_pages = g.articles.len().div_ceil(TIMELINE_PER_PAGE);
    unchanged.extend(middle_pages("timeline", timeline_pages));
    for id in &entities {
        let e = &g.entities[id.0];
        let pages = entity_page_count(e.articles.len(), per_page);
        unchanged.extend(middle_pages(e.path.as_str(), pages));
    }
    PageSelection {
        all: false,
        articles,
        entities,
        home: true,
        timeline: true,
        lists: KINDS.into_iter().collect(),
        removed: Vec::new(),
        unchanged,
    }
}

/// Output files of pages 3..total-1 of a paginated family: the first,
/// second and last page already show every pager shape.
fn middle_pages(base: &str, total: usize) -> impl Iterator<Item = String> + '_ {
    (3..total).map(move |n| page_path(base, n).output_file())
}

/// Indices of items chosen in order, each taken if it shows a feature
/// present or absent that no earlier choice showed. Each feature is then
/// seen both ways wherever the items allow, with at most one pick per new
/// (feature, value) pair: 2 × 64 at most, usually far fewer.
fn cover(features: &[u64]) -> Vec<usize> {
    let (mut seen_on, mut seen_off) = (0u64, 0u64);
    let mut picked = Vec::new();
    for (i, &f) in features.iter().enumerate() {
        if f & !seen_on != 0 || !f & !seen_off != 0 {
            picked.push(i);
            seen_on |= f;
            seen_off |= !f;
        }
    }
    picked
}

/// Builds a feature set from yes/no answers, one bit each.
fn bits(answers: &[bool]) -> u64 {
    debug_assert!(answers.len() <= 64);
    answers
        .iter()
        .enumerate()
        .fold(0, |acc, (i, &on)| acc | (u64::from(on) << i))
}

/// The optional parts of an article page (and of its card elsewhere).
fn article_features(g: &SiteGraph, a: &Article) -> u64 {
    let d = &a.doc;
    let md = match &d.body {
        Body::Markdown(md) => Some(md.as_str()),
        Body::Plain { .. } => None,
    };
    let mut answers = vec![
        md.is_some(),
        // `has_code` (the syntax stylesheet): a fenced block is how code gets in.
        md.is_some_and(|m| m.contains("```") || m.contains("~~~")),
        d.title_inferred,
        d.date.is_some(),
        d.date.is_some_and(|x| !x.is_exact()),
        d.source.is_some(),
        d.source_url.is_some(),
        !d.tags.is_empty(),
        d.plain.is_empty(),
        !a.related.is_empty(),
        !a.entities.money.is_empty(),
        a.entities.money.iter().any(|m| m.qualifier.is_some()),
        // A person's role is the note next to the sidebar link.
        a.entities.people.iter().any(|p| p.role.is_some()),
    ];
    // Which sidebar groups the page has.
    answers.extend(
        KINDS
            .iter()
            .map(|&k| a.refs.iter().any(|r| g.entities[r.0].kind() == k)),
    );
    bits(&answers)
}

/// The optional parts of an entity's pages.
fn entity_features(g: &SiteGraph, e: &EntityNode, per_page: usize) -> u64 {
    let (fact_a, fact_b, fact_c) = match &e.detail {
        Detail::Region { district } => (!district.is_empty(), false, false),
        Detail::Body {
            region, full_name, ..
        } => (true, region.is_some(), full_name.is_some()),
        Detail::Person { roles } => (
            !roles.is_empty(),
            roles.iter().any(|r| !r.years.is_empty()),
            false,
        ),
        Detail::Organization { short, .. } => (true, short.is_some(), false),
        Detail::Place { region } => (region.is_some(), false, false),
    };
    bits(&[
        e.articles.len() > per_page.max(1),
        entity_capped(e.articles.len(), per_page),
        fact_a,
        fact_b,
        fact_c,
        !e.companions.is_empty(),
        !e.money.is_empty(),
        e.money
            .iter()
            .any(|&(a, k)| g.articles[a.0].entities.money[k].qualifier.is_some()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_sees_every_feature_both_ways() {
        // Feature 0 is on only in the last item: a first-N sample misses it.
        let mut items = vec![0b10u64; 500];
        items[0] = 0b00;
        items[499] = 0b01;
        let picked = cover(&items);
        assert_eq!(picked, vec![0, 1, 499]);
    }

    #[test]
    fn cover_of_identical_items_is_one() {
        assert_eq!(cover(&[5, 5, 5]), vec![0]);
        assert!(cover(&[]).is_empty());
    }

    #[test]
    fn middle_pages_leave_first_second_and_last() {
        let v: Vec<String> = middle_pages("timeline", 5).collect();
        assert_eq!(
            v,
            vec!["timeline/page/3/index.html", "timeline/page/4/index.html"]
        );
        assert_eq!(middle_pages("x", 3).count(), 0);
    }
}
