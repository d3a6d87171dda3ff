//! Entities in a suspicious form: a name seen once that looks like a case
//! form of a better-attested one ("Кубани" beside "Кубань"), or a person's
//! name that does not look nominative.

use crate::extract::dict::{self, Tags};
use crate::model::Kept;
use crate::model::{Diagnostic, EntityKind, SiteGraph};
use std::collections::HashMap;
use std::path::Path;

/// Whether a person's name ("Имя Фамилия") looks like an oblique case form:
/// the extractor's dictionary reads its surname (the last word), or its
/// first name, as a surname or first name and in no reading as nominative
/// ("Антону Алиханову", "Денисом Мантуровым"). Without the dictionary
/// installed nothing looks oblique.
pub fn oblique_person(name: &str) -> bool {
    let Some(lex) = dict::lexicon() else {
        return false;
    };
    let oblique = |w: &str, tag: Tags| {
        let readings: Vec<_> = lex
            .analyse(&w.to_lowercase())
            .iter()
            .filter(|a| a.tags.has(tag))
            .map(|a| a.case)
            .collect();
        !readings.is_empty() && readings.iter().all(|c| *c != Some(0))
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => false,
        [one] => oblique(one, Tags::SURN),
        [first, .., last] => oblique(last, Tags::SURN) || oblique(first, Tags::NAME),
    }
}

/// The dictionary form of each word of a name, for spotting case forms of
/// one name: "Кубани" and "Кубань" share it, and so do "Краснодарского
/// края" and "Краснодарский край". A word the dictionary does not read
/// stays as it is (folded).
pub fn name_stem(name: &str) -> String {
    let lex = dict::lexicon();
    name.split_whitespace()
        .map(|w| {
            let w = crate::model::fold_name(w);
            lex.and_then(|l| {
                l.analyse(&w)
                    .first()
                    .map(|a| crate::model::fold_name(&a.lemma))
            })
            .unwrap_or(w)
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
