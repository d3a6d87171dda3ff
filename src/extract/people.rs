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
use super::dict::{Analysis, Tags};
use super::gazetteer::data_lines;
use super::morph::{adjective_nominative, is_adjective, word_forms, Gender, CASES};
use super::places::PlaceHit;
use super::regions::{RegionHit, Regions};
use super::spans::{containing, first_overlapping, starting_at, Covering, SpanSet};
use super::{Doc, Tally};
use crate::model::Person;

const FIRST_NAMES: &str = include_str!("data/first_names.csv");
const ROLES: &str = include_str!("data/roles.csv");
const ROLE_WORDS: &str = include_str!("data/role_words.csv");

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

pub struct People {
    names: HashMap<String, Vec<NameForm>>,
    roles: HashMap<String, String>,
    /// Nominative plurals of the role nouns ("губернаторы") → singular.
    plurals: HashMap<String, String>,
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
    let mut out = official_words(&out);
    // The region the role names first, else the story's.
    let region = hits
        .iter()
        .find(|h| h.value.genitive())
        .map(|h| h.value.idx)
        .or(ctx.main);
    if let Some(m) = region {
        let named_region = hits.iter().any(|h| h.value.genitive());
        out = with_region_of_posts(&out, &ctx.regions.info[m].genitive, |post| {
            post_takes_region(post, named_region, ctx.bodies)
        });
    }
    // "глава правительства" is its chairman: "председатель правительства".
    if let Some(rest) = strip_word_prefix(&out, "глава правительства") {
        out = format!("{} правительства{rest}", keep_case(&out, "председатель"));
    }
    // "глава региона", "руководитель Пермского края": the region's head by
    // the title the region gives them (губернатор, глава, мэр, раис).
    for head in ["глава", "руководитель"] {
        let Some(rest) = strip_word_prefix(&out, head) else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(info) = ctx.regions.info.iter().find(|i| i.genitive == rest) {
            out = format!("{} {rest}", keep_case(&out, &info.head_title));
        }
        break;
    }
    out
}

/// Each post of a (possibly compound) role for which `takes` holds, read
/// as a post of `genitive`'s region ("заместитель председателя
/// правительства Пермского края – министр промышленности и торговли" →
/// "… министр промышленности и торговли Пермского края").
fn with_region_of_posts(role: &str, genitive: &str, takes: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(role.len() + genitive.len());
    let mut rest = role;
    loop {
        let cut = [" — ", " – ", " - "]
            .iter()
            .filter_map(|d| rest.find(d).map(|i| (i, d.len())))
            .min();
        let (post, next) = match cut {
            Some((i, n)) => (&rest[..i], Some((&rest[i..i + n], &rest[i + n..]))),
            None => (rest, None),
        };
        out.push_str(post);
        if !post.to_lowercase().contains(&genitive.to_lowercase()) && takes(post) {
            out.push(' ');
            out.push_str(genitive);
        }
        match next {
            Some((dash, tail)) => {
                out.push_str(dash);
                rest = tail;
            }
            None => return out,
        }
    }
}

/// Whether one post of a role, naming no place itself, is a post of the
/// region the role or the story names: a bare regional post
/// ("губернатор") when the role names no region at all; a minister when
/// another post of the same role names the region, or when the ministry's
/// name is no federal one ("министр промышленности, энергетики и ЖКХ").
/// "Министр промышленности и торговли" alone may be the federal minister
/// visiting, so it stays as written.
fn post_takes_region(post: &str, named_region: bool, bodies: &super::bodies::Bodies) -> bool {
    let lower = post.to_lowercase();
    if REGIONAL_POSTS.contains(&lower.as_str()) {
        return !named_region;
    }
    let words: Vec<&str> = lower.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let Some(at) = words
        .iter()
        .position(|w| matches!(*w, "министр" | "министра"))
    else {
        return false;
    };
    if at + 1 == words.len() || words.iter().any(|w| is_place_word(w)) {
        return false;
    }
    let field = lower.split_once("министр").map_or("", |(_, f)| f);
    // "министра промышленности": the genitive's ending is not the field's.
    let field = field.strip_prefix('а').unwrap_or(field).trim();
    named_region || !bodies.is_bare_federal_name(&format!("Министерство {field}"))
}

/// Lower-case words that tie a post to a place already: the country, a
/// region word, a federal city.
fn is_place_word(w: &str) -> bool {
    REGION_WORDS.contains(&w)
        || matches!(
            w,
            "россии"
                | "рф"
                | "российской"
                | "федерации"
                | "федерального"
                | "города"
                | "москвы"
                | "санкт-петербурга"
                | "севастополя"
        )
}

/// `s` without the leading words `prefix` (ignoring the case of its first
/// letter), when `prefix` ends at a word boundary.
fn strip_word_prefix<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    let rest = &s[prefix.len()..];
    (head.to_lowercase() == prefix && (rest.is_empty() || rest.starts_with(' '))).then_some(rest)
}

/// Shortened and colloquial words in a role replaced by the official ones
/// (`data/role_words.csv`).
fn official_words(role: &str) -> String {
    static TABLE: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        data_lines(ROLE_WORDS)
            .filter_map(|l| l.split_once(';'))
            .map(|(a, b)| (a.trim().to_lowercase(), b.trim().to_string()))
            .collect()
    });
    let mut out = String::with_capacity(role.len() + 16);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match table.get(&word.to_lowercase()) {
            Some(official) => out.push_str(&keep_case(word, official)),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in role.chars() {
        if c.is_alphanumeric() || c == '-' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
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
        let mut plurals = HashMap::new();
        for line in data_lines(ROLES) {
            let mut parts = line.split('|');
            let nom = parts.next().unwrap_or_default().to_string();
            // "замминистра|": listed forms only (here none: it never declines).
            let invariant = line.contains('|');
            let extra: Vec<String> = parts.filter(|f| !f.is_empty()).map(String::from).collect();
            let mut forms: Vec<String> = vec![nom.clone()];
            if !invariant {
                plurals.insert(super::gazetteer::fold(&plural(&nom)), nom.clone());
                for fs in word_forms(&nom, Some(Gender::Masc)) {
                    forms.extend(fs);
                }
            }
            forms.extend(extra);
            for f in forms {
                roles.insert(super::gazetteer::fold(&f), nom.clone());
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
                return Some(super::gazetteer::fold(nom) == doc.ftok(k));
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
                        && same_a_declension(sur, &super::gazetteer::fold(&surname))
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

    /// The role phrase ending right before token `name`: one role
    /// ("генерального директора ООО «…»"), with what may stand before its
    /// head ("исполняющий обязанности", "и. о.", "врио") and, across a
    /// dash, the post the same person holds too ("заместитель председателя
    /// правительства – министр экономики …").
    fn role_before(&self, doc: &Doc, name: usize, ctx: &RoleCtx) -> Option<String> {
        let mut start = self.role_head_left(doc, name, ctx)?;
        loop {
            start = acting_prefix(doc, start);
            let dash = start.checked_sub(1).filter(|&d| doc.is_punct(d, "–—-"));
            match dash.and_then(|d| self.role_head_left(doc, d, ctx)) {
                Some(s) => start = s,
                None => break,
            }
        }
        let end = doc.toks[name - 1].end;
        Some(self.normalise_role(doc, start, name, end, ctx))
    }

    /// The first token of the role phrase that ends right before token
    /// `end` — its head run ("первого заместителя") followed by a genitive
    /// complement — or `None` when no role noun heads the words before it.
    fn role_head_left(&self, doc: &Doc, end: usize, ctx: &RoleCtx) -> Option<usize> {
        self.head_left(doc, end, ctx, |p| self.role_noun(doc, p).is_some())
    }

    /// [`Self::role_head_left`] with the head noun told by `is_head`.
    fn head_left(
        &self,
        doc: &Doc,
        end: usize,
        ctx: &RoleCtx,
        is_head: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let mut k = end;
        let mut head: Option<usize> = None;
        let mut steps = 0;
        while k > 0 && steps < 16 {
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
            if is_head(p) {
                head = Some(p);
                k = p;
                steps += 1;
                continue;
            }
            if head.is_some() {
                if doc.is_word(p) && is_role_adjective(doc.tok(p)) {
                    head = Some(p);
                    k = p;
                    continue;
                }
                break;
            }
            // A quoted name or a bracket is one step: "ООО «Управляющая
            // компания „Столыпинский индустриальный парк“»", "(куда входит …)".
            if let Some(open) = group_open(doc, p) {
                k = open;
                steps += 1;
                continue;
            }
            if !self.complement_token(doc, p, ctx) {
                break;
            }
            k = p;
            steps += 1;
        }
        head.filter(|&h| h < end)
    }

    /// Whether token `p`, before any role noun was met, can belong to a
    /// role's complement: genitive-shaped or oblique words ("промышленности",
    /// "по вопросам экономической политики"), capitalised names, "S7".
    fn complement_token(&self, doc: &Doc, p: usize, ctx: &RoleCtx) -> bool {
        if doc.toks[p].kind == super::text::Kind::Num {
            // Glued to a word: "S7", "№1".
            let t = doc.toks[p];
            return p > 0 && doc.toks[p - 1].end == t.start
                || doc.toks.get(p + 1).is_some_and(|n| n.start == t.end);
        }
        if !doc.is_word(p) {
            let in_region = |t: usize| {
                let t = doc.toks[t];
                containing(ctx.hits, |h| (h.start, h.end), t.start, t.end).is_some()
            };
            return doc.is_punct(p, ",«»\"“”„")
                // "Кемеровской области – Кузбасса": two names of one region.
                || doc.is_punct(p, "–—-") && p > 0 && in_region(p - 1) && in_region(p + 1);
        }
        let w = doc.ftok(p);
        // Another person's name ends the role: "… Илья Шестаков, губернаторы".
        if doc.is_cap(p)
            && p > 0
            && self.first_name_at(doc, p - 1)
            && self.role_noun(doc, p - 1).is_none()
        {
            return false;
        }
        if doc.is_cap(p) || matches!(w, "и" | "по" | "при" | "им" | "имени") {
            return true;
        }
        if w.ends_with("ся") {
            return false;
        }
        if p > 0 && (doc.ftok(p - 1).ends_with("ых") || doc.ftok(p - 1).ends_with("их")) {
            return true;
        }
        let shaped =
            super::bodies::is_genitive_shaped_pub(w) || w.ends_with('ю') || w.ends_with('у');
        match super::dict::lexicon().map(|lex| lex.analyse(w)) {
            Some(a) if !a.is_empty() => {
                let best = a[0].tags;
                !(best.has(Tags::VERB) || best.has(Tags::OTHER_POS) && !best.has(Tags::NOUN))
                    && (shaped || oblique_noun_phrase_word(&a))
            }
            _ => shaped,
        }
    }

    /// One plural post shared by two people named together: "губернаторы
    /// Калининградской области и Камчатского края Алексей Беспрозванных и
    /// Владимир Солодов" gives the first the first complement and the second
    /// the second. Returns the first person's role, the token where the
    /// second person's name starts and that person's role.
    fn shared_role(
        &self,
        doc: &Doc,
        name: usize,
        name_end: usize,
        ctx: &RoleCtx,
    ) -> Option<(String, usize, String)> {
        let next = name_end + 2;
        if doc.ftok(name_end + 1) != "и" || !self.first_name_at(doc, next) {
            return None;
        }
        let head = self.head_left(doc, name, ctx, |p| {
            doc.is_word(p) && self.plurals.contains_key(doc.ftok(p))
        })?;
        let singular = self.plurals.get(doc.ftok(head))?;
        let complement = doc.text[doc.toks[head].end..doc.toks[name - 1].end].trim();
        let mut parts = complement.split(" и ");
        let (a, b) = (parts.next()?, parts.next()?);
        if parts.next().is_some() || a.is_empty() || b.is_empty() {
            return None;
        }
        Some((format!("{singular} {a}"), next, format!("{singular} {b}")))
    }

    /// An appositive role after the name: "Марат Дорофеев, основатель …".
    fn role_after(&self, doc: &Doc, after: usize, ctx: &RoleCtx) -> Option<String> {
        if !doc.is_punct(after, ",") {
            return None;
        }
        self.role_at(doc, after + 1, ctx).map(|(role, _)| role)
    }

    /// The role phrase that starts at token `start` with a role noun (or an
    /// adjective and one), up to the punctuation or verb that ends it, and
    /// the token it stops at; `None` when another person's name follows.
    fn role_at(&self, doc: &Doc, start: usize, ctx: &RoleCtx) -> Option<(String, usize)> {
        // A role noun, or an adjective and one ("генеральный директор").
        let headed = self.role_noun(doc, start).is_some()
            || self.role_noun(doc, start + 1).is_some()
                && doc.is_word(start)
                && is_role_adjective(doc.tok(start));
        if !headed {
            return None;
        }
        let mut k = start;
        let mut in_quote = false;
        while k < doc.toks.len() {
            if doc.is_punct(k, "«") {
                in_quote = true;
            } else if doc.is_punct(k, "»") {
                in_quote = false;
            } else if !in_quote && doc.is_cap(k) && k > start && self.first_name_at(doc, k) {
                // ", премьер-министр Татарстана Алексей Песошин": the next
                // person's role, not an appositive.
                return None;
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
        Some((
            self.normalise_role(doc, start, k, doc.toks[k - 1].end, ctx),
            k,
        ))
    }

    /// A post named without a name after a quote or a statement — "«…», —
    /// подчеркнул министр промышленности и торговли России." — is the post
    /// of the person named last before it. Returns (token of the role noun,
    /// role) for each such echo.
    fn echoed_roles(&self, doc: &Doc, ctx: &RoleCtx) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for h in 2..doc.toks.len() {
            let Some(nom) = self.role_noun(doc, h) else {
                continue;
            };
            // The post in the nominative, right after a past-tense verb of
            // saying that follows the quote's comma or dash.
            let verb = h - 1;
            let said = doc.is_word(verb)
                && !doc.is_cap(verb)
                && ["л", "ла"].iter().any(|e| doc.ftok(verb).ends_with(e))
                && doc.ftok(verb).chars().count() > 4
                && doc.is_punct(verb - 1, ",–—-");
            if !said || super::gazetteer::fold(nom) != doc.ftok(h) {
                continue;
            }
            let Some((role, stop)) = self.role_at(doc, h, ctx) else {
                continue;
            };
            // A name right after the post is that post's holder, found as
            // usual; only a post that ends the sentence is an echo, and a
            // bare "министр" says too little to be one.
            let ends = stop >= doc.toks.len() || doc.is_punct(stop, ".!?\n");
            if ends && stop > h + 1 {
                out.push((h, role));
            }
        }
        out
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
        // After a regional adjective ("краевого правительства"): the token
        // whose end gets the region's genitive instead.
        let mut region_after: Option<(usize, String)> = None;
        let mut k = start;
        while k < stop {
            let t = doc.toks[k];
            if t.start < pos {
                k += 1;
                continue; // inside a replaced region name or a dropped bracket
            }
            if let Some((n, acting)) = acting_words(doc, k) {
                out.push_str(&doc.text[pos..t.start]);
                out.push_str(acting);
                pos = doc.toks[k + n - 1].end;
                k += n;
                // The post acted for stays in the genitive: "исполняющий
                // обязанности председателя".
                in_head = false;
                continue;
            }
            // A bracket inside a role explains the organisation ("(куда
            // входит …)", "(КРКО)"); region names in brackets were taken
            // with their region above.
            if doc.is_punct(k, "(") {
                if let Some(close) = (k + 1..stop).find(|&j| doc.is_punct(j, ")")) {
                    out.push_str(doc.text[pos..t.start].trim_end());
                    pos = doc.toks[close].end;
                    k = close + 1;
                    continue;
                }
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
                (None, true, Some(m)) => {
                    // "глава островного региона": the adjective only
                    // describes the region the name now gives.
                    let before = &doc.text[pos..t.start];
                    out.push_str(&before[..before.len() - trailing_region_epithets(before)]);
                    pos = t.start;
                    Some((ctx.regions.info[m].genitive.clone(), t.end))
                }
                _ => None,
            };
            if let Some((g, e)) = canon {
                out.push_str(&doc.text[pos..t.start]);
                out.push_str(&g);
                pos = e;
                in_head = false;
                k += 1;
                continue;
            }
            if let (Some(m), true) = (ctx.main, is_regional_adjective(doc.ftok(k))) {
                // "краевого правительства" → "правительства Пермского края",
                // unless a region is named right after it.
                let next = k + 1;
                let named = doc
                    .toks
                    .get(next + 1)
                    .is_some_and(|n| starting_at(ctx.hits, |h| h.start, n.start).is_some());
                if next < stop && doc.is_word(next) && !named {
                    out.push_str(&doc.text[pos..t.start]);
                    pos = doc.toks[next].start;
                    region_after = Some((next, ctx.regions.info[m].genitive.clone()));
                    k += 1;
                    continue;
                }
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
            if let Some((_, g)) = region_after.take_if(|(at, _)| *at == k) {
                out.push_str(&doc.text[pos..t.end]);
                out.push(' ');
                out.push_str(&g);
                pos = t.end;
            }
            k += 1;
        }
        out.push_str(&doc.text[pos.min(end)..end]);
        let mut role = out.trim().trim_end_matches(',').trim().to_string();
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

/// Whether some reading of a word is a noun or an adjective in an oblique
/// case, as the words of a role's complement are ("политике", "вопросам").
fn oblique_noun_phrase_word(analyses: &[Analysis]) -> bool {
    analyses.iter().any(|a| {
        (a.tags.has(Tags::NOUN) || a.tags.has(Tags::ADJ)) && matches!(a.case, Some(1 | 2 | 4 | 5))
    })
}

/// An adjective in a role's head run ("первого", "генерального",
/// "индустриального"): the dictionary says so when it is loaded, so a noun
/// with an adjective's ending ("председательством") is not one.
fn is_role_adjective(word: &str) -> bool {
    let shaped = adjective_nominative(word, Gender::Masc).is_some_and(|a| is_adjective(&a));
    match super::dict::lexicon() {
        Some(lex) => {
            let a = lex.analyse(&word.to_lowercase());
            if a.is_empty() {
                return shaped;
            }
            shaped && a.iter().any(|a| a.tags.has(Tags::ADJ))
        }
        None => shaped,
    }
}

/// The opening token of the quoted name or bracket that ends at token `p`
/// ("«…»", "„…“", "\"…\"", "(…)"), when it opens within a dozen tokens and
/// in the same sentence.
fn group_open(doc: &Doc, p: usize) -> Option<usize> {
    let (open, close): (&str, &str) = if doc.is_punct(p, "»") {
        ("«", "»")
    } else if doc.is_punct(p, "“") {
        ("„“", "")
    } else if doc.is_punct(p, "\"") {
        ("\"", "")
    } else if doc.is_punct(p, ")") {
        ("(", ")")
    } else {
        return None;
    };
    let mut depth = 0usize;
    let mut k = p;
    while k > 0 && p - k < 16 {
        k -= 1;
        if doc.is_punct(k, "\n.!?;") && !doc.is_punct(k + 1, "»") {
            return None;
        }
        if !close.is_empty() && doc.is_punct(k, close) {
            depth += 1;
        } else if doc.is_punct(k, open) {
            if depth == 0 {
                return Some(k);
            }
            depth -= 1;
        }
    }
    None
}

/// The acting-post words at token `k` and their canonical form:
/// "исполняющего обязанности" → "исполняющий обязанности".
fn acting_words(doc: &Doc, k: usize) -> Option<(usize, &'static str)> {
    let w = |i: usize| doc.ftok(i);
    if w(k) == "временно" && w(k + 1).starts_with("исполняющ") && w(k + 2) == "обязанности"
    {
        return Some((3, "временно исполняющий обязанности"));
    }
    if w(k).starts_with("исполняющ") && w(k + 1) == "обязанности" {
        return Some((2, "исполняющий обязанности"));
    }
    if w(k) == "и" && doc.is_punct(k + 1, ".") && w(k + 2) == "о" && doc.is_punct(k + 3, ".") {
        return Some((4, "и. о."));
    }
    None
}

/// "краевого", "областного", "республиканского": the story's region said
/// as an adjective.
fn is_regional_adjective(w: &str) -> bool {
    ["краев", "областн", "республиканск", "окружн"]
        .iter()
        .any(|s| w.starts_with(s) && (w.ends_with("ого") || w.ends_with("ой")))
}

/// Bytes of adjectives at the end of `before` that only describe the
/// region about to be named ("островного ", "нашего "); not "соседнего",
/// which is another region.
fn trailing_region_epithets(before: &str) -> usize {
    let mut cut = 0;
    let mut rest = before;
    loop {
        let trimmed = rest.trim_end();
        let word_start = trimmed
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |i| i + 1);
        let word = &trimmed[word_start..];
        let lower = word.to_lowercase();
        let epithet = (lower.ends_with("ого") || lower.ends_with("его"))
            && !lower.starts_with("соседн")
            && !lower.starts_with("друг")
            && lower.chars().count() > 4
            || lower == "нашего";
        if !epithet || word_start == 0 {
            return cut;
        }
        cut = before.len() - word_start;
        rest = &before[..word_start];
    }
}

/// Extends a role's start over what can stand before its head: "временно
/// исполняющий обязанности", "и. о.", "врио".
fn acting_prefix(doc: &Doc, start: usize) -> usize {
    let w = |i: usize| doc.ftok(i);
    if start >= 2 && w(start - 1) == "обязанности" && w(start - 2).starts_with("исполняющ")
    {
        let s = start - 2;
        return if s > 0 && w(s - 1) == "временно" {
            s - 1
        } else {
            s
        };
    }
    if start >= 4
        && w(start - 4) == "и"
        && doc.is_punct(start - 3, ".")
        && w(start - 2) == "о"
        && doc.is_punct(start - 1, ".")
    {
        return start - 4;
    }
    if start >= 1 && w(start - 1) == "врио" {
        return start - 1;
    }
    start
}

/// The nominative plural of a role noun: "губернатор" → "губернаторы",
/// "руководитель" → "руководители", "глава" → "главы", "начальник" →
/// "начальники".
fn plural(nom: &str) -> String {
    let Some(last) = nom.chars().last() else {
        return String::new();
    };
    let stem = &nom[..nom.len() - last.len_utf8()];
    match last {
        'ь' | 'й' | 'я' => format!("{stem}и"),
        'а' if stem.ends_with(['к', 'г', 'х', 'ж', 'ш', 'щ', 'ч']) => format!("{stem}и"),
        'а' => format!("{stem}ы"),
        'к' | 'г' | 'х' | 'ж' | 'ш' | 'щ' | 'ч' => format!("{nom}и"),
        _ => format!("{nom}ы"),
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

    fn role_of(text: &str, person: &str) -> Option<String> {
        people(text)
            .into_iter()
            .find(|(n, _)| n == person)
            .and_then(|(_, r)| r)
    }

    // Issue #18: roles on real pages.
    #[test]
    fn compound_and_acting_posts_are_one_role() {
        assert_eq!(
            role_of(
                "«Резиденты довольны», – рассказала зампред правительства – министр инвестиций, промышленности и науки Московской области Екатерина Зиновьева.",
                "Екатерина Зиновьева"
            )
            .as_deref(),
            Some("заместитель председателя правительства – министр инвестиций, промышленности и науки Московской области")
        );
        assert_eq!(
            role_of(
                "Об этом рассказал исполняющий обязанности председателя правительства Кировской области Михаил Сандалов.",
                "Михаил Сандалов"
            )
            .as_deref(),
            Some("исполняющий обязанности председателя правительства Кировской области")
        );
        assert_eq!(
            role_of(
                "В обсуждении приняли участие и. о. министра инвестиционного развития Хабаровского края Максим Тарасов.",
                "Максим Тарасов"
            )
            .as_deref(),
            Some("и. о. министра инвестиционного развития Хабаровского края")
        );
    }

    #[test]
    fn a_second_post_takes_the_region_the_first_one_names() {
        let perm = "Глава региона Дмитрий Махонин и зампредседателя краевого правительства — министр промышленности и торговли Алексей Чибисов обсудили итоги. Пермский край вырос.";
        assert_eq!(
            role_of(perm, "Алексей Чибисов").as_deref(),
            Some("заместитель председателя правительства Пермского края — министр промышленности и торговли Пермского края")
        );
        // The region's head by the title the region gives them.
        assert_eq!(
            role_of(perm, "Дмитрий Махонин").as_deref(),
            Some("губернатор Пермского края")
        );
        // A federal ministry's field alone may be the federal minister's.
        assert_eq!(
            role_of(
                "В Пермском крае министр промышленности и торговли Антон Алиханов осмотрел завод.",
                "Антон Алиханов"
            )
            .as_deref(),
            Some("министр промышленности и торговли")
        );
        assert_eq!(
            role_of(
                "В Красноярском крае министр промышленности, энергетики и ЖКХ Александр Ананьев сообщил о заявках.",
                "Александр Ананьев"
            )
            .as_deref(),
            Some("министр промышленности, энергетики и ЖКХ Красноярского края")
        );
    }

    #[test]
    fn shortened_words_read_officially_and_brackets_and_quotes_stay_inside() {
        assert_eq!(
            role_of(
                "Гендиректор «КАМАЗа» Сергей Когогин открыл цех.",
                "Сергей Когогин"
            )
            .as_deref(),
            Some("генеральный директор «КАМАЗа»")
        );
        assert_eq!(
            role_of(
                "Выступила заместитель председателя Госдумы Ирина Яровая.",
                "Ирина Яровая"
            )
            .as_deref(),
            Some("заместитель председателя Государственной думы")
        );
        assert_eq!(
            role_of(
                "Договор подписали директор ООО «Управляющая компания „Столыпинский индустриальный парк“» Алексей Лихачев и другие.",
                "Алексей Лихачев"
            )
            .as_deref(),
            Some("директор ООО «Управляющая компания „Столыпинский индустриальный парк“»")
        );
        assert_eq!(
            role_of(
                "Цитирует слова генерального директора управляющей компании ГК \"Золотой актив\" (куда входит \"СиГМА\") Андрея Колесникова.",
                "Андрей Колесников"
            )
            .as_deref(),
            Some("генеральный директор управляющей компании ГК \"Золотой актив\"")
        );
        // A noun with an adjective's ending is not part of the post.
        assert_eq!(
            role_of(
                "Прошло совещание под председательством Губернатора Дмитрия Миляева. Тульская область растёт.",
                "Дмитрий Миляев"
            )
            .as_deref(),
            Some("Губернатор Тульской области")
        );
    }

    #[test]
    fn one_plural_post_is_shared_and_a_next_persons_post_is_not_taken() {
        let text = "Примут участие руководитель Росрыболовства Илья Шестаков, губернаторы Калининградской области и Камчатского края Алексей Беспрозванных и Владимир Солодов.";
        assert_eq!(
            role_of(text, "Алексей Беспрозванных").as_deref(),
            Some("губернатор Калининградской области")
        );
        assert_eq!(
            role_of(text, "Владимир Солодов").as_deref(),
            Some("губернатор Камчатского края")
        );
        let text = "В работе приняли участие Раис Татарстана Рустам Минниханов, Премьер-министр Татарстана Алексей Песошин.";
        assert_eq!(
            role_of(text, "Рустам Минниханов").as_deref(),
            Some("Раис Республики Татарстан")
        );
    }

    #[test]
    fn a_post_after_a_quote_is_the_post_of_the_one_person_without_one() {
        let text = "Губернатор Омской области Виталий Хоценко открыл завод. Антон Алиханов осмотрел линию.\n«Мы поможем», — подчеркнул министр промышленности и торговли России.";
        assert_eq!(
            role_of(text, "Антон Алиханов").as_deref(),
            Some("министр промышленности и торговли России")
        );
        // Two people without a post: the text does not say whose it is.
        let text = "Антон Алиханов и Василий Орлов осмотрели линию.\n«Мы поможем», — подчеркнул министр промышленности и торговли России.";
        assert_eq!(role_of(text, "Антон Алиханов"), None);
        assert_eq!(role_of(text, "Василий Орлов"), None);
    }

    #[test]
    fn never_places_or_months() {
        assert!(people("В Свободненском районе Амурской области в Марте").is_empty());
        assert!(people("Антон Краснодарского края").is_empty());
    }
}
