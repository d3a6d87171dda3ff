//! Organisations: companies, plants, clusters, parks, events, associations.
//!
//! Three shapes, each with a closed-class anchor (`data/org_types.csv`):
//! * a quoted name after a legal form or type word: ООО «Камакомпозит»,
//!   кластер «Бештау», выставке «Иннопром-2024» — the name is what is inside
//!   the quotes, the kind comes from the type word;
//! * a quoted name that opens with a type word: «Кластер умной
//!   промышленности»;
//! * an unquoted capitalised adjective phrase with a plant-like head,
//!   brought to the nominative: "Чебоксарского завода релейной автоматики"
//!   → "Чебоксарский завод релейной автоматики"; also "завод имени
//!   Баранова" and "Ассоциация <genitive complement>".
//!
//! "Name (ABBR)" links the abbreviation; later bare abbreviations count as
//! mentions. Quotes without a type word (newspapers, programmes) are left
//! out: precision first.

use std::collections::{HashMap, HashSet};

use super::bodies::BodyHit;
use super::gazetteer::{data_lines, fold, Gazetteer, StartSet};
use super::morph::head_phrase_forms;
use super::morph::{adjective_nominative, is_adjective, word_forms, Gender};
use super::regions::{RegionHit, Regions};
use super::spans::{starting_at, Covering};
use super::{Doc, Tally};
use crate::model::{OrgKind, Organization};

const TYPES: &str = include_str!("data/org_types.csv");
const KNOWN: &str = include_str!("data/orgs.csv");

pub struct Orgs {
    /// Well-known organisations: (name, kind).
    known: Vec<(String, OrgKind)>,
    known_gaz: Gazetteer<usize>,
    exact: HashMap<String, OrgKind>,
    /// Folded noun form → (nominative, kind, gender).
    nouns: HashMap<String, (String, OrgKind, Gender)>,
    /// Starts of those forms: most tokens skip the hash lookup.
    noun_starts: StartSet,
}

fn kind_of(s: &str) -> OrgKind {
    match s {
        "company" => OrgKind::Company,
        "plant" => OrgKind::Plant,
        "cluster" => OrgKind::Cluster,
        "park" => OrgKind::Park,
        "event" => OrgKind::Event,
        "association" => OrgKind::Association,
        _ => OrgKind::Other,
    }
}

fn gender_of(noun: &str) -> Gender {
    if noun.ends_with('а') || noun.ends_with('я') || noun == "верфь" {
        Gender::Fem
    } else if noun.ends_with('е') || noun.ends_with('о') {
        Gender::Neut
    } else {
        Gender::Masc
    }
}

/// Unquoted heads: only these make a name from capitalised adjectives.
const PLAIN_HEADS: &[&str] = &[
    "завод",
    "комбинат",
    "комплекс",
    "фабрика",
    "кластер",
    "форум",
    "технопарк",
    "верфь",
];

struct Cand {
    start: usize,
    name: String,
    short: Option<String>,
    kind: OrgKind,
}

impl Default for Orgs {
    fn default() -> Self {
        Self::new()
    }
}

impl Orgs {
    pub fn new() -> Orgs {
        let mut exact = HashMap::new();
        let mut nouns = HashMap::new();
        for line in data_lines(TYPES) {
            let (w, k) = line.split_once(';').unwrap_or((line, "other"));
            let kind = kind_of(k.trim());
            if let Some(e) = w.strip_prefix('=') {
                exact.insert(e.to_string(), kind);
            } else {
                let g = gender_of(w);
                for fs in word_forms(w, Some(g)) {
                    for f in fs {
                        nouns.insert(fold(&f), (w.to_string(), kind, g));
                    }
                }
            }
        }
        let mut known = Vec::new();
        let mut items = Vec::new();
        for line in data_lines(KNOWN) {
            let c: Vec<&str> = line.split(';').collect();
            let idx = known.len();
            let name = c[0].trim().to_string();
            let kind = kind_of(c.get(1).copied().unwrap_or_default().trim());
            let aliases = c.get(2).copied().unwrap_or_default();
            for a in std::iter::once(name.as_str())
                .chain(aliases.split(',').map(str::trim))
                .filter(|a| !a.is_empty())
            {
                if let Some(e) = a.strip_prefix('=') {
                    items.push((e.to_string(), true, idx));
                } else if a.chars().filter(|c| c.is_uppercase()).count() > 1 || a.contains('«') {
                    items.push((a.to_string(), true, idx));
                } else {
                    for f in head_phrase_forms(a) {
                        items.push((f, false, idx));
                    }
                }
            }
            known.push((name, kind));
        }
        let mut noun_starts = StartSet::default();
        for k in nouns.keys() {
            noun_starts.insert(k);
        }
        Orgs {
            known,
            known_gaz: Gazetteer::new(items),
            exact,
            nouns,
            noun_starts,
        }
    }

    fn type_at(&self, doc: &Doc, i: usize) -> Option<OrgKind> {
        if !doc.is_word(i) {
            return None;
        }
        self.exact
            .get(doc.tok(i))
            .copied()
            .or_else(|| self.nouns.get(doc.ftok(i)).map(|n| n.1))
    }

    /// Organisations, skipping spans that are people.
    pub fn find(
        &self,
        doc: &Doc,
        person_spans: &[(usize, usize)],
        regions: &Regions,
        region_hits: &[RegionHit],
        bodies: &[BodyHit],
    ) -> Vec<Organization> {
        let mut cands: Vec<Cand> = Vec::new();
        for h in self.known_gaz.find(doc, |i| doc.is_cap(i)) {
            // Lower case is a common noun; inside quotes the quoted-name rule
            // below already counts it.
            let quoted = doc.text[..h.start].ends_with(['«', '"', '“']);
            if quoted
                || !doc.text[h.start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                continue;
            }
            let (name, kind) = &self.known[*h.value];
            cands.push(Cand {
                start: h.start,
                name: name.clone(),
                short: None,
                kind: *kind,
            });
        }
        let n = doc.toks.len();
        let mut i = 0;
        while i < n {
            if doc.is_punct(i, "«\"“") {
                let Some(close) = closing_quote(doc, i) else {
                    i += 1;
                    continue;
                };
                if close == i + 1 {
                    i += 1;
                    continue;
                }
                let inner = doc.text[doc.toks[i + 1].start..doc.toks[close - 1].end]
                    .trim()
                    .to_string();
                // Type word right before the quote, possibly after an
                // adjective ("индустриальный парк «…»").
                let mut kind = (i > 0).then(|| self.type_at(doc, i - 1)).flatten();
                // "кластер глубокой переработки древесины «Пармалес»".
                let mut b = i;
                while kind.is_none()
                    && b > 1
                    && b + 4 > i
                    && doc.is_word(b - 1)
                    && !doc.is_cap(b - 1)
                {
                    b -= 1;
                    if !super::bodies::is_genitive_shaped_pub(doc.ftok(b)) {
                        break;
                    }
                    kind = self
                        .type_at(doc, b - 1)
                        .filter(|k| matches!(k, OrgKind::Cluster | OrgKind::Event));
                }
                let opens = self
                    .nouns
                    .get(doc.ftok(i + 1))
                    .filter(|_| doc.is_cap(i + 1) && doc.toks[i + 1].end < doc.toks[close - 1].end)
                    .map(|n| n.1);
                let inner_words = close - i - 1;
                // A well-known name in quotes needs no type word before it
                // («Росатом» after "госкорпорация", "холдинга", or nothing).
                let known = self
                    .known
                    .iter()
                    .find(|(name, _)| *name == inner)
                    .map(|k| k.1);
                if let Some(kind) = kind.or(opens).or(known) {
                    if inner_words <= 8 && !inner.contains('«') {
                        let kind = if kind == OrgKind::Company && fold(&inner).contains("завод")
                        {
                            OrgKind::Plant
                        } else {
                            kind
                        };
                        let short = abbreviation_after(doc, close + 1);
                        cands.push(Cand {
                            start: doc.toks[i].start,
                            name: inner,
                            short,
                            kind,
                        });
                    }
                }
                i = close + 1;
                continue;
            }
            if let Some(c) = self.plain_phrase(doc, i, regions, region_hits) {
                let skip = c.1;
                cands.push(c.0);
                i = skip;
                continue;
            }
            i += 1;
        }
        let mut tally: Tally<Organization> = Tally::new();
        // Abbreviation → name; the first definition wins.
        let mut shorts: HashMap<String, String> = HashMap::new();
        let body_names: HashSet<String> = bodies.iter().map(|b| fold(&b.name)).collect();
        // Person spans are sorted by start.
        let in_person = Covering::new(person_spans.iter().copied());
        for c in &cands {
            if in_person.covers(c.start, c.start + 1) || body_names.contains(&fold(&c.name)) {
                continue;
            }
            let o = tally.add(&c.name, doc.char_pos(c.start), || Organization {
                name: c.name.clone(),
                short: None,
                kind: c.kind,
                salience: Default::default(),
            });
            if o.short.is_none() {
                o.short = c.short.clone();
            }
            if let Some(s) = &c.short {
                shorts.entry(s.clone()).or_insert_with(|| c.name.clone());
            }
        }
        // Bare abbreviation mentions of linked names.
        for k in 0..n {
            if !doc.is_word(k) {
                continue;
            }
            let w = doc.tok(k);
            super::work::step(1);
            if let Some(name) = shorts.get(w) {
                if k > 0 && doc.is_punct(k - 1, "(«") {
                    continue; // the defining "(АГПЗ)" itself
                }
                tally.add(name, doc.char_pos(doc.toks[k].start), || Organization {
                    name: name.clone(),
                    short: None,
                    kind: OrgKind::Other,
                    salience: Default::default(),
                });
            }
        }
        tally.finish(|o, s| o.salience = s)
    }

    /// "Амурский газоперерабатывающий завод", "завода имени Баранова",
    /// "Ассоциации кластеров, технопарков … России". Returns the candidate
    /// and the token index to continue from.
    fn plain_phrase(
        &self,
        doc: &Doc,
        i: usize,
        regions: &Regions,
        region_hits: &[RegionHit],
    ) -> Option<(Cand, usize)> {
        if !doc.is_word(i) || !self.noun_starts.may_start(doc.ftok(i).as_bytes()) {
            return None;
        }
        let (head_nom, kind, gender) = self.nouns.get(doc.ftok(i))?.clone();
        // "завод имени Баранова", "завода им. П. И. Баранова".
        if matches!(head_nom.as_str(), "завод" | "комбинат" | "фабрика")
            && matches!(doc.ftok(i + 1), "имени" | "им")
        {
            let mut k = i + 2;
            while doc.is_punct(k, ".") || (doc.is_cap(k) && doc.tok(k).chars().count() == 1) {
                k += 1;
            }
            if doc.is_cap(k) {
                let name = format!("{} имени {}", cap(&head_nom), doc.tok(k));
                return Some((
                    Cand {
                        start: doc.toks[i].start,
                        name,
                        short: None,
                        kind,
                    },
                    k + 1,
                ));
            }
        }
        if head_nom == "ассоциация" && doc.is_cap(i) {
            let (end, words) = genitive_complement(doc, i + 1, true);
            if words >= 1 {
                let name = format!(
                    "Ассоциация {}",
                    doc.text[doc.toks[i + 1].start..doc.toks[end - 1].end].trim()
                );
                let short = abbreviation_after(doc, end);
                return Some((
                    Cand {
                        start: doc.toks[i].start,
                        name,
                        short,
                        kind,
                    },
                    end,
                ));
            }
            return None;
        }
        // Other type words ("компания", "холдинг") are too common as plain
        // nouns; they make a name only with an abbreviation in brackets
        // after it: "Уральская горно-металлургическая компания (УГМК)".
        let plain_head = PLAIN_HEADS.contains(&head_nom.as_str());
        if doc.is_punct(i + 1, "«\"") {
            return None;
        }
        // Adjectives before the head, the first one capitalised.
        let mut s = i;
        let mut adjs = Vec::new();
        while s > 0 && doc.is_word(s - 1) && adjs.len() < 3 {
            let Some(a) = adjective_nominative(doc.tok(s - 1), gender).filter(|a| is_adjective(a))
            else {
                break;
            };
            adjs.insert(0, a);
            s -= 1;
            if doc.is_cap(s) {
                break;
            }
        }
        if adjs.is_empty() || !doc.is_cap(s) || s > 0 && doc.is_punct(s - 1, "«\"") {
            return None;
        }
        // A capitalised adjective that only starts the sentence is not a
        // name unless more follows ("Российский инвестиционный форум").
        if doc.sentence_start(s) && adjs.len() < 2 {
            return None;
        }
        let head_written = doc.tok(i);
        let head = if head_written.chars().next().is_some_and(char::is_uppercase) {
            cap(&head_nom)
        } else {
            head_nom.clone()
        };
        let (end, words) = genitive_complement(doc, i + 1, false);
        let comp = if words > 0 && words <= 3 {
            format!(
                " {}",
                doc.text[doc.toks[i + 1].start..doc.toks[end - 1].end].trim()
            )
        } else {
            String::new()
        };
        let mut end = if comp.is_empty() { i + 1 } else { end };
        let mut name = format!("{} {head}{comp}", adjs.join(" "));
        // "Станкостроительный кластер Республики Татарстан".
        if let Some(r) = doc
            .toks
            .get(end)
            .and_then(|t| starting_at(region_hits, |h| h.start, t.start))
            .filter(|h| h.value.genitive())
        {
            name = format!("{name} {}", regions.info[r.value.idx].genitive);
            end = doc.tok_at(r.end);
        }
        let short = abbreviation_after(doc, end);
        if !plain_head && short.is_none() {
            return None;
        }
        Some((
            Cand {
                start: doc.toks[s].start,
                name,
                short,
                kind,
            },
            end,
        ))
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Lower-case genitive words (and ", и" between them) from token `i`;
/// returns the end token (exclusive) and the word count. With `country`, a
/// final "России"/"РФ" is included.
fn genitive_complement(doc: &Doc, mut i: usize, country: bool) -> (usize, usize) {
    let start = i;
    let mut last = i;
    let mut words = 0;
    while i < doc.toks.len() && i < start + 10 {
        let w = doc.ftok(i);
        let after_plural_adj =
            i > start && (doc.ftok(i - 1).ends_with("ых") || doc.ftok(i - 1).ends_with("их"));
        if doc.is_word(i)
            && !doc.is_cap(i)
            && (w == "и" || super::bodies::is_genitive_shaped_pub(w) || after_plural_adj)
        {
            if w != "и" {
                words += 1;
                last = i + 1;
            }
            i += 1;
        } else if doc.is_punct(i, ",") && doc.is_word(i + 1) && !doc.is_cap(i + 1) {
            i += 1;
        } else if country && doc.is_cap(i) && matches!(w, "россии" | "рф") {
            last = i + 1;
            break;
        } else {
            break;
        }
    }
    (last.max(start), words)
}

/// "(АГПЗ)" or "(«СКЗ»)" right after a name.
fn abbreviation_after(doc: &Doc, i: usize) -> Option<String> {
    if !doc.is_punct(i, "(") {
        return None;
    }
    let mut k = i + 1;
    if doc.is_punct(k, "«") {
        k += 1;
    }
    let w = doc
        .toks
        .get(k)
        .filter(|_| doc.is_word(k))
        .map(|_| doc.tok(k))?;
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    (upper >= 2 && w.chars().count() <= 8).then(|| w.to_string())
}

/// The token index of the quote closing the one at `open`, same paragraph,
/// allowing one nested pair.
fn closing_quote(doc: &Doc, open: usize) -> Option<usize> {
    let mut depth = 0;
    for k in open + 1..doc.toks.len().min(open + 30) {
        if doc.is_punct(k, "\n") {
            return None;
        }
        if doc.is_punct(k, "«“") {
            depth += 1;
        } else if doc.is_punct(k, "»”\"") {
            if depth == 0 {
                return Some(k);
            }
            depth -= 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orgs(text: &str) -> Vec<(String, Option<String>, OrgKind)> {
        let o = Orgs::new();
        let d = Doc::new(text, &[]);
        let r = Regions::new(&Default::default());
        o.find(&d, &[], &r, &r.find(&d), &[])
            .into_iter()
            .map(|o| (o.name, o.short, o.kind))
            .collect()
    }

    #[test]
    fn quoted_with_type() {
        assert_eq!(
            orgs("ООО «Камакомпозит» и кластер «Бештау», выставке «Иннопром-2024», «Кубанские новости»"),
            [
                ("Камакомпозит".into(), None, OrgKind::Company),
                ("Бештау".into(), None, OrgKind::Cluster),
                ("Иннопром-2024".into(), None, OrgKind::Event)
            ]
        );
        assert_eq!(
            orgs("создадут «Кластер умной промышленности»")[0].0,
            "Кластер умной промышленности"
        );
    }

    #[test]
    fn known_names_in_quotes_and_generic_heads_with_an_abbreviation() {
        let names = |t: &str| -> Vec<String> { orgs(t).into_iter().map(|o| o.0).collect() };
        assert_eq!(names("госкорпорация «Росатом» построит завод"), ["Росатом"]);
        assert_eq!(names("проект холдинга «Ростех» одобрен"), ["Ростех"]);
        assert_eq!(
            orgs("Уральская горно-металлургическая компания (УГМК) вложит, УГМК"),
            [(
                "Уральская горно-металлургическая компания".into(),
                Some("УГМК".into()),
                OrgKind::Company
            )]
        );
        // Without the abbreviation a generic head is just a noun phrase.
        assert!(names("Крупная российская компания вложит деньги").is_empty());
        // An unknown quoted name with no type word stays out.
        assert!(names("газета «Вечерний город» пишет").is_empty());
    }

    #[test]
    fn plain_phrases() {
        assert_eq!(
            orgs("завода – Амурский газоперерабатывающий завод (АГПЗ), и АГПЗ"),
            [(
                "Амурский газоперерабатывающий завод".into(),
                Some("АГПЗ".into()),
                OrgKind::Plant
            )]
        );
        assert_eq!(
            orgs("для Чебоксарского завода релейной автоматики.")[0].0,
            "Чебоксарский завод релейной автоматики"
        );
        assert_eq!(
            orgs("на базе завода имени Баранова в Омске")[0].0,
            "Завод имени Баранова"
        );
        assert_eq!(
            orgs("директор Ассоциации кластеров, технопарков и особых экономических зон России Михаил")[0].0,
            "Ассоциация кластеров, технопарков и особых экономических зон России"
        );
    }
}
