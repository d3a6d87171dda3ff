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
//!   радиозавод"), "завод имени Баранова", "Ассоциация <genitive>",
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

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use super::bodies::BodyHit;
use super::gazetteer::{data_lines, fold, Gazetteer, StartSet};
use super::morph::{adjective_nominative, head_phrase_forms, is_adjective, word_forms, Gender};
use super::regions::{RegionHit, Regions};
use super::spans::{starting_at, Covering, SpanSet};
use super::work::step;
use super::{Doc, Tally};
use crate::model::{OrgKind, Organization};

const TYPES: &str = include_str!("data/org_types.csv");
const KNOWN: &str = include_str!("data/orgs.csv");

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

pub struct Orgs {
    types: Vec<TypeWord>,
    /// Abbreviations, case-sensitive → type.
    exact: HashMap<String, usize>,
    /// Folded noun forms, singular and plural → type.
    nouns: HashMap<String, usize>,
    /// The forms among those that can be plural ("предприятия", "заводах").
    plurals: HashSet<String>,
    /// Starts of those forms: most tokens skip the hash lookup.
    noun_starts: StartSet,
    /// Multi-word type phrases in every case → type.
    phrases: Gazetteer<usize>,
    known: Vec<Known>,
    /// Known names matched anywhere: (known index, may start in lower case).
    known_gaz: Gazetteer<(usize, bool)>,
    /// Every form of every known name (quoted-only ones too), folded.
    known_forms: HashMap<String, usize>,
    /// Case-sensitive known names and abbreviations, as written.
    known_exact: HashMap<String, usize>,
    /// Folded names that look like organisations but are not (programmes).
    not_orgs: HashSet<String>,
    /// Folded known name → its abbreviation ("ВАСО"), shown as the short name.
    known_short: HashMap<String, String>,
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
        let mut exact = HashMap::new();
        let mut nouns = HashMap::new();
        let mut plurals = HashSet::new();
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
        let mut known_forms = HashMap::new();
        let mut known_exact = HashMap::new();
        let mut not_orgs = HashSet::new();
        let mut known_short = HashMap::new();
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
    fn noun_at(&self, doc: &Doc, i: usize) -> Option<(usize, String)> {
        if !doc.is_word(i) {
            return None;
        }
        let f = doc.ftok(i);
        if self.noun_starts.may_start(f.as_bytes()) {
            if let Some(&t) = self.nouns.get(f) {
                return Some((t, self.types[t].nom.clone()));
            }
        }
        for base in COMPOUND_BASES {
            let stem_len = base.trim_end_matches('а').len();
            let Some(pos) = f.rfind(&base[..stem_len]) else {
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
                return Some((t, format!("{}{base}", &f[..pos])));
            }
        }
        None
    }

    /// The type before the quote at token `q`, walking back over a short
    /// complement ("завод по производству оборудования «…»") or an
    /// "(ABBR)".
    fn type_before(
        &self,
        doc: &Doc,
        q: usize,
        phrase_ends: &HashMap<usize, (usize, usize)>,
    ) -> Option<TypeRef> {
        let mut j = q;
        let mut comp_end = q;
        let mut comp_ok = true;
        let mut skipped = 0;
        loop {
            if j == 0 {
                return None;
            }
            if j >= 3 && doc.is_punct(j - 1, ")") && doc.is_punct(j - 3, "(") && doc.is_word(j - 2)
            {
                if let Some(&t) = self.exact.get(doc.tok(j - 2)) {
                    return Some(TypeRef::Listed(t, j - 2, None));
                }
                j -= 3;
                if comp_end == q {
                    comp_end = j;
                }
                continue;
            }
            if let Some(&(s, t)) = phrase_ends.get(&j) {
                let comp = (comp_ok && j < comp_end).then_some((j, comp_end));
                return Some(TypeRef::Listed(t, s, comp));
            }
            // "индустриальных парков: «Ворсино» и «Росва»".
            if j == q && doc.is_punct(j - 1, ":") {
                j -= 1;
                comp_end = j;
                continue;
            }
            let w = j - 1;
            if !doc.is_word(w) {
                return None;
            }
            let tok = doc.tok(w);
            if let Some(&t) = self.exact.get(tok) {
                return Some(TypeRef::Listed(t, w, None));
            }
            if is_abbr(tok) {
                let legal_before = |k: usize| LEGAL.contains(&doc.tok(k));
                if w >= 1
                    && (legal_before(w - 1)
                        || w >= 2 && doc.is_punct(w - 1, "«\"") && legal_before(w - 2))
                {
                    return Some(TypeRef::Abbr(tok.to_string()));
                }
            }
            if let Some((t, _)) = self.noun_at(doc, w) {
                let comp = (comp_ok && w + 1 < comp_end).then_some((w + 1, comp_end));
                return Some(TypeRef::Listed(t, w, comp));
            }
            let f = doc.ftok(w);
            let skippable = skipped < 4
                && (is_abbr(tok)
                    || !doc.is_cap(w)
                        && !is_verb_shaped(f)
                        && !matches!(
                            f,
                            "и" | "или"
                                | "а"
                                | "но"
                                | "что"
                                | "как"
                                | "не"
                                | "также"
                                | "в"
                                | "во"
                                | "на"
                                | "о"
                                | "об"
                                | "от"
                                | "у"
                                | "это"
                                | "за"
                        ));
            if !skippable {
                return None;
            }
            if !super::bodies::is_genitive_shaped_pub(f) || is_abbr(tok) {
                comp_ok = false;
            }
            skipped += 1;
            j -= 1;
        }
    }

    /// The name of a quoted `core` announced by type `t`.
    fn typed_name(
        &self,
        doc: &Doc,
        t: &TypeRef,
        core: &str,
        park_adj: &OnceCell<Vec<String>>,
    ) -> (String, OrgKind, bool) {
        // "технопарка «Технополис «Москва»»": the quoted name carries its
        // own type word, and the outer one is only what it is.
        if let Some((ty_words, inner)) = core.split_once(" «") {
            let self_typed = inner.ends_with('»')
                && !inner.contains('«')
                && (1..=3).contains(&ty_words.split(' ').count());
            if self_typed {
                let kind = match t {
                    TypeRef::Abbr(_) => OrgKind::Company,
                    TypeRef::Listed(ti, _, _) => self.types[*ti].kind,
                };
                return (core.to_string(), kind, true);
            }
        }
        match t {
            TypeRef::Abbr(a) => (format!("{a} «{core}»"), OrgKind::Company, true),
            TypeRef::Listed(ti, head, comp) => {
                let ty = &self.types[*ti];
                match &ty.naming {
                    Naming::Bare => (core.to_string(), ty.kind, false),
                    Naming::As(a) => (format!("{a} «{core}»"), ty.kind, true),
                    Naming::Keep if self.exact.contains_key(doc.tok(*head)) => {
                        (format!("{} «{core}»", ty.nom), ty.kind, true)
                    }
                    Naming::Keep => {
                        let mut adjs = adjectives_before(doc, *head, ty.gender);
                        if adjs.is_empty() && ty.nom == "парк" {
                            adjs = park_adj.get_or_init(|| self.park_adjective(doc)).clone();
                        }
                        let (_, head_nom) =
                            self.noun_at(doc, *head).unwrap_or((*ti, ty.nom.clone()));
                        let mut name = adjs.join(" ");
                        if !name.is_empty() {
                            name.push(' ');
                        }
                        name.push_str(&head_nom);
                        if let Some((a, b)) = comp {
                            name.push(' ');
                            name.push_str(&doc.text[doc.toks[*a].start..doc.toks[b - 1].end]);
                        }
                        (
                            format!("{} «{core}»", cap(&name.to_lowercase())),
                            ty.kind,
                            true,
                        )
                    }
                }
            }
        }
    }

    /// The adjectives the article first uses with "парк" ("индустриальных
    /// парков … о парках «Грабцево»"), for a park named without them.
    fn park_adjective(&self, doc: &Doc) -> Vec<String> {
        let Some(&t) = self.nouns.get("парк") else {
            return Vec::new();
        };
        for k in 1..doc.toks.len() {
            step(1);
            if doc.is_word(k)
                && self.noun_starts.may_start(doc.ftok(k).as_bytes())
                && self.nouns.get(doc.ftok(k)) == Some(&t)
            {
                let a = adjectives_before(doc, k, self.types[t].gender);
                if !a.is_empty() {
                    return a;
                }
            }
        }
        Vec::new()
    }

    /// A known organisation named by the folded `core` (year stripped).
    fn known_named(&self, text: &str) -> Option<usize> {
        let t = strip_edition(text);
        self.known_exact
            .get(t)
            .or_else(|| self.known_forms.get(&fold(t)))
            .copied()
    }

    /// A quoted name that is a type phrase itself: «Кластер умной
    /// промышленности», «Оренбургский хладокомбинат», «Туканский
    /// металлургический комплекс». Tokens `a..b`.
    fn inner_phrase(&self, doc: &Doc, a: usize, b: usize) -> Option<(String, OrgKind)> {
        if !doc.is_cap(a) || b <= a + 1 {
            return None;
        }
        if let Some((t, _)) = self.noun_at(doc, a) {
            let kind = self.types[t].kind;
            if self.types[t].naming == Naming::Bare || kind == OrgKind::Cluster {
                let text = doc.text[doc.toks[a].start..doc.toks[b - 1].end].to_string();
                return Some((text, kind));
            }
            return None;
        }
        let mut h = a;
        while h < b && h < a + 3 && doc.is_word(h) && self.noun_at(doc, h).is_none() {
            h += 1;
        }
        let (t, head_nom) = self.noun_at(doc, h).filter(|_| h < b)?;
        let ty = &self.types[t];
        if !matches!(
            ty.kind,
            OrgKind::Plant | OrgKind::Company | OrgKind::Cluster
        ) {
            return None;
        }
        let mut adjs = Vec::new();
        for k in a..h {
            let w = doc.tok(k);
            let n = adj_nominative(w, ty.gender)?;
            adjs.push(n);
        }
        let (end, words) = genitive_complement(doc, h + 1, false);
        if h + 1 < b && (end != b || words == 0) {
            return None;
        }
        let mut name = format!("{} {head_nom}", adjs.join(" "));
        if h + 1 < b {
            name.push(' ');
            name.push_str(&doc.text[doc.toks[h + 1].start..doc.toks[b - 1].end]);
        }
        let kind = if ty.kind == OrgKind::Company && head_nom.contains("завод") {
            OrgKind::Plant
        } else {
            ty.kind
        };
        Some((name, kind))
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

    /// The quoted name at `open..=close` if a rule accepts it.
    fn quoted(
        &self,
        doc: &Doc,
        open: usize,
        close: usize,
        ty: Option<&TypeRef>,
        park_adj: &OnceCell<Vec<String>>,
    ) -> Option<Cand> {
        let (a, b) = (open + 1, close);
        if b <= a || close - open - 1 > 8 {
            return None;
        }
        let text = quote_text(doc, a, b);
        if !text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            return None;
        }
        let known = self.known_named(&text);
        let mut made: Option<(String, OrgKind, bool)> = None;
        if let Some(t) = ty {
            let (name, kind, keeps) = self.typed_name(doc, t, &text, park_adj);
            if keeps {
                made = Some((name, kind, true));
            } else if let Some(k) = known {
                made = Some((self.known[k].name.clone(), self.known[k].kind, false));
            } else {
                let kind = if kind == OrgKind::Company && fold(&text).contains("завод") {
                    OrgKind::Plant
                } else {
                    kind
                };
                let name = if kind == OrgKind::Event {
                    strip_edition(&text).to_string()
                } else {
                    name
                };
                made = Some((name, kind, false));
            }
        }
        if made.is_none() {
            if let Some(k) = known {
                made = Some((self.known[k].name.clone(), self.known[k].kind, false));
            } else if let Some((name, kind)) = self.inner_phrase(doc, a, b) {
                made = Some((name, kind, false));
            } else if !names_a_non_org(doc, open)
                && (is_place_adjective_name(doc, a, b)
                    || (b - a <= 4 && self.acts_as_company(doc, close)))
            {
                made = Some((text.clone(), OrgKind::Company, false));
            }
        }
        let (name, kind, _) = made?;
        if text.contains(['«', '"']) && !name.contains('«') && known.is_none() {
            return None;
        }
        Some(Cand {
            start: doc.toks[open].start,
            stok: open,
            etok: close + 1,
            name,
            core: Some(fold(strip_edition(&text))),
            short: abbreviation_after(doc, close + 1),
            kind,
        })
    }

    /// Whether what follows the quote closing at `close` makes it a
    /// company: a business verb ("«Мол Фрост» вложит", "«Техновек»
    /// запустил") or a dash and a company noun ("«Севмаш» — одно из
    /// крупнейших судостроительных предприятий").
    fn acts_as_company(&self, doc: &Doc, close: usize) -> bool {
        const VERBS: &[&str] = &[
            "вложит",
            "вложил",
            "инвестир",
            "построит",
            "построил",
            "запуст",
            "откроет",
            "открыл",
            "выпуст",
            "выпускает",
            "производит",
            "произвел",
            "планирует",
            "намерен",
            "приобрел",
            "приобретет",
            "начнет",
            "создаст",
            "создал",
            "реализует",
            "нарастил",
            "модернизир",
            "локализ",
            "поставляет",
            "поставит",
            "поставил",
            "отгрузил",
            "экспортир",
            "наладил",
            "освоил",
            "разместит",
            "разместил",
            "ввел",
            "введет",
        ];
        let k = close + 1;
        let w = doc.ftok(k);
        if doc.is_word(k) && VERBS.iter().any(|v| w.starts_with(v)) {
            return true;
        }
        if doc.is_punct(k, "—–-") {
            for m in k + 1..k + 7 {
                step(1);
                if !doc.is_word(m) {
                    return false;
                }
                if let Some((t, _)) = self.noun_at(doc, m) {
                    return matches!(self.types[t].kind, OrgKind::Company | OrgKind::Plant);
                }
            }
        }
        false
    }

    /// Unquoted shapes starting or ending at token `i`. Returns the
    /// candidate and the token to continue from.
    fn unquoted(
        &self,
        doc: &Doc,
        i: usize,
        regions: &Regions,
        region_hits: &[RegionHit],
    ) -> Option<(Cand, usize)> {
        if !doc.is_word(i) {
            return None;
        }
        let tok = doc.tok(i);
        // "Иннопром-2024", "ПМЭФ-2023": an edition of a known event.
        if tok.contains('-') && tok.ends_with(|c: char| c.is_ascii_digit()) {
            if let Some(k) = self.known_named(tok) {
                let k = &self.known[k];
                return Some((self.cand(doc, i, i + 1, k.name.clone(), k.kind), i + 1));
            }
        }
        // "компании Haier", "завода Москвич": an unquoted name right after a
        // company or plant noun.
        if let Some((t, _)) = self.noun_at(doc, i).filter(|_| doc.is_cap(i + 1)) {
            let ty = &self.types[t];
            if ty.naming == Naming::Bare && matches!(ty.kind, OrgKind::Company | OrgKind::Plant) {
                if let Some((end, name)) = name_after_type(doc, i + 1) {
                    let known = self.known_named(&name);
                    let (name, kind) = match known {
                        Some(x) => (self.known[x].name.clone(), self.known[x].kind),
                        None => (name, ty.kind),
                    };
                    return Some((self.cand(doc, i + 1, end, name, kind), end));
                }
            }
        }
        // "Mangazeya Mining Ltd."
        if is_latin_cap(tok) && (i == 0 || !is_latin_cap(doc.tok(i - 1))) {
            let mut k = i;
            while k < i + 4 && is_latin_cap(doc.tok(k)) && !LATIN_LEGAL.contains(&doc.tok(k)) {
                k += 1;
            }
            if k > i && LATIN_LEGAL.contains(&doc.tok(k)) {
                let name = doc.text[doc.toks[i].start..doc.toks[k - 1].end].to_string();
                return Some((self.cand(doc, i, k + 1, name, OrgKind::Company), k + 1));
            }
        }
        // "ПАО Сбербанк", "ООО Ромашка-Юг": a legal form before an unquoted
        // capitalised name (not an abbreviation before a quote).
        if LEGAL.contains(&tok) && doc.is_cap(i + 1) && !is_abbr(doc.tok(i + 1)) {
            let mut k = i + 1;
            while k < i + 3 && doc.is_cap(k) {
                k += 1;
            }
            if !doc.is_punct(k, "«\"") {
                let name = doc.text[doc.toks[i + 1].start..doc.toks[k - 1].end].to_string();
                let (name, kind) = match self.known_named(&name) {
                    Some(x) => (self.known[x].name.clone(), self.known[x].kind),
                    None => (name, OrgKind::Company),
                };
                return Some((self.cand(doc, i, k, name, kind), k));
            }
        }
        self.plain_phrase(doc, i, regions, region_hits)
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

    /// Bare quoted names equal to a found one, and quoted names listed
    /// next to found companies or plants. Indexed by core and by token
    /// ends, so the work is linear in the number of quotes.
    fn resolve_loose(&self, doc: &Doc, cands: &mut Vec<Cand>, loose: Vec<Loose>) {
        let mut by_core: HashMap<String, (String, OrgKind)> = HashMap::new();
        // Token span edges of companies and plants (not events or zones:
        // "выставке «Иннопром», «Кубанские новости»").
        let mut ends: HashSet<usize> = HashSet::new();
        let mut starts: HashSet<usize> = HashSet::new();
        for c in cands.iter() {
            step(1);
            let nk = (c.name.clone(), c.kind);
            if let Some(core) = &c.core {
                by_core.entry(core.clone()).or_insert_with(|| nk.clone());
            }
            by_core.entry(fold(&c.name)).or_insert(nk);
            if matches!(c.kind, OrgKind::Company | OrgKind::Plant) {
                ends.insert(c.etok);
                starts.insert(c.stok);
            }
        }
        let sep = |k: usize| doc.is_punct(k, ",") || doc.ftok(k) == "и";
        // "по программам финансирования «Производительность»,
        // «Комплектующие», «Лесопереработка»": a programme's name, and
        // the names listed after it, are not companies.
        let mut done = vec![false; loose.len()];
        for i in 0..loose.len() {
            let l = &loose[i];
            let after_listed = i > 0
                && done[i - 1]
                && l.open >= 1
                && loose[i - 1].close + 2 == l.open
                && sep(l.open - 1);
            done[i] = names_a_non_org(doc, l.open) || after_listed;
        }
        // Forward then backward, so a list is taken from either end.
        for pass in 0..2 {
            let order: Vec<usize> = if pass == 0 {
                (0..loose.len()).collect()
            } else {
                (0..loose.len()).rev().collect()
            };
            for li in order {
                step(1);
                if done[li] {
                    continue;
                }
                let l = &loose[li];
                let found = by_core.get(&l.core).cloned().or_else(|| {
                    let listed = (l.open >= 1 && sep(l.open - 1) && ends.contains(&(l.open - 1)))
                        || (sep(l.close + 1) && starts.contains(&(l.close + 2)));
                    if listed && l.text.split(' ').count() <= 4 {
                        return Some((l.text.clone(), OrgKind::Company));
                    }
                    brand_name(doc, l).map(|n| (n, OrgKind::Company))
                });
                let Some((name, kind)) = found else {
                    continue;
                };
                done[li] = true;
                if kind == OrgKind::Company || kind == OrgKind::Plant {
                    ends.insert(l.close + 1);
                    starts.insert(l.open);
                }
                cands.push(Cand {
                    start: doc.toks[l.open].start,
                    stok: l.open,
                    etok: l.close + 1,
                    name,
                    core: Some(l.core.clone()),
                    short: None,
                    kind,
                });
            }
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

    /// "Амурский газоперерабатывающий завод", "Ижевский радиозавод",
    /// "завода имени Баранова", "Ассоциации кластеров, технопарков …
    /// России", "технопарка Мордовии". Returns the candidate and the token
    /// index to continue from.
    fn plain_phrase(
        &self,
        doc: &Doc,
        i: usize,
        regions: &Regions,
        region_hits: &[RegionHit],
    ) -> Option<(Cand, usize)> {
        let (t, head_nom) = self.noun_at(doc, i)?;
        let TypeWord { kind, gender, .. } = self.types[t].clone();
        let base = self.types[t].nom.as_str();
        // "завод имени Баранова", "завода им. П. И. Баранова",
        // "Севастопольский морской завод имени Серго Орджоникидзе",
        // "колхоза им. В. И. Ленина": adjectives before the head, and the
        // person's name after "имени" as written (it is a genitive in every
        // case of the head).
        if matches!(kind, OrgKind::Plant | OrgKind::Company)
            && matches!(doc.ftok(i + 1), "имени" | "им")
        {
            if let Some(end) = named_after_end(doc, i + 2) {
                // The proper name starts at a capital ("Севастопольский
                // морской завод"); lowercase adjectives alone describe it
                // ("камчатского рыболовецкого колхоза").
                let adjs = adjectives_before(doc, i, gender);
                let first_cap = (0..adjs.len()).find(|&a| doc.is_cap(i - adjs.len() + a));
                let adjs = first_cap.map_or(&adjs[..0], |a| &adjs[a..]);
                let start = i - adjs.len();
                let mut name = adjs.join(" ");
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(&head_nom);
                // "им В. И. Ленина" is written "им. В. И. Ленина".
                let after = &doc.text[doc.toks[i + 1].start..doc.toks[end - 1].end];
                let after = match after.strip_prefix("им ") {
                    Some(rest) => format!("им. {rest}"),
                    None => after.to_string(),
                };
                name.push(' ');
                name.push_str(&after);
                return Some((self.cand(doc, start, end, cap(&name), kind), end));
            }
        }
        if base == "ассоциация" && doc.is_cap(i) {
            let (end, words) = genitive_complement(doc, i + 1, true);
            if words >= 1 {
                let name = format!(
                    "Ассоциация {}",
                    doc.text[doc.toks[i + 1].start..doc.toks[end - 1].end].trim()
                );
                let mut c = self.cand(doc, i, end, name, kind);
                c.short = abbreviation_after(doc, end);
                return Some((c, end));
            }
            return None;
        }
        // "технопарка Мордовии" → Технопарк Мордовии.
        if base == "технопарк" && !doc.is_punct(i + 1, "«\"") {
            if let Some(r) = doc
                .toks
                .get(i + 1)
                .and_then(|t| starting_at(region_hits, |h| h.start, t.start))
                .filter(|h| h.value.genitive())
            {
                let name = format!("Технопарк {}", &doc.text[r.start..r.end]);
                let end = doc.tok_at(r.end);
                return Some((self.cand(doc, i, end, name, kind), end));
            }
        }
        // Other type words ("компания", "холдинг") are too common as plain
        // nouns; they make a name only with an abbreviation in brackets
        // after it: "Уральская горно-металлургическая компания (УГМК)".
        let plain_head = PLAIN_HEADS.contains(&base);
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
        let head = if doc.tok(i).chars().next().is_some_and(char::is_uppercase) {
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
        // "Дальневосточная компания цветных металлов": a generic head in
        // the middle of a sentence with a capitalised adjective and a
        // genitive complement is a name too.
        let named_generic = !comp.is_empty() && !doc.sentence_start(s);
        // "Озерной горнорудной компании", "Улан-Удэнского
        // приборостроительного производственного объединения",
        // "Сахалинского индустриального парка": a capitalised adjective in
        // mid-sentence opening two or more words before a type noun is a
        // proper name.
        let proper = !doc.sentence_start(s) && (adjs.len() >= 2 || base.contains(' '));
        if !plain_head && short.is_none() && !named_generic && !proper {
            return None;
        }
        let mut c = self.cand(doc, s, end, name, kind);
        c.short = short;
        Some((c, end))
    }
}

/// Lower-case adjectives right before token `head`, in the nominative
/// singular of `g`, leaving out evaluative ones.
fn adjectives_before(doc: &Doc, head: usize, g: Gender) -> Vec<String> {
    let mut out = Vec::new();
    let mut k = head;
    while k > 0 && out.len() < 3 && doc.is_word(k - 1) {
        let Some(a) = adj_nominative(doc.tok(k - 1), g) else {
            break;
        };
        let l = a.to_lowercase();
        let masc = adj_nominative(&l, Gender::Masc).unwrap_or_default();
        if NOT_NAME_ADJ.contains(&masc.as_str())
            || ["щий", "щая", "щее", "мый", "мая", "мое"]
                .iter()
                .any(|s| l.ends_with(s))
        {
            break;
        }
        out.insert(0, l);
        k -= 1;
    }
    out
}

/// The end (exclusive) of a person's name after "имени"/"им" at token
/// `k`: a period after "им", initials ("В. И."), then one to three
/// capitalised words ("Серго Орджоникидзе", "Ленина").
fn named_after_end(doc: &Doc, mut k: usize) -> Option<usize> {
    while doc.is_punct(k, ".") || (doc.is_cap(k) && doc.tok(k).chars().count() == 1) {
        k += 1;
    }
    let first = k;
    while k < first + 3 && doc.is_word(k) && doc.is_cap(k) && doc.tok(k).chars().count() > 1 {
        k += 1;
    }
    (k > first).then_some(k)
}

/// An adjective in any case or number → its nominative singular of `g`.
fn adj_nominative(w: &str, g: Gender) -> Option<String> {
    let l = w.to_lowercase();
    if l.chars().count() < 4 {
        return None;
    }
    for (suf, hard) in [
        ("ыми", true),
        ("ими", false),
        ("ых", true),
        ("их", false),
        ("ые", true),
        ("ие", false),
    ] {
        if let Some(st) = l.strip_suffix(suf) {
            if st.chars().count() < 4 {
                return None;
            }
            let velar = st.ends_with(['к', 'г', 'х', 'ж', 'ш', 'щ', 'ч']);
            let end = match (g, hard || velar) {
                (Gender::Masc, true) if !hard => "ий",
                (Gender::Masc, true) => "ый",
                (Gender::Masc, false) => "ий",
                (Gender::Fem, true) => "ая",
                (Gender::Fem, false) => "яя",
                (Gender::Neut, true) => "ое",
                (Gender::Neut, false) => "ее",
            };
            let stem: String = w
                .chars()
                .take(w.chars().count() - suf.chars().count())
                .collect();
            return Some(format!("{stem}{end}"));
        }
    }
    adjective_nominative(w, g).filter(|a| is_adjective(a))
}

/// The unquoted name at token `i` after a type noun: Latin words
/// ("Haier", "Great Wall") or one capitalised Cyrillic word in the
/// nominative ending in a consonant that the dictionary does not read as a
/// person's or place name ("Москвич", "Трансмашхолдинг").
fn name_after_type(doc: &Doc, i: usize) -> Option<(usize, String)> {
    if is_latin_cap(doc.tok(i)) {
        let mut k = i;
        while k < i + 3 && is_latin_cap(doc.tok(k)) && !LATIN_LEGAL.contains(&doc.tok(k)) {
            k += 1;
        }
        return Some((
            k,
            doc.text[doc.toks[i].start..doc.toks[k - 1].end].to_string(),
        ));
    }
    let w = doc.tok(i);
    let f = doc.ftok(i);
    let consonant = f.ends_with(|c: char| "бвгджзклмнпрстфхцчшщ".contains(c));
    if !consonant || f.chars().count() < 4 || is_abbr(w) || doc.is_word(i + 1) && doc.is_cap(i + 1)
    {
        return None;
    }
    let lex = super::dict::lexicon()?;
    let readings = lex.analyse(w);
    let personal = readings.iter().any(|a| {
        a.tags.has(super::dict::Tags::NAME)
            || a.tags.has(super::dict::Tags::SURN)
            || a.tags.has(super::dict::Tags::PATR)
            || a.tags.has(super::dict::Tags::GEOX)
    });
    (!personal).then(|| (i + 1, w.to_string()))
}

/// A one-word quoted name the dictionary does not know or knows as an
/// organisation («Техновек», «Газпромнефти») is a brand: a company. Words
/// it knows as common words, people or places («Стрела», «Волга») are
/// left out. Oblique forms are brought to the dictionary's nominative.
fn brand_name(doc: &Doc, l: &Loose) -> Option<String> {
    use super::dict::Tags;
    if l.close != l.open + 2 || !doc.is_word(l.open + 1) {
        return None;
    }
    let w = doc.tok(l.open + 1);
    // Model codes ("Ясень-М", "Су-57") are products, not makers.
    if w.chars().count() < 4
        || !w.chars().all(|c| c.is_alphabetic() || c == '-')
        || w.split('-').any(|p| p.chars().count() <= 2)
    {
        return None;
    }
    let lex = super::dict::lexicon()?;
    let a = lex.analyse(w);
    let best = a.first()?;
    let personal = a.iter().any(|x| {
        !x.tags.has(Tags::GUESS)
            && (x.tags.has(Tags::NAME) || x.tags.has(Tags::SURN) || x.tags.has(Tags::GEOX))
    });
    let known_word = a
        .iter()
        .any(|x| !x.tags.has(Tags::GUESS) && !x.tags.has(Tags::ORGN));
    if personal || known_word && !a.iter().any(|x| x.tags.has(Tags::ORGN)) {
        return None;
    }
    // A guessed word's lemma is unreliable ("Техновека" → "техновеко"):
    // only names written in the nominative are taken as they are.
    match best.case {
        Some(c) if c != 0 && c != 3 => {
            (!best.tags.has(Tags::GUESS)).then(|| super::dict::capitalise(&best.lemma))
        }
        _ => Some(w.to_string()),
    }
}

/// "по новой программе «Арктическая локализация»", "нацпроекта
/// «Производительность»": a noun before the quote (one adjective may stand
/// between) says the name is a programme, a project or a prize, so a name
/// that only looks like a company's is not taken.
fn names_a_non_org(doc: &Doc, open: usize) -> bool {
    const HEADS: &[&str] = &[
        "программ",
        "подпрограмм",
        "госпрограмм",
        "проект",
        "нацпроект",
        "конкурс",
        "преми",
        "стратеги",
        "инициатив",
        "марафон",
    ];
    (open.saturating_sub(2)..open)
        .filter(|&k| doc.is_word(k) && !doc.is_cap(k))
        .any(|k| {
            let w = doc.ftok(k);
            HEADS.iter().any(|h| w.starts_with(h))
        })
}

/// «Уральский бройлер», «Орский бекон», «Уральские локомотивы»: a
/// quoted place adjective in the nominative and one or two lower-case
/// nouns names a company (or a newspaper), not a programme.
fn is_place_adjective_name(doc: &Doc, a: usize, b: usize) -> bool {
    const NOT_COMPANY: &[&str] = &[
        "гектар",
        "школа",
        "стандарт",
        "ипотека",
        "программа",
        "проект",
        "инициатива",
        "марафон",
        "неделя",
        "премия",
        "конкурс",
        "маршрут",
        "кольцо",
        "путь",
        "дом",
        "экспресс",
        "характер",
        "бренд",
        "качество",
        // Newspapers and channels are media, not companies.
        "новост",
        "вест",
        "ведомост",
        "известия",
        "правд",
        "газет",
        "хроник",
        "рабоч",
        "телеграф",
        "курьер",
        "обозрени",
        "время",
        "радио",
        "телевидени",
        "знам",
        "панорам",
    ];
    let words = b - a;
    if !(2..=3).contains(&words)
        || !doc.is_cap(a)
        || (a + 1..b).any(|k| !doc.is_word(k) || doc.is_cap(k))
    {
        return false;
    }
    let first = doc.ftok(a);
    let place_adj = [
        "ский", "ская", "ское", "ские", "цкий", "цкая", "цкое", "цкие",
    ]
    .iter()
    .any(|s| first.ends_with(s))
        && first.chars().count() > 6;
    let last = doc.ftok(b - 1);
    place_adj && !NOT_COMPANY.iter().any(|n| last.starts_with(n))
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

/// The text inside quotes, its own quotes made typographic.
fn quote_text(doc: &Doc, a: usize, b: usize) -> String {
    let t = doc.text[doc.toks[a].start..doc.toks[b - 1].end].trim();
    let mut out = String::with_capacity(t.len());
    let mut open = true;
    for ch in t.chars() {
        match ch {
            '"' | '“' | '”' | '„' => {
                out.push(if open { '«' } else { '»' });
                open = !open;
            }
            c => out.push(c),
        }
    }
    // The inner name's closing quote, when it was also the outer one's.
    if out.matches('«').count() > out.matches('»').count() {
        out.push('»');
    }
    out
}

/// Drops a yearly edition: "Иннопром-2024", "ПМЭФ-2023", "Армия 2022",
/// "Металл-Экспо'2024" → the event. Other numbers stay ("М-10",
/// "Электротехника-21").
fn strip_edition(s: &str) -> &str {
    let t = s.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &s[t.len()..];
    let base = t.trim_end_matches(['-', ' ', '\'', '’', '–']);
    let sep = &t[base.len()..];
    let year = digits.len() == 4 && (digits.starts_with("20") || digits.starts_with("19"));
    let short_year = digits.len() == 2 && (sep.contains('\'') || sep.contains('’'));
    if base.is_empty() || sep.chars().count() != 1 || !(year || short_year) {
        return s;
    }
    base
}

/// The next quote of a list: ", «", " и «", ", а также «", possibly after a
/// short place ("«Грабцево» в Калужской области, «Узловая»").
fn list_next(doc: &Doc, close: usize) -> Option<usize> {
    let mut k = close + 1;
    // "«Ворсино» (Калужская область), «Уфимский» (Башкирия)".
    if doc.is_punct(k, "(") {
        let shut = (k + 1..(k + 8).min(doc.toks.len())).find(|&m| doc.is_punct(m, ")"))?;
        k = shut + 1;
    }
    if matches!(doc.ftok(k), "в" | "на") {
        let mut m = k + 1;
        while m < k + 4 && doc.is_word(m) {
            m += 1;
        }
        if m > k + 1 {
            k = m;
        }
    }
    if doc.is_punct(k, ",") {
        k += 1;
        if doc.ftok(k) == "а" && doc.ftok(k + 1) == "также" {
            k += 2;
        }
    }
    if doc.ftok(k) == "и" {
        k += 1;
    }
    (k > close + 1 && opens_quote(doc, k)).then_some(k)
}

fn loose_quote(doc: &Doc, open: usize, close: usize) -> Option<Loose> {
    if close - open - 1 > 6 {
        return None;
    }
    let text = quote_text(doc, open + 1, close);
    if !text.chars().next().is_some_and(char::is_uppercase) || text.contains('«') {
        return None;
    }
    Some(Loose {
        open,
        close,
        core: fold(strip_edition(&text)),
        text,
    })
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
        // Genitive plurals with no ending: "завод пластмасс", "машин".
        let bare_plural = i == start
            && ["масс", "машин", "шин", "труб"]
                .iter()
                .any(|s| w.ends_with(s));
        if doc.is_word(i)
            && !doc.is_cap(i)
            && (w == "и"
                // "а", "на": short words are conjunctions and prepositions.
                || w.chars().count() > 2 && super::bodies::is_genitive_shaped_pub(w)
                || after_plural_adj
                || bare_plural)
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

/// Whether the quote at token `i` opens a name: «, “, or a straight quote
/// with a space (or nothing) before it and a letter after it.
fn opens_quote(doc: &Doc, i: usize) -> bool {
    if doc.is_punct(i, "«“„") {
        return true;
    }
    if !doc.is_punct(i, "\"") {
        return false;
    }
    let t = doc.toks[i];
    let after = doc.text[t.end..].chars().next();
    let before = doc.text[..t.start].chars().next_back();
    after.is_some_and(|c| !c.is_whitespace() && !",.;:!?)".contains(c))
        && before.is_none_or(|c| c.is_whitespace() || "(«\"-–—/".contains(c))
}

/// Whether the quote at token `i` closes one: », ”, or a straight quote
/// right after a non-space.
fn closes_quote(doc: &Doc, i: usize) -> bool {
    if doc.is_punct(i, "»”") {
        return true;
    }
    doc.is_punct(i, "\"")
        && doc.text[..doc.toks[i].start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
}

/// The token index of the quote closing the one at `open`, same paragraph,
/// allowing nested pairs.
fn closing_quote(doc: &Doc, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut inner_open: Option<usize> = None;
    for k in open + 1..doc.toks.len().min(open + 30) {
        if doc.is_punct(k, "\n") {
            return None;
        }
        if closes_quote(doc, k) {
            if depth == 0 {
                return Some(k);
            }
            depth -= 1;
            // "«Технополис «Москва», …": a name in a name whose two closing
            // quotes are printed as one.
            if depth == 0 && inner_open.is_some_and(|o| o <= open + 3) && !closes_quote(doc, k + 1)
            {
                return Some(k);
            }
        } else if opens_quote(doc, k) {
            depth += 1;
            inner_open.get_or_insert(k);
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

    fn names(t: &str) -> Vec<String> {
        orgs(t).into_iter().map(|o| o.0).collect()
    }

    #[test]
    fn data_files_are_well_formed() {
        assert_eq!(validate(), Vec::<String>::new());
    }

    #[test]
    fn quoted_with_type() {
        assert_eq!(
            orgs("ООО «Камакомпозит» и выставке «Иннопром-2024», «Кубанские новости»"),
            [
                ("Камакомпозит".into(), None, OrgKind::Company),
                ("Иннопром".into(), None, OrgKind::Event)
            ]
        );
        assert_eq!(
            names("создадут «Кластер умной промышленности»"),
            ["Кластер умной промышленности"]
        );
    }

    // Issue #18: a name in a name, its two closing quotes printed as one.
    #[test]
    fn nested_names_with_one_closing_quote_keep_their_own_type() {
        assert_eq!(
            names("проекты технопарка «Технополис «Москва», индустриальных парков: «Ворсино» и «Росва», «Промышленная зона «Заволжье» (Ульяновская область), «Уфимский» (Башкирия)"),
            [
                "Технополис «Москва»",
                "Индустриальный парк «Ворсино»",
                "Индустриальный парк «Росва»",
                "Промышленная зона «Заволжье»",
                "Индустриальный парк «Уфимский»"
            ]
        );
        // Speech that quotes a name is not cut at the name's quote.
        assert!(names("«Мы благодарны губернатору и коллективу за поддержку «Ростеха» в этом году», — сказал он.")
            .iter()
            .all(|n| n != "Мы благодарны губернатору и коллективу за поддержку «Ростеха»"));
    }

    #[test]
    fn known_names_in_quotes_and_generic_heads_with_an_abbreviation() {
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
            names("для Чебоксарского завода релейной автоматики.")[0],
            "Чебоксарский завод релейной автоматики"
        );
        assert_eq!(
            names("на базе завода имени Баранова в Омске")[0],
            "Завод имени Баранова"
        );
        assert_eq!(
            names("чтобы Севастопольский морской завод имени Серго Орджоникидзе работал")[0],
            "Севастопольский морской завод имени Серго Орджоникидзе"
        );
        assert_eq!(
            names("для камчатского рыболовецкого колхоза им В. И. Ленина.")[0],
            "Колхоз им. В. И. Ленина"
        );
        assert_eq!(
            names("директор Ассоциации кластеров, технопарков и особых экономических зон России Михаил")[0],
            "Ассоциация кластеров, технопарков и особых экономических зон России"
        );
    }

    #[test]
    fn the_type_stays_when_the_name_means_nothing_alone() {
        assert_eq!(names("Резиденты ТОР «Амурская» вложат"), ["ТОР «Амурская»"]);
        assert_eq!(
            names("площадки индустриального парка «Масловский» и особой экономической зоны производственно-промышленного типа «Центр»."),
            ["Индустриальный парк «Масловский»", "ОЭЗ «Центр»"]
        );
        assert_eq!(
            names("в портовую особую экономическую зону (ПОЭЗ) \"Ульяновск\" пришли"),
            ["ПОЭЗ «Ульяновск»"]
        );
        assert_eq!(
            names("резидентом территории опережающего развития (ТОР) \"Камчатка\" стала"),
            ["ТОР «Камчатка»"]
        );
        assert_eq!(
            names("модернизация шахты «Заполярная»."),
            ["Шахта «Заполярная»"]
        );
        assert_eq!(
            names("статус получили ЗАО НТЦ «Модуль» и ОАО МТЗ «Трансмаш»."),
            ["НТЦ «Модуль»", "МТЗ «Трансмаш»"]
        );
        assert_eq!(
            names("АО \"ЦС \"Звездочка\" и центр судоремонта \"Звездочка\" загружены"),
            ["ЦС «Звездочка»"]
        );
        assert_eq!(
            names("площадка ООО «ТПК «Орские заводы». Там"),
            ["ТПК «Орские заводы»"]
        );
        assert_eq!(
            names("новый индустриальный парк «Рощино» построят"),
            ["Индустриальный парк «Рощино»"]
        );
    }

    #[test]
    fn lists_with_places_in_brackets_after_a_colon() {
        assert_eq!(
            names("В перечень включены проекты индустриальных парков: «Ворсино» и «Росва» (Калужская область), «Уфимский» (Башкирия), «Мастер» (Татарстан)."),
            [
                "Индустриальный парк «Ворсино»",
                "Индустриальный парк «Росва»",
                "Индустриальный парк «Уфимский»",
                "Индустриальный парк «Мастер»"
            ]
        );
    }

    #[test]
    fn proper_adjectives_before_a_generic_type_noun() {
        assert_eq!(
            names("Для Озерной горнорудной компании и на базе Улан-Удэнского приборостроительного производственного объединения, а также у Сахалинского индустриального парка."),
            [
                "Озерная горнорудная компания",
                "Улан-Удэнское приборостроительное производственное объединение",
                "Сахалинский индустриальный парк"
            ]
        );
        // At a sentence start one capitalised adjective is not a name.
        assert!(names("Крупная компания купила завод.").is_empty());
    }

    #[test]
    fn lists_after_one_type_word() {
        assert_eq!(
            names("на заводах «Цветлит», «Биохимик» и «Резинотехника». Также"),
            ["Цветлит", "Биохимик", "Резинотехника"]
        );
        assert_eq!(
            names("поддержка индустриальных парков. Речь о парках «Грабцево» в Калужской области, «Узловая» в Тульской области и «Краснодар»."),
            [
                "Индустриальный парк «Грабцево»",
                "Индустриальный парк «Узловая»",
                "Индустриальный парк «Краснодар»"
            ]
        );
        // Quoted names listed next to found organisations are organisations.
        assert_eq!(
            names("занимаются Ижевский радиозавод, Ижевский завод пластмасс, \"Техновек\", \"Имекс\" и другие"),
            ["Ижевский радиозавод", "Ижевский завод пластмасс", "Техновек", "Имекс"]
        );
    }

    #[test]
    fn complements_and_quoted_type_phrases() {
        assert_eq!(
            names("завод по производству медицинского оборудования «Севкаврентген-Д»;"),
            ["Севкаврентген-Д"]
        );
        assert_eq!(
            names("Компания с казахстанским участием «Мол Фрост» вложит"),
            ["Мол Фрост"]
        );
        assert_eq!(
            names("«Оренбургский хладокомбинат» возобновил выпуск, включили «Туканский металлургический комплекс»"),
            ["Оренбургский хладокомбинат", "Туканский металлургический комплекс"]
        );
        assert_eq!(
            names("Деньги получили «Уральский завод резинотехнических изделий» и другие"),
            ["Уральский завод резинотехнических изделий"]
        );
        assert_eq!(
            names("займётся «Дальневосточная компания цветных металлов», дочка Mangazeya Mining Ltd. Работы"),
            ["Дальневосточная компания цветных металлов", "Mangazeya Mining"]
        );
    }

    #[test]
    fn well_known_names_in_any_case() {
        assert_eq!(
            names("благодаря сотрудничеству с «Газпромом», «Роснефтью» и другими"),
            ["Газпром", "Роснефть"]
        );
        assert_eq!(
            names("На Севмаше заложены лодки; заказы КамАЗа и Уралтрансмаша растут"),
            ["Севмаш", "КАМАЗ", "Уралтрансмаш"]
        );
        assert_eq!(
            names("на площадке ПМЭФ-2023 и на форуме «Армия-2024»"),
            ["Петербургский международный экономический форум", "Армия"]
        );
        // Names that are also common words count only in quotes.
        assert!(names("Армия получила технику").is_empty());
        assert_eq!(
            names("на территории свободного порта Владивосток"),
            ["Свободный порт Владивосток"]
        );
        assert_eq!(names("технопарка Мордовии"), ["Технопарк Мордовии"]);
    }

    #[test]
    fn editions_are_stripped() {
        assert_eq!(strip_edition("Иннопром-2024"), "Иннопром");
        assert_eq!(strip_edition("Металл-Экспо'2024"), "Металл-Экспо");
        assert_eq!(strip_edition("Армия 2022"), "Армия");
        assert_eq!(strip_edition("Электротехника-21"), "Электротехника-21");
        assert_eq!(strip_edition("М-10"), "М-10");
        assert_eq!(strip_edition("Камаз"), "Камаз");
    }
}
#[cfg(test)]
mod more_tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let o = Orgs::new();
        let d = Doc::new(text, &[]);
        let r = Regions::new(&Default::default());
        o.find(&d, &[], &r, &r.find(&d), &[])
            .into_iter()
            .map(|o| o.name)
            .collect()
    }

    #[test]
    fn what_a_quoted_name_does_makes_it_a_company() {
        assert_eq!(names("«Техносила» вложит 2 млрд рублей"), ["Техносила"]);
        assert_eq!(
            names("\"Севмаш\" - одно из крупнейших судостроительных предприятий"),
            ["Севмаш"]
        );
        assert!(names("«Мой бизнес» помогает предпринимателям").is_empty());
    }

    #[test]
    fn unknown_one_word_quoted_names_are_brands() {
        assert_eq!(names("Продукцию «Техновек» покупают"), ["Техновек"]);
        // Dictionary words, places and model codes are not.
        assert!(names("программа «Стрела» и лодки «Ясень-М», «Волга»").is_empty());
    }

    #[test]
    fn a_programme_and_the_names_listed_after_it_are_not_companies() {
        assert!(names(
            "займы по программам финансирования «Производительность», «Лесопереработка»"
        )
        .is_empty());
        assert!(names("одобрил его по новой программе «Арктическая локализация».").is_empty());
        // Without the programme noun the same shapes are companies.
        assert_eq!(
            names("Продукцию «Лесопереработка» покупают"),
            ["Лесопереработка"]
        );
        assert_eq!(
            names("Компания «Арктическая локализация» вложит 5 млн рублей"),
            ["Арктическая локализация"]
        );
    }

    #[test]
    fn unquoted_names_after_a_company_noun() {
        assert_eq!(names("китайская компания Haier построит завод"), ["Haier"]);
        assert_eq!(
            names("акционер компании Трансмашхолдинг сообщил"),
            ["Трансмашхолдинг"]
        );
        // People and places after the noun are not companies.
        assert!(names("в компании Иван Петров работает").is_empty());
        assert!(names("предприятия Челябинск и Курган").is_empty());
    }
}
