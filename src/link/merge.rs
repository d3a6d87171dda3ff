//! Merging entities across articles: every mention of one [`EntityKey`]
//! becomes one [`EntityNode`], complete with its slug, path, articles,
//! money figures and (for people) roles by year.

use super::*;

/// One entity mention of an article, flattened across kinds.
pub(super) struct Mention<'a> {
    pub(super) kind: EntityKind,
    pub(super) name: &'a str,
    pub(super) mentions: u32,
    pub(super) first: u32,
    pub(super) detail: Detail,
    pub(super) aliases: Vec<String>,
}

pub(super) fn mentions_of(e: &Entities, year: Option<i32>) -> Vec<Mention<'_>> {
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
pub(super) struct Acc {
    pub(super) spellings: BTreeMap<String, u32>,
    pub(super) detail: Detail,
    pub(super) aliases: BTreeSet<String>,
    pub(super) articles: Vec<ArticleId>,
}

pub(super) fn merge_detail(into: &mut Detail, new: Detail) {
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
pub(super) type KeptMention = (usize, u32, u32);

/// Entities merged from a run of articles, before ids are given.
pub(super) struct Merged {
    pub(super) accs: Vec<(EntityKey, Acc)>,
    /// Each scanned article's kept mentions: (slot in `accs`, mentions, first).
    pub(super) mentions: Vec<(usize, Vec<KeptMention>)>,
}

/// Articles whose mentions are keyed at once (see [`accumulate`]).
const KEYED_CHUNK: usize = 2048;

/// Merges the mentions whose key passes `keep` from the articles `ids`,
/// which must come in ascending (newest-first) order: the first article's
/// detail is the base and later ones fill it in, as a full link does.
pub(super) fn accumulate(
    articles: &[Article],
    ids: impl Iterator<Item = usize>,
    keep: impl Fn(&EntityKey) -> bool + Sync,
) -> Merged {
    use rayon::prelude::*;
    // Each article's mentions and their keys (name folding is the costly
    // part) on all cores; then one pass over them with a hash index, in
    // article order. Ids are made deterministic afterwards by sorting the
    // merged entities by key.
    let ids: Vec<usize> = ids.collect();
    let keyed_chunk = |chunk: &[usize]| -> Vec<Vec<(EntityKey, Mention)>> {
        chunk
            .par_iter()
            .map(|&i| {
                let a = &articles[i];
                let year = a.doc.date.map(|d| d.year());
                mentions_of(&a.entities, year)
                    .into_iter()
                    .filter(|m| !m.name.trim().is_empty())
                    .map(|m| (EntityKey::new(m.kind, m.name), m))
                    .filter(|(key, _)| keep(key))
                    .collect()
            })
            .collect()
    };
    let mut index: HashMap<EntityKey, usize> = HashMap::new();
    let mut accs: Vec<(EntityKey, Acc)> = Vec::new();
    let mut per_article = Vec::with_capacity(ids.len());
    // In chunks: the keyed mentions of every article at once were 250 MB
    // at 100,000 articles, over the memory budget.
    for chunk in ids.chunks(KEYED_CHUNK) {
        for (&i, mentions) in chunk.iter().zip(keyed_chunk(chunk)) {
            let mut keys = Vec::new();
            for (key, m) in mentions {
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
    }
    Merged {
        accs,
        mentions: per_article,
    }
}

/// The node of a merged entity; its slug comes from [`assign_entity_slugs`],
/// its companions and money once every article has its refs.
pub(super) fn finish(key: EntityKey, acc: Acc) -> EntityNode {
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

/// An article's merged entities in sidebar order (kind, then salience).
pub(super) fn refs_of(
    mentions: &[KeptMention],
    id_of: &[EntityId],
    nodes: &[EntityNode],
) -> Vec<EntityId> {
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
pub(super) fn money_of(
    articles: &[Article],
    id: EntityId,
    node: &EntityNode,
) -> Vec<(ArticleId, usize)> {
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

pub(super) fn merge_entities(articles: &mut [Article], memo: &mut SlugMemo) -> Vec<EntityNode> {
    use rayon::prelude::*;
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
    // A full link scans every article in order, so `mentions` holds article
    // i at position i.
    debug_assert!(mentions.iter().enumerate().all(|(n, (i, _))| n == *i));
    articles
        .par_iter_mut()
        .zip(mentions.par_iter())
        .for_each(|(a, (_, keys))| a.refs = refs_of(keys, &id_of, &nodes));
    let articles = &*articles;
    nodes
        .par_iter_mut()
        .enumerate()
        .for_each(|(i, node)| node.money = money_of(articles, EntityId(i), node));
    nodes
}
