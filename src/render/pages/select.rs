//! Incremental rendering for `serve`: which pages an edit can have changed.
//!
//! [`PageSelection::between`] compares the site graph before and after an
//! edit and picks every page whose view can differ: the edited articles'
//! pages, the entity pages they appear on, pages that show one of their cards
//! (related articles, entity lists of articles, home, timeline), the entity
//! lists whose counts or names moved, and pages linking to an entity whose
//! name or URL changed. [`Renderer::render_selected`] renders only those
//! (plus the site feed, the sitemap and the selected entities' feeds).
//!
//! The comparison is by content, not by ids (ids are positions and shift when
//! an article moves in the newest-first order), so it stays correct when an
//! edit changes a date, a title, a slug or the entities of an article. It is
//! a superset: a page that is rendered but unchanged costs time, not
//! correctness. Output files that no page owns any more are listed in
//! [`PageSelection::removed`] and [`PageSelection::page_families`] so the
//! caller can drop them.

use super::{page_path, Renderer, TIMELINE_PER_PAGE};
use crate::config::SiteConfig;
use crate::model::{ArticleId, EntityId, EntityNode, SiteGraph};
use crate::model::{Diagnostic, EntityKey, EntityKind, SitePath};
use crate::render::{feeds, io_diag};
use crate::write::Sink;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The pages to render after an edit.
#[derive(Debug, Clone, Default)]
pub struct PageSelection {
    /// Render everything (first build, template or config change).
    pub all: bool,
    pub articles: BTreeSet<ArticleId>,
    pub entities: BTreeSet<EntityId>,
    pub home: bool,
    pub timeline: bool,
    pub lists: BTreeSet<EntityKind>,
    /// Output files or folders (ending in `/`) that belong to no page any
    /// more: removed articles and entities.
    pub removed: Vec<String>,
    /// Pages of the selected paginated families (timeline, entities)
    /// known to be unchanged: a [`Sink`] may decline them (see [`Sink::wants`]).
    pub unchanged: HashSet<String>,
}

/// Kinds that have an alphabetical list page.
const LIST_KINDS: [EntityKind; 5] = [
    EntityKind::Region,
    EntityKind::Body,
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Place,
];

/// Whether an article's card (home, timeline, entity pages, related) looks
/// the same in both graphs: title, URL, date, lead and first four regions.
/// Compared in place, without building the cards: this runs for every
/// article of the site on every edit.
fn same_card(old: &SiteGraph, o: ArticleId, new: &SiteGraph, n: ArticleId) -> bool {
    let (a, b) = (&old.articles[o.0], &new.articles[n.0]);
    let same_doc = std::sync::Arc::ptr_eq(&a.doc, &b.doc)
        || (a.doc.title == b.doc.title
            && a.doc.date == b.doc.date
            && a.doc.plain.first() == b.doc.plain.first());
    same_doc && a.path == b.path && card_regions(old, &a.refs).eq(card_regions(new, &b.refs))
}

/// The regions an article card shows.
fn card_regions<'a>(
    g: &'a SiteGraph,
    refs: &'a [EntityId],
) -> impl Iterator<Item = (&'a str, &'a SitePath)> {
    refs.iter()
        .map(|r| &g.entities[r.0])
        .filter(|e| e.kind() == EntityKind::Region)
        .take(4)
        .map(|e| (e.name.as_str(), &e.path))
}

/// Whether every page of an entity shows the same things besides its
/// slice of articles: name, URL, detail, aliases, count, companions and
/// money, with ids compared by their stable identities (entity key, article
/// file) since ids shift between graphs. Compared in place, without
/// allocating: this runs for every entity on every edit.
fn same_entity(old: &SiteGraph, a: &EntityNode, new: &SiteGraph, b: &EntityNode) -> bool {
    a.name == b.name
        && a.path == b.path
        && a.detail == b.detail
        && a.aliases == b.aliases
        && a.articles.len() == b.articles.len()
        && a.companions.len() == b.companions.len()
        && a.money.len() == b.money.len()
        && a.companions
            .iter()
            .zip(&b.companions)
            .all(|((x, n), (y, m))| n == m && old.entities[x.0].key == new.entities[y.0].key)
        && a.money.iter().zip(&b.money).all(|(&(x, k), &(y, l))| {
            let (p, q) = (&old.articles[x.0], &new.articles[y.0]);
            p.doc.path == q.doc.path && p.entities.money[k].text == q.entities.money[l].text
        })
}

/// Whether two lists of articles name the same files in the same order.
fn same_articles(old: &SiteGraph, a: &[ArticleId], new: &SiteGraph, b: &[ArticleId]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| old.articles[x.0].doc.path == new.articles[y.0].doc.path)
}

fn article_paths<'a>(g: &'a SiteGraph, ids: &[ArticleId]) -> Vec<&'a Path> {
    ids.iter()
        .map(|a| g.articles[a.0].doc.path.as_path())
        .collect()
}

/// The pages (1-based) of a list paginated by `per` whose slice differs or
/// shows a changed card; `None` when the number of pages changed (every
/// pager changes then).
fn changed_pages(
    old: &[&Path],
    new: &[&Path],
    per: usize,
    card_changed: &HashSet<&Path>,
) -> Option<BTreeSet<usize>> {
    let per = per.max(1);
    let pages = |n: usize| n.div_ceil(per).max(1);
    if pages(old.len()) != pages(new.len()) {
        return None;
    }
    let mut set = BTreeSet::new();
    for (i, chunk) in new.chunks(per).enumerate() {
        let o = old
            .get(i * per..((i + 1) * per).min(old.len()))
            .unwrap_or(&[]);
        if o != chunk || chunk.iter().any(|p| card_changed.contains(p)) {
            set.insert(i + 1);
        }
    }
    Some(set)
}

/// Output files of the pages of `base` not in `changed`.
fn unchanged_files(base: &str, total: usize, per: usize, changed: &BTreeSet<usize>) -> Vec<String> {
    (1..=total.div_ceil(per.max(1)).max(1))
        .filter(|n| !changed.contains(n))
        .map(|n| page_path(base, n).output_file())
        .collect()
}

impl PageSelection {
    /// Everything.
    pub fn all() -> PageSelection {
        PageSelection {
            all: true,
            ..PageSelection::default()
        }
    }

    /// Whether nothing needs rendering.
    pub fn is_empty(&self) -> bool {
        !self.all
            && self.articles.is_empty()
            && self.entities.is_empty()
            && !self.home
            && !self.timeline
            && self.lists.is_empty()
            && self.removed.is_empty()
    }

    /// The pages of `new` that can differ from `old` after the articles in
    /// `changed` (content paths as in `CleanDoc::path`) were edited, added or removed.
    pub fn between(
        old: &SiteGraph,
        new: &SiteGraph,
        changed: &HashSet<PathBuf>,
        cfg: &SiteConfig,
    ) -> Self {
        let mut sel = PageSelection::default();
        let old_art: HashMap<&Path, ArticleId> = old
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.doc.path.as_path(), ArticleId(i)))
            .collect();
        // Each new article's old id, and each old article's new one.
        let mut old_of: Vec<Option<ArticleId>> = vec![None; new.articles.len()];
        let mut new_of: Vec<Option<ArticleId>> = vec![None; old.articles.len()];
        for (i, a) in new.articles.iter().enumerate() {
            if let Some(&o) = old_art.get(a.doc.path.as_path()) {
                old_of[i] = Some(o);
                new_of[o.0] = Some(ArticleId(i));
            }
        }
        // Entities are sorted by key in both graphs: pair them in one walk.
        let mut old_ent: Vec<Option<EntityId>> = vec![None; new.entities.len()];
        let mut new_ent: Vec<Option<EntityId>> = vec![None; old.entities.len()];
        let (mut x, mut y) = (0, 0);
        while x < old.entities.len() && y < new.entities.len() {
            match old.entities[x].key.cmp(&new.entities[y].key) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    old_ent[y] = Some(EntityId(x));
                    new_ent[x] = Some(EntityId(y));
                    x += 1;
                    y += 1;
                }
            }
        }

        // Cards that look different (or are new); by file path and by new id.
        let mut card_changed: HashSet<&Path> = HashSet::new();
        let mut card_changed_id = vec![false; new.articles.len()];
        for (i, a) in new.articles.iter().enumerate() {
            let same = old_of[i].is_some_and(|o| same_card(old, o, new, ArticleId(i)));
            if !same {
                card_changed.insert(a.doc.path.as_path());
                card_changed_id[i] = true;
            }
        }
        for (o, a) in old.articles.iter().enumerate() {
            if new_of[o].is_none() {
                card_changed.insert(a.doc.path.as_path());
            }
            if new_of[o].is_none_or(|n| new.articles[n.0].path != a.path) {
                sel.removed.push(a.path.output_file());
            }
        }

        // Entities whose every page changes (the rest only where their slice does).
        let mut whole: HashSet<EntityId> = HashSet::new();
        // Entities whose name or URL changed: every page linking to them changes.
        let mut renamed: HashSet<&EntityKey> = HashSet::new();
        for (i, e) in new.entities.iter().enumerate() {
            match old_ent[i] {
                Some(o) => {
                    let oe = &old.entities[o.0];
                    // A page that appears or goes moves every link to it
                    // (to or from a search for the name).
                    if oe.name != e.name || oe.path != e.path || oe.has_page() != e.has_page() {
                        renamed.insert(&e.key);
                    }
                    if !same_entity(old, oe, new, e) {
                        sel.entities.insert(EntityId(i));
                        whole.insert(EntityId(i));
                    } else if !same_articles(old, &oe.articles, new, &e.articles) {
                        sel.entities.insert(EntityId(i));
                    }
                    if oe.articles.len() != e.articles.len()
                        || oe.name != e.name
                        || oe.path != e.path
                        || oe.detail != e.detail
                    {
                        sel.lists.insert(e.kind());
                    }
                }
                None => {
                    sel.entities.insert(EntityId(i));
                    whole.insert(EntityId(i));
                    sel.lists.insert(e.kind());
                }
            }
        }
        for (o, e) in old.entities.iter().enumerate() {
            let moved = new_ent[o].is_none_or(|n| {
                let n = &new.entities[n.0];
                n.path != e.path || (e.has_page() && !n.has_page())
            });
            if moved {
                sel.lists.insert(e.kind());
                sel.removed.push(e.path.as_str().to_string());
            }
        }

        // Body and place pages link their region by name when the region has
        // a page: they change when a region page appears, goes or moves.
        let mut regions_moved: HashSet<&EntityKey> = HashSet::new();
        for (i, e) in new.entities.iter().enumerate() {
            if e.kind() == EntityKind::Region
                && old_ent[i].is_none_or(|o| old.entities[o.0].path != e.path)
            {
                regions_moved.insert(&e.key);
            }
        }
        for (o, e) in old.entities.iter().enumerate() {
            if e.kind() == EntityKind::Region && new_ent[o].is_none() {
                regions_moved.insert(&e.key);
            }
        }
        if !regions_moved.is_empty() {
            for (i, e) in new.entities.iter().enumerate() {
                let region = match &e.detail {
                    crate::model::Detail::Body { region, .. }
                    | crate::model::Detail::Place { region } => region.as_deref(),
                    _ => None,
                };
                if region
                    .is_some_and(|r| regions_moved.contains(&EntityKey::new(EntityKind::Region, r)))
                {
                    whole.insert(EntityId(i));
                    sel.entities.insert(EntityId(i));
                }
            }
        }

        // Entity pages that show a changed card: the entities of those
        // articles (an entity lists an article exactly when the article
        // refers to it).
        for (i, a) in new.articles.iter().enumerate() {
            if card_changed_id[i] {
                sel.entities.extend(a.refs.iter().copied());
            }
        }
        // Entity pages that link a renamed entity.
        if !renamed.is_empty() {
            for (i, e) in new.entities.iter().enumerate() {
                let links_renamed = e
                    .companions
                    .iter()
                    .any(|(c, _)| renamed.contains(&new.entities[c.0].key));
                if links_renamed {
                    whole.insert(EntityId(i));
                    sel.entities.insert(EntityId(i));
                }
            }
        }

        // The feed of an entity none of whose articles has a date says the
        // site's newest date as its own (see `feeds::atom`): it changes when
        // that does. Found by the build's rebuild test (issue #17), which
        // adds the newest article to a site with undated ones.
        if crate::link::newest_date(old) != crate::link::newest_date(new) {
            for (i, e) in new.entities.iter().enumerate() {
                let undated = e
                    .articles
                    .iter()
                    .all(|a| new.articles[a.0].doc.date.is_none());
                if e.has_page() && undated {
                    sel.entities.insert(EntityId(i));
                }
            }
        }

        // Article pages: edited ones, and those whose related list, related
        // cards or entity links changed.
        for (i, a) in new.articles.iter().enumerate() {
            let dirty = changed.contains(a.doc.path.as_path())
                || match old_of[i] {
                    None => true,
                    Some(o) => {
                        let oa = &old.articles[o.0];
                        oa.path != a.path
                            || !same_articles(old, &oa.related, new, &a.related)
                            || a.related.iter().any(|r| card_changed_id[r.0])
                            || (!renamed.is_empty()
                                && a.refs
                                    .iter()
                                    .any(|r| renamed.contains(&new.entities[r.0].key)))
                    }
                };
            if dirty {
                sel.articles.insert(ArticleId(i));
            }
        }

        let order_changed = old.articles.len() != new.articles.len()
            || old
                .articles
                .iter()
                .zip(&new.articles)
                .any(|(a, b)| a.doc.path != b.doc.path);
        let anything = order_changed || !card_changed.is_empty() || !changed.is_empty();
        // Home shows the newest cards, the article count and the most active
        // regions and bodies; it is one page, so any edit re-renders it.
        sel.home = anything || !renamed.is_empty();
        sel.timeline = order_changed || !card_changed.is_empty();

        // Within paginated families, only the pages whose slice changed.
        let old_order = article_paths(
            old,
            &(0..old.articles.len()).map(ArticleId).collect::<Vec<_>>(),
        );
        let new_order = article_paths(
            new,
            &(0..new.articles.len()).map(ArticleId).collect::<Vec<_>>(),
        );
        let n = new.articles.len();
        if sel.timeline {
            if let Some(pages) =
                changed_pages(&old_order, &new_order, TIMELINE_PER_PAGE, &card_changed)
            {
                sel.unchanged
                    .extend(unchanged_files("timeline", n, TIMELINE_PER_PAGE, &pages));
            }
        }
        for &id in sel.entities.iter().filter(|id| !whole.contains(id)) {
            let e = &new.entities[id.0];
            let o = &old.entities[old_ent[id.0].expect("new entities are whole").0];
            let pages = changed_pages(
                &article_paths(old, &o.articles),
                &article_paths(new, &e.articles),
                cfg.per_page,
                &card_changed,
            );
            if let Some(pages) = pages {
                let base = e.path.as_str().trim_end_matches('/');
                sel.unchanged.extend(unchanged_files(
                    base,
                    e.articles.len(),
                    cfg.per_page,
                    &pages,
                ));
            }
        }
        sel
    }

    /// Folders of paginated page families that were re-rendered: pages under
    /// them that were not written again are stale (the family got shorter).
    pub fn page_families(&self, g: &SiteGraph) -> Vec<String> {
        let mut v = Vec::new();
        if self.all {
            return v;
        }
        if self.timeline {
            v.push("timeline/page/".to_string());
        }
        for k in &self.lists {
            v.push(format!("{}/page/", crate::link::kind_dir(*k)));
        }
        for e in &self.entities {
            v.push(format!("{}page/", g.entities[e.0].path.as_str()));
        }
        v
    }
}

impl Renderer<'_> {
    /// Renders the selected pages into `sink`, with the site feed, the
    /// sitemap and the feeds of the selected entities. Returns the number of
    /// files written.
    pub fn render_selected(
        &self,
        sink: &dyn Sink,
        sel: &PageSelection,
    ) -> Result<usize, Vec<Diagnostic>> {
        let g = self.graph;
        if sel.all {
            let n = self.render_all(sink)?;
            return Ok(n + feeds::write_all(g, self.cfg, sink)
                .map_err(|e| vec![io_diag(&self.cfg.paths.output, e)])?);
        }
        let mut results: Vec<Result<(), Diagnostic>> = sel
            .articles
            .par_iter()
            .map(|&id| self.article_page(sink, id, &g.articles[id.0]))
            .collect();
        let entity_results: Vec<Vec<Result<(), Diagnostic>>> = sel
            .entities
            .par_iter()
            .map(|&id| {
                let mut r = self.entity_pages(sink, &g.entities[id.0]);
                if g.entities[id.0].has_page() {
                    r.push(self.entity_feed(sink, id));
                }
                r
            })
            .collect();
        results.extend(entity_results.into_iter().flatten());
        if sel.home {
            results.push(self.home_page(sink));
        }
        for &kind in LIST_KINDS.iter().filter(|k| sel.lists.contains(k)) {
            results.extend(self.list_pages(sink, kind));
        }
        if sel.timeline {
            results.extend(self.timeline_pages(sink));
        }
        let all: Vec<ArticleId> = (0..g.articles.len()).map(ArticleId).collect();
        let site_feed = feeds::atom(
            g,
            self.cfg,
            &self.cfg.title,
            &SitePath::file("atom.xml"),
            &SitePath::dir(""),
            &all,
            feeds::Feed::Site,
        );
        results.push(put(sink, "atom.xml", site_feed.into_bytes()));
        for (path, xml) in feeds::sitemaps(g, self.cfg) {
            results.push(put(sink, &path, xml.into_bytes()));
        }
        let n = results.len();
        let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if errors.is_empty() {
            Ok(n)
        } else {
            Err(errors)
        }
    }

    fn entity_feed(&self, sink: &dyn Sink, id: EntityId) -> Result<(), Diagnostic> {
        let e = &self.graph.entities[id.0];
        let dir = e.path.as_str().trim_end_matches('/');
        let feed = SitePath::file(&format!("{dir}/atom.xml"));
        let title = format!("{} — {}", e.name, self.cfg.title);
        let x = feeds::atom(
            self.graph,
            self.cfg,
            &title,
            &feed,
            &e.path,
            &e.articles,
            feeds::Feed::Entity,
        );
        put(sink, feed.as_str(), x.into_bytes())
    }
}

fn put(sink: &dyn Sink, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
    sink.put(path, bytes)
        .map_err(|err| io_diag(Path::new(path), err))
}
