//! Entities found in an article, normalised to their nominative names.
//!
//! The `extract` stage produces [`Entities`] per article; `link` merges them
//! across articles by [`EntityKey`]. Money is an integer number of rubles.

use serde::{Deserialize, Serialize};

/// The kinds of entity the digest indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Region,
    Body,
    Person,
    Organization,
    Place,
}

/// Identity of a merged entity across the site: its kind and canonical name
/// (with "ё" folded to "е" and lower-cased, so spelling variants merge).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityKey {
    pub kind: EntityKind,
    pub norm: String,
}

impl EntityKey {
    pub fn new(kind: EntityKind, name: &str) -> Self {
        EntityKey {
            kind,
            norm: fold_name(name),
        }
    }
}

/// Folds a name for identity comparison: lower case, "ё" → "е", single spaces.
/// One pass and one allocation: it runs for every entity mention of the site.
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'ё' | 'Ё' => out.push('е'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            // А–Я without the Unicode case tables (2 % of a build's CPU
            // went to them through names).
            'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod fold_tests {
    #[test]
    fn folds_case_yo_and_spaces() {
        assert_eq!(
            super::fold_name("  Оксана\u{A0}  Кукшенёва "),
            "оксана кукшенева"
        );
        assert_eq!(super::fold_name("ЁЛКИ Ltd"), "елки ltd");
    }
}

/// Where and how often an entity occurs in one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, Deserialize)]
pub struct Salience {
    pub mentions: u32,
    /// Char offset of the first mention in the article text (title first, then
    /// paragraphs joined by "\n"), for ranking sidebars.
    pub first: u32,
}

/// A federal subject of the Russian Federation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// Official nominative name, e.g. "Краснодарский край".
    pub name: String,
    /// Federal district, e.g. "Южный федеральный округ".
    pub district: String,
    #[serde(flatten)]
    pub salience: Salience,
}

/// Government level of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Federal,
    Regional,
    Municipal,
}

/// A ministry, agency, fund, department or service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// Canonical short name, e.g. "Минпромторг России".
    pub name: String,
    /// Full official name when known.
    pub full_name: Option<String>,
    pub level: Level,
    /// The region of a regional body, nominative.
    pub region: Option<String>,
    /// Other names seen or known (abbreviations, full forms), for search.
    /// Shared with the gazetteer: every article naming a ministry held its
    /// own copy of the list (~30 MB at 100,000 articles).
    #[serde(skip_serializing_if = "aliases_empty")]
    pub aliases: std::sync::Arc<[String]>,
    #[serde(flatten)]
    pub salience: Salience,
}

fn aliases_empty(a: &std::sync::Arc<[String]>) -> bool {
    a.is_empty()
}

/// A person with the role the text gives them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    /// "Имя Фамилия" in the nominative.
    pub name: String,
    /// Role in the nominative, e.g. "министр промышленности и торговли России".
    pub role: Option<String>,
    #[serde(flatten)]
    pub salience: Salience,
}

/// What sort of organisation it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    Company,
    Plant,
    Cluster,
    Park,
    Event,
    Association,
    Other,
}

/// A company, plant, cluster, industrial park, event or association.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organization {
    pub name: String,
    /// Abbreviation when the text gives one ("АГХК").
    pub short: Option<String>,
    pub kind: OrgKind,
    #[serde(flatten)]
    pub salience: Salience,
}

/// A city, district or country named in the article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    /// The federal subject it lies in, when known.
    pub region: Option<String>,
    #[serde(flatten)]
    pub salience: Salience,
}

/// How an amount is qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// более, свыше, больше, превысил
    MoreThan,
    /// около, порядка, почти, примерно
    About,
    /// до, не более
    UpTo,
}

/// A ruble amount.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Money {
    /// The amount as written ("128,7 миллиона рублей").
    pub text: String,
    /// Whole rubles.
    pub rub: u64,
    pub qualifier: Option<Qualifier>,
    /// The sentence the amount comes from, as a place in the article's text
    /// ([`crate::model::CleanDoc::text_at`]): a copy cost ~55 MB at 100,000
    /// articles.
    pub sentence: TextSpan,
}

/// A byte range in one block of an article's plain text: block 0 is the
/// title, block `n` is paragraph `n - 1` of `CleanDoc::plain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TextSpan {
    pub block: u32,
    pub start: u32,
    pub end: u32,
}

impl TextSpan {
    /// The text this span points at in an article's title and paragraphs
    /// ("" when it points outside, which only a span from another article
    /// could).
    pub fn text<'a>(self, title: &'a str, paragraphs: &'a [String]) -> &'a str {
        let block = match self.block {
            0 => Some(title),
            n => paragraphs.get(n as usize - 1).map(String::as_str),
        };
        block
            .and_then(|b| b.get(self.start as usize..self.end as usize))
            .unwrap_or("")
    }
}

/// Everything extracted from one article, each list ordered by salience
/// (mentions descending, then first position).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Entities {
    pub regions: Vec<Region>,
    pub bodies: Vec<Body>,
    pub people: Vec<Person>,
    pub organizations: Vec<Organization>,
    pub places: Vec<Place>,
    pub money: Vec<Money>,
}
