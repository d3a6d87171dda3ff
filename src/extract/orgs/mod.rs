//! Organisations: companies, plants, clusters, parks and zones, events,
//! associations.
//!
//! Every name needs a closed-class anchor, listed in two data files:
//! * `data/org_types.csv` — words that announce a name (legal forms, "завод",
//!   "индустриальный парк", "особая экономическая зона" …) and how the
//!   organisation is then called: the quoted name alone (ООО «Камакомпозит»
//!   → Камакомпозит), or with its type when the name means nothing alone
//!   (ТОР «Амурская», Индустриальный парк «Масловский», НТЦ «Модуль»);
//! * `data/orgs.csv` — well-known organisations and events, named without
//!   any type word (Газпром, Севмаш, ПМЭФ), with their aliases.
//!
//! Shapes recognised, in text order:
//! * a quoted name after a type word, possibly with a genitive complement
//!   or "(ABBR)" in between ("завод по производству медицинского
//!   оборудования «…»", "территории опережающего развития (ТОР) «…»"), and
//!   the list of quoted names after it ("предприятия «Цветлит», «Биохимик»
//!   и «Резинотехника»");
//! * a quoted name that is itself a type phrase: «Кластер умной
//!   промышленности», «Оренбургский хладокомбинат»;
//! * a known name in any case form, in quotes or not, one event across its
//!   yearly editions ("Иннопром-2024" → Иннопром);
//! * a capitalised adjective phrase with a plant-like head, brought to the
//!   nominative ("Чебоксарского завода релейной автоматики", "Ижевский
//!   радиозавод"), "завод имени Баранова", "Ассоциация `<genitive>`",
//!   "технопарк Мордовии";
//! * a Latin name with a legal suffix (Mangazeya Mining Ltd.) and a legal
//!   form before an unquoted capitalised name (ПАО Сбербанк);
//! * then, per article: a bare quoted name equal to a name already found
//!   («Звездочка» after ЦС «Звездочка») is a mention of it, and a quoted name
//!   listed next to found organisations ("…, Ижевский авиационный завод,
//!   «Техновек», «Имекс»") is one too.
//!
//! "Name (ABBR)" links the abbreviation; later bare abbreviations count as
//! mentions. Quoted names with no anchor (newspapers, programmes, slogans)
//! are left out: precision first.

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use super::bodies::BodyHit;
use super::gazetteer::{data_lines, Gazetteer, StartSet};
use super::morph::{adjective_nominative, head_phrase_forms, is_adjective, word_forms, Gender};
use super::regions::{RegionHit, Regions};
use super::spans::{starting_at, Covering, SpanSet};
use super::text::fold;
use super::work::step;
use super::{Doc, Tally};
use crate::model::{OrgKind, Organization};

mod phrase;
mod quoted;
use phrase::*;
use quoted::*;

const TYPES: &str = include_str!("../data/org_types.csv");
const KNOWN: &str = include_str!("../data/orgs.csv");

/// How an organisation announced by a type word is named.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Naming {
    /// The quoted name alone.
    Bare,
    /// The type phrase, then the quoted name.
    Keep,
    /// This abbreviation, then the quoted name ("ОЭЗ «Центр»").
    As(String),
}

#[derive(Debug, Clone)]
struct TypeWord {
    /// Nominative singular, as listed ("парк", "ООО").
    nom: String,
    kind: OrgKind,
    naming: Naming,
    gender: Gender,
}

/// A type found before a quote.
enum TypeRef {
    /// Index into [`Orgs::types`], the head token and the genitive
    /// complement between head and quote, if any.
    Listed(usize, usize, Option<(usize, usize)>),
    /// An unlisted abbreviation after a legal form ("ОАО МТЗ «Трансмаш»").
    Abbr(String),
}

/// A well-known organisation.
struct Known {
    name: String,
    kind: OrgKind,
}

/// The tables are only looked up, never iterated, so FxHash (no seed,
/// a few instructions a key) is safe for the output order; SipHash on
/// every word of every article showed in profiles.
pub struct Orgs {
    types: Vec<TypeWord>,
    /// Abbreviations, case-sensitive → type.
    exact: FxHashMap<String, usize>,
    /// Folded noun forms, singular and plural → type.
    nouns: FxHashMap<String, usize>,
    /// The forms among those that can be plural ("предприятия", "заводах").
    plurals: FxHashSet<String>,
    /// Starts of those forms: most tokens skip the hash lookup.
    noun_starts: StartSet,
    /// Multi-word type phrases in every case → type.
    phrases: Gazetteer<usize>,
    known: Vec<Known>,
    /// Known names matched anywhere: (known index, may start in lower case).
    known_gaz: Gazetteer<(usize, bool)>,
    /// Every form of every known name (quoted-only ones too), folded.
    known_forms: FxHashMap<String, usize>,
    /// Case-sensitive known names and abbreviations, as written.
    known_exact: FxHashMap<String, usize>,
    /// Folded names that look like organisations but are not (programmes).
    not_orgs: FxHashSet<String>,
    /// Folded known name → its abbreviation ("ВАСО"), shown as the short name.
    known_short: FxHashMap<String, String>,
}

/// Problems in a data line, reported by [`validate`].
fn kind_of(s: &str) -> Option<OrgKind> {
    Some(match s {
        "company" => OrgKind::Company,
        "plant" => OrgKind::Plant,
        "cluster" => OrgKind::Cluster,
        "park" => OrgKind::Park,
        "event" => OrgKind::Event,
        "association" => OrgKind::Association,
        "other" => OrgKind::Other,
        _ => return None,
    })
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

/// Plural forms of a type noun (the declension tables only make singulars).
fn plural_forms(noun: &str) -> Vec<String> {
    let velar = |s: &str| s.ends_with(['к', 'г', 'х', 'ж', 'ш', 'щ', 'ч']);
    let cut = |n: usize| {
        noun.chars()
            .take(noun.chars().count() - n)
            .collect::<String>()
    };
    let ends = |e: &[&str]| e.iter().map(|e| e.to_string()).collect::<Vec<_>>();
    let with = |st: &str, e: &[&str]| ends(e).into_iter().map(|e| format!("{st}{e}")).collect();
    if let Some(st) = noun.strip_suffix("ия") {
        with(st, &["ии", "ий", "иям", "иями", "иях"])
    } else if let Some(st) = noun.strip_suffix("ие") {
        with(st, &["ия", "ий", "иям", "иями", "иях"])
    } else if noun.ends_with("ство") {
        let st = cut(1);
        with(&st, &["а", "", "ам", "ами", "ах"])
    } else if noun.ends_with('а') {
        let st = cut(1);
        let nom = if velar(&st) { "и" } else { "ы" };
        // Fleeting vowel in the genitive plural: площадка → площадок.
        let gen = match st.strip_suffix('к') {
            Some(b) if !b.ends_with(['а', 'о', 'у', 'ы', 'э', 'я', 'е', 'и']) => {
                format!("{b}ок")
            }
            _ => st.clone(),
        };
        let mut v: Vec<String> = with(&st, &[nom, "ам", "ами", "ах"]);
        v.push(gen);
        v
    } else if noun.ends_with('ь') {
        let st = cut(1);
        with(&st, &["и", "ей", "ям", "ями", "ях"])
    } else if noun.ends_with('й') {
        let st = cut(1);
        with(&st, &["и", "ев", "ям", "ями", "ях"])
    } else {
        let nom = if velar(noun) { "и" } else { "ы" };
        let gen = if noun.ends_with(['ж', 'ш', 'щ', 'ч']) {
            "ей"
        } else {
            "ов"
        };
        with(noun, &[nom, gen, "ам", "ами", "ах"])
    }
}

/// Heads written as one word with a prefix: радиозавод, хладокомбинат.
const COMPOUND_BASES: &[&str] = &["завод", "комбинат", "фабрика"];

/// `hay.rfind(needle)` for the short words `noun_at` looks at: `str::rfind`
/// builds a two-way searcher on every call, and that set-up was 12 % of all
/// extraction work (it runs three times for every word). A match of a whole
/// UTF-8 needle in UTF-8 text always starts on a char boundary.
fn rfind_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Evaluative and pronoun-like adjectives that are never part of a name
/// ("новый индустриальный парк «Рощино»" is Индустриальный парк «Рощино»).
const NOT_NAME_ADJ: &[&str] = &[
    "новый",
    "крупный",
    "крупнейший",
    "первый",
    "второй",
    "третий",
    "единственный",
    "будущий",
    "этот",
    "тот",
    "данный",
    "местный",
    "частный",
    "ведущий",
    "известный",
    "современный",
    "бывший",
    "другой",
    "такой",
    "старый",
    "большой",
    "собственный",
    "целый",
    "каждый",
    "весь",
    "наш",
    "региональный",
    "российский",
    "отечественный",
    "другий",
];

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

/// Legal forms: an abbreviation after one is a type ("ОАО МТЗ «…»").
const LEGAL: &[&str] = &[
    "ООО", "АО", "ПАО", "ЗАО", "ОАО", "НАО", "АНО", "ФГУП", "ГУП", "МУП",
];

/// Latin legal suffixes ("Mangazeya Mining Ltd.").
const LATIN_LEGAL: &[&str] = &[
    "Ltd", "LLC", "Inc", "Corp", "GmbH", "PLC", "Limited", "JSC", "PJSC", "AG",
];

#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    /// Token span, for lists of names.
    stok: usize,
    etok: usize,
    name: String,
    /// The quoted name, folded, when the name came from quotes.
    core: Option<String>,
    short: Option<String>,
    kind: OrgKind,
}

/// A quoted name no rule accepted (yet).
struct Loose {
    open: usize,
    close: usize,
    core: String,
    text: String,
}

impl Default for Orgs {
    fn default() -> Self {
        Self::new()
    }
}

/// Errors in the data files: each names the file and line.
pub fn validate() -> Vec<String> {
    let mut errs = Vec::new();
    let mut seen = HashSet::new();
    for (n, line) in numbered(TYPES) {
        let c: Vec<&str> = line.split(';').map(str::trim).collect();
        let ok = c.len() == 3
            && !c[0].is_empty()
            && kind_of(c[1]).is_some()
            && (matches!(c[2], "bare" | "keep") || c[2].len() > 1 && c[2].starts_with('='));
        if !ok {
            errs.push(format!(
                "org_types.csv:{n}: want word;kind;bare|keep|=ABBR: {line}"
            ));
        }
        if !seen.insert(c[0].to_string()) {
            errs.push(format!("org_types.csv:{n}: duplicate {}", c[0]));
        }
    }
    let mut seen = HashSet::new();
    for (n, line) in numbered(KNOWN) {
        let c: Vec<&str> = line.split(';').map(str::trim).collect();
        let name = c[0].trim_start_matches(['~', '^', '=']);
        let ok = c.len() == 3
            && !name.is_empty()
            && (kind_of(c[1]).is_some() || c[1] == "none")
            && c[2]
                .split(',')
                .all(|a| a.trim().is_empty() == c[2].trim().is_empty());
        if !ok {
            errs.push(format!("orgs.csv:{n}: want name;kind;aliases: {line}"));
        }
        for a in std::iter::once(c[0]).chain(c.get(2).into_iter().flat_map(|a| a.split(','))) {
            let a = a.trim().trim_start_matches(['~', '^']);
            // Case-sensitive spellings (=ЛУКОЙЛ next to Лукойл) are distinct.
            let key = match a.strip_prefix('=') {
                Some(e) => e.to_string(),
                None if a
                    .split(' ')
                    .any(|w| w.chars().filter(|c| c.is_uppercase()).count() > 1) =>
                {
                    a.to_string()
                }
                None => fold(a),
            };
            if !a.is_empty() && !seen.insert(key) {
                errs.push(format!("orgs.csv:{n}: {a} is listed twice"));
            }
        }
    }
    errs
}

fn numbered(src: &str) -> impl Iterator<Item = (usize, &str)> {
    src.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

impl Orgs {
    pub fn new() -> Orgs {
        let mut types = Vec::new();
        let mut exact = FxHashMap::default();
        let mut nouns = FxHashMap::default();
        let mut plurals = FxHashSet::default();
        let mut phrase_items = Vec::new();
        for line in data_lines(TYPES) {
            let c: Vec<&str> = line.split(';').map(str::trim).collect();
            let (w, kind, naming) = (c[0], c.get(1).copied(), c.get(2).copied());
            let kind = kind.and_then(kind_of).unwrap_or(OrgKind::Other);
            let naming = match naming {
                Some("keep") => Naming::Keep,
                Some(n) if n.starts_with('=') => Naming::As(n[1..].to_string()),
                _ => Naming::Bare,
            };
            let idx = types.len();
            if let Some(e) = w.strip_prefix('=') {
                exact.insert(e.to_string(), idx);
                types.push(TypeWord {
                    nom: e.to_string(),
                    kind,
                    naming,
                    gender: Gender::Masc,
                });
                continue;
            }
            let head = w.split(' ').find(|x| !is_adjective(x)).unwrap_or(w);
            let g = gender_of(head);
            if w.contains(' ') {
                for f in head_phrase_forms(w) {
                    phrase_items.push((f, false, idx));
                }
            } else {
                for fs in word_forms(w, Some(g)) {
                    for f in fs {
                        nouns.entry(fold(&f)).or_insert(idx);
                    }
                }
                for f in plural_forms(w) {
                    nouns.entry(fold(&f)).or_insert(idx);
                    plurals.insert(fold(&f));
                }
            }
            types.push(TypeWord {
                nom: w.to_string(),
                kind,
                naming,
                gender: g,
            });
        }
        let mut noun_starts = StartSet::default();
        for k in nouns.keys() {
            noun_starts.insert(k);
        }

        let mut known = Vec::new();
        let mut items = Vec::new();
        let mut known_forms = FxHashMap::default();
        let mut known_exact = FxHashMap::default();
        let mut not_orgs = FxHashSet::default();
        let mut known_short = FxHashMap::default();
        for line in data_lines(KNOWN) {
            let c: Vec<&str> = line.split(';').map(str::trim).collect();
            let raw_name = c[0];
            let kind_s = c.get(1).copied().unwrap_or_default();
            let aliases = c.get(2).copied().unwrap_or_default();
            if kind_s == "none" {
                not_orgs.insert(fold(raw_name));
                continue;
            }
            let idx = known.len();
            let name = raw_name.trim_start_matches(['~', '^', '=']).to_string();
            if let Some(abbr) = aliases
                .split(',')
                .filter_map(|a| a.trim().strip_prefix('='))
                .find(|a| is_abbr(a))
            {
                known_short.insert(fold(&name), abbr.to_string());
            }
            for a in std::iter::once(raw_name)
                .chain(aliases.split(',').map(str::trim))
                .filter(|a| !a.is_empty())
            {
                let quoted_only = a.starts_with('~');
                let lower_ok = a.starts_with('^');
                let a = a.trim_start_matches(['~', '^']);
                let mut forms = Vec::new();
                let case_sensitive;
                if let Some(e) = a.strip_prefix('=') {
                    case_sensitive = true;
                    forms.push(e.to_string());
                } else if a
                    .split(' ')
                    .any(|w| w.chars().filter(|c| c.is_uppercase()).count() > 1)
                    || a.contains('«')
                {
                    case_sensitive = true;
                    forms.push(a.to_string());
                    // "КАМАЗа", "АвтоВАЗом": endings after a final consonant
                    // of a name that is not all capitals.
                    if a.chars().any(char::is_lowercase)
                        && !a.contains(' ')
                        && a.ends_with(|c: char| {
                            "бвгджзклмнпрстфхцчшщ".contains(c.to_lowercase().next().unwrap_or(' '))
                        })
                    {
                        for e in ["а", "у", "ом", "е"] {
                            forms.push(format!("{a}{e}"));
                        }
                    }
                } else {
                    case_sensitive = false;
                    forms.extend(head_phrase_forms(a));
                }
                for f in forms {
                    known_forms.entry(fold(&f)).or_insert(idx);
                    if case_sensitive {
                        known_exact.entry(f.clone()).or_insert(idx);
                    }
                    if !quoted_only {
                        items.push((f, case_sensitive, (idx, lower_ok)));
                    }
                }
            }
            known.push(Known {
                name,
                kind: kind_of(kind_s).unwrap_or(OrgKind::Other),
            });
        }
        Orgs {
            types,
            exact,
            nouns,
            plurals,
            noun_starts,
            phrases: Gazetteer::new(phrase_items),
            known,
            known_gaz: Gazetteer::new(items),
            known_forms,
            known_exact,
            not_orgs,
            known_short,
        }
    }

    /// The type noun at token `i`: listed forms or a compound head
    /// ("радиозавода" → радиозавод). Returns (type, nominative).
    /// The nominative is borrowed from the table for a listed form: most
    /// callers only want the type, and this runs for nearly every word.
    fn noun_at(&self, doc: &Doc, i: usize) -> Option<(usize, Cow<'_, str>)> {
        if !doc.is_word(i) {
            return None;
        }
        let f = doc.ftok(i);
        if self.noun_starts.may_start(f.as_bytes()) {
            if let Some(&t) = self.nouns.get(f) {
                return Some((t, Cow::Borrowed(self.types[t].nom.as_str())));
            }
        }
        for base in COMPOUND_BASES {
            let stem_len = base.trim_end_matches('а').len();
            let Some(pos) = rfind_bytes(f.as_bytes(), &base.as_bytes()[..stem_len]) else {
                continue;
            };
            if pos < 4 || f[..pos].ends_with('-') {
                continue;
            }
            let ending = &f[pos..];
            let g = gender_of(base);
            if word_forms(base, Some(g))
                .iter()
                .flatten()
                .any(|x| x == ending)
                || plural_forms(base).iter().any(|x| x == ending)
            {
                let t = *self.nouns.get(*base)?;
                return Some((t, Cow::Owned(format!("{}{base}", &f[..pos]))));
            }
        }
        None
    }

    /// Organisations, skipping spans that are people or bodies.
    pub fn find(
        &self,
        doc: &Doc,
        person_spans: &[(usize, usize)],
        regions: &Regions,
        region_hits: &[RegionHit],
        bodies: &[BodyHit],
    ) -> Vec<Organization> {
        let mut cands: Vec<Cand> = Vec::new();
        for h in self.known_gaz.find(doc, |_| true) {
            let (idx, lower_ok) = *h.value;
            let quoted = doc.text[..h.start].ends_with(['«', '"', '“']);
            let upper = doc.text[h.start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            // Lower case is a common noun; inside quotes the quoted-name
            // rule below counts it.
            if quoted || !(upper || lower_ok) {
                continue;
            }
            let k = &self.known[idx];
            cands.push(Cand {
                start: h.start,
                stok: doc.tok_at(h.start),
                etok: doc.tok_at(h.end),
                name: k.name.clone(),
                core: None,
                short: None,
                kind: k.kind,
            });
        }
        let phrase_ends: HashMap<usize, (usize, usize)> = self
            .phrases
            .find(doc, |_| true)
            .into_iter()
            .map(|h| (doc.tok_at(h.end), (doc.tok_at(h.start), *h.value)))
            .collect();
        let mut loose: Vec<Loose> = Vec::new();
        let park_adj = OnceCell::new();
        let n = doc.toks.len();
        let mut i = 0;
        while i < n {
            if opens_quote(doc, i) {
                // "АО «ЦС «Звездочка»»": the abbreviation inside is the type
                // of the inner quote.
                if doc.is_word(i + 1) && is_abbr(doc.tok(i + 1)) && opens_quote(doc, i + 2) {
                    i += 1;
                    continue;
                }
                let Some(close) = closing_quote(doc, i) else {
                    i += 1;
                    continue;
                };
                if close == i + 1 {
                    i += 1;
                    continue;
                }
                // A long quote is speech: names inside it count too.
                let mut next = if close - i - 1 > 8 { i + 1 } else { close + 1 };
                if closes_quote(doc, next) {
                    next += 1; // the outer quote of a nested name
                }
                let ty = self.type_before(doc, i, &phrase_ends);
                if let Some(c) = self.quoted(doc, i, close, ty.as_ref(), &park_adj) {
                    cands.push(c);
                    // A list of names after one (plural) type word.
                    let plural = matches!(&ty, Some(TypeRef::Listed(_, h, _))
                        if self.plurals.contains(doc.ftok(*h)));
                    if let (Some(ty), true) = (&ty, plural) {
                        let mut close = close;
                        while let Some(q) = list_next(doc, close) {
                            let Some(cl) = closing_quote(doc, q) else {
                                break;
                            };
                            match self.quoted(doc, q, cl, Some(ty), &park_adj) {
                                Some(c) => cands.push(c),
                                None => break,
                            }
                            close = cl;
                            next = cl + 1;
                        }
                    }
                } else if let Some(l) = loose_quote(doc, i, close) {
                    loose.push(l);
                }
                i = next;
                continue;
            }
            if let Some((c, skip)) = self.unquoted(doc, i, regions, region_hits) {
                cands.push(c);
                i = skip.max(i + 1);
                continue;
            }
            i += 1;
        }
        self.resolve_loose(doc, &mut cands, loose);
        self.tally(doc, cands, person_spans, bodies)
    }

    fn cand(&self, doc: &Doc, s: usize, e: usize, name: String, kind: OrgKind) -> Cand {
        Cand {
            start: doc.toks[s].start,
            stok: s,
            etok: e,
            name,
            core: None,
            short: None,
            kind,
        }
    }

    fn tally(
        &self,
        doc: &Doc,
        mut cands: Vec<Cand>,
        person_spans: &[(usize, usize)],
        bodies: &[BodyHit],
    ) -> Vec<Organization> {
        cands.sort_by_key(|c| c.start);
        // One quoted name, one organisation: the most complete name given
        // ("межрегиональный мебельный кластер «Е1»" and "кластера «Е1»").
        let mut best: HashMap<String, String> = HashMap::new();
        for c in &cands {
            if let Some(core) = &c.core {
                let e = best.entry(core.clone()).or_insert_with(|| c.name.clone());
                if c.name.contains('«') && (!e.contains('«') || c.name.len() > e.len()) {
                    *e = c.name.clone();
                }
            }
        }
        let body_names: HashSet<String> = bodies.iter().map(|b| fold(&b.name)).collect();
        let in_body = SpanSet::new(bodies.iter().map(|b| (b.start, b.end)));
        // Person spans are sorted by start.
        let in_person = Covering::new(person_spans.iter().copied());
        let mut tally: Tally<Organization> = Tally::new();
        // Abbreviation → name; the first definition wins.
        let mut shorts: HashMap<String, String> = HashMap::new();
        for c in &cands {
            let name = c
                .core
                .as_ref()
                .and_then(|k| best.get(k))
                .unwrap_or(&c.name)
                .clone();
            let folded = fold(&name);
            if in_person.covers(c.start, c.start + 1)
                || in_body.overlaps(c.start, c.start + 1)
                || body_names.contains(&folded)
                || self.not_orgs.contains(&folded)
            {
                continue;
            }
            let o = tally.add(&name, doc.char_pos(c.start), || Organization {
                name: name.clone(),
                short: None,
                kind: c.kind,
                salience: Default::default(),
            });
            if o.short.is_none() {
                o.short = c
                    .short
                    .clone()
                    .or_else(|| self.known_short.get(&folded).cloned());
            }
            if let Some(s) = &c.short {
                shorts.entry(s.clone()).or_insert_with(|| name.clone());
            }
        }
        // Bare abbreviation mentions of linked names.
        for k in 0..doc.toks.len() {
            if !doc.is_word(k) {
                continue;
            }
            let w = doc.tok(k);
            step(1);
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
}

/// "ООО", "НТЦ", "МТЗ": 2–5 capital letters.
fn is_abbr(w: &str) -> bool {
    let n = w.chars().count();
    (2..=5).contains(&n) && w.chars().all(|c| c.is_uppercase())
}

fn is_latin_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && w.chars().all(|c| c.is_ascii_alphabetic())
}

/// Finite verbs, infinitives and past tenses end so; they never belong to a
/// type's complement.
fn is_verb_shaped(w: &str) -> bool {
    [
        "ть", "ться", "ся", "сь", "ла", "ло", "ли", "ет", "ёт", "ит", "ат", "ят", "ут", "ют", "ал",
        "ил", "ел", "ял",
    ]
    .iter()
    .any(|s| w.ends_with(s))
        && !w.ends_with("сти")
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod more_tests;
