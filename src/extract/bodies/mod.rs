//! Bodies: ministries, agencies, funds, departments, governments.
//!
//! Two anchors, both closed classes:
//! * known federal bodies (`data/bodies.csv`) in every case form — the short
//!   name, the full name and the abbreviations all resolve to one canonical
//!   name ("Минпромторга" = "Министерство промышленности и торговли
//!   Российской Федерации" = "Минпромторг России");
//! * head nouns (`data/body_heads.csv`: министерство, фонд, агентство …)
//!   followed by a genitive complement and a region ("министерства
//!   промышленной политики Краснодарского края").
//!
//! A "bare" federal name followed by a region names that region's namesake
//! ("ФРП Краснодарского края" is not the federal Фонд развития
//! промышленности). "региона"/"края" or a regional adjective ("региональный
//! ФРП") resolve to the article's main region. A head phrase with no region
//! and no country is only kept when the same phrase occurs elsewhere in the
//! article with a region (then it counts as a mention of that body); the
//! anaphor "региональный фонд" counts for the one regional body with that
//! head. Everything else is dropped: precision first.

use super::gazetteer::{data_lines, Gazetteer, Hit};
use super::morph::{adjective_nominative, head_phrase_forms, word_forms, Gender};
use super::regions::{RegionHit, Regions};
use super::spans::{starting_at, Covering};
use super::{BodyConfig, Doc, ExtractConfig, Tally};
use crate::model::entity::{Body, Level};
use std::collections::HashMap;
use std::sync::Arc;

mod grammar;
mod names;
use grammar::*;
use names::*;
pub use names::{entities, from_roles, merge_role_bodies};

const BODIES: &str = include_str!("../data/bodies.csv");
const HEADS: &str = include_str!("../data/body_heads.csv");

#[derive(Debug, Clone)]
struct Known {
    name: String,
    full: Option<String>,
    aliases: Arc<[String]>,
    level: Level,
    region: Option<String>,
    /// Name stem for a regional namesake.
    template: Option<String>,
}

/// The alias list of a body the gazetteer does not know.
fn no_aliases() -> Arc<[String]> {
    Arc::from(Vec::new())
}

#[derive(Debug, Clone, Copy)]
struct KnownForm {
    idx: usize,
    bare: bool,
}

#[derive(Debug, Clone, Copy)]
struct HeadForm {
    /// Index into `heads`.
    head: usize,
}

/// A body mention with its byte span, ready for tallying.
#[derive(Debug, Clone)]
pub struct BodyHit {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub full_name: Option<String>,
    pub aliases: Arc<[String]>,
    pub level: Level,
    pub region: Option<String>,
}

pub struct Bodies {
    known: Vec<Known>,
    known_gaz: Gazetteer<KnownForm>,
    heads: Vec<(String, Gender)>,
    head_gaz: Gazetteer<HeadForm>,
}

impl Bodies {
    /// Whether `name` as a whole is a federal body's name that a region may
    /// also use ("Министерство промышленности и торговли"): a post named
    /// after it without a region or country could be either.
    pub fn is_bare_federal_name(&self, name: &str) -> bool {
        let doc = Doc::new(name, &[]);
        self.known_gaz
            .find(&doc, |_| true)
            .iter()
            .any(|h| h.value.bare && h.start == 0 && h.end == name.len())
    }
}

const REGION_WORDS: &[&str] = &[
    "региона",
    "края",
    "области",
    "республики",
    "округа",
    "субъекта",
];
const FEDERAL_GOVERNMENT: &str = "Правительство Российской Федерации";

fn distinct_regions(hits: &[RegionHit]) -> usize {
    let mut seen: Vec<usize> = hits.iter().map(|h| h.value.idx).collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// Heads of the parts of a body that the digest folds into the body
/// itself: their parent in the genitive is what readers look for.
const SUB_UNITS: &[&str] = &["совет", "центр", "служба"];

/// Genitive heads that make a preceding sub-unit part of them
/// ("информационный центр правительства Тюменской области").
const PARENT_HEADS: &[&str] = &[
    "правительства",
    "администрации",
    "министерства",
    "фонда",
    "департамента",
    "комитета",
    "агентства",
];

const REGIONAL_ADJ: &[&str] = &["региональн", "краев", "областн", "окружн", "республиканск"];
const COUNTRY: &[&str] = &["россии", "рф", "российской"];

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(crate) fn is_genitive_shaped_pub(w: &str) -> bool {
    is_genitive_shaped(w)
}

impl Bodies {
    pub fn new(cfg: &ExtractConfig, regions: &Regions) -> Bodies {
        let mut known = Vec::new();
        let mut items = Vec::new();
        let mut push = |known: &mut Vec<Known>, k: Known, aliases: &[String], bare: &[String]| {
            let idx = known.len();
            // A name that is also a bare alias is bare: the region after it
            // must be able to turn it into the regional namesake.
            for a in std::iter::once(&k.name)
                .chain(k.full.iter())
                .chain(aliases)
                .filter(|a| !bare.contains(a))
            {
                for f in head_phrase_forms(a) {
                    items.push((f, false, KnownForm { idx, bare: false }));
                }
            }
            for a in bare {
                for f in head_phrase_forms(a) {
                    items.push((f, false, KnownForm { idx, bare: true }));
                }
            }
            known.push(k);
        };
        let split = |s: &str| -> Vec<String> {
            s.split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect()
        };
        for line in data_lines(BODIES) {
            let c: Vec<&str> = line.split(';').collect();
            let get = |i: usize| c.get(i).copied().unwrap_or_default().trim();
            // Commas inside a full name would split it, so the full name of
            // Минцифры is only a display name, never a pattern.
            let aliases = split(get(2));
            let bare = split(get(3));
            let mut all = aliases.clone();
            all.extend(bare.iter().cloned());
            let region = Some(get(5).to_string()).filter(|r| regions.by_name(r).is_some());
            let k = Known {
                name: get(0).to_string(),
                full: Some(get(1).to_string()).filter(|f| !f.is_empty()),
                aliases: all.into(),
                level: if region.is_some() {
                    Level::Regional
                } else {
                    Level::Federal
                },
                region,
                template: Some(get(4).to_string()).filter(|t| !t.is_empty()),
            };
            push(&mut known, k, &aliases, &bare);
        }
        for BodyConfig {
            name,
            full_name,
            aliases,
            region,
        } in &cfg.bodies
        {
            let region = region.clone().filter(|r| regions.by_name(r).is_some());
            let k = Known {
                name: name.clone(),
                full: full_name.clone(),
                aliases: aliases.as_slice().into(),
                level: if region.is_some() {
                    Level::Regional
                } else {
                    Level::Federal
                },
                region,
                template: None,
            };
            push(&mut known, k, aliases, &[]);
        }
        let mut heads = Vec::new();
        let mut head_items = Vec::new();
        for line in data_lines(HEADS) {
            let (w, g) = line.split_once(';').unwrap_or((line, "m"));
            let g = match g.trim() {
                "f" => Gender::Fem,
                "n" => Gender::Neut,
                _ => Gender::Masc,
            };
            let head = heads.len();
            for forms in word_forms(w, Some(g)) {
                for f in forms {
                    head_items.push((f, false, HeadForm { head }));
                }
            }
            heads.push((w.to_string(), g));
        }
        Bodies {
            known,
            known_gaz: Gazetteer::new(items),
            heads,
            head_gaz: Gazetteer::new(head_items),
        }
    }

    fn known_hit(&self, k: &Known, start: usize, end: usize) -> BodyHit {
        BodyHit {
            start,
            end,
            name: k.name.clone(),
            full_name: k.full.clone(),
            aliases: k.aliases.clone(),
            level: k.level,
            region: k.region.clone(),
        }
    }

    /// Finds all body mentions.
    pub fn find(
        &self,
        doc: &Doc,
        regions: &Regions,
        region_hits: &[RegionHit],
        main_region: Option<usize>,
    ) -> Vec<BodyHit> {
        let known = self.known_gaz.find(doc, |_| true);
        let heads = self.head_gaz.find(doc, |_| true);
        let region_at = |tok: usize| -> Option<&RegionHit> {
            let t = doc.toks.get(tok)?;
            // Gazetteer hits are sorted and disjoint.
            starting_at(region_hits, |h| h.start, t.start).filter(|h| h.value.genitive())
        };
        let known_at = |tok: usize| -> Option<&Hit<KnownForm>> {
            let t = doc.toks.get(tok)?;
            starting_at(&known, |h| h.start, t.start)
        };
        let regional_adj_before = |tok: usize| -> bool {
            tok > 0
                && doc.is_word(tok - 1)
                && REGIONAL_ADJ
                    .iter()
                    .any(|a| doc.ftok(tok - 1).starts_with(a))
        };
        let federal_adj_before = |tok: usize| -> bool {
            tok > 0 && doc.is_word(tok - 1) && doc.ftok(tok - 1).starts_with("федеральн")
        };
        let main = main_region.map(|r| &regions.info[r]);

        let mut out: Vec<BodyHit> = Vec::new();
        let mut pending: Vec<(String, usize, usize, bool)> = Vec::new();
        let mut late: Vec<(String, BodyHit)> = Vec::new();
        let mut consumed_until = 0usize;

        // Head phrases first: they may contain a known body as the parent
        // ("Департамент транспортного машиностроения Минпромторга России").
        for h in &heads {
            if h.start < consumed_until {
                continue;
            }
            let i = doc.tok_at(h.start);
            // A known name is the known body, unless it is a bare name that a
            // longer phrase may turn into a regional namesake
            // ("министерства экономического развития и промышленности
            // Калужской области").
            let starts_known = known_at(i);
            if starts_known.is_some_and(|k| !k.value.bare) {
                continue;
            }
            let (head_nom, gender) = &self.heads[h.value.head];
            if SUB_UNITS.contains(&head_nom.as_str())
                && doc.is_word(i + 1)
                && PARENT_HEADS.contains(&doc.ftok(i + 1))
            {
                continue;
            }
            // Adjectives right before the head belong to the name
            // ("Законодательное собрание", "Кубанский научный фонд") unless
            // they only say the level ("краевой", "федеральный").
            let mut adj_start = i;
            let mut adjs: Vec<String> = Vec::new();
            let mut regional_marker = false;
            while adj_start > 0 && doc.is_word(adj_start - 1) && adjs.len() < 2 {
                let w = doc.tok(adj_start - 1);
                let fw = doc.ftok(adj_start - 1);
                if REGIONAL_ADJ.iter().any(|a| fw.starts_with(a)) {
                    regional_marker = true;
                    break;
                }
                if fw.starts_with("федеральн") {
                    break;
                }
                let Some(nom) = adjective_nominative(w, *gender) else {
                    break;
                };
                if !super::morph::is_adjective(&nom) {
                    break;
                }
                adjs.insert(0, nom);
                adj_start -= 1;
            }
            // Only capitalised adjectives make a proper name.
            if adjs
                .first()
                .is_some_and(|a| !a.chars().next().is_some_and(char::is_uppercase))
            {
                adjs.clear();
                adj_start = i;
            }
            // Genitive complement.
            let mut j = i + 1;
            let mut comp_end = doc.toks[i].end;
            let mut region: Option<&RegionHit> = None;
            let mut generic_region = false;
            let mut parent: Option<&Hit<KnownForm>> = None;
            let mut country = false;
            let mut by_tail: u32 = 0;
            let mut blocked_by_namesake = false;
            while j < doc.toks.len() && j < i + 12 {
                // "правительства и губернатора", "министерства, среди …": a
                // list or a new clause, not a complement.
                if j == i + 1 && (doc.is_punct(j, ",") || doc.is_word(j) && doc.ftok(j) == "и") {
                    break;
                }
                if let Some(r) = region_at(j) {
                    region = Some(r);
                    j = doc.tok_at(r.end);
                    break;
                }
                if let Some(k) = known_at(j) {
                    // A federal body in the genitive is the parent
                    // ("… Минпромторга России", "департамент металлургии
                    // Минпромторга"); "… и Фонд …" is a list, and a bare
                    // name followed by a region is that region's namesake.
                    let listed = doc.is_punct(j - 1, ",") || doc.ftok(j - 1) == "и";
                    let namesake = k.value.bare && region_at(doc.tok_at(k.end)).is_some();
                    if namesake {
                        blocked_by_namesake = true;
                    } else if !listed {
                        parent = Some(k);
                        j = doc.tok_at(k.end);
                    }
                    break;
                }
                let w = doc.ftok(j);
                if doc.is_word(j) && REGION_WORDS.contains(&w) && !doc.is_cap(j) {
                    generic_region = true;
                    j += 1;
                    break;
                }
                if doc.is_word(j) && COUNTRY.contains(&w) && doc.is_cap(j) {
                    country = true;
                    j += if w == "российской" { 2 } else { 1 };
                    break;
                }
                let lower = doc.is_word(j) && !doc.is_cap(j);
                if lower && w == "по" {
                    // "Комитет по промышленной политике, инновациям и
                    // торговле …": any lower-case words up to the region.
                    by_tail = 8;
                    j += 1;
                    continue;
                }
                if by_tail > 0 && doc.is_punct(j, ",") && doc.is_word(j + 1) && !doc.is_cap(j + 1) {
                    j += 1;
                    continue;
                }
                let after_plural_adj = j > i + 1
                    && (doc.ftok(j - 1).ends_with("ых") || doc.ftok(j - 1).ends_with("их"));
                if lower && (by_tail > 0 || w == "и" || is_genitive_shaped(w) || after_plural_adj)
                {
                    by_tail = by_tail.saturating_sub(1);
                    comp_end = doc.toks[j].end;
                    j += 1;
                    continue;
                }
                if doc.is_punct(j, ",")
                    && doc.is_word(j + 1)
                    && !doc.is_cap(j + 1)
                    && is_genitive_shaped(doc.ftok(j + 1))
                {
                    j += 1;
                    continue;
                }
                break;
            }
            // Trim a dangling conjunction or preposition.
            let mut comp = doc.text[doc.toks[i].end..comp_end].trim().to_string();
            for tail in [" и", " по", ","] {
                if let Some(c) = comp.strip_suffix(tail) {
                    comp = c.to_string();
                }
            }
            if comp == "и" || comp == "по" {
                comp.clear();
            }
            // "Агентство Амурской области по привлечению инвестиций".
            let mut tail = String::new();
            let mut end = region
                .map(|r| r.end)
                .or(parent.map(|p| p.end))
                .unwrap_or(comp_end);
            if region.is_some() && doc.ftok(j) == "по" && doc.is_word(j) {
                let mut k = j + 1;
                while k < doc.toks.len() && k < j + 4 && doc.is_word(k) && !doc.is_cap(k) {
                    k += 1;
                }
                if k > j + 1 {
                    end = doc.toks[k - 1].end;
                    tail = doc.text[doc.toks[j].start..end].to_string();
                }
            }
            let mut name = adjs.join(" ");
            let head_text = if adjs.is_empty() {
                cap(head_nom)
            } else {
                head_nom.clone()
            };
            if !name.is_empty() {
                name.push(' ');
            }
            name.push_str(&head_text);
            if !comp.is_empty() {
                name.push(' ');
                name.push_str(&comp);
            }
            let start = doc.toks[adj_start].start;
            let hit = |name: String, level: Level, region: Option<String>| BodyHit {
                start,
                end,
                full_name: None,
                name,
                aliases: no_aliases(),
                level,
                region,
            };
            let region_info = region.map(|r| &regions.info[r.value.idx]).or(
                if generic_region || regional_marker {
                    main
                } else {
                    None
                },
            );
            if let Some(p) = parent {
                let pk = &self.known[p.value.idx];
                // A council, centre or service of a body is that body
                // ("наблюдательный совет Фонда развития промышленности");
                // one with a name of its own ("Координационный совет по
                // промышленности Минпромторга России") is a body.
                if SUB_UNITS.contains(&head_nom.as_str()) && comp.is_empty() {
                    out.push(self.known_hit(pk, p.start, p.end));
                    consumed_until = end;
                    continue;
                }
                if pk.level == Level::Federal && (!comp.is_empty() || !adjs.is_empty()) {
                    let parent_text = &doc.text[p.start..p.end];
                    out.push(hit(format!("{name} {parent_text}"), Level::Federal, None));
                    // The parent is named too and counts as a mention.
                    out.push(self.known_hit(pk, p.start, p.end));
                    consumed_until = end;
                }
                continue;
            }
            if let Some(r) = region_info {
                let head_ok = !comp.is_empty()
                    || !adjs.is_empty()
                    || matches!(
                        head_nom.as_str(),
                        "правительство" | "администрация" | "дума" | "корпорация"
                    )
                    || region.is_some() && !tail.is_empty();
                // "региональное правительство", "правительства республики",
                // "областной администрации": the story's region's own.
                let own_government = region.is_none()
                    && comp.is_empty()
                    && adjs.is_empty()
                    && (generic_region || regional_marker)
                    && matches!(head_nom.as_str(), "правительство" | "администрация");
                if own_government {
                    out.push(hit(
                        format!("{} {}", cap(head_nom), r.genitive),
                        Level::Regional,
                        Some(r.name.clone()),
                    ));
                    consumed_until = end;
                    continue;
                }
                if !head_ok || (region.is_none() && comp.is_empty()) {
                    if region.is_none() {
                        pending.push((fold_key(&head_text), start, end, true));
                    }
                    continue;
                }
                // Regional namesake of a known federal name in full form
                // ("Министерство промышленности и торговли Пермского края").
                let mut full = format!("{name} {}", r.genitive);
                if !tail.is_empty() {
                    full = format!("{name} {} {tail}", r.genitive);
                }
                out.push(hit(full, Level::Regional, Some(r.name.clone())));
                consumed_until = end;
                continue;
            }
            // "работе правительства" in a story of no region or of several:
            // the Government of the Russian Federation ("правительство
            // Китая" has a capitalised complement and stays out).
            if head_nom == "правительство"
                && comp.is_empty()
                && adjs.is_empty()
                && region.is_none()
                && !doc.is_cap(i + 1)
                && distinct_regions(region_hits) != 1
            {
                if let Some(k) = self.known.iter().find(|k| k.name == FEDERAL_GOVERNMENT) {
                    out.push(self.known_hit(k, start, end));
                    consumed_until = end;
                    continue;
                }
            }
            if country && !comp.is_empty() {
                // Known federal bodies are matched by the gazetteer; an
                // unknown "Департамент … России" keeps its written form.
                let last = j.min(doc.toks.len()) - 1;
                let text = doc.text[doc.toks[i].end..doc.toks[last].end]
                    .trim()
                    .to_string();
                out.push(hit(format!("{head_text} {text}"), Level::Federal, None));
                consumed_until = doc.toks[last].end;
                continue;
            }
            if !adjs.is_empty() && comp.is_empty() && head_nom == "корпорация" {
                // "Объединенная судостроительная корпорация": a holding
                // company (orgs), where "Корпорация развития …" is a body.
                continue;
            }
            if !adjs.is_empty() && comp.is_empty() && head_nom == "центр" {
                // "Череповецкий логистический центр", "торговый центр": a
                // building or a business; a centre that is a body says
                // whose or of what ("Центр поддержки экспорта …").
                continue;
            }
            if !adjs.is_empty() && !doc.sentence_start(adj_start) && comp.is_empty() {
                // "Кубанский научный фонд": a proper adjective names it.
                out.push(hit(name, Level::Regional, main.map(|m| m.name.clone())));
                consumed_until = end;
                continue;
            }
            // A ministry/department with a complement but no region
            // (agencies are left out: "агентство недвижимости" is a firm)
            // ("министерство промышленной политики") is regional: federal
            // ones are in the known table. Resolved below, after the
            // regional bodies with explicit regions are known.
            // Lower-case "управление" is mostly the verbal noun ("системы
            // управления установкой"): only a capitalised one is a body here.
            let regional_kind = matches!(
                head_nom.as_str(),
                "министерство" | "департамент" | "комитет"
            ) || head_nom == "управление" && doc.is_cap(i);
            // An unrecognised capitalised word right after may be a region we
            // do not know; then do not guess.
            let next_unknown_cap = doc.is_cap(j) && known_at(j).is_none();
            if regional_kind
                && !comp.is_empty()
                && adjs.is_empty()
                && starts_known.is_none()
                && !next_unknown_cap
                && !blocked_by_namesake
            {
                if let Some(m) = main {
                    late.push((
                        fold_key(&name),
                        hit(
                            format!("{name} {}", m.genitive),
                            Level::Regional,
                            Some(m.name.clone()),
                        ),
                    ));
                    continue;
                }
            }
            if starts_known.is_none() {
                pending.push((fold_key(&name), start, end, comp.is_empty()));
            }
        }

        // Known bodies outside head phrases. What this loop adds starts at
        // the current hit, so a running maximum end covers it.
        let mut phrases: Vec<(usize, usize)> = out.iter().map(|b| (b.start, b.end)).collect();
        phrases.sort_unstable();
        let phrases = Covering::new(phrases);
        let mut added_end = 0;
        for k in &known {
            if phrases.covers(k.start, k.end) || added_end >= k.end {
                continue;
            }
            let body = &self.known[k.value.idx];
            let i = doc.tok_at(k.start);
            let after = doc.tok_at(k.end);
            if k.value.bare {
                if let Some(tpl) = &body.template {
                    let reg = if let Some(r) = region_at(after) {
                        Some((&regions.info[r.value.idx], r.end))
                    } else if doc.is_word(after) && REGION_WORDS.contains(&doc.ftok(after)) {
                        main.map(|m| (m, doc.toks[after].end))
                    } else if regional_adj_before(i) && !federal_adj_before(i) {
                        main.map(|m| (m, k.end))
                    } else {
                        None
                    };
                    if let Some((r, end)) = reg {
                        added_end = added_end.max(end);
                        out.push(BodyHit {
                            start: k.start,
                            end,
                            name: format!("{tpl} {}", r.genitive),
                            full_name: None,
                            aliases: no_aliases(),
                            level: Level::Regional,
                            region: Some(r.name.clone()),
                        });
                        continue;
                    }
                    if doc.is_word(after) && doc.ftok(after).starts_with("субъект")
                        || regional_adj_before(i)
                    {
                        continue; // "ФРП субъектов РФ", "региональные ФРП".
                    }
                    // Lower-case bare full name ("министерство промышленности
                    // и торговли") without a country is too vague.
                    if !doc.is_cap(i)
                        && doc.text[k.start..k.end].contains(' ')
                        && !federal_adj_before(i)
                    {
                        continue;
                    }
                }
            }
            added_end = added_end.max(k.end);
            out.push(self.known_hit(body, k.start, k.end));
        }

        // Regional ministries by their short form: "минэкономики
        // Пензенской области", "областного минэкономики", "Мининформ
        // региона". Without a region they count like a bare head phrase.
        for i in 0..doc.toks.len() {
            if !doc.is_word(i) {
                continue;
            }
            let t = doc.toks[i];
            if let Some(office) = statistics_office(doc.ftok(i)).filter(|_| doc.is_cap(i)) {
                // The name says the region; the story's region is its seat.
                out.push(BodyHit {
                    start: t.start,
                    end: t.end,
                    name: office,
                    full_name: None,
                    aliases: no_aliases(),
                    level: Level::Regional,
                    region: main.map(|m| m.name.clone()),
                });
                continue;
            }
            let Some(nom) = ministry_short_form(doc.ftok(i)) else {
                continue;
            };
            if out.iter().any(|b| b.start < t.end && t.start < b.end) {
                continue;
            }
            let region = region_at(i + 1);
            let generic =
                doc.is_word(i + 1) && REGION_WORDS.contains(&doc.ftok(i + 1)) && !doc.is_cap(i + 1);
            let marked = regional_adj_before(i);
            let info = region
                .map(|r| &regions.info[r.value.idx])
                .or(if generic || marked { main } else { None });
            let Some(r) = info else {
                pending.push((fold_key(&nom), t.start, t.end, true));
                continue;
            };
            let end = match region {
                Some(h) => h.end,
                None if generic => doc.toks[i + 1].end,
                None => t.end,
            };
            let start = if marked {
                doc.toks[i - 1].start
            } else {
                t.start
            };
            out.push(BodyHit {
                start,
                end,
                name: format!("{nom} {}", r.genitive),
                full_name: None,
                aliases: no_aliases(),
                level: Level::Regional,
                region: Some(r.name.clone()),
            });
        }

        let mut regional = ByPrefix::default();
        for (i, b) in out.iter().enumerate() {
            regional.add(i, b);
        }
        // A region-less ministry whose phrase matches a body named with a
        // region counts for it; otherwise it takes the main region.
        for (key, b) in late {
            let found = regional.get(&key).map(|(i, _)| out[i].clone());
            let mut b = found
                .map(|mut f| {
                    f.start = b.start;
                    f.end = b.end;
                    f
                })
                .unwrap_or(b);
            b.aliases = no_aliases();
            regional.add(out.len(), &b);
            out.push(b);
        }
        // Bare head phrases count for the regional body they abbreviate
        // (a bare head only when every body it could abbreviate has one
        // name). What this adds copies a name already indexed.
        for (key, start, end, head_only) in pending {
            let target = match regional.get(&key) {
                Some((i, one_name)) if one_name || !head_only => Some(i),
                _ => None,
            };
            if let Some(t) = target {
                let mut b = out[t].clone();
                b.start = start;
                b.end = end;
                out.push(b);
            }
        }
        out.sort_by_key(|b| b.start);
        out
    }
}

#[cfg(test)]
mod tests;
