//! A city's own administration: "администрации Комсомольска-на-Амуре",
//! "администрация города Ельца", "мэрии Новосибирска". The regional-body
//! grammar in [`super::bodies`] needs a federal subject after the head
//! word; a city is a place ([`super::places`]), so its administration is
//! read here, from the place hits, once cities are known.
//!
//! The name is given as such bodies name themselves — "Администрация
//! города <город в родительном падеже>" — with the city as the text spells
//! it in the genitive, which is the case the head word governs.

use super::bodies::BodyHit;
use super::places::PlaceHit;
use super::text::Doc;
use crate::model::entity::Level;
use std::sync::Arc;

/// Head words of a city's executive, folded, as prefixes of any case form.
const HEADS: [&str; 2] = ["администрац", "мэри"];

/// Words that may stand between the head and the city.
const BETWEEN: [&str; 3] = ["города", "г", "г."];

/// The administrations of cities named right after their head word.
pub fn find(doc: &Doc, places: &[PlaceHit]) -> Vec<BodyHit> {
    places
        .iter()
        .filter(|p| p.region.is_some())
        .filter_map(|p| at(doc, p))
        .collect()
}

fn at(doc: &Doc, p: &PlaceHit) -> Option<BodyHit> {
    let city = doc.tok_at(p.start);
    let mut head = city.checked_sub(1)?;
    if doc.is_punct(head, ".") && head >= 1 && doc.ftok(head - 1) == "г" {
        head = head.checked_sub(2)?;
    } else if doc.is_word(head) && BETWEEN.contains(&doc.ftok(head)) {
        head = head.checked_sub(1)?;
    }
    if !doc.is_word(head) || !HEADS.iter().any(|h| doc.ftok(head).starts_with(h)) {
        return None;
    }
    let written = &doc.text[p.start..p.end];
    // The head governs the genitive: a city written as its nominative
    // ("администрация Елец") is some other construction.
    if written == p.name {
        return None;
    }
    Some(BodyHit {
        start: doc.toks[head].start,
        end: p.end,
        name: format!("Администрация города {written}"),
        full_name: None,
        aliases: Arc::from(Vec::new()),
        level: Level::Municipal,
        region: p.region.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::ExtractConfig;
    use super::super::{places::Places, regions::Regions};
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let cfg = ExtractConfig::default();
        let r = Regions::new(&cfg);
        let p = Places::new(&cfg, &r);
        let d = Doc::new(text, &[]);
        let hits = p.find(&d, &r.find(&d));
        find(&d, &hits).into_iter().map(|b| b.name).collect()
    }

    #[test]
    fn a_city_after_its_administration_is_a_municipal_body() {
        assert_eq!(
            names("В совещании участвовали представители администрации Комсомольска-на-Амуре."),
            ["Администрация города Комсомольска-на-Амуре"]
        );
        assert_eq!(
            names("Глава администрации города Комсомольска-на-Амуре заявил"),
            ["Администрация города Комсомольска-на-Амуре"]
        );
        // A city alone, or after another word, is a place only.
        assert!(names("Завод в Комсомольске-на-Амуре построят к 2026 году.").is_empty());
        assert!(names("жители Комсомольска-на-Амуре").is_empty());
    }
}
