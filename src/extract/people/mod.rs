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

use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};

use super::bodies::BodyHit;
use super::dict::{Analysis, Tags};
use super::gazetteer::data_lines;
use super::morph::{adjective_nominative, is_adjective, word_forms, Gender, CASES};
use super::places::PlaceHit;
use super::regions::{RegionHit, Regions};
use super::spans::{containing, first_overlapping, starting_at, Covering, SpanSet};
use super::{Doc, Tally};
use crate::model::Person;

const FIRST_NAMES: &str = include_str!("../data/first_names.csv");
const ROLES: &str = include_str!("../data/roles.csv");
const ROLE_WORDS: &str = include_str!("../data/role_words.csv");

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

/// What finding people and their roles needs from the stages before:
/// the region and body tables, the region mentions and the story's region.
pub struct RoleCtx<'a, 'g> {
    pub regions: &'a Regions,
    pub bodies: &'a super::bodies::Bodies,
    pub hits: &'a [RegionHit<'g>],
    pub main: Option<usize>,
}

const REGION_WORDS: &[&str] = &["региона", "края", "области", "республики", "округа"];

/// Tables looked up for every word and never iterated: FxHash.
pub struct People {
    names: FxHashMap<String, Vec<NameForm>>,
    roles: FxHashMap<String, String>,
    /// Nominative plurals of the role nouns ("губернаторы") → singular.
    plurals: FxHashMap<String, String>,
}

use crate::model::date::{MONTHS_GENITIVE, MONTHS_NOMINATIVE};

mod names;
mod roles;
use names::*;
use roles::*;

/// Regional posts that, named alone, are the post of the story's region.
const REGIONAL_POSTS: &[&str] = &[
    "губернатор",
    "заместитель губернатора",
    "первый заместитель губернатора",
    "вице-губернатор",
    "врио губернатора",
];

impl Default for People {
    fn default() -> Self {
        Self::new()
    }
}

impl People {
    pub fn new() -> People {
        let mut names: FxHashMap<String, Vec<NameForm>> = FxHashMap::default();
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
                                let e = names.entry(super::text::fold(f)).or_default();
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
        let mut roles = FxHashMap::default();
        let mut plurals = FxHashMap::default();
        for line in data_lines(ROLES) {
            let mut parts = line.split('|');
            let nom = parts.next().unwrap_or_default().to_string();
            // "замминистра|": listed forms only (here none: it never declines).
            let invariant = line.contains('|');
            let extra: Vec<String> = parts.filter(|f| !f.is_empty()).map(String::from).collect();
            let mut forms: Vec<String> = vec![nom.clone()];
            if !invariant {
                plurals.insert(super::text::fold(&plural(&nom)), nom.clone());
                for fs in word_forms(&nom, Some(Gender::Masc)) {
                    forms.extend(fs);
                }
            }
            forms.extend(extra);
            for f in forms {
                roles.insert(super::text::fold(&f), nom.clone());
            }
        }
        People {
            names,
            roles,
            plurals,
        }
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
                return Some(super::text::fold(nom) == doc.ftok(k));
            }
        }
        None
    }

    /// Whether token `i` is a first name followed by a capitalised word.
    fn first_name_at(&self, doc: &Doc, i: usize) -> bool {
        doc.is_cap(i + 1) && self.names.contains_key(doc.ftok(i))
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
        ctx: &RoleCtx,
        place_hits: &[PlaceHit],
        body_hits: &[BodyHit],
    ) -> Found {
        let region_hits = ctx.hits;
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
        // (token, person) for every mention, in text order per pass.
        let mut mentioned: Vec<(usize, String)> = Vec::new();
        // Roles owed to a name further on (see `shared_role`), by its token.
        let mut shared: HashMap<usize, String> = HashMap::new();
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
                        && same_a_declension(sur, &super::text::fold(&surname))
                }) {
                    let sur = sur.clone();
                    if let Some(known) = surnames.iter().find(|(s2, _, _)| *s2 == sur) {
                        surname = known.2[first.len() + 1..].to_string();
                    }
                }
            }
            let name = format!("{first} {surname}");
            mentioned.push((start_tok, name.clone()));
            let (s, e) = (doc.toks[start_tok].start, doc.toks[end_tok].end);
            spans.push((s, e));
            let mut role = self
                .role_before(doc, start_tok, ctx)
                .or_else(|| self.role_after(doc, end_tok + 1, ctx))
                .or_else(|| shared.remove(&start_tok));
            if role.is_none() {
                if let Some((mine, at, theirs)) = self.shared_role(doc, start_tok, end_tok, ctx) {
                    role = Some(mine);
                    shared.insert(at, theirs);
                }
            }
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
            let entry = (super::text::fold(&surname), gender, name);
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
                        let f = super::text::fold(&surname_full(w, *g, &[1, 2, 3, 4, 5]));
                        norms.push((*g, f));
                        &norms[norms.len() - 1].1
                    }
                };
                if sur == fw || sur == norm {
                    tally.add(name, doc.char_pos(t.start), || unreachable_person(name));
                    mentioned.push((k, name.clone()));
                    break;
                }
            }
        }
        // "…, — подчеркнул министр …": the post of the person named last,
        // when the text gave that person none.
        if !mentioned.is_empty() {
            mentioned.sort_unstable();
            for (h, role) in self.echoed_roles(doc, ctx) {
                // Only when one person named before it has no post yet: with
                // two, the text does not say whose it is.
                let before = &mentioned[..mentioned.partition_point(|(t, _)| *t < h)];
                let mut without: Vec<&str> = before
                    .iter()
                    .map(|(_, n)| n.as_str())
                    .filter(|n| tally.get_mut(n).is_some_and(|p| p.role.is_none()))
                    .collect();
                without.sort_unstable();
                without.dedup();
                if let [name] = without[..] {
                    let name = name.to_string();
                    if let Some(p) = tally.get_mut(&name) {
                        p.role = Some(role);
                    }
                }
            }
        }
        Found {
            // Once per person, not per mention: it runs the region
            // gazetteer over the role.
            people: tally.finish(|p, s| {
                p.salience = s;
                if let Some(r) = p.role.take() {
                    p.role = Some(canonical_role(r, ctx));
                }
            }),
            spans,
        }
    }
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
mod tests;
