//! Relinking after an edit: only the entities the changed articles touch
//! (before or after) are merged again; every other node keeps its data with
//! its ids renumbered. See [`super::Linker`] for why this equals a full link.

use super::*;

/// Which articles differ between an old graph and the new articles.
pub(super) struct Delta {
    /// New index of each old article that is unchanged (`None`: edited or gone).
    pub(super) old_to_new: Vec<Option<usize>>,
    /// New indexes of edited and added articles.
    pub(super) changed: Vec<usize>,
    /// Old indexes of edited and removed articles.
    pub(super) gone: Vec<usize>,
}

impl Delta {
    pub(super) fn between(old: &SiteGraph, new: &[Article]) -> Delta {
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
pub(super) struct Plan {
    /// Keys of the old and new versions of the changed articles.
    pub(super) touched: HashSet<EntityKey>,
    /// New ids of every article of a touched entity, before or after the edit.
    pub(super) scan: BTreeSet<usize>,
}

impl Plan {
    pub(super) fn of(old: &SiteGraph, articles: &[Article], d: &Delta) -> Plan {
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
pub(super) fn relink(
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
