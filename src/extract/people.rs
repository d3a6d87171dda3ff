//! People: "Имя Фамилия" in the nominative, with the role the text gives.
//!
//! Anchor: a known first name (`data/first_names.csv`, every case form
//! generated) directly followed by a capitalised word — the surname —,
//! optionally with a patronymic between them. The first name's case tells
//! the surname's case, and suffix rules bring the surname back to the
//! nominative ("Антоном Алихановым" → "Антон Алиханов", "Оксаны Кукшенёвой"
//! → "Оксана Кукшенёва"); indeclinable shapes (-ко, -их, -ых, vowel-final,
//! feminine consonant-final) stay as written, and each half of a double
//! surname is normalised on its own. A surname that is really a region,
//! city or body (already recognised on that span) is refused, so
//! "Свободненском районе" or a month can never become a person.
//!
//! The role is the phrase right before the name that starts with a role
//! noun (`data/roles.csv`), scanned leftwards over genitive-shaped words only
//! (verbs stop it), with its head run ("генерального директора") put back in
//! the nominative; or an appositive after the name (", основатель …").
//! Later surname-only mentions and "А. Алиханов" count for the same person;
//! they never create one.

use std::collections::{HashMap, HashSet};

use super::bodies::BodyHit;
use super::gazetteer::data_lines;
use super::morph::{adjective_nominative, is_adjective, word_forms, Gender, CASES};
use super::places::PlaceHit;
use super::regions::{RegionHit, Regions};
use super::spans::{containing, first_overlapping, starting_at, Covering, SpanSet};
use super::{Doc, Tally};
use crate::model::Person;

const FIRST_NAMES: &str = include_str!("data/first_names.csv");
const ROLES: &str = include_str!("data/roles.csv");

#[derive(Debug, Clone)]
struct NameForm {
    nom: String,
    gender: Gender,
    case: usize,
}

/// People found plus the byte spans of their full-name mentions (places
/// overlapping those are dropped).
pub struct Found {
    pub people: Vec<Person>,
    pub spans: Vec<(usize, usize)>,
}

/// What role normalisation needs to know about regions.
struct RoleCtx<'a, 'g> {
    regions: &'a Regions,
    hits: &'a [RegionHit<'g>],
    main: Option<usize>,
}

const REGION_WORDS: &[&str] = &["региона", "края", "области", "республики", "округа"];

pub struct People {
    names: HashMap<String, Vec<NameForm>>,
    roles: HashMap<String, String>,
}

use crate::model::date::{MONTHS_GENITIVE, MONTHS_NOMINATIVE};

/// The gender of a first name read both ways ("Александра", "Эльмира":
/// a feminine nominative or the genitive of "Александр"), from what the
/// sentence says: the case of the role noun before the name ("министр
/// Эльмира Ахмеева", "губернатора Александра Гусева"), else the past-tense
/// verb right after the surname ("… Ахмеева отметила"), else a preposition
/// before the name. Without evidence, the first reading as listed.
fn choose_gender(
    forms: &[NameForm],
    doc: &Doc,
    i: usize,
    after: usize,
    role_nominative: Option<bool>,
) -> Gender {
    let first = forms[0].gender;
    let Some(other) = forms.iter().find(|f| f.gender != first).map(|f| f.gender) else {
        return first;
    };
    let nominative = |g: Gender| forms.iter().any(|f| f.gender == g && f.case == 0);
    let oblique = |g: Gender| forms.iter().any(|f| f.gender == g && f.case != 0);
    let (nom, obl) = match (nominative(first), nominative(other)) {
        (true, false) if oblique(other) => (first, other),
        (false, true) if oblique(first) => (other, first),
        _ => return first,
    };
    if let Some(is_nom) = role_nominative {
        return if is_nom { nom } else { obl };
    }
    if doc.is_word(after) && !doc.is_cap(after) {
        let v = doc.ftok(after);
        if v.chars().count() > 3 && v.ends_with("ла") {
            return Gender::Fem;
        }
        if v.chars().count() > 3 && v.ends_with('л') {
            return Gender::Masc;
        }
    }
    let after_preposition = i > 0
        && doc.is_word(i - 1)
        && matches!(
            doc.ftok(i - 1),
            "у" | "для"
                | "от"
                | "с"
                | "со"
                | "к"
                | "ко"
                | "о"
                | "об"
                | "при"
                | "про"
                | "без"
                | "до"
                | "через"
                | "за"
                | "над"
                | "под"
                | "перед"
                | "между"
                | "по"
        );
    if after_preposition {
        obl
    } else {
        first
    }
}

/// Regional posts that, named alone, are the post of the story's region.
const REGIONAL_POSTS: &[&str] = &[
    "губернатор",
    "заместитель губернатора",
    "первый заместитель губернатора",
    "вице-губернатор",
    "врио губернатора",
];

/// A role in its official form, so one post reads the same in every
/// article: region names inside it become the official genitive ("глава
/// Коми" → "глава Республики Коми", "глава КБР" → "глава
/// Кабардино-Балкарской Республики"), and a bare regional post
/// ("губернатор") names the story's region. The country stays as written
/// ("РФ", "России"): both are official.
fn canonical_role(role: String, ctx: &RoleCtx) -> String {
    let doc = Doc::new(&role, &[]);
    let hits = ctx.regions.find(&doc);
    let mut out = String::with_capacity(role.len() + 32);
    let mut at = 0;
    for h in &hits {
        if !h.value.genitive() || h.start < at {
            continue;
        }
        out.push_str(&role[at..h.start]);
        out.push_str(&ctx.regions.info[h.value.idx].genitive);
        at = h.end;
    }
    out.push_str(&role[at..]);
    if hits.is_empty() && REGIONAL_POSTS.contains(&out.as_str()) {
        if let Some(m) = ctx.main {
            out = format!("{out} {}", ctx.regions.info[m].genitive);
        }
    }
    out
}

/// Whether `oblique` is an oblique form of the a-declension surname `nom`
/// (both folded): "уйба" / "уйбы", "уйбе", "уйбу", "уйбой".
fn same_a_declension(nom: &str, oblique: &str) -> bool {
    let Some(stem) = nom.strip_suffix('а').or_else(|| nom.strip_suffix('я')) else {
        return false;
    };
    stem.chars().count() >= 2
        && oblique
            .strip_prefix(stem)
            .is_some_and(|end| matches!(end, "ы" | "и" | "е" | "у" | "ю" | "ой" | "ей" | "ою"))
}

/// Month names are capitalised at a sentence start but are never names.
fn is_month(w: &str) -> bool {
    MONTHS_NOMINATIVE.contains(&w) || MONTHS_GENITIVE.contains(&w)
}

fn male_forms(n: &str) -> [Vec<String>; CASES] {
    let one = |s: String| vec![s];
    let st = |k: usize| {
        n.char_indices()
            .rev()
            .nth(k - 1)
            .map(|(i, _)| &n[..i])
            .unwrap_or("")
    };
    match n {
        "Павел" => {
            return ["Павел", "Павла", "Павлу", "Павла", "Павлом", "Павле"].map(|s| one(s.into()))
        }
        "Лев" => return ["Лев", "Льва", "Льву", "Льва", "Львом", "Льве"].map(|s| one(s.into())),
        _ => {}
    }
    if n.ends_with("ий") {
        let s = st(1);
        [
            n.to_string(),
            format!("{s}я"),
            format!("{s}ю"),
            format!("{s}я"),
            format!("{s}ем"),
            format!("{s}и"),
        ]
        .map(one)
    } else if n.ends_with('й') || n.ends_with('ь') {
        let s = st(1);
        [
            n.to_string(),
            format!("{s}я"),
            format!("{s}ю"),
            format!("{s}я"),
            format!("{s}ем"),
            format!("{s}е"),
        ]
        .map(one)
    } else if n.ends_with('а') || n.ends_with('я') {
        word_forms(n, None)
    } else {
        let ins = if n.ends_with(['ж', 'ш', 'ч', 'щ', 'ц']) {
            "ем"
        } else {
            "ом"
        };
        [
            n.to_string(),
            format!("{n}а"),
            format!("{n}у"),
            format!("{n}а"),
            format!("{n}{ins}"),
            format!("{n}е"),
        ]
        .map(one)
    }
}

fn female_forms(n: &str) -> [Vec<String>; CASES] {
    if n.ends_with('а') || n.ends_with('я') {
        word_forms(n, Some(Gender::Fem))
    } else {
        std::array::from_fn(|_| vec![n.to_string()])
    }
}

/// Whether a capitalised word is a patronymic in any case.
fn is_patronymic(w: &str) -> bool {
    [
        "вич",
        "вича",
        "вичу",
        "вичем",
        "виче",
        "вна",
        "вны",
        "вне",
        "вну",
        "вной",
        "ична",
        "ичны",
        "ичне",
        "ичну",
        "ичной",
        "ьич",
        "ьича",
    ]
    .iter()
    .any(|s| w.ends_with(s))
}

/// Brings one (non-hyphenated) surname to the nominative, given the gender
/// and the possible cases told by the first name.
pub fn surname_nominative(s: &str, gender: Gender, cases: &[usize]) -> String {
    if cases.contains(&0) {
        return s.to_string();
    }
    let rules: &[(&str, &str)] = match gender {
        Gender::Fem => &[
            ("овой", "ова"),
            ("евой", "ева"),
            ("ёвой", "ёва"),
            ("иной", "ина"),
            ("ыной", "ына"),
            ("ову", "ова"),
            ("еву", "ева"),
            ("ёву", "ёва"),
            ("ину", "ина"),
            ("ыну", "ына"),
            ("ской", "ская"),
            ("скую", "ская"),
            ("цкой", "цкая"),
            ("цкую", "цкая"),
        ],
        _ => &[
            ("овым", "ов"),
            ("евым", "ев"),
            ("ёвым", "ёв"),
            ("иным", "ин"),
            ("ыным", "ын"),
            ("ского", "ский"),
            ("скому", "ский"),
            ("ским", "ский"),
            ("ском", "ский"),
            ("цкого", "цкий"),
            ("цкому", "цкий"),
            ("цким", "цкий"),
            ("цком", "цкий"),
            ("ова", "ов"),
            ("ева", "ев"),
            ("ёва", "ёв"),
            ("ина", "ин"),
            ("ына", "ын"),
            ("ову", "ов"),
            ("еву", "ев"),
            ("ёву", "ёв"),
            ("ину", "ин"),
            ("ыну", "ын"),
            ("ове", "ов"),
            ("еве", "ев"),
            ("ёве", "ёв"),
            ("ине", "ин"),
            ("ыне", "ын"),
        ],
    };
    for (suf, rep) in rules {
        if s.ends_with(suf) && s.chars().count() > suf.chars().count() + 1 {
            return format!("{}{rep}", &s[..s.len() - suf.len()]);
        }
    }
    if gender == Gender::Fem {
        return s.to_string(); // Ким, Захарчук, Крейдер: indeclinable.
    }
    // Other masculine consonant-stem surnames (Ким, Мкртчян, Бабич).
    let consonant = |t: &str| {
        t.chars()
            .last()
            .is_some_and(|c| "бвгджзклмнпрстфхцчшщ".contains(c))
    };
    for (case, suf) in [(1, "а"), (3, "а"), (2, "у"), (4, "ом"), (4, "ем"), (5, "е")] {
        if cases.contains(&case) {
            if let Some(stem) = s.strip_suffix(suf) {
                if consonant(stem) && stem.chars().count() >= 2 {
                    return stem.to_string();
                }
            }
        }
    }
    s.to_string()
}

fn surname_full(s: &str, gender: Gender, cases: &[usize]) -> String {
    s.split('-')
        .map(|p| surname_nominative(p, gender, cases))
        .collect::<Vec<_>>()
        .join("-")
}

impl Default for People {
    fn default() -> Self {
        Self::new()
    }
}

impl People {
    pub fn new() -> People {
        let mut names: HashMap<String, Vec<NameForm>> = HashMap::new();
        let mut gender = Gender::Masc;
        for line in data_lines(FIRST_NAMES) {
            match line {
                "[m]" => gender = Gender::Masc,
                "[f]" => gender = Gender::Fem,
                _ => {
                    for n in line.split_whitespace() {
                        let forms = if gender == Gender::Masc {
                            male_forms(n)
                        } else {
                            female_forms(n)
                        };
                        for (case, fs) in forms.iter().enumerate() {
                            for f in fs {
                                let e = names.entry(super::gazetteer::fold(f)).or_default();
                                if !e.iter().any(|x| x.nom == n && x.case == case) {
                                    e.push(NameForm {
                                        nom: n.to_string(),
                                        gender,
                                        case,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
        let mut roles = HashMap::new();
        for line in data_lines(ROLES) {
            let mut parts = line.split('|');
            let nom = parts.next().unwrap_or_default().to_string();
            let extra: Vec<String> = parts.map(String::from).collect();
            let mut forms: Vec<String> = vec![nom.clone()];
            if extra.is_empty() && !matches!(nom.as_str(), "замминистра" | "замглавы")
            {
                for fs in word_forms(&nom, Some(Gender::Masc)) {
                    forms.extend(fs);
                }
            }
            forms.extend(extra);
            for f in forms {
                roles.insert(super::gazetteer::fold(&f), nom.clone());
            }
        }
        People { names, roles }
    }

    /// The readings of token `i` as a first name: the forms generated from
    /// `data/first_names.csv` joined with the dictionary's `Name` readings,
    /// so a name missing from the list is still known, with its gender.
    fn first_name_forms(&self, doc: &Doc, i: usize) -> Option<Vec<NameForm>> {
        let mut forms: Vec<NameForm> = self.names.get(doc.ftok(i)).cloned().unwrap_or_default();
        // The dictionary adds only genders the list does not give for this
        // form: "Эльмира" (listed as the genitive of "Эльмир") gains the
        // feminine name, but "Анне" (listed as a case of "Анна") does not
        // gain the rare nominative name "Анне".
        let listed: Vec<Gender> = forms.iter().map(|f| f.gender).collect();
        if let Some(lex) = super::dict::lexicon() {
            for (nom, fem, case) in lex.first_name(doc.tok(i)) {
                let gender = if fem { Gender::Fem } else { Gender::Masc };
                if !listed.contains(&gender)
                    && !forms.iter().any(|f| f.gender == gender && f.case == case)
                {
                    forms.push(NameForm { nom, gender, case });
                }
            }
        }
        (!forms.is_empty()).then_some(forms)
    }

    /// Whether the nearest role noun before token `name` in its sentence
    /// ("министр …", "губернатора …") is written in the nominative; `None`
    /// when there is none within a dozen words.
    fn role_noun_is_nominative(&self, doc: &Doc, name: usize) -> Option<bool> {
        let mut k = name;
        for _ in 0..12 {
            if k == 0 {
                return None;
            }
            k -= 1;
            if doc.is_punct(k, ".!?;:") {
                return None;
            }
            if let Some(nom) = self.role_noun(doc, k) {
                return Some(super::gazetteer::fold(nom) == doc.ftok(k));
            }
        }
        None
    }

    fn role_noun(&self, doc: &Doc, i: usize) -> Option<&String> {
        if !doc.is_word(i) {
            return None;
        }
        self.roles.get(doc.ftok(i))
    }

    /// Finds people; spans already taken by regions, places and bodies
    /// cannot be surnames.
    pub fn find(
        &self,
        doc: &Doc,
        regions: &Regions,
        region_hits: &[RegionHit],
        main_region: Option<usize>,
        place_hits: &[PlaceHit],
        body_hits: &[BodyHit],
    ) -> Found {
        let taken = SpanSet::new(
            region_hits
                .iter()
                .map(|h| (h.start, h.end))
                .chain(place_hits.iter().map(|h| (h.start, h.end)))
                .chain(body_hits.iter().map(|h| (h.start, h.end))),
        );
        let blocked = |s: usize, e: usize| taken.overlaps(s, e);
        let surname_ok = |j: usize| -> bool {
            if !doc.is_cap(j) {
                return false;
            }
            let w = doc.tok(j);
            let t = doc.toks[j];
            w.chars().count() >= 2
                && w.chars().skip(1).any(char::is_lowercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
                && !is_month(doc.ftok(j))
                && !self.names.contains_key(doc.ftok(j))
                && !blocked(t.start, t.end)
        };
        let mut tally: Tally<Person> = Tally::new();
        let mut spans = Vec::new();
        let mut surnames: Vec<(String, Gender, String)> = Vec::new();
        let mut seen: HashSet<(String, u8, String)> = HashSet::new();
        let mut by_prefix: HashMap<String, Vec<usize>> = HashMap::new();
        let mut i = 0;
        while i < doc.toks.len() {
            if !doc.is_cap(i) {
                i += 1;
                continue;
            }
            // A first name is followed by a capitalised word (patronymic or
            // surname): checked first, so the dictionary is only asked then.
            if !doc.is_cap(i + 1) {
                i += 1;
                continue;
            }
            let Some(forms) = self.first_name_forms(doc, i) else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            let has_patronymic = doc.is_cap(j) && is_patronymic(doc.tok(j));
            if has_patronymic {
                j += 1;
            }
            let (sur_tok, start_tok, end_tok) = if surname_ok(j) {
                (j, i, j)
            } else if has_patronymic && i > 0 && surname_ok(i - 1) && !doc.sentence_start(i - 1) {
                (i - 1, i - 1, j - 1)
            } else {
                i += 1;
                continue;
            };
            // Gender and cases from the first name; a name that is both
            // (Женя, Саша) takes the surname's shape into account.
            let gender = choose_gender(
                &forms,
                doc,
                i,
                end_tok + 1,
                self.role_noun_is_nominative(doc, start_tok),
            );
            let cases: Vec<usize> = forms
                .iter()
                .filter(|f| f.gender == gender)
                .map(|f| f.case)
                .collect();
            let first = forms
                .iter()
                .find(|f| f.gender == gender)
                .map_or_else(|| forms[0].nom.clone(), |f| f.nom.clone());
            let mut surname = surname_full(doc.tok(sur_tok), gender, &cases);
            // An a-declension surname the rules cannot undo ("Владимира
            // Уйбы") is the person already named in the nominative.
            if !cases.contains(&0) {
                if let Some((sur, _, _)) = surnames.iter().find(|(sur, g, full)| {
                    *g == gender
                        && full.starts_with(&first)
                        && same_a_declension(sur, &super::gazetteer::fold(&surname))
                }) {
                    let sur = sur.clone();
                    if let Some(known) = surnames.iter().find(|(s2, _, _)| *s2 == sur) {
                        surname = known.2[first.len() + 1..].to_string();
                    }
                }
            }
            let name = format!("{first} {surname}");
            let (s, e) = (doc.toks[start_tok].start, doc.toks[end_tok].end);
            spans.push((s, e));
            let ctx = RoleCtx {
                regions,
                hits: region_hits,
                main: main_region,
            };
            let role = self
                .role_before(doc, start_tok, &ctx)
                .or_else(|| self.role_after(doc, end_tok + 1, &ctx));
            let p = tally.add(&name, doc.char_pos(s), || Person {
                name: name.clone(),
                role: None,
                salience: Default::default(),
            });
            // The fullest role wins: "министр" alone is often a later echo.
            if role.as_ref().map_or(0, String::len) > p.role.as_ref().map_or(0, String::len) {
                p.role = role;
            }
            // Prefer the spelling with "ё" when both occur.
            if name.contains('ё') && !p.name.contains('ё') {
                p.name = name.clone();
            }
            let entry = (super::gazetteer::fold(&surname), gender, name);
            if seen.insert((entry.0.clone(), entry.1 as u8, entry.2.clone())) {
                let key = prefix3(&entry.0).to_string();
                by_prefix.entry(key).or_default().push(surnames.len());
                surnames.push(entry);
            }
            i = end_tok + 1;
        }
        // Surname-only and initial mentions ("Хоценко", "А. Алиханов").
        // Candidates come from an index by the first three letters, which
        // oblique endings never touch; a repeated full name is one entry.
        let in_name = Covering::new(spans.iter().copied());
        let mut cands: Vec<usize> = Vec::new();
        for k in 0..doc.toks.len() {
            if !doc.is_cap(k) {
                continue;
            }
            let t = doc.toks[k];
            if in_name.covers(t.start, t.end) {
                continue;
            }
            let (w, fw) = (doc.tok(k), doc.ftok(k));
            cands.clear();
            for (i, c) in fw.char_indices().take(3) {
                let end = i + c.len_utf8();
                // Keys shorter than three letters are whole short surnames.
                if let Some(v) = by_prefix.get(&fw[..end]) {
                    cands.extend(v);
                }
            }
            cands.sort_unstable();
            super::work::step(cands.len() + 1);
            // The normal form depends on the word and the gender only.
            let mut norms: Vec<(Gender, String)> = Vec::new();
            for &c in &cands {
                let (sur, g, name) = &surnames[c];
                let norm = match norms.iter().position(|(ng, _)| ng == g) {
                    Some(n) => &norms[n].1,
                    None => {
                        let f = super::gazetteer::fold(&surname_full(w, *g, &[1, 2, 3, 4, 5]));
                        norms.push((*g, f));
                        &norms[norms.len() - 1].1
                    }
                };
                if sur == fw || sur == norm {
                    tally.add(name, doc.char_pos(t.start), || unreachable_person(name));
                    break;
                }
            }
        }
        Found {
            // Once per person, not per mention: it runs the region
            // gazetteer over the role.
            people: tally.finish(|p, s| {
                let role_ctx = RoleCtx {
                    regions,
                    hits: region_hits,
                    main: main_region,
                };
                p.salience = s;
                if let Some(r) = p.role.take() {
                    p.role = Some(canonical_role(r, &role_ctx));
                }
            }),
            spans,
        }
    }

    /// The role phrase ending right before token `name`.
    fn role_before(&self, doc: &Doc, name: usize, ctx: &RoleCtx) -> Option<String> {
        let mut k = name;
        let mut head: Option<usize> = None;
        let mut steps = 0;
        while k > 0 && steps < 14 {
            let p = k - 1;
            // A region name is one step, whatever it holds: "Кемеровской
            // области – Кузбасса", "Республики Саха (Якутия)".
            if let Some(h) = first_overlapping(
                ctx.hits,
                |h| (h.start, h.end),
                doc.toks[p].start,
                doc.toks[p].end,
            ) {
                let first = doc.tok_at(h.start);
                if head.is_none() && first < p {
                    k = first;
                    steps += 1;
                    continue;
                }
            }
            if self.role_noun(doc, p).is_some() {
                head = Some(p);
                k = p;
                steps += 1;
                continue;
            }
            if head.is_some() {
                if doc.is_word(p)
                    && adjective_nominative(doc.tok(p), Gender::Masc)
                        .is_some_and(|a| is_adjective(&a))
                {
                    head = Some(p);
                    k = p;
                    continue;
                }
                if doc.is_punct(p, "–—-") && p > 0 && self.role_noun(doc, p - 1).is_some() {
                    k = p;
                    continue;
                }
                break;
            }
            let ok = if doc.is_word(p) {
                let w = doc.ftok(p);
                doc.is_cap(p)
                    || matches!(w, "и" | "по" | "при")
                    || p > 0 && (doc.ftok(p - 1).ends_with("ых") || doc.ftok(p - 1).ends_with("их"))
                    || (super::bodies::is_genitive_shaped_pub(w)
                        || w.ends_with('ю')
                        || w.ends_with('у'))
                        && !w.ends_with("ся")
            } else {
                let in_region = |t: usize| {
                    let t = doc.toks[t];
                    containing(ctx.hits, |h| (h.start, h.end), t.start, t.end).is_some()
                };
                doc.is_punct(p, ",«»\"“”()")
                    // "Кемеровской области – Кузбасса": two names of one region.
                    || doc.is_punct(p, "–—-") && p > 0 && in_region(p - 1) && in_region(p + 1)
            };
            if !ok {
                break;
            }
            k = p;
            steps += 1;
        }
        let start = head?;
        let end = doc.toks[name - 1].end;
        if start >= name {
            return None;
        }
        Some(self.normalise_role(doc, start, name, end, ctx))
    }

    /// An appositive role after the name: "Марат Дорофеев, основатель …".
    fn role_after(&self, doc: &Doc, after: usize, ctx: &RoleCtx) -> Option<String> {
        if !doc.is_punct(after, ",") {
            return None;
        }
        let start = after + 1;
        let nom = self.role_noun(doc, start).or_else(|| {
            // "генеральный директор": adjective + role noun.
            self.role_noun(doc, start + 1).filter(|_| {
                doc.is_word(start)
                    && adjective_nominative(doc.tok(start), Gender::Masc)
                        .is_some_and(|a| is_adjective(&a))
            })
        })?;
        let _ = nom;
        let mut k = start;
        let mut in_quote = false;
        while k < doc.toks.len() {
            if doc.is_punct(k, "«") {
                in_quote = true;
            } else if doc.is_punct(k, "»") {
                in_quote = false;
            } else if !in_quote
                && (doc.is_punct(k, ",.;:()\n–—!?")
                    || doc.is_word(k) && k > start + 1 && doc.ftok(k).ends_with("л"))
            {
                break;
            }
            k += 1;
        }
        if k == start {
            return None;
        }
        Some(self.normalise_role(doc, start, k, doc.toks[k - 1].end, ctx))
    }

    /// Puts the head run of a role into the nominative, keeping the
    /// genitive complement as written.
    fn normalise_role(
        &self,
        doc: &Doc,
        start: usize,
        stop: usize,
        end: usize,
        ctx: &RoleCtx,
    ) -> String {
        let mut out = String::new();
        let mut pos = doc.toks[start].start;
        let mut in_head = true;
        for k in start..stop {
            let t = doc.toks[k];
            if t.start < pos {
                continue; // inside a replaced region name
            }
            // Region names in their official genitive ("губернатор
            // Прикамья" → "губернатор Пермского края"); a trailing
            // "региона"/"края" names the article's main region.
            let region = starting_at(ctx.hits, |h| h.start, t.start)
                .filter(|h| h.end <= end && h.value.genitive());
            let generic = k + 1 == stop && !doc.is_cap(k) && REGION_WORDS.contains(&doc.ftok(k));
            let canon = match (region, generic, ctx.main) {
                (Some(h), _, _) => {
                    // "Кемеровской области – Кузбасса": the second name of
                    // the same region goes with the first.
                    let rest = &doc.text[h.end..end];
                    let after_dash = rest.trim_start().strip_prefix(['–', '—', '-']);
                    let same = after_dash.and_then(|a| {
                        let at = end - a.trim_start().len();
                        starting_at(ctx.hits, |n| n.start, at)
                            .filter(|n| n.end <= end && n.value.idx == h.value.idx)
                    });
                    let stop = same.map_or(h.end, |n| n.end);
                    Some((ctx.regions.info[h.value.idx].genitive.clone(), stop))
                }
                (None, true, Some(m)) => Some((ctx.regions.info[m].genitive.clone(), t.end)),
                _ => None,
            };
            if let Some((g, e)) = canon {
                out.push_str(&doc.text[pos..t.start]);
                out.push_str(&g);
                pos = e;
                in_head = false;
                continue;
            }
            if doc.is_punct(k, "–—") {
                in_head = true;
            }
            let mut repl: Option<String> = None;
            if in_head && doc.is_word(k) {
                if let Some(nom) = self.role_noun(doc, k) {
                    repl = Some(keep_case(doc.tok(k), nom));
                    in_head = false;
                } else if let Some(a) =
                    adjective_nominative(doc.tok(k), Gender::Masc).filter(|a| is_adjective(a))
                {
                    repl = Some(a);
                } else {
                    in_head = false;
                }
            }
            if let Some(r) = repl {
                out.push_str(&doc.text[pos..t.start]);
                out.push_str(&r);
                pos = t.end;
            }
        }
        out.push_str(&doc.text[pos.min(end)..end]);
        let mut role = out.trim().trim_end_matches(',').trim().to_string();
        // A trailing "(КРКО)" only repeats the organisation's abbreviation.
        if role.ends_with(')') {
            if let Some(open) = role.rfind(" (") {
                let inner = &role[open + 2..role.len() - 1];
                if inner
                    .chars()
                    .all(|c| c.is_uppercase() || c == '«' || c == '»')
                {
                    role.truncate(open);
                }
            }
        }
        // A role that opens the sentence is capitalised only for that reason.
        if doc.sentence_start(start)
            && doc.is_cap(start)
            && !doc.tok(start).chars().skip(1).any(char::is_uppercase)
        {
            let mut c = role.chars();
            role = c
                .next()
                .map(|f| f.to_lowercase().chain(c).collect())
                .unwrap_or_default();
        }
        role
    }
}

/// Keeps a capitalised written form capitalised ("Глава Удмуртской
/// Республики").
fn keep_case(written: &str, nom: &str) -> String {
    if written.chars().next().is_some_and(char::is_uppercase) {
        let mut c = nom.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        nom.to_string()
    }
}

/// The first three letters of a folded surname (all of a shorter one).
fn prefix3(sur: &str) -> &str {
    &sur[..sur.char_indices().nth(3).map_or(sur.len(), |(i, _)| i)]
}

fn unreachable_person(name: &str) -> Person {
    // Only called for names already in the tally; kept total anyway.
    Person {
        name: name.to_string(),
        role: None,
        salience: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{ExtractConfig, Extractor};

    fn people(text: &str) -> Vec<(String, Option<String>)> {
        let x = Extractor::new(&ExtractConfig::default());
        x.extract(text, &[])
            .people
            .into_iter()
            .map(|p| (p.name, p.role))
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        people(text).into_iter().map(|(n, _)| n).collect()
    }

    // Issue #18: first names and their gender from the dictionary.
    #[test]
    fn a_first_name_missing_from_the_list_is_known_from_the_dictionary() {
        assert!(!FIRST_NAMES.split_whitespace().any(|n| n == "Ермолай"));
        assert_eq!(
            names("Завод посетил Ермолай Кузнецов."),
            ["Ермолай Кузнецов"]
        );
        assert_eq!(
            names("Встреча с Гурием Лапиным прошла в цехе."),
            ["Гурий Лапин"]
        );
    }

    #[test]
    fn the_case_of_the_role_noun_tells_the_gender_of_an_ambiguous_name() {
        assert_eq!(
            names("Выступила министр экономики Эльмира Ахмеева."),
            ["Эльмира Ахмеева"]
        );
        assert_eq!(
            names("В сопровождении губернатора Александра Гусева он посетил завод."),
            ["Александр Гусев"]
        );
        assert_eq!(
            names("Александра Петрова отметила рост."),
            ["Александра Петрова"]
        );
        assert_eq!(
            names("Александра Петрова поздравили с наградой."),
            ["Александр Петров"]
        );
    }

    #[test]
    fn a_listed_name_keeps_its_listed_cases() {
        assert_eq!(
            names("Губернатор поручил Анне Ковалёвой подготовить план."),
            ["Анна Ковалёва"]
        );
    }

    #[test]
    fn roles_name_regions_officially_and_bare_posts_take_the_story_region() {
        assert_eq!(
            people("Глава Коми Владимир Уйба посетил завод."),
            [(
                "Владимир Уйба".to_string(),
                Some("глава Республики Коми".to_string())
            )]
        );
        assert_eq!(
            people("В Омской области открыли цех. Губернатор Виталий Хоценко осмотрел линию."),
            [(
                "Виталий Хоценко".to_string(),
                Some("губернатор Омской области".to_string())
            )]
        );
        assert_eq!(
            people("Премьер-министр РФ Михаил Мишустин подписал постановление."),
            [(
                "Михаил Мишустин".to_string(),
                Some("премьер-министр РФ".to_string())
            )]
        );
    }

    #[test]
    fn an_a_declension_surname_in_another_case_is_the_same_person() {
        assert_eq!(
            names("Владимир Уйба провёл встречу. Встреча главы Коми Владимира Уйбы с инвесторами."),
            ["Владимир Уйба"]
        );
    }

    #[test]
    fn surnames_to_nominative() {
        assert_eq!(
            surname_nominative("Алихановым", Gender::Masc, &[4]),
            "Алиханов"
        );
        assert_eq!(
            surname_nominative("Кукшенёвой", Gender::Fem, &[1]),
            "Кукшенёва"
        );
        assert_eq!(surname_nominative("Хмелько", Gender::Masc, &[1]), "Хмелько");
        assert_eq!(
            surname_full("Поляковой-Шадриной", Gender::Fem, &[1]),
            "Полякова-Шадрина"
        );
        assert_eq!(surname_nominative("Кима", Gender::Masc, &[1, 3]), "Ким");
        assert_eq!(
            surname_nominative("Ухтомского", Gender::Masc, &[1, 3]),
            "Ухтомский"
        );
    }

    #[test]
    fn roles_with_regions_named_twice_or_with_brackets() {
        assert_eq!(
            people("Губернатор Ханты-Мансийского автономного округа – Югры Руслан Кухарук посетил завод."),
            [(
                "Руслан Кухарук".into(),
                Some("губернатор Ханты-Мансийского автономного округа — Югры".into())
            )]
        );
        assert_eq!(
            people("Глава Республики Саха (Якутия) Айсен Николаев посетил завод."),
            [(
                "Айсен Николаев".into(),
                Some("глава Республики Саха (Якутия)".into())
            )]
        );
        // A dash that does not join two names of one region ends the role.
        assert_eq!(
            people("Завод – Кузбасс Илья Середюк посетил."),
            [("Илья Середюк".into(), None)]
        );
    }

    #[test]
    fn names_and_roles() {
        assert_eq!(
            people("Встречу провёл министр промышленности и торговли России Антон Алиханов."),
            [(
                "Антон Алиханов".into(),
                Some("министр промышленности и торговли России".into())
            )]
        );
        assert_eq!(
            people("по словам генерального директора ООО «Кубаньмолмаш» Елены Фоминой-Дорн"),
            [(
                "Елена Фомина-Дорн".into(),
                Some("генеральный директор ООО «Кубаньмолмаш»".into())
            )]
        );
    }

    #[test]
    fn name_forms_and_later_mentions() {
        let x = Extractor::new(&ExtractConfig::default());
        let e = x.extract(
            "Встреча с Анной Березовской",
            &[
                "Министр промышленности и торговли Республики Татарстан Сафин Ильдар Маратович выступил.".into(),
                "Позже И. Сафин и Березовская ответили Юрию Ли и Константину Белых.".into(),
            ],
        );
        let got: Vec<(&str, u32)> = e
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.salience.mentions))
            .collect();
        assert_eq!(
            got,
            [
                ("Анна Березовская", 2),
                ("Ильдар Сафин", 2),
                ("Юрий Ли", 1),
                ("Константин Белых", 1)
            ]
        );
        assert_eq!(
            e.people[1].role.as_deref(),
            Some("министр промышленности и торговли Республики Татарстан")
        );
        // An initial alone never creates a person.
        assert!(x.extract("А. Петров сообщил", &[]).people.is_empty());
    }

    #[test]
    fn never_places_or_months() {
        assert!(people("В Свободненском районе Амурской области в Марте").is_empty());
        assert!(people("Антон Краснодарского края").is_empty());
    }
}
