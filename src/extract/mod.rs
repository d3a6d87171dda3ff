//! Entity extraction: title + cleaned paragraphs → [`Entities`].
//!
//! Goes in: one article's title and body paragraphs, already cleaned.
//! Comes out: regions, bodies, people, organisations, places and ruble
//! amounts, each normalised to its nominative name and ranked by salience
//! (mentions descending, then first position).
//!
//! # Guarantees
//! * Pure and total: `extract` never panics and never touches I/O; the
//!   [`Extractor`] is built once per site build and shared across threads.
//! * Precision before recall: a wrong entity page ("Свободненском районе" as a
//!   person) is worse than a missing one. Every recogniser therefore needs a
//!   closed-class anchor — a gazetteer form, a known first name, a body head
//!   word, a legal form or a currency word — before it emits anything.
//!
//! # How
//! The article is joined into one text (title, then paragraphs, separated by
//! "\n"), folded once for case-insensitive matching ([`text::fold`]) and
//! tokenised once. Closed classes (regions, cities, known federal bodies) are
//! found with Aho-Corasick over case forms generated at start-up from the
//! data files in `data/` ([`morph`] explains why generation beats a
//! dictionary analyser here). Open classes are built around anchors:
//! [`people`] from first names, [`bodies`] from head words, [`orgs`] from
//! legal forms and type words, [`money`] from currency words.
//!
//! One recogniser per module; they run in dependency order because bodies
//! need the regions found and people need both (for roles and to refuse
//! surnames that are really place names).
//!
//! # Speed
//! Budget: 10,000 articles of 3–5 KB in 1.5 s on two cores. Measured (release,
//! on the shared, loaded build machine): about 95–110 µs of CPU per article
//! of 2.2 KB (≈ 45 µs/KB), building the [`Extractor`] takes 30–50 ms. What
//! made the difference, found with `perf`: gazetteer automata walked only
//! from token starts that can begin a pattern, byte-level case folding, and
//! a money regex without Unicode `\b` (which disables the regex DFA) run
//! only on paragraphs that name the currency. Re-measure with
//! `cargo test --release --test extract_props -- --ignored --nocapture`.

pub mod bodies;
pub mod dict;
pub mod gazetteer;
pub mod money;
pub mod morph;
mod municipal;
pub mod orgs;
pub mod people;
pub mod places;
pub mod regions;
mod spans;
pub mod text;
pub mod work;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::entity::{Entities, Salience};
use crate::model::Diagnostic;
pub use text::Doc;

/// Optional additions from `site.toml`'s `[extract]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    /// Extra aliases per federal subject: official name → nominative aliases.
    /// Unknown subject names are ignored (the table of 89 subjects is fixed).
    pub region_aliases: BTreeMap<String, Vec<String>>,
    /// Extra known bodies.
    pub bodies: Vec<BodyConfig>,
    /// Extra cities: nominative name → official name of its federal subject.
    pub cities: BTreeMap<String, String>,
}

/// A body added from configuration.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyConfig {
    /// Canonical (display) name, nominative.
    pub name: String,
    #[serde(default)]
    pub full_name: Option<String>,
    /// Other nominative names; all are matched in every case form.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Official name of the region for a regional body; none = federal.
    #[serde(default)]
    pub region: Option<String>,
}

/// Everything built once per site build: gazetteers, automata, tables.
pub struct Extractor {
    regions: regions::Regions,
    places: places::Places,
    bodies: bodies::Bodies,
    people: people::People,
    orgs: orgs::Orgs,
    money: money::MoneyFinder,
}

/// The extract stage in the shape of every per-article stage: a cleaned
/// article's entities and the problems found (none so far: every
/// recogniser is total and refuses rather than complains).
pub fn run(doc: &crate::model::CleanDoc, x: &Extractor) -> (Entities, Vec<Diagnostic>) {
    (x.extract_clean(doc), Vec::new())
}

impl Extractor {
    /// Compiles the built-in data tables plus the configuration's additions.
    pub fn new(cfg: &ExtractConfig) -> Extractor {
        // The dictionary loads on its own thread while the tables compile
        // and the content is read; the first article waits for it.
        dict::preload();
        let regions = regions::Regions::new(cfg);
        let places = places::Places::new(cfg, &regions);
        let bodies = bodies::Bodies::new(cfg, &regions);
        Extractor {
            regions,
            places,
            bodies,
            people: people::People::new(),
            orgs: orgs::Orgs::new(),
            money: money::MoneyFinder::new(),
        }
    }

    /// Extracts the entities of one article. Pure; never panics.
    /// The entities of a cleaned article. A headline the cleaner inferred
    /// is the lead's first words again, often cut inside a name
    /// ("… в капитал Государственного фонда"): only the body is read then.
    pub fn extract_clean(&self, doc: &crate::model::CleanDoc) -> Entities {
        let title = if doc.title_inferred { "" } else { &doc.title };
        self.extract(title, &doc.plain)
    }

    pub fn extract(&self, title: &str, paragraphs: &[String]) -> Entities {
        let masked = paragraphs.first().and_then(|p| without_dateline_credit(p));
        let doc = match masked {
            Some(first) => {
                let mut ps = paragraphs.to_vec();
                ps[0] = first;
                Doc::new(title, &ps)
            }
            None => Doc::new(title, paragraphs),
        };
        let region_hits = self.regions.find(&doc);
        let main_region = regions::main_region(&region_hits);
        let body_hits = self
            .bodies
            .find(&doc, &self.regions, &region_hits, main_region);
        let body_spans: Vec<(usize, usize, Option<&str>)> = body_hits
            .iter()
            .map(|b| (b.start, b.end, b.region.as_deref()))
            .collect();
        let region_hits = self.regions.subjects_only(&doc, region_hits, &body_spans);
        let main_region = regions::main_region(&region_hits);
        let place_hits = self.places.find(&doc, &region_hits);
        let role_ctx = people::RoleCtx {
            regions: &self.regions,
            bodies: &self.bodies,
            hits: &region_hits,
            main: main_region,
        };
        let people = self.people.find(&doc, &role_ctx, &place_hits, &body_hits);
        let orgs = self
            .orgs
            .find(&doc, &people.spans, &self.regions, &region_hits, &body_hits);
        let mut body_hits = body_hits;
        body_hits.extend(municipal::find(&doc, &place_hits));
        // A place inside a person's or a body's name is part of that name:
        // "России" in "Минэнерго России" is not a mention of the country.
        let named: Vec<(usize, usize)> = people
            .spans
            .iter()
            .copied()
            .chain(body_hits.iter().map(|b| (b.start, b.end)))
            .collect();
        let mut out = Entities {
            regions: self.regions.entities(&doc, &region_hits),
            bodies: bodies::entities(&doc, &body_hits),
            people: people.people,
            organizations: orgs,
            places: places::entities(&doc, &place_hits, &named),
            money: self.money.find(&doc),
        };
        let role_bodies = bodies::from_roles(&self.bodies, &self.regions, main_region, &out.people);
        bodies::merge_role_bodies(&mut out.bodies, role_bodies);
        rank(&mut out.regions, |r| r.salience);
        rank(&mut out.bodies, |r| r.salience);
        rank(&mut out.people, |r| r.salience);
        rank(&mut out.organizations, |r| r.salience);
        rank(&mut out.places, |r| r.salience);
        out
    }
}

/// The first paragraph with its dateline credit blanked out, char for char
/// so positions stay put: "РИА Новости Крым" names the outlet, and neither
/// Crimea nor the agency is what a Sevastopol story is about.
fn without_dateline_credit(first: &str) -> Option<String> {
    let (s, e) = crate::clean::source::dateline_credit(first)?;
    let blank: String = first[s..e].chars().map(|_| ' ').collect();
    Some(format!("{}{blank}{}", &first[..s], &first[e..]))
}

/// Orders by mentions descending, then first position (stable and total).
fn rank<T>(items: &mut [T], sal: impl Fn(&T) -> Salience) {
    items.sort_by(|a, b| {
        let (a, b) = (sal(a), sal(b));
        b.mentions.cmp(&a.mentions).then(a.first.cmp(&b.first))
    });
}

/// Accumulates mentions of entities keyed by folded name, remembering the
/// first position, so each recogniser only reports hits. Entities keep the
/// order of their first report; the index makes a mention O(1) (a linear
/// search here made large articles quadratic, issue #15).
pub(crate) struct Tally<T> {
    items: Vec<(T, Salience)>,
    /// FxHash: our own text as keys, looked up for every mention.
    index: rustc_hash::FxHashMap<String, usize>,
}

impl<T> Tally<T> {
    pub(crate) fn new() -> Self {
        Tally {
            items: Vec::new(),
            index: Default::default(),
        }
    }

    /// Counts one mention at char offset `first`; `make` builds the entity
    /// on its first mention.
    pub(crate) fn add(&mut self, name: &str, first: u32, make: impl FnOnce() -> T) -> &mut T {
        work::step(1);
        let next = self.items.len();
        let idx = *self
            .index
            .entry(crate::model::fold_name(name))
            .or_insert(next);
        if idx == next {
            self.items.push((make(), Salience { mentions: 1, first }));
        } else {
            let s = &mut self.items[idx].1;
            s.mentions += 1;
            s.first = s.first.min(first);
        }
        &mut self.items[idx].0
    }

    /// The entity already counted under `name`.
    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        let idx = *self.index.get(&crate::model::fold_name(name))?;
        Some(&mut self.items[idx].0)
    }

    pub(crate) fn finish(self, mut set: impl FnMut(&mut T, Salience)) -> Vec<T> {
        // Into a new vector of the exact length: `into_iter().map().collect()`
        // would reuse the tally's larger buffer in place, and the entities
        // are kept for the whole build.
        let mut out = Vec::with_capacity(self.items.len());
        out.extend(self.items.into_iter().map(|(mut t, s)| {
            set(&mut t, s);
            t
        }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_inside_a_body_name_is_not_a_mention() {
        let x = Extractor::new(&ExtractConfig::default());
        let e = x.extract(
            "Заводы получат поддержку",
            &["По линии Минпромторга России и Минэнерго России заводы получат займы.                Таких заводов в России пока мало."
                .to_string()],
        );
        let places: Vec<(&str, u32)> = e
            .places
            .iter()
            .map(|p| (p.name.as_str(), p.salience.mentions))
            .collect();
        assert_eq!(places, [("Россия", 1)]);
        assert_eq!(e.bodies.len(), 2);
    }

    #[test]
    fn config_from_site_toml_extends_tables() {
        let cfg: ExtractConfig = toml::from_str(
            r#"
            region_aliases = { "Тульская область" = ["Тульский край"] }
            cities = { "Ефремов" = "Тульская область" }
            [[bodies]]
            name = "Корпорация развития Тульской области"
            aliases = ["КРТО"]
            region = "Тульская область"
            "#,
        )
        .unwrap();
        let x = Extractor::new(&cfg);
        let e = x.extract("В Тульском крае КРТО открыла парк в Ефремове", &[]);
        assert_eq!(e.regions[0].name, "Тульская область");
        assert_eq!(e.bodies[0].name, "Корпорация развития Тульской области");
        assert_eq!(e.bodies[0].level, crate::model::entity::Level::Regional);
        assert_eq!(e.places[0].name, "Ефремов");
    }

    #[test]
    fn unknown_config_keys_are_rejected() {
        assert!(toml::from_str::<ExtractConfig>("regions = []").is_err());
    }

    #[test]
    fn ranked_by_mentions_then_position() {
        let x = Extractor::new(&ExtractConfig::default());
        let e = x.extract(
            "Омская область и Кубань",
            &["На Кубани и в Краснодарском крае".into()],
        );
        let names: Vec<&str> = e.regions.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Краснодарский край", "Омская область"]);
        assert_eq!(e.regions[0].salience.mentions, 3);
        assert_eq!(e.regions[1].salience.first, 0);
    }

    // Issue #18: a ministry named only in a person's role is a body of
    // the story; a role with no region or country names none.
    #[test]
    fn a_role_names_its_ministry() {
        let x = Extractor::new(&ExtractConfig::default());
        let e = x.extract(
            "Парк прошёл проверку",
            &["«Резиденты довольны», – рассказала зампред правительства – министр инвестиций, промышленности и науки Московской области Екатерина Зиновьева. Министр промышленности и торговли Алексей Чибисов согласен.".into()],
        );
        let bodies: Vec<&str> = e.bodies.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(
            bodies,
            ["Министерство инвестиций, промышленности и науки Московской области"]
        );
    }

    // Issue #18: an agency's regional edition in the dateline is the
    // outlet, not the story's region.
    #[test]
    fn a_dateline_credit_names_no_region() {
        let x = Extractor::new(&ExtractConfig::default());
        let e = x.extract(
            "Севморзавод будет развиваться",
            &["СИМФЕРОПОЛЬ, 5 сен – РИА Новости Крым. Власти Севастополя будут делать все необходимое.".into()],
        );
        let names: Vec<&str> = e.regions.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Севастополь"]);
    }

    #[test]
    fn a_holding_corporation_is_an_organisation() {
        let x = Extractor::new(&ExtractConfig::default());
        let e = x.extract(
            "Заказ на траулеры",
            &["Суда строит Объединенная судостроительная корпорация.".into()],
        );
        assert!(e.bodies.is_empty(), "{:?}", e.bodies);
        assert_eq!(
            e.organizations[0].name,
            "Объединенная судостроительная корпорация"
        );
    }

    #[test]
    fn empty_input() {
        let x = Extractor::new(&ExtractConfig::default());
        assert_eq!(x.extract("", &[]), Entities::default());
    }
}
