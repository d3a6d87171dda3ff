//! The search stage: [`SiteGraph`] → the static index under `public/search/`.
//!
//! Each article becomes an index document with its URL, display date,
//! regions (the filter), body text and the terms of its entities. The
//! index format is described in [`crate::search`].
//!
//! # What a query can know about an entity
//!
//! The site knows more names for an entity than the text uses, and readers
//! type those names. Every entity's *names* are its merged name and aliases
//! (abbreviations ↔ full names of bodies, short names of organisations),
//! plus, for a region, every alias the extractor's gazetteer has
//! ("Кубань", "Прикамье", "РТ"), the "-щина/-чина" form of an "… область"
//! ("Брянщина", "Липетчина"), the short name of a "Республика X" ("Коми"),
//! and the few nicknames of `search/region_nicknames.csv` that are too
//! ambiguous in running text for the extractor; for a person, the surname
//! alone. Each word of each name is declined with the extractor's own case
//! generator ([`crate::extract::morph`]) and every form's term joins the
//! article's entity field, so "на Иннопроме", "Алихановым" and "Прикамья"
//! meet articles that name the entity in another case or not at all.
//!
//! Regions, bodies and people are results too: their pages are index
//! documents found only through *alias keys* (the sorted terms of a whole
//! name in any case form, [`crate::search::alias_key`]). The key's postings
//! list the entity page and its articles, so a query that is exactly a
//! name ranks the entity page first and its articles above text matches.

use crate::config::SiteConfig;
use crate::extract::gazetteer::data_lines;
use crate::extract::morph::{head_phrase_forms, phrase_forms, word_forms};
use crate::extract::ExtractConfig;
use crate::model::EntityKind;
use crate::model::{Article, EntityNode, SiteGraph};
use crate::render::ru;
use crate::search::{
    alias_key, fold, is_stop_word, term_folded, tokens, write_index_with_entities, EntityEntry,
    IndexDoc, IndexOptions,
};
use crate::write::Sink;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

const NICKNAMES: &str = include_str!("region_nicknames.csv");

/// An article as the index reads it: a view into the graph, so the index
/// borrows the text instead of copying every article's paragraphs.
pub struct ArticleDoc<'a> {
    graph: &'a SiteGraph,
    cfg: &'a SiteConfig,
    article: &'a Article,
    url: String,
    date: Option<String>,
    /// Entity terms of the whole site, by entity id.
    terms: &'a EntityTerms,
}

impl IndexDoc for ArticleDoc<'_> {
    fn url(&self) -> &str {
        &self.url
    }
    fn title(&self) -> &str {
        &self.article.doc.title
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
    fn date_label(&self) -> Option<Cow<'_, str>> {
        let s = &self.cfg.strings;
        self.article.doc.date.map(|d| {
            Cow::Owned(ru::format_date(
                &d,
                &s.months_genitive,
                &s.months_nominative,
            ))
        })
    }
    fn year(&self) -> Option<i32> {
        self.article.doc.date.map(|d| d.year())
    }
    fn regions(&self) -> impl Iterator<Item = &str> {
        self.article
            .refs
            .iter()
            .map(|id| &self.graph.entities[id.0])
            .filter(|e| e.kind() == EntityKind::Region)
            .map(|e| e.name.as_str())
    }
    fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.article.doc.plain.iter().map(String::as_str)
    }
    fn entities(&self) -> impl Iterator<Item = &str> {
        std::iter::empty()
    }
    fn entity_terms(&self) -> impl Iterator<Item = &str> {
        self.article.refs.iter().flat_map(|id| {
            self.terms
                .of(id.0)
                .map(|t| self.terms.pool[t as usize].as_str())
        })
    }
}

/// The index terms of every entity's names in all case forms, interned:
/// 100,000 articles share a few tens of thousands of entities.
pub struct EntityTerms {
    pool: Vec<String>,
    /// Per entity, its range in `ids`.
    spans: Vec<(u32, u32)>,
    ids: Vec<u32>,
}

impl EntityTerms {
    fn of(&self, entity: usize) -> impl Iterator<Item = u32> + '_ {
        let (a, b) = self.spans[entity];
        self.ids[a as usize..b as usize].iter().copied()
    }
}

/// Extra names of regions, by official name (see the module essay).
struct RegionNames {
    by_region: HashMap<String, Vec<String>>,
}

impl RegionNames {
    fn new(cfg: &SiteConfig) -> Self {
        let ec: ExtractConfig = cfg
            .extract
            .clone()
            .and_then(|v| v.try_into().ok())
            .unwrap_or_default();
        let mut by_region: HashMap<String, Vec<String>> = HashMap::new();
        for (name, aliases) in crate::extract::regions::aliases(&ec) {
            let mut all = aliases;
            all.extend(derived_region_names(&name));
            by_region.insert(name, all);
        }
        for line in data_lines(NICKNAMES) {
            let mut cols = line.split(';').map(str::trim);
            let (Some(region), Some(names)) = (cols.next(), cols.next()) else {
                continue;
            };
            let list = by_region.entry(region.to_string()).or_default();
            list.extend(
                names
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(String::from),
            );
        }
        RegionNames { by_region }
    }
}

/// Names a region's official name implies: "Брянская область" → "Брянщина",
/// "Липецкая область" → "Липетчина", "Белгородская" → "Белгородчина",
/// "Республика Коми" → "Коми".
fn derived_region_names(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(short) = name.strip_prefix("Республика ") {
        out.push(short.to_string());
    }
    if let Some(adj) = name
        .strip_suffix("ская область")
        .filter(|a| !a.contains(' '))
    {
        if let Some(stem) = adj.strip_suffix('ц') {
            out.push(format!("{stem}тчина"));
        } else if adj.ends_with(['д', 'т']) {
            out.push(format!("{adj}чина"));
        } else if adj.ends_with('ж') {
            out.push(format!("{adj}чина"));
            out.push(format!("{adj}щина"));
        } else {
            out.push(format!("{adj}щина"));
        }
    }
    out
}

/// Every name an entity can be searched by.
fn names_of<'a>(e: &'a EntityNode, regions: &'a RegionNames) -> Vec<Cow<'a, str>> {
    let mut names: Vec<Cow<str>> = std::iter::once(e.name.as_str())
        .chain(e.aliases.iter().map(String::as_str))
        .map(Cow::Borrowed)
        .collect();
    match e.kind() {
        EntityKind::Region => {
            if let Some(more) = regions.by_region.get(&e.name) {
                names.extend(more.iter().map(|n| Cow::Borrowed(n.as_str())));
            }
        }
        EntityKind::Person => {
            if let Some(surname) = e.name.rsplit(' ').next().filter(|s| *s != e.name) {
                names.push(Cow::Borrowed(surname));
            }
        }
        EntityKind::Body | EntityKind::Organization => {
            names.extend(acronym(&e.name).map(Cow::Owned));
        }
        _ => {}
    }
    names
}

/// The initials of a name of three to six words, as readers abbreviate
/// it ("Объединенная судостроительная корпорация" → "ОСК"); none when a
/// word is already an abbreviation or a quoted proper name.
fn acronym(name: &str) -> Option<String> {
    if name.contains(['«', '"']) {
        return None;
    }
    let words: Vec<&str> = tokens(name).filter(|w| !is_stop_word(&fold(w))).collect();
    let caps = |w: &str| w.chars().filter(|c| c.is_uppercase()).count() > 1;
    if !(3..=6).contains(&words.len()) || words.iter().any(|w| caps(w)) {
        return None;
    }
    Some(
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

/// The terms of every case form of every word of the names.
fn word_terms(names: &[Cow<str>]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for name in names {
        for token in tokens(name) {
            let folded = fold(token);
            if is_stop_word(&folded) {
                continue;
            }
            out.insert(term_folded(&folded));
            for forms in word_forms(token, None) {
                for f in forms {
                    for t in tokens(&f) {
                        let t = fold(t);
                        if !is_stop_word(&t) {
                            out.insert(term_folded(&t));
                        }
                    }
                }
            }
        }
    }
    out
}

/// The alias keys of every case form of each whole name.
fn alias_keys(names: &[Cow<str>]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for name in names {
        let mut forms = phrase_forms(name, None, false);
        forms.extend(head_phrase_forms(name));
        if name.starts_with("Республика ") {
            forms.extend(phrase_forms(name, None, true));
        }
        forms.push(name.to_string());
        out.extend(forms.iter().map(|f| alias_key(f)).filter(|k| !k.is_empty()));
    }
    out
}

fn entity_terms(g: &SiteGraph, regions: &RegionNames) -> EntityTerms {
    let per: Vec<BTreeSet<String>> = g
        .entities
        .par_iter()
        .map(|e| word_terms(&names_of(e, regions)))
        .collect();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut pool = Vec::new();
    let mut spans = Vec::with_capacity(per.len());
    let mut ids = Vec::new();
    for terms in per {
        let start = ids.len() as u32;
        for t in terms {
            let id = *index.entry(t).or_insert_with_key(|t| {
                pool.push(t.clone());
                pool.len() as u32 - 1
            });
            ids.push(id);
        }
        spans.push((start, ids.len() as u32));
    }
    EntityTerms { pool, spans, ids }
}

/// The entity pages that are search results: regions, bodies and people,
/// in that order, each kind by article count (most first), then name.
fn entity_entries(g: &SiteGraph, cfg: &SiteConfig, regions: &RegionNames) -> Vec<EntityEntry> {
    let s = &cfg.strings;
    let rank = |k: EntityKind| match k {
        EntityKind::Region => Some(0),
        EntityKind::Body => Some(1),
        EntityKind::Person => Some(2),
        _ => None,
    };
    let mut picked: Vec<&EntityNode> = g
        .entities
        .iter()
        .filter(|e| rank(e.kind()).is_some())
        .collect();
    picked.sort_by(|a, b| {
        rank(a.kind())
            .cmp(&rank(b.kind()))
            .then(b.articles.len().cmp(&a.articles.len()))
            .then_with(|| a.name.cmp(&b.name))
    });
    picked
        .par_iter()
        .map(|e| {
            let names = names_of(e, regions);
            let (kind, detail) = match &e.detail {
                crate::model::Detail::Region { district } => {
                    (&s.search_kind_region, district.clone())
                }
                crate::model::Detail::Body { full_name, .. } => (
                    &s.search_kind_body,
                    full_name
                        .clone()
                        .filter(|f| *f != e.name)
                        .unwrap_or_default(),
                ),
                crate::model::Detail::Person { roles } => (
                    &s.search_kind_person,
                    roles.first().map(|r| r.role.clone()).unwrap_or_default(),
                ),
                _ => (&s.search_kind_body, String::new()),
            };
            EntityEntry {
                url: cfg.base_url.rel(e.path.as_str()),
                name: e.name.clone(),
                label: format!("{kind} · {}", ru::count(e.articles.len(), &s.article_forms)),
                detail,
                region: (e.kind() == EntityKind::Region).then(|| e.name.clone()),
                keys: alias_keys(&names).into_iter().collect(),
                articles: e.articles.iter().map(|a| a.0).collect(),
            }
        })
        .collect()
}

/// The search documents of a linked site, in article order.
pub fn docs<'a>(
    g: &'a SiteGraph,
    cfg: &'a SiteConfig,
    terms: &'a EntityTerms,
) -> Vec<ArticleDoc<'a>> {
    g.articles
        .iter()
        .map(|a| ArticleDoc {
            graph: g,
            cfg,
            article: a,
            url: cfg.base_url.rel(a.path.as_str()),
            date: a.doc.date.map(|d| d.to_string()),
            terms,
        })
        .collect()
}

/// Writes the index files under `search/`, each as soon as it is encoded.
pub fn write(g: &SiteGraph, cfg: &SiteConfig, sink: &dyn Sink) -> std::io::Result<()> {
    let regions = RegionNames::new(cfg);
    let terms = entity_terms(g, &regions);
    let entities = entity_entries(g, cfg, &regions);
    let docs = docs(g, cfg, &terms);
    let opts = IndexOptions {
        name_terms: Some(name_terms),
        ..IndexOptions::default()
    };
    write_index_with_entities(&docs, &entities, opts, &|path, bytes| {
        let bytes = if path.ends_with(".json") {
            html_safe_json(bytes)
        } else {
            bytes
        };
        sink.put(&format!("search/{path}"), bytes)
    })
}

/// The index terms of every case form of a proper name's dictionary form,
/// less the word's own: for a folded word the OpenCorpora dictionary
/// ([`crate::extract::dict`], the extractor's) reads as a first name,
/// surname, place or organisation, declined by the extractor's case
/// generator. Snowball cuts "Казахстан" and "Казахстана" to "казахста"
/// but "Казахстаном" to "казахстан", "Китай" to "кит" but "Китае" to
/// "кита": with these terms an article joins the postings of every form,
/// so a name typed in any case meets it — the client needs no dictionary.
/// Empty for other words, and when the dictionary is not installed.
pub fn name_terms(word: &str) -> Vec<String> {
    let Some(lex) = crate::extract::dict::lexicon() else {
        return Vec::new();
    };
    use crate::extract::dict::Tags;
    // The word was written with a capital, so its first proper reading
    // counts ("Китае" is also a form of "кит"); dictionary words only:
    // guesses and abbreviations ("РБК", "СНГ") decline into junk.
    let readings = lex.analyse(word);
    let Some(best) = readings.iter().find(|a| {
        a.tags.proper()
            && !a.tags.has(Tags::GUESS)
            && !a.tags.has(Tags::ABBR)
            && a.lemma.chars().count() >= 4
    }) else {
        return Vec::new();
    };
    let lemma = crate::extract::dict::capitalise(&best.lemma);
    let own = term_folded(word);
    let mut out = BTreeSet::new();
    out.insert(term_folded(&fold(&lemma)));
    for forms in word_forms(&lemma, None) {
        for f in forms {
            out.extend(
                tokens(&f)
                    .map(fold)
                    .filter(|t| !is_stop_word(t))
                    .map(|t| term_folded(&t)),
            );
        }
    }
    out.remove(&own);
    out.into_iter().collect()
}

/// Escapes `<`, `>` and `&` in JSON text as `\u003c`-style escapes: the same
/// JSON to a parser, but inert if a browser ever sniffs the file as HTML.
/// These characters only occur inside JSON strings, so the rewrite is exact.
fn html_safe_json(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    for b in bytes {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            b => out.push(b),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn issue_19_a_proper_name_has_the_terms_of_all_its_case_forms() {
        use crate::search::term;
        let paradigm = [
            [
                "Казахстан",
                "Казахстана",
                "Казахстану",
                "Казахстаном",
                "Казахстане",
            ],
            ["Китай", "Китая", "Китаю", "Китаем", "Китае"],
        ];
        for forms in paradigm {
            for w in forms {
                let mut all = super::name_terms(&w.to_lowercase());
                all.push(term(w));
                for f in forms {
                    assert!(all.contains(&term(f)), "{w}: {all:?} lacks {f}");
                }
            }
        }
        assert!(super::name_terms("заводами").is_empty());
    }

    #[test]
    fn json_stays_equal_but_inert() {
        let src = br#"["<img src=x onerror=alert(1)>", "a & b"]"#.to_vec();
        let out = super::html_safe_json(src.clone());
        assert!(!out.contains(&b'<'));
        let a: serde_json::Value = serde_json::from_slice(&src).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(a, b);
    }
}
