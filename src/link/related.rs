//! What the index pages show beside an entity or article: an entity's most
//! frequent companions and each article's related articles.

use super::*;

/// The most frequent companions of one entity: the entities that appear in
/// the same articles, by the number of articles shared.
pub(super) fn companions_of(g: &SiteGraph, x: EntityId) -> Vec<(EntityId, usize)> {
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

pub(super) fn top_companions(c: HashMap<EntityId, usize>) -> Vec<(EntityId, usize)> {
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
pub(super) fn compute_companions(g: &mut SiteGraph) {
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
pub(super) fn related_weight(e: &EntityNode) -> f64 {
    if e.articles.len() > RELATED_CAP || e.kind() == EntityKind::Place {
        0.0
    } else {
        1.0 / (1.0 + (e.articles.len() as f64).ln())
    }
}

/// Related articles by shared entities, each weighted by [`related_weight`].
pub(super) fn compute_related(g: &mut SiteGraph) {
    let all: Vec<usize> = (0..g.articles.len()).collect();
    let related = related_for(g, &all);
    for (a, r) in g.articles.iter_mut().zip(related) {
        a.related = r;
    }
}

/// The related lists of the articles `ids`. Scores are summed in a dense
/// per-thread array (no hashing in the hot loop).
pub(super) fn related_for(g: &SiteGraph, ids: &[usize]) -> Vec<Vec<ArticleId>> {
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
