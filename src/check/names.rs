//! Entities in a suspicious form: a name seen once that looks like a case
//! form of a better-attested one ("Кубани" beside "Кубань"), or a person's
//! name that does not look nominative.

use crate::model::{Diagnostic, EntityKind, SiteGraph};
use crate::pipeline::Kept;
use std::collections::HashMap;
use std::path::Path;

/// Endings of Russian oblique cases that a nominative surname rarely has.
const OBLIQUE_SURNAME: &[&str] = &[
    "ову", "еву", "ёву", "ину", "ыну", "овым", "евым", "иным", "ого", "его", "ому", "ему", "ыми",
];
/// Endings of first names in the dative or instrumental case.
const OBLIQUE_FIRST: &[&str] = &["ану", "ею", "ием", "еем", "аем", "ом"];

/// Whether a person's name ("Имя Фамилия") looks like an oblique case form.
pub fn oblique_person(name: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let ends = |w: &str, list: &[&str]| {
        list.iter()
            .any(|e| w.ends_with(e) && w.chars().count() > e.chars().count() + 2)
    };
    match words.as_slice() {
        [] => false,
        [one] => ends(one, OBLIQUE_SURNAME),
        [first, .., last] => ends(last, OBLIQUE_SURNAME) || ends(first, OBLIQUE_FIRST),
    }
}

/// Case endings stripped to compare names: "Кубани" and "Кубань" share a stem.
const ENDINGS: &[&str] = &[
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ий", "ый", "ой", "ей", "ая", "яя",
    "ое", "ее", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ия", "ии", "ию", "й", "ь", "а",
    "я", "у", "ю", "е", "ы", "и", "о",
];

/// A rough stem of each word of a name, for spotting case forms of one name.
pub fn name_stem(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let w = crate::model::fold_name(w);
            ENDINGS
                .iter()
                .find(|e| w.ends_with(*e) && w.chars().count() >= e.chars().count() + 3)
                .map_or(w.clone(), |e| w[..w.len() - e.len()].to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A warning for each entity seen in one article only whose name looks
/// like a case form.
pub(super) fn suspicious(g: &SiteGraph, by_path: &HashMap<&Path, &Kept>) -> Vec<Diagnostic> {
    // The best-attested entity for each (kind, stem).
    let mut best: HashMap<(EntityKind, String), usize> = HashMap::new();
    for (i, e) in g.entities.iter().enumerate() {
        let k = (e.kind(), name_stem(&e.name));
        let slot = best.entry(k).or_insert(i);
        if g.entities[*slot].articles.len() < e.articles.len() {
            *slot = i;
        }
    }
    let mut out = Vec::new();
    for e in g.entities.iter().filter(|e| e.articles.len() == 1) {
        let a = &g.articles[e.articles[0].0].doc;
        let other = best
            .get(&(e.kind(), name_stem(&e.name)))
            .map(|&i| &g.entities[i])
            .filter(|o| o.key != e.key && o.articles.len() > 1);
        let why = if let Some(o) = other {
            format!(
                "looks like a case form of {:?} (in {} articles)",
                o.name,
                o.articles.len()
            )
        } else if e.kind() == EntityKind::Person && oblique_person(&e.name) {
            "the name does not look nominative".to_string()
        } else {
            continue;
        };
        let (line, col) = by_path
            .get(a.path.as_path())
            .map_or((1, 1), |k| super::locate(&k.source, &e.name));
        out.push(
            Diagnostic::warning(
                &a.path,
                line,
                col,
                format!("{} {:?} is seen only here and {why}", kind_word(e.kind()), e.name),
            )
            .with_hint("if the name is misrecognised, rephrase the sentence or report it to the extraction rules")
            .with_code("suspicious-entity"),
        );
    }
    out
}

fn kind_word(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Region => "region",
        EntityKind::Body => "body",
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oblique_person_names() {
        assert!(oblique_person("Антону Алиханову"));
        assert!(oblique_person("Денисом Мантуровым"));
        assert!(!oblique_person("Антон Алиханов"));
        assert!(!oblique_person("Вениамин Кондратьев"));
        assert!(!oblique_person("Ольга Кукшенёва"));
    }

    #[test]
    fn stems_join_case_forms() {
        assert_eq!(name_stem("Кубани"), name_stem("Кубань"));
        assert_eq!(
            name_stem("Краснодарского края"),
            name_stem("Краснодарский край")
        );
        assert_ne!(name_stem("Омск"), name_stem("Томск"));
    }
}
