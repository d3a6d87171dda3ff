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

mod merge;
mod related;
mod relink;
mod slugs;

use merge::*;
use related::*;
use relink::*;
pub use slugs::make_slug;
use slugs::*;

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
                // A file, not a folder with an index.html: at 100,000
                // articles the folders were 100,000 more entries in the
                // Pages tar (51 MB of its 1 GB) and on disk (issue 17).
                path: SitePath::file(&format!("articles/{slug}.html")),
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

/// The newest article date of the site. The graph holds its articles
/// newest first ([`newest_first`]: dated before undated), so it is the
/// first article's; every feed of an undated entity asks for it, and a scan
/// per feed cost 1.3 s of CPU at 100,000 articles.
pub fn newest_date(g: &SiteGraph) -> Option<PartialDate> {
    let first = g.articles.first().and_then(|a| a.doc.date);
    debug_assert_eq!(first, g.articles.iter().filter_map(|a| a.doc.date).max());
    first
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
            }),
            entities: Arc::new(e),
        }
    }

    #[test]
    fn the_first_article_of_a_linked_site_has_its_newest_date() {
        let mut r = Rng(0x5eed17);
        // Paths in one order, dates in another, a tenth undated.
        let mut docs: Vec<AnnotatedDoc> = (0..300).map(|n| doc(&mut r, n, None)).collect();
        // The first by path is undated, so the newest is not first by path.
        Arc::make_mut(&mut docs[0].doc).date = None;
        let newest = docs.iter().filter_map(|d| d.doc.date).max();
        assert!(newest.is_some());
        let (g, _) = run(docs);
        assert_eq!(newest_date(&g), newest);
        assert_eq!(newest_date(&SiteGraph::default()), None);
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
