//! Places: cities, districts and countries, kept apart from regions.
//!
//! A city named as a venue ("в Екатеринбурге") is a place, never a region;
//! each known city carries the federal subject it lies in. Districts are
//! recognised by shape (a capitalised "-ский" adjective + "район"), countries
//! from the same table. Place names that are also first names or surnames are
//! dropped when a person was found on the same span.

use super::gazetteer::{data_lines, Gazetteer, Hit};
use super::morph::{adjective_nominative, phrase_forms, Gender};
use super::regions::{RegionHit, Regions};
use super::spans::{first_overlapping, SpanSet};
use super::{Doc, ExtractConfig, Tally};
use crate::model::Place;

const PLACES: &str = include_str!("data/places.csv");

#[derive(Debug, Clone)]
pub struct PlaceInfo {
    pub name: String,
    pub region: Option<String>,
}

/// A place mention with its byte span.
#[derive(Debug, Clone)]
pub struct PlaceHit {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub region: Option<String>,
}

pub struct Places {
    info: Vec<PlaceInfo>,
    gaz: Gazetteer<usize>,
}

impl Places {
    pub fn new(cfg: &ExtractConfig, regions: &Regions) -> Places {
        let mut info = Vec::new();
        let mut items = Vec::new();
        let rows = data_lines(PLACES)
            .map(|l| {
                let mut c = l.split(';');
                (
                    c.next().unwrap_or_default().to_string(),
                    c.next().unwrap_or_default().to_string(),
                    c.next().unwrap_or_default().to_string(),
                )
            })
            .chain(
                cfg.cities
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone(), String::new())),
            );
        for (name, region, extra) in rows {
            let idx = info.len();
            // Plural and irregular names list their forms; generating on top
            // of those would invent nonsense forms.
            let forms = if extra.is_empty() {
                phrase_forms(&name, None, false)
            } else {
                vec![name.clone()]
            };
            for f in forms
                .into_iter()
                .chain(extra.split('|').filter(|s| !s.is_empty()).map(String::from))
            {
                items.push((f, false, idx));
            }
            let region =
                (!region.is_empty() && regions.by_name(&region).is_some()).then_some(region);
            info.push(PlaceInfo { name, region });
        }
        Places {
            info,
            gaz: Gazetteer::new(items),
        }
    }

    /// Places not overlapping a region mention (Москва, Севастополь are
    /// regions) and written with a capital letter.
    pub fn find(&self, doc: &Doc, regions: &[RegionHit]) -> Vec<PlaceHit> {
        let overlaps = |h: &Hit<usize>| {
            first_overlapping(regions, |r| (r.start, r.end), h.start, h.end).is_some()
        };
        let mut out: Vec<PlaceHit> = self
            .gaz
            .find(doc, |i| doc.is_cap(i))
            .into_iter()
            .filter(|h| {
                doc.text[h.start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                    && !overlaps(h)
            })
            .map(|h| {
                let p = &self.info[*h.value];
                let name = if p.name == "Российская Федерация" {
                    "Россия".to_string()
                } else {
                    p.name.clone()
                };
                PlaceHit {
                    start: h.start,
                    end: h.end,
                    name,
                    region: p.region.clone(),
                }
            })
            .collect();
        out.extend(districts(doc));
        out
    }
}

/// "Свободненском районе" → "Свободненский район".
fn districts(doc: &Doc) -> Vec<PlaceHit> {
    let mut out = Vec::new();
    for i in 1..doc.toks.len() {
        let head = doc.ftok(i);
        if !head.starts_with("район") || head.len() > "районами".len() || !doc.is_cap(i - 1)
        {
            continue;
        }
        let adj = doc.tok(i - 1);
        if !adj.to_lowercase().contains("ск") {
            continue;
        }
        if let Some(nom) = adjective_nominative(adj, Gender::Masc) {
            if nom.ends_with("ский") || nom.ends_with("цкий") {
                out.push(PlaceHit {
                    start: doc.toks[i - 1].start,
                    end: doc.toks[i].end,
                    name: format!("{nom} район"),
                    region: None,
                });
            }
        }
    }
    out
}

/// Places as entities, skipping those inside `named` spans (people, bodies).
pub fn entities(doc: &Doc, hits: &[PlaceHit], named: &[(usize, usize)]) -> Vec<Place> {
    let mut tally = Tally::new();
    let named = SpanSet::new(named.iter().copied());
    for h in hits {
        if named.overlaps(h.start, h.end) {
            continue;
        }
        tally.add(&h.name, doc.char_pos(h.start), || Place {
            name: h.name.clone(),
            region: h.region.clone(),
            salience: Default::default(),
        });
    }
    tally.finish(|p, s| p.salience = s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cities_and_districts() {
        let cfg = ExtractConfig::default();
        let r = Regions::new(&cfg);
        let p = Places::new(&cfg, &r);
        let d = Doc::new(
            "Из Абинска, Славянска-на-Кубани и Набережных Челнов в Свободненском районе, Москве",
            &[],
        );
        let rh = r.find(&d);
        let names: Vec<String> = entities(&d, &p.find(&d, &rh), &[])
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(
            names,
            [
                "Абинск",
                "Славянск-на-Кубани",
                "Набережные Челны",
                "Свободненский район"
            ]
        );
    }
}
