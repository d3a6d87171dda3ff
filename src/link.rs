//! The link stage: annotated articles → [`SiteGraph`].
//!
//! Gives every article its slug and permalink (collisions resolved in path
//! order with `-2`, `-3` and reported), sorts articles newest first, merges
//! entities across articles by [`EntityKey`] (so "Кукшенёва" and "Кукшенева"
//! are one person), and computes once everything the index pages need:
//! each entity's articles, its most frequent companions, the money figures
//! seen with it, people's roles by year and each article's related articles.
//! Render only reads the graph; it never scans all articles per page.

use crate::model::{
    AnnotatedDoc, Article, ArticleId, CleanDoc, Detail, Diagnostic, Entities, EntityId, EntityKey,
    EntityKind, EntityNode, PartialDate, RoleSeen, SiteGraph, SitePath,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Site folder of each entity kind.
pub fn kind_dir(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Region => "regions",
        EntityKind::Body => "bodies",
        EntityKind::Person => "people",
        EntityKind::Organization => "organizations",
        EntityKind::Place => "places",
    }
}

const MAX_COMPANIONS: usize = 12;
const MAX_MONEY: usize = 20;
const MAX_RELATED: usize = 5;
/// Entities in more articles than this do not count towards relatedness.
const RELATED_CAP: usize = 200;

/// Links the annotated documents into the site graph; slug collisions are warnings.
pub fn run(docs: Vec<AnnotatedDoc>) -> (SiteGraph, Vec<Diagnostic>) {
    Linker::default().link(docs)
}

/// Linking state that `serve` keeps between edits, so that re-linking after
/// one edit costs in proportion to what the edit touched rather than to the
/// size of the site (issue #7: an edit at 10,000 articles within 300 ms).
///
/// [`Linker::relink`] gives the same graph as [`Linker::link`] would, by
/// construction: entities that an edited article mentions (before or after
/// the edit) are merged again from all their articles with the same code as
/// a full link; every other entity keeps its node with ids renumbered, which
/// is exact because none of its articles changed and the newest-first order
/// of unchanged articles among themselves cannot change. The serve tests
/// compare the result with a full build after each kind of edit.
#[derive(Default)]
pub struct Linker {
    /// Transliteration is the costly part of slug assignment: slugs are
    /// computed once per distinct text.
    slugs: SlugMemo,
    /// How many links took the incremental path (tests check that they do).
    relinked: usize,
}

/// Above this share of changed articles a full link is as cheap.
const RELINK_MAX_CHANGED: usize = 8;
/// Nor when the touched entities span more than this share of the site
/// (an edit naming hub entities, e.g. regions in most articles): merging
/// them again then costs as much as a full link.
const RELINK_MAX_SCANNED: usize = 4;

impl Linker {
    /// How many links so far took the incremental path.
    pub fn relinked(&self) -> usize {
        self.relinked
    }

    /// Links everything from scratch.
    pub fn link(&mut self, docs: Vec<AnnotatedDoc>) -> (SiteGraph, Vec<Diagnostic>) {
        let (mut articles, diags) = self.place_articles(docs);
        let t = crate::timing::span("link:merge");
        let entities = merge_entities(&mut articles, &mut self.slugs);
        drop(t);
        let mut graph = SiteGraph { articles, entities };
        let t = crate::timing::span("link:companions");
        compute_companions(&mut graph);
        drop(t);
        let _t = crate::timing::span("link:related");
        compute_related(&mut graph);
        (graph, diags)
    }

    /// Links `docs` given the graph `old` of a previous version of them.
    /// An article counts as changed when its path is new or its text or
    /// entities are not the very ones `old` holds (`Arc` identity), so a
    /// caller cannot forget to report a change.
    pub fn relink(
        &mut self,
        old: &SiteGraph,
        docs: Vec<AnnotatedDoc>,
    ) -> (SiteGraph, Vec<Diagnostic>) {
        let (articles, diags) = self.place_articles(docs);
        let delta = Delta::between(old, &articles);
        let small = (delta.changed.len() + delta.gone.len()) * RELINK_MAX_CHANGED <= articles.len();
        let plan = small
            .then(|| Plan::of(old, &articles, &delta))
            .filter(|p| p.scan.len() * RELINK_MAX_SCANNED <= articles.len());
        match plan {
            Some(plan) => {
                let _t = crate::timing::span("link:relink");
                self.relinked += 1;
                (relink(old, articles, &delta, plan, &mut self.slugs), diags)
            }
            None => {
                let mut articles = articles;
                let entities = merge_entities(&mut articles, &mut self.slugs);
                let mut graph = SiteGraph { articles, entities };
                compute_companions(&mut graph);
                compute_related(&mut graph);
                (graph, diags)
            }
        }
    }

    /// Slugs (in path order) and the newest-first order of the articles.
    fn place_articles(&mut self, docs: Vec<AnnotatedDoc>) -> (Vec<Article>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut docs = docs;
        // Slugs are given in path order, so which article keeps the plain slug
        // does not depend on dates or titles that an editor may change.
        docs.sort_by(|a, b| a.doc.path.cmp(&b.doc.path));
        let slugs = assign_slugs(&docs, &mut self.slugs, &mut diags);
        let mut articles: Vec<Article> = docs
            .into_iter()
            .zip(slugs)
            .map(|(a, slug)| Article {
                path: SitePath::dir(&format!("articles/{slug}")),
                slug,
                doc: a.doc,
                entities: a.entities,
                refs: Vec::new(),
                related: Vec::new(),
            })
            .collect();
        articles.sort_by(|a, b| newest_first(&a.doc, &b.doc));
        (articles, diags)
    }
}

/// Slugs by (text, fallback), with whether the text itself gave none.
#[derive(Default)]
struct SlugMemo(HashMap<(String, String), (String, bool)>);

impl SlugMemo {
    fn get(&mut self, text: &str, fallback: &str) -> &(String, bool) {
        // Two lookups rather than the entry API: a hit (the common case)
        // then needs no owned key.
        let key = (text.to_string(), fallback.to_string());
        if !self.0.contains_key(&key) {
            let v = slug_and_flag(text, fallback);
            self.0.insert(key.clone(), v);
        }
        &self.0[&key]
    }
}

/// Newest first; undated last; then by title and path so the order is total.
pub fn newest_first(a: &CleanDoc, b: &CleanDoc) -> std::cmp::Ordering {
    match (a.date, b.date) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.title.cmp(&b.title))
    .then_with(|| a.path.cmp(&b.path))
}

/// A URL slug: transliterated, lower-case ASCII, at most 60 characters cut at
/// a hyphen, never empty (falls back to `fallback`).
pub fn make_slug(text: &str, fallback: &str) -> String {
    slug_and_flag(text, fallback).0
}

/// [`make_slug`], and whether `text` itself gave no slug (the fallback was
/// used), from one transliteration.
fn slug_and_flag(text: &str, fallback: &str) -> (String, bool) {
    let full = slug::slugify(strip_signs(text));
    let s = truncate_slug(&full, 60);
    if !s.is_empty() {
        return (s, full.is_empty());
    }
    let f = truncate_slug(&slug::slugify(fallback), 60);
    if f.is_empty() {
        ("article".to_string(), full.is_empty())
    } else {
        (f, full.is_empty())
    }
}

/// The `slug` crate spells "ь" and "ъ" as a hyphen ("priamur-e"); readers
/// expect them dropped, as in common Russian transliteration.
fn strip_signs(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, 'ь' | 'ъ' | 'Ь' | 'Ъ'))
        .collect()
}

fn truncate_slug(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let cut = s[..max].rfind('-').unwrap_or(max);
    s[..cut].trim_matches('-').to_string()
}

/// Article slugs, in `docs` order. An explicit `slug = "…"` is reserved
/// before any title gets one, so `slug = "x-2"` keeps its URL although an
/// earlier article's title collision would have given it `-2` (issue #15);
/// the later of two equal explicit slugs, and titles, get `-2`, `-3`.
fn assign_slugs(
    docs: &[AnnotatedDoc],
    memo: &mut SlugMemo,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let bases: Vec<(String, bool)> = docs
        .iter()
        .map(|a| {
            let d = &a.doc;
            memo.get(d.slug.as_deref().unwrap_or(&d.title), &d.stem)
                .clone()
        })
        .collect();
    let mut taken: HashMap<String, usize> = HashMap::new();
    for (i, a) in docs.iter().enumerate() {
        if a.doc.slug.is_some() {
            taken.entry(bases[i].0.clone()).or_insert(i);
        }
    }
    let mut out = Vec::with_capacity(docs.len());
    for (i, (a, (base, empty))) in docs.iter().zip(bases).enumerate() {
        let d = &a.doc;
        if empty {
            diags.push(
                Diagnostic::warning(
                    &d.path,
                    1,
                    1,
                    format!(
                        "title {:?} gives an empty URL slug; using {base:?}",
                        d.title
                    ),
                )
                .with_hint("set slug = \"…\" in the front matter")
                .with_code("empty-slug"),
            );
        }
        if taken.get(&base) == Some(&i) {
            out.push(base);
            continue;
        }
        let mut slug = base.clone();
        let mut n = 1;
        while let Some(&other) = taken.get(&slug) {
            n += 1;
            slug = format!("{base}-{n}");
            if n == 2 {
                diags.push(
                    Diagnostic::warning(
                        &d.path,
                        1,
                        1,
                        format!(
                            "URL slug {base:?} is already used by {}",
                            docs[other].doc.path.display()
                        ),
                    )
                    .with_hint("set a different slug = \"…\" in the front matter")
                    .with_code("slug-collision"),
                );
            }
        }
        if n > 1 {
            diags.last_mut().expect("pushed above").message +=
                &format!("; this article gets {slug:?}");
        }
        taken.insert(slug.clone(), i);
        out.push(slug);
    }
    out
}

/// One entity mention of an article, flattened across kinds.
struct Mention<'a> {
    kind: EntityKind,
    name: &'a str,
    mentions: u32,
    first: u32,
    detail: Detail,
    aliases: Vec<String>,
}

fn mentions_of(e: &Entities, year: Option<i32>) -> Vec<Mention<'_>> {
    let mut out = Vec::new();
    for r in &e.regions {
        out.push(Mention {
            kind: EntityKind::Region,
            name: &r.name,
            mentions: r.salience.mentions,
            first: r.salience.first,
            detail: Detail::Region {
                district: r.district.clone(),
            },
            aliases: Vec::new(),
        });
    }
    for b in &e.bodies {
        let mut aliases = b.aliases.to_vec();
        aliases.extend(b.full_name.clone());
        out.push(Mention {
            kind: EntityKind::Body,
            name: &b.name,
            mentions: b.salience.mentions,
            first: b.salience.first,
            detail: Detail::Body {
                level: b.level,
                region: b.region.clone(),
                full_name: b.full_name.clone(),
            },
            aliases,
        });
    }
    for p in &e.people {
        let roles = p
            .role
            .iter()
            .map(|r| RoleSeen {
                role: r.clone(),
                years: year.into_iter().collect(),
            })
            .collect();
        out.push(Mention {
            kind: EntityKind::Person,
            name: &p.name,
            mentions: p.salience.mentions,
            first: p.salience.first,
            detail: Detail::Person { roles },
            aliases: Vec::new(),
        });
    }
    for o in &e.organizations {
        out.push(Mention {
            kind: EntityKind::Organization,
            name: &o.name,
            mentions: o.salience.mentions,
            first: o.salience.first,
            detail: Detail::Organization {
                kind: o.kind,
                short: o.short.clone(),
            },
            aliases: o.short.iter().cloned().collect(),
        });
    }
    for p in &e.places {
        out.push(Mention {
            kind: EntityKind::Place,
            name: &p.name,
            mentions: p.salience.mentions,
            first: p.salience.first,
            detail: Detail::Place {
                region: p.region.clone(),
            },
            aliases: Vec::new(),
        });
    }
    out
}

/// Accumulates one merged entity while scanning articles.
struct Acc {
    spellings: BTreeMap<String, u32>,
    detail: Detail,
    aliases: BTreeSet<String>,
    articles: Vec<ArticleId>,
}

fn merge_detail(into: &mut Detail, new: Detail) {
    match (into, new) {
        (Detail::Person { roles }, Detail::Person { roles: more }) => {
            for r in more {
                match roles.iter_mut().find(|x| x.role == r.role) {
                    Some(x) => x.years.extend(r.years),
                    None => roles.push(r),
                }
            }
        }
        (
            Detail::Body {
                full_name, region, ..
            },
            Detail::Body {
                full_name: f2,
                region: r2,
                ..
            },
        ) => {
            if full_name.is_none() {
                *full_name = f2;
            }
            if region.is_none() {
                *region = r2;
            }
        }
        (Detail::Organization { short, .. }, Detail::Organization { short: s2, .. })
            if short.is_none() =>
        {
            *short = s2;
        }
        (Detail::Place { region }, Detail::Place { region: r2 }) if region.is_none() => {
            *region = r2;
        }
        _ => {}
    }
}

/// A mention kept while merging: (slot of its entity, mentions, first).
type KeptMention = (usize, u32, u32);

/// Entities merged from a run of articles, before ids are given.
struct Merged {
    accs: Vec<(EntityKey, Acc)>,
    /// Each scanned article's kept mentions: (slot in `accs`, mentions, first).
    mentions: Vec<(usize, Vec<KeptMention>)>,
}

/// Merges the mentions whose key passes `keep` from the articles `ids`,
/// which must come in ascending (newest-first) order: the first article's
/// detail is the base and later ones fill it in, as a full link does.
fn accumulate(
    articles: &[Article],
    ids: impl Iterator<Item = usize>,
    keep: impl Fn(&EntityKey) -> bool,
) -> Merged {
    // One pass over all mentions with a hash index; ids are made
    // deterministic afterwards by sorting the merged entities by key.
    let mut index: HashMap<EntityKey, usize> = HashMap::new();
    let mut accs: Vec<(EntityKey, Acc)> = Vec::new();
    let mut per_article = Vec::new();
    for i in ids {
        let a = &articles[i];
        let year = a.doc.date.map(|d| d.year());
        let mut keys = Vec::new();
        for m in mentions_of(&a.entities, year) {
            if m.name.trim().is_empty() {
                continue;
            }
            let key = EntityKey::new(m.kind, m.name);
            if !keep(&key) {
                continue;
            }
            let slot = match index.get(&key) {
                Some(&slot) => slot,
                None => {
                    index.insert(key.clone(), accs.len());
                    accs.push((
                        key,
                        Acc {
                            spellings: BTreeMap::new(),
                            detail: m.detail.clone(),
                            aliases: BTreeSet::new(),
                            articles: Vec::new(),
                        },
                    ));
                    accs.len() - 1
                }
            };
            let acc = &mut accs[slot].1;
            match acc.spellings.get_mut(m.name) {
                Some(n) => *n += m.mentions.max(1),
                None => {
                    acc.spellings.insert(m.name.to_string(), m.mentions.max(1));
                }
            }
            if acc.articles.last() != Some(&ArticleId(i)) {
                acc.articles.push(ArticleId(i));
                if acc.articles.len() > 1 {
                    merge_detail(&mut acc.detail, m.detail);
                }
            }
            acc.aliases.extend(m.aliases);
            keys.push((slot, m.mentions, m.first));
        }
        per_article.push((i, keys));
    }
    Merged {
        accs,
        mentions: per_article,
    }
}

/// The node of a merged entity; its slug comes from [`assign_entity_slugs`],
/// its companions and money once every article has its refs.
fn finish(key: EntityKey, acc: Acc) -> EntityNode {
    // The spelling used most; ties prefer "ё" (the careful form), then order.
    let name = acc
        .spellings
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then_with(|| a.0.contains('ё').cmp(&b.0.contains('ё')))
                .then_with(|| b.0.cmp(a.0))
        })
        .map(|(s, _)| s.clone())
        .expect("at least one spelling");
    let mut aliases: Vec<String> = acc.aliases.into_iter().filter(|a| *a != name).collect();
    aliases.extend(acc.spellings.keys().filter(|s| **s != name).cloned());
    aliases.sort();
    aliases.dedup();
    aliases.shrink_to_fit();
    let mut articles = acc.articles;
    articles.shrink_to_fit();
    EntityNode {
        key,
        name,
        slug: String::new(),
        path: SitePath::dir(""),
        detail: acc.detail,
        aliases,
        articles,
        companions: Vec::new(),
        money: Vec::new(),
    }
}

/// Slugs from names, in key order within each kind: the first entity with a
/// slug keeps it, later ones get `-2`, `-3`. Only changed slugs are written.
fn assign_entity_slugs(nodes: &mut [EntityNode], memo: &mut SlugMemo) {
    let mut taken: HashMap<(EntityKind, String), u32> = HashMap::new();
    for node in nodes {
        let base = memo.get(&node.name, "entity").0.clone();
        let n = taken.entry((node.key.kind, base.clone())).or_default();
        *n += 1;
        let slug = if *n == 1 { base } else { format!("{base}-{n}") };
        if node.slug != slug || node.path.as_str().is_empty() {
            node.path = SitePath::dir(&format!("{}/{slug}", kind_dir(node.key.kind)));
            node.slug = slug;
        }
    }
}

/// An article's merged entities in sidebar order (kind, then salience).
fn refs_of(mentions: &[KeptMention], id_of: &[EntityId], nodes: &[EntityNode]) -> Vec<EntityId> {
    let mut refs: Vec<(EntityKind, std::cmp::Reverse<u32>, u32, EntityId)> = mentions
        .iter()
        .map(|&(slot, m, f)| {
            let id = id_of[slot];
            (nodes[id.0].key.kind, std::cmp::Reverse(m), f, id)
        })
        .collect();
    refs.sort();
    refs.dedup_by_key(|r| r.3);
    // Not `into_iter().map().collect()`: that would keep the sort buffer,
    // three times the size, for the whole build.
    let mut out = Vec::with_capacity(refs.len());
    out.extend(refs.iter().map(|r| r.3));
    out
}

/// Money figures of an entity's articles, newest first, at most [`MAX_MONEY`].
/// An article listing the entity twice in its refs (two spellings far apart
/// in salience) contributes twice, as it always has.
fn money_of(articles: &[Article], id: EntityId, node: &EntityNode) -> Vec<(ArticleId, usize)> {
    let mut out = Vec::new();
    if node.key.kind == EntityKind::Place {
        return out;
    }
    for &a in &node.articles {
        if out.len() == MAX_MONEY {
            break;
        }
        let art = &articles[a.0];
        for _ in art.refs.iter().filter(|&&r| r == id) {
            for k in 0..art.entities.money.len() {
                if out.len() < MAX_MONEY {
                    out.push((a, k));
                }
            }
        }
    }
    out
}

fn merge_entities(articles: &mut [Article], memo: &mut SlugMemo) -> Vec<EntityNode> {
    let Merged { accs, mentions } = accumulate(articles, 0..articles.len(), |_| true);
    let mut order: Vec<usize> = (0..accs.len()).collect();
    order.sort_by(|&x, &y| accs[x].0.cmp(&accs[y].0));
    let mut id_of = vec![EntityId(0); accs.len()];
    for (id, &slot) in order.iter().enumerate() {
        id_of[slot] = EntityId(id);
    }
    let mut slots: Vec<Option<(EntityKey, Acc)>> = accs.into_iter().map(Some).collect();
    let mut nodes: Vec<EntityNode> = order
        .into_iter()
        .map(|slot| {
            let (key, acc) = slots[slot].take().expect("each slot once");
            finish(key, acc)
        })
        .collect();
    assign_entity_slugs(&mut nodes, memo);
    for (i, keys) in mentions {
        articles[i].refs = refs_of(&keys, &id_of, &nodes);
    }
    for (i, node) in nodes.iter_mut().enumerate() {
        node.money = money_of(articles, EntityId(i), node);
    }
    nodes
}

/// Which articles differ between an old graph and the new articles.
struct Delta {
    /// New index of each old article that is unchanged (`None`: edited or gone).
    old_to_new: Vec<Option<usize>>,
    /// New indexes of edited and added articles.
    changed: Vec<usize>,
    /// Old indexes of edited and removed articles.
    gone: Vec<usize>,
}

impl Delta {
    fn between(old: &SiteGraph, new: &[Article]) -> Delta {
        let by_path: HashMap<&std::path::Path, usize> = old
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.doc.path.as_path(), i))
            .collect();
        let mut old_to_new = vec![None; old.articles.len()];
        let mut changed = Vec::new();
        for (i, a) in new.iter().enumerate() {
            // The slug does not matter here: linking never reads it.
            match by_path.get(a.doc.path.as_path()) {
                Some(&o)
                    if std::sync::Arc::ptr_eq(&old.articles[o].doc, &a.doc)
                        && std::sync::Arc::ptr_eq(&old.articles[o].entities, &a.entities) =>
                {
                    old_to_new[o] = Some(i);
                }
                _ => changed.push(i),
            }
        }
        let gone = (0..old.articles.len())
            .filter(|&o| old_to_new[o].is_none())
            .collect();
        Delta {
            old_to_new,
            changed,
            gone,
        }
    }
}

/// What an edit touches: the entities to merge again and their articles.
struct Plan {
    /// Keys of the old and new versions of the changed articles.
    touched: HashSet<EntityKey>,
    /// New ids of every article of a touched entity, before or after the edit.
    scan: BTreeSet<usize>,
}

impl Plan {
    fn of(old: &SiteGraph, articles: &[Article], d: &Delta) -> Plan {
        let mut touched: HashSet<EntityKey> = HashSet::new();
        for &o in &d.gone {
            for r in &old.articles[o].refs {
                touched.insert(old.entities[r.0].key.clone());
            }
        }
        for &i in &d.changed {
            for m in mentions_of(&articles[i].entities, None) {
                if !m.name.trim().is_empty() {
                    touched.insert(EntityKey::new(m.kind, m.name));
                }
            }
        }
        let mut scan: BTreeSet<usize> = d.changed.iter().copied().collect();
        for k in &touched {
            if let Ok(o) = old.entities.binary_search_by(|e| e.key.cmp(k)) {
                scan.extend(
                    old.entities[o]
                        .articles
                        .iter()
                        .filter_map(|a| d.old_to_new[a.0]),
                );
            }
        }
        Plan { touched, scan }
    }
}

/// The graph of `articles` from the graph of their previous version: see
/// [`Linker`] for why the result equals a full link.
fn relink(
    old: &SiteGraph,
    mut articles: Vec<Article>,
    d: &Delta,
    plan: Plan,
    memo: &mut SlugMemo,
) -> SiteGraph {
    let Plan { touched, scan } = plan;
    let old_id = |k: &EntityKey| old.entities.binary_search_by(|e| e.key.cmp(k)).ok();
    let map_article = |a: &ArticleId| {
        ArticleId(d.old_to_new[a.0].expect("an unchanged entity has only unchanged articles"))
    };
    let Merged { accs, mentions } =
        accumulate(&articles, scan.iter().copied(), |k| touched.contains(k));

    // The new entity list: untouched old nodes and the touched ones merged
    // again, in key order (a two-way merge of sorted lists).
    let mut fresh: Vec<usize> = (0..accs.len()).collect();
    fresh.sort_by(|&x, &y| accs[x].0.cmp(&accs[y].0));
    let mut slots: Vec<Option<(EntityKey, Acc)>> = accs.into_iter().map(Some).collect();
    let mut fresh_id = vec![EntityId(0); slots.len()];
    let mut old_to_new_ent: Vec<Option<EntityId>> = vec![None; old.entities.len()];
    let mut nodes: Vec<EntityNode> = Vec::with_capacity(old.entities.len() + fresh.len());
    let mut unchanged_nodes: Vec<usize> = Vec::new();
    let mut olds = old.entities.iter().enumerate().peekable();
    let mut news = fresh.into_iter().peekable();
    loop {
        let take_old = match (olds.peek(), news.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some((_, e)), Some(&s)) => {
                let k = &slots[s].as_ref().expect("each slot once").0;
                // Equal keys: the old node first, so it maps to the new one.
                e.key <= *k
            }
        };
        if take_old {
            let (o, e) = olds.next().expect("peeked");
            if touched.contains(&e.key) {
                // Merged again below, or gone with its last article.
                if let Some(&s) = news.peek() {
                    if slots[s].as_ref().expect("each slot once").0 == e.key {
                        old_to_new_ent[o] = Some(EntityId(nodes.len()));
                    }
                }
                continue;
            }
            old_to_new_ent[o] = Some(EntityId(nodes.len()));
            unchanged_nodes.push(nodes.len());
            nodes.push(e.clone());
        } else {
            let s = news.next().expect("peeked");
            let (key, acc) = slots[s].take().expect("each slot once");
            fresh_id[s] = EntityId(nodes.len());
            nodes.push(finish(key, acc));
        }
    }
    assign_entity_slugs(&mut nodes, memo);
    let map_entity =
        |e: &EntityId| old_to_new_ent[e.0].expect("an entity of an unchanged article stays");

    // Refs: the changed articles from their mentions, the others renumbered
    // (renumbering keeps key order, so their sidebar order holds).
    for (o, n) in d.old_to_new.iter().enumerate() {
        if let Some(n) = *n {
            articles[n].refs = old.articles[o].refs.iter().map(map_entity).collect();
        }
    }
    let changed: HashSet<usize> = d.changed.iter().copied().collect();
    for (i, keys) in &mentions {
        if changed.contains(i) {
            articles[*i].refs = refs_of(keys, &fresh_id, &nodes);
        }
    }
    for &n in &unchanged_nodes {
        let node = &mut nodes[n];
        node.articles = node.articles.iter().map(map_article).collect();
        node.money = node
            .money
            .iter()
            .map(|(a, k)| (map_article(a), *k))
            .collect();
        node.companions = node
            .companions
            .iter()
            .map(|(c, k)| (map_entity(c), *k))
            .collect();
    }
    let mut g = SiteGraph {
        articles,
        entities: nodes,
    };
    for &id in &fresh_id {
        let companions = companions_of(&g, id);
        let money = money_of(&g.articles, id, &g.entities[id.0]);
        let node = &mut g.entities[id.0];
        node.companions = companions;
        node.money = money;
    }

    // Related lists change where a touched entity counts (its weight or
    // its articles changed); every other article keeps its list, renumbered.
    let mut redo: BTreeSet<usize> = d.changed.iter().copied().collect();
    for k in &touched {
        if let Some(o) = old_id(k) {
            let e = &old.entities[o];
            if related_weight(e) != 0.0 {
                redo.extend(e.articles.iter().filter_map(|a| d.old_to_new[a.0]));
            }
        }
    }
    for &id in &fresh_id {
        let e = &g.entities[id.0];
        if related_weight(e) != 0.0 {
            redo.extend(e.articles.iter().map(|a| a.0));
        }
    }
    for (o, n) in d.old_to_new.iter().enumerate() {
        if let Some(n) = *n {
            if !redo.contains(&n) {
                g.articles[n].related = old.articles[o].related.iter().map(map_article).collect();
            }
        }
    }
    let redo: Vec<usize> = redo.into_iter().collect();
    let lists = related_for(&g, &redo);
    for (i, r) in redo.into_iter().zip(lists) {
        g.articles[i].related = r;
    }
    g
}

/// The most frequent companions of one entity: the entities that appear in
/// the same articles, by the number of articles shared.
fn companions_of(g: &SiteGraph, x: EntityId) -> Vec<(EntityId, usize)> {
    let mut c: HashMap<EntityId, usize> = HashMap::new();
    for a in &g.entities[x.0].articles {
        let refs = &g.articles[a.0].refs;
        for _ in refs.iter().filter(|&&r| r == x) {
            for &y in refs {
                if y != x {
                    *c.entry(y).or_default() += 1;
                }
            }
        }
    }
    top_companions(c)
}

fn top_companions(c: HashMap<EntityId, usize>) -> Vec<(EntityId, usize)> {
    let mut v: Vec<(EntityId, usize)> = c.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(MAX_COMPANIONS);
    // Kept for the whole build: without this every entity held room for
    // all its companions, not just the top few.
    v.shrink_to_fit();
    v
}

/// Each entity's companions, one entity at a time: counting all of them in
/// one pass held a hash map per entity at once (~40 MB at 100,000 articles).
fn compute_companions(g: &mut SiteGraph) {
    use rayon::prelude::*;
    let lists: Vec<Vec<(EntityId, usize)>> = (0..g.entities.len())
        .into_par_iter()
        .map(|x| companions_of(g, EntityId(x)))
        .collect();
    for (node, c) in g.entities.iter_mut().zip(lists) {
        node.companions = c;
    }
}

/// How much sharing an entity says about two articles being related: an
/// entity in few articles says more than one in every article. Entities in
/// more than [`RELATED_CAP`] articles are skipped: they say little about
/// relatedness, and skipping them keeps this near-linear at 100,000 articles.
fn related_weight(e: &EntityNode) -> f64 {
    if e.articles.len() > RELATED_CAP || e.kind() == EntityKind::Place {
        0.0
    } else {
        1.0 / (1.0 + (e.articles.len() as f64).ln())
    }
}

/// Related articles by shared entities, each weighted by [`related_weight`].
fn compute_related(g: &mut SiteGraph) {
    let all: Vec<usize> = (0..g.articles.len()).collect();
    let related = related_for(g, &all);
    for (a, r) in g.articles.iter_mut().zip(related) {
        a.related = r;
    }
}

/// The related lists of the articles `ids`. Scores are summed in a dense
/// per-thread array (no hashing in the hot loop).
fn related_for(g: &SiteGraph, ids: &[usize]) -> Vec<Vec<ArticleId>> {
    use rayon::prelude::*;
    let n = g.articles.len();
    let weights: Vec<f64> = g.entities.iter().map(related_weight).collect();
    ids.par_iter()
        .map_init(
            || (vec![0.0f64; n], Vec::<usize>::new()),
            |(score, touched), &i| {
                for &e in &g.articles[i].refs {
                    let w = weights[e.0];
                    if w == 0.0 {
                        continue;
                    }
                    for &ArticleId(j) in &g.entities[e.0].articles {
                        if j != i {
                            if score[j] == 0.0 {
                                touched.push(j);
                            }
                            score[j] += w;
                        }
                    }
                }
                let mut v: Vec<(usize, f64)> = touched.iter().map(|&j| (j, score[j])).collect();
                for &j in touched.iter() {
                    score[j] = 0.0;
                }
                touched.clear();
                v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                // A fresh vector: collecting from `v.into_iter()` reuses its
                // allocation in place, so each article kept room for every
                // article it shares an entity with (~3.8 KB each).
                let mut top = Vec::with_capacity(v.len().min(MAX_RELATED));
                top.extend(v.iter().take(MAX_RELATED).map(|&(j, _)| ArticleId(j)));
                top
            },
        )
        .collect()
}

/// Date range helper for "the last 90 days of content": the newest exact date.
pub fn newest_date(g: &SiteGraph) -> Option<PartialDate> {
    g.articles.iter().filter_map(|a| a.doc.date).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_never_empty() {
        assert_eq!(make_slug("Кубань и Приамурье", "x"), "kuban-i-priamure");
        assert_eq!(make_slug("«»!!!", "000_file"), "000_file".replace('_', "-"));
        assert_eq!(make_slug("", ""), "article");
        let long = make_slug(&"слово ".repeat(30), "x");
        assert!(long.len() <= 60 && !long.ends_with('-'));
    }

    use crate::model::entity::Body as BodyEnt;
    use crate::model::{Entities, Salience};
    use crate::model::{Level, Money, OrgKind, Organization, Person, Place, Region};
    use std::sync::Arc;

    /// xorshift: the same "random" site on every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 8) as usize
        }
        fn chance(&mut self, percent: usize) -> bool {
            self.next() % 100 < percent
        }
    }

    fn sal(r: &mut Rng) -> Salience {
        Salience {
            mentions: (r.next() % 4) as u32,
            first: (r.next() % 50) as u32,
        }
    }

    /// An article drawn from small pools of names, so that entities are
    /// shared, spellings differ ("ё"), titles collide and one region is in
    /// about 200 articles (around the related-articles cap).
    fn doc(r: &mut Rng, n: usize, extra: Option<&str>) -> AnnotatedDoc {
        const TITLES: [&str; 5] = ["Завод", "Новый цех", "Кластер", "Завод", "«»"];
        const REGIONS: [&str; 4] = [
            "Москва",
            "Омская область",
            "Амурская область",
            "Краснодарский край",
        ];
        const PEOPLE: [&str; 6] = [
            "Оксана Кукшенёва",
            "Оксана Кукшенева",
            "Иван Петров",
            "Пётр Иванов",
            "Анна Смирнова",
            "Олег Орлов",
        ];
        const ROLES: [&str; 3] = ["министр", "губернатор", "директор"];
        const ORGS: [&str; 5] = ["АО Трубы", "ООО Сталь", "Технопарк", "АГХК", "ЗАО Поле"];
        const PLACES: [&str; 3] = ["Омск", "Благовещенск", "Казань"];
        let mut e = Entities::default();
        let region_share = [83, 20, 10, 5];
        for (i, name) in REGIONS.iter().enumerate() {
            if r.chance(region_share[i]) {
                e.regions.push(Region {
                    name: name.to_string(),
                    district: format!("округ {i}"),
                    salience: sal(r),
                });
            }
        }
        for _ in 0..r.next() % 3 {
            let name = PEOPLE[r.next() % PEOPLE.len()];
            e.people.push(Person {
                name: name.to_string(),
                role: r
                    .chance(60)
                    .then(|| ROLES[r.next() % ROLES.len()].to_string()),
                salience: sal(r),
            });
        }
        for _ in 0..r.next() % 3 {
            let name = ORGS[r.next() % ORGS.len()];
            e.organizations.push(Organization {
                name: name.to_string(),
                short: r.chance(30).then(|| "АГХК".to_string()),
                kind: OrgKind::Company,
                salience: sal(r),
            });
        }
        if r.chance(30) {
            e.bodies.push(BodyEnt {
                name: "Минпромторг России".into(),
                full_name: r
                    .chance(50)
                    .then(|| "Министерство промышленности".to_string()),
                level: Level::Federal,
                region: None,
                aliases: vec!["Минпромторг".to_string()].into(),
                salience: sal(r),
            });
        }
        if r.chance(40) {
            e.places.push(Place {
                name: PLACES[r.next() % PLACES.len()].to_string(),
                region: r.chance(50).then(|| "Омская область".to_string()),
                salience: sal(r),
            });
        }
        for k in 0..r.next() % 3 {
            e.money.push(Money {
                text: format!("{k} млн рублей"),
                rub: k as u64,
                qualifier: None,
                sentence: Default::default(),
            });
        }
        if let Some(name) = extra {
            e.organizations.push(Organization {
                name: name.to_string(),
                short: None,
                kind: OrgKind::Plant,
                salience: sal(r),
            });
        }
        let date = PartialDate::parse(&format!(
            "2025-{:02}-{:02}",
            1 + r.next() % 3,
            1 + r.next() % 3
        ));
        AnnotatedDoc {
            doc: Arc::new(CleanDoc {
                path: format!("content/a{n:03}.md").into(),
                stem: format!("a{n:03}"),
                title: TITLES[r.next() % TITLES.len()].to_string(),
                title_inferred: false,
                date: date.filter(|_| r.chance(90)),
                source: None,
                source_url: None,
                tags: Vec::new(),
                slug: None,
                body: crate::model::Body::Plain { quotes: Vec::new() },
                plain: vec![format!("Текст {n}")],
                dropped: Vec::new(),
            }),
            entities: Arc::new(e),
        }
    }

    /// Relinks `docs` from `old` on the incremental path (no fallback) and
    /// checks the graph and diagnostics against a full link.
    fn relink_equals_full(
        linker: &mut Linker,
        old: &SiteGraph,
        docs: &[AnnotatedDoc],
        step: &str,
    ) -> SiteGraph {
        let (articles, diags) = linker.place_articles(docs.to_vec());
        let delta = Delta::between(old, &articles);
        assert!(
            !delta.changed.is_empty() || !delta.gone.is_empty(),
            "{step}: the edit is seen"
        );
        let plan = Plan::of(old, &articles, &delta);
        let g = relink(old, articles, &delta, plan, &mut linker.slugs);
        let (full, full_diags) = run(docs.to_vec());
        assert_eq!(format!("{diags:?}"), format!("{full_diags:?}"), "{step}");
        assert_eq!(
            format!("{g:?}"),
            format!("{full:?}"),
            "{step}: graphs differ"
        );
        g
    }

    fn has_entity(g: &SiteGraph, name: &str) -> bool {
        g.entities.iter().any(|e| e.name == name)
    }

    #[test]
    fn relink_after_edits_equals_a_full_link() {
        let mut r = Rng(0x2545_f491_4f6c_dd1d);
        let mut docs: Vec<AnnotatedDoc> = (0..240).map(|n| doc(&mut r, n, None)).collect();
        let mut linker = Linker::default();
        let (mut g, _) = linker.link(docs.clone());
        let around_cap = g.entities.iter().find(|e| e.name == "Москва").unwrap();
        assert!(around_cap.articles.len().abs_diff(RELATED_CAP) < 20);

        // An edit that adds an entity no article had.
        docs[7] = doc(&mut r, 7, Some("Завод Новинка"));
        g = relink_equals_full(&mut linker, &g, &docs, "new entity");
        assert!(has_entity(&g, "Завод Новинка"));
        // Its last mention goes: the entity goes.
        docs[7] = doc(&mut r, 7, None);
        g = relink_equals_full(&mut linker, &g, &docs, "entity gone");
        assert!(!has_entity(&g, "Завод Новинка"));
        // A title (and so slug) change, into a colliding title.
        let mut d = (*docs[3].doc).clone();
        d.title = "Завод".into();
        docs[3].doc = Arc::new(d);
        g = relink_equals_full(&mut linker, &g, &docs, "title");
        // A date change (the article moves in the order).
        let mut d = (*docs[150].doc).clone();
        d.date = PartialDate::parse("2024-12-31");
        docs[150].doc = Arc::new(d);
        g = relink_equals_full(&mut linker, &g, &docs, "date");
        // A deleted and an added article.
        docs.remove(20);
        g = relink_equals_full(&mut linker, &g, &docs, "delete");
        docs.push(doc(&mut r, 500, Some("Завод Новинка")));
        g = relink_equals_full(&mut linker, &g, &docs, "add");
        // Random edits of one to three articles, some crossing the cap.
        for step in 0..40 {
            for _ in 0..1 + r.next() % 3 {
                let i = r.next() % docs.len();
                match r.next() % 6 {
                    0 => {
                        docs.remove(i);
                    }
                    1 => docs.push(doc(&mut r, 600 + step, None)),
                    _ => {
                        let n = docs[i].doc.stem[1..].parse().unwrap();
                        docs[i] = doc(&mut r, n, None);
                    }
                }
            }
            g = relink_equals_full(&mut linker, &g, &docs, &format!("random step {step}"));
        }
    }
}
