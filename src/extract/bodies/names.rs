//! Bodies from what is said of them elsewhere: ministries by their short
//! names, the regional bodies a person's role names, and the article's list
//! of bodies with their salience.

use super::*;

pub(super) fn fold_key(s: &str) -> String {
    super::super::work::step(1);
    crate::model::fold_name(s)
}

/// Regional bodies by every folded word prefix of their name
/// ("министерство промышленной политики" for "Министерство промышленной
/// политики Краснодарского края"): the first body in `out` order with that
/// prefix and whether all bodies with it share one name. Replaces a scan
/// that folded every body's name for every phrase (issue #15).
#[derive(Default)]
pub(super) struct ByPrefix {
    map: HashMap<String, (usize, String, bool)>,
}

impl ByPrefix {
    pub(super) fn add(&mut self, idx: usize, b: &BodyHit) {
        if b.level != Level::Regional {
            return;
        }
        let folded = fold_key(&b.name);
        for (pos, _) in folded.match_indices(' ') {
            super::super::work::step(1);
            self.map
                .entry(folded[..pos].to_string())
                .and_modify(|(_, name, one)| *one &= *name == b.name)
                .or_insert_with(|| (idx, b.name.clone(), true));
        }
    }

    /// The first body whose folded name continues `key` with a space.
    pub(super) fn get(&self, key: &str) -> Option<(usize, bool)> {
        super::super::work::step(1);
        self.map.get(key).map(|(i, _, one)| (*i, *one))
    }
}

/// Second halves of the short names Russian ministries go by
/// ("Минэкономики", "Мининвест", "Минстрой"): a closed class, so an
/// unknown word starting with "мин" (минута, Минниханов) never matches.
pub(super) const MINISTRY_STEMS: &[&str] = &[
    "эконом",
    "инвест",
    "информ",
    "промторг",
    "промэнерго",
    "пром",
    "строй",
    "стро",
    "транс",
    "фин",
    "здрав",
    "природ",
    "сельхоз",
    "обр",
    "просвещ",
    "культ",
    "спорт",
    "труд",
    "соц",
    "цифр",
    "энерго",
    "имущ",
    "туризм",
    "молод",
    "юст",
    "эколог",
    "лесхоз",
    "жкх",
    "агро",
    "нац",
    "физкульт",
    "дор",
    "тер",
];

/// The nominative short name of a ministry, from a folded word in any case
/// ("мининвеста" → "Мининвест", "минстроя" → "Минстрой"); indeclinable ones
/// ("минэкономики", "минэнерго") stay as they are.
pub(super) fn ministry_short_form(folded: &str) -> Option<String> {
    let rest = folded.strip_prefix("мин")?;
    if rest.chars().count() < 3 || !MINISTRY_STEMS.iter().any(|s| rest.starts_with(s)) {
        return None;
    }
    let vowel = |c: char| "аеёиоуыэюя".contains(c);
    let mut base = folded.to_string();
    for end in ["ом", "ем", "у", "ю", "е", "а", "я"] {
        if let Some(stem) = folded.strip_suffix(end) {
            match stem.chars().last() {
                Some('о') if matches!(end, "я" | "ю" | "е" | "ем") => {
                    base = format!("{stem}й")
                }
                Some(c) if !vowel(c) => base = stem.to_string(),
                _ => continue,
            }
            break;
        }
    }
    Some(cap(&base))
}

/// A territorial office of Rosstat ("Тюменьстата" → "Тюменьстат",
/// "Свердловскстат"): every one is named "<region stem>стат".
pub(super) fn statistics_office(folded: &str) -> Option<String> {
    let base = ["ом", "у", "е", "а", ""]
        .iter()
        .find_map(|e| folded.strip_suffix(e).filter(|b| b.ends_with("стат")))?;
    let stem = base.strip_suffix("стат")?;
    (stem.chars().count() >= 4 && stem != "рос" && stem.chars().all(|c| c.is_alphabetic()))
        .then(|| cap(base))
}

/// The ministries that people's roles name: "министр инвестиций,
/// промышленности и науки Московской области" and "заместитель министра
/// промышленности и торговли России" both say the ministry exists and acts
/// in the story, although the text may name it only by a short form the
/// tables do not know ("подмосковный Мининвест"). Each role part (a role
/// may join two posts with a dash) is read as "Министерство …" by the same
/// finder, so only a complement with a region or the country makes a body.
pub fn from_roles(
    finder: &Bodies,
    regions: &Regions,
    main_region: Option<usize>,
    people: &[crate::model::entity::Person],
) -> Vec<(u32, Body)> {
    let mut out = Vec::new();
    for p in people {
        let Some(role) = &p.role else { continue };
        let role = role.replace('\u{a0}', " ");
        for part in role.split(['–', '—']).flat_map(|s| s.split(" - ")) {
            let part = part.trim();
            let rest = ["министр ", "министра "].iter().find_map(|m| {
                part.strip_prefix(m).or_else(|| {
                    part.find(&format!(" {m}"))
                        .map(|i| &part[i + 1 + m.len()..])
                })
            });
            let Some(rest) = rest.filter(|r| !r.is_empty()) else {
                continue;
            };
            let text = format!("Министерство {rest}");
            let doc = Doc::new(&text, &[]);
            let hits = regions.find(&doc);
            // The post must say whose ministry: a region or the country
            // ends it ("министр промышленности и торговли" alone may be
            // any region's).
            let country = ["России", "РФ", "Российской Федерации"]
                .iter()
                .any(|c| text.ends_with(c));
            if !country && hits.last().is_none_or(|h| h.end != text.len()) {
                continue;
            }
            let found = finder.find(&doc, regions, &hits, main_region);
            // Only a body that is the whole role's complement: "министр
            // промышленности и торговли" with no region names none.
            let Some(b) = found
                .into_iter()
                .find(|b| b.start == 0 && b.end + 1 >= text.len())
            else {
                continue;
            };
            out.push((
                p.salience.first,
                Body {
                    name: b.name,
                    full_name: b.full_name,
                    level: b.level,
                    region: b.region,
                    aliases: b.aliases,
                    salience: Default::default(),
                },
            ));
        }
    }
    out
}

/// Adds role-named bodies the text did not name otherwise, as one mention
/// at the person's first mention.
pub fn merge_role_bodies(bodies: &mut Vec<Body>, derived: Vec<(u32, Body)>) {
    for (first, mut b) in derived {
        let key = crate::model::fold_name(&b.name);
        if bodies
            .iter()
            .any(|x| crate::model::fold_name(&x.name) == key)
        {
            continue;
        }
        b.salience = crate::model::entity::Salience { mentions: 1, first };
        bodies.push(b);
    }
}

/// Tallies hits into bodies.
pub fn entities(doc: &Doc, hits: &[BodyHit]) -> Vec<Body> {
    let mut tally = Tally::new();
    for h in hits {
        tally.add(&h.name, doc.char_pos(h.start), || Body {
            name: h.name.clone(),
            full_name: h.full_name.clone(),
            level: h.level,
            region: h.region.clone(),
            aliases: h.aliases.clone(),
            salience: Default::default(),
        });
    }
    tally.finish(|b, s| b.salience = s)
}
