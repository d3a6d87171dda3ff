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
    AnnotatedDoc, CleanDoc, Diagnostic, Entities, EntityKey, EntityKind, Level, OrgKind,
    PartialDate, SitePath,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Index of an article in [`SiteGraph::articles`] (which is sorted newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleId(pub usize);

/// Index of an entity in [`SiteGraph::entities`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(pub usize);

/// An article with its place on the site.
#[derive(Debug, Clone)]
pub struct Article {
    pub doc: std::sync::Arc<CleanDoc>,
    pub entities: std::sync::Arc<Entities>,
    pub slug: String,
    pub path: SitePath,
    /// Merged entities of this article, in sidebar order (kind, then salience).
    pub refs: Vec<EntityId>,
    /// Up to five articles sharing the most entities with this one.
    pub related: Vec<ArticleId>,
}

/// A role a person was seen with, and the years it was seen.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleSeen {
    pub role: String,
    pub years: BTreeSet<i32>,
}

/// What is known about a merged entity beyond its name.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    Region {
        district: String,
    },
    Body {
        level: Level,
        region: Option<String>,
        full_name: Option<String>,
    },
    Person {
        roles: Vec<RoleSeen>,
    },
    Organization {
        kind: OrgKind,
        short: Option<String>,
    },
    Place {
        region: Option<String>,
    },
}

/// One entity merged across the whole site.
#[derive(Debug, Clone)]
pub struct EntityNode {
    pub key: EntityKey,
    pub name: String,
    pub slug: String,
    pub path: SitePath,
    pub detail: Detail,
    /// Names and abbreviations under which it can be found (for search).
    pub aliases: Vec<String>,
    /// Its articles, newest first.
    pub articles: Vec<ArticleId>,
    /// Entities most often in the same articles, with the shared article count.
    pub companions: Vec<(EntityId, usize)>,
    /// Money figures from its articles, newest article first: the article
    /// and the index into its `entities.money` (not a copy of the figure).
    pub money: Vec<(ArticleId, usize)>,
}

impl EntityNode {
    pub fn kind(&self) -> EntityKind {
        self.key.kind
    }
}

/// The whole site, linked.
#[derive(Debug, Clone, Default)]
pub struct SiteGraph {
    pub articles: Vec<Article>,
    pub entities: Vec<EntityNode>,
}

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
    let mut diags = Vec::new();
    let mut docs = docs;
    // Slugs are given in path order, so which article keeps the plain slug
    // does not depend on dates or titles that an editor may change.
    docs.sort_by(|a, b| a.doc.path.cmp(&b.doc.path));
    let slugs = assign_slugs(&docs, &mut diags);
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
    let t = crate::timing::span("link:merge");
    let entities = merge_entities(&mut articles);
    drop(t);
    let mut graph = SiteGraph { articles, entities };
    let t = crate::timing::span("link:companions");
    compute_companions(&mut graph);
    drop(t);
    let _t = crate::timing::span("link:related");
    compute_related(&mut graph);
    (graph, diags)
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
    let s = slug::slugify(strip_signs(text));
    let s = truncate_slug(&s, 60);
    if !s.is_empty() {
        return s;
    }
    let f = truncate_slug(&slug::slugify(fallback), 60);
    if f.is_empty() {
        "article".to_string()
    } else {
        f
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

fn assign_slugs(docs: &[AnnotatedDoc], diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(docs.len());
    for (i, a) in docs.iter().enumerate() {
        let d = &a.doc;
        let wanted = d.slug.as_deref().unwrap_or(&d.title);
        let base = make_slug(wanted, &d.stem);
        if slug::slugify(strip_signs(wanted)).is_empty() {
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
        let mut aliases = b.aliases.clone();
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

fn merge_entities(articles: &mut [Article]) -> Vec<EntityNode> {
    // One pass over all mentions with a hash index; ids are made
    // deterministic afterwards by sorting the merged entities by key.
    let mut index: HashMap<EntityKey, usize> = HashMap::new();
    let mut accs: Vec<(EntityKey, Acc)> = Vec::new();
    let mut per_article: Vec<Vec<(usize, u32, u32)>> = Vec::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        let year = a.doc.date.map(|d| d.year());
        let mut keys = Vec::new();
        for m in mentions_of(&a.entities, year) {
            if m.name.trim().is_empty() {
                continue;
            }
            let key = EntityKey::new(m.kind, m.name);
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
        per_article.push(keys);
    }
    let mut order: Vec<usize> = (0..accs.len()).collect();
    order.sort_by(|&x, &y| accs[x].0.cmp(&accs[y].0));
    let mut id_of = vec![EntityId(0); accs.len()];
    for (id, &slot) in order.iter().enumerate() {
        id_of[slot] = EntityId(id);
    }
    let mut slots: Vec<Option<(EntityKey, Acc)>> = accs.into_iter().map(Some).collect();
    let mut nodes = Vec::with_capacity(slots.len());
    let mut taken: HashMap<(EntityKind, String), u32> = HashMap::new();
    for slot in order {
        let (key, acc) = slots[slot].take().expect("each slot once");
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
        let base = make_slug(&name, "entity");
        let n = taken.entry((key.kind, base.clone())).or_default();
        *n += 1;
        let slug = if *n == 1 { base } else { format!("{base}-{n}") };
        let mut aliases: Vec<String> = acc.aliases.into_iter().filter(|a| *a != name).collect();
        aliases.extend(acc.spellings.keys().filter(|s| **s != name).cloned());
        aliases.sort();
        aliases.dedup();
        nodes.push(EntityNode {
            path: SitePath::dir(&format!("{}/{slug}", kind_dir(key.kind))),
            key,
            name,
            slug,
            detail: acc.detail,
            aliases,
            articles: acc.articles,
            companions: Vec::new(),
            money: Vec::new(),
        });
    }
    for (i, keys) in per_article.into_iter().enumerate() {
        let mut refs: Vec<(EntityKind, std::cmp::Reverse<u32>, u32, EntityId)> = keys
            .into_iter()
            .map(|(slot, m, f)| {
                let id = id_of[slot];
                (nodes[id.0].key.kind, std::cmp::Reverse(m), f, id)
            })
            .collect();
        refs.sort();
        refs.dedup_by_key(|r| r.3);
        articles[i].refs = refs.into_iter().map(|r| r.3).collect();
        let n_money = articles[i].entities.money.len();
        for &id in &articles[i].refs {
            let node = &mut nodes[id.0];
            if node.key.kind == EntityKind::Place {
                continue;
            }
            for k in 0..n_money {
                if node.money.len() < MAX_MONEY {
                    node.money.push((ArticleId(i), k));
                }
            }
        }
    }
    nodes
}

fn compute_companions(g: &mut SiteGraph) {
    let mut counts: Vec<HashMap<EntityId, usize>> = vec![HashMap::new(); g.entities.len()];
    for a in &g.articles {
        for &x in &a.refs {
            for &y in &a.refs {
                if x != y {
                    *counts[x.0].entry(y).or_default() += 1;
                }
            }
        }
    }
    for (node, c) in g.entities.iter_mut().zip(counts) {
        let mut v: Vec<(EntityId, usize)> = c.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(MAX_COMPANIONS);
        node.companions = v;
    }
}

/// Related articles by shared entities, each weighted by rarity: an entity in
/// few articles says more than one in every article. Entities in more than
/// [`RELATED_CAP`] articles are skipped: they say little about relatedness,
/// and skipping them keeps this near-linear at 100,000 articles. Scores are
/// summed in a dense per-thread array (no hashing in the hot loop).
fn compute_related(g: &mut SiteGraph) {
    use rayon::prelude::*;
    let n = g.articles.len();
    let weights: Vec<f64> = g
        .entities
        .iter()
        .map(|e| {
            if e.articles.len() > RELATED_CAP || e.kind() == EntityKind::Place {
                0.0
            } else {
                1.0 / (1.0 + (e.articles.len() as f64).ln())
            }
        })
        .collect();
    let graph = &*g;
    let related: Vec<Vec<ArticleId>> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f64; n], Vec::<usize>::new()),
            |(score, touched), i| {
                for &e in &graph.articles[i].refs {
                    let w = weights[e.0];
                    if w == 0.0 {
                        continue;
                    }
                    for &ArticleId(j) in &graph.entities[e.0].articles {
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
                v.into_iter()
                    .take(MAX_RELATED)
                    .map(|(j, _)| ArticleId(j))
                    .collect()
            },
        )
        .collect();
    for (a, r) in g.articles.iter_mut().zip(related) {
        a.related = r;
    }
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
}
