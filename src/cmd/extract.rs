//! `promdigest extract FILE…`: the cleaned article and its entities as JSON,
//! one object per file in the order given. The editors' debugging tool and
//! the stable interface the tests use (documented in the README).

use super::{exit, report};
use crate::model::entity::Body;
use crate::model::{Diagnostic, Dropped, Entities, Organization, Person, Place, Qualifier, Region};
use crate::{load, pipeline};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct Extracted<'a> {
    file: String,
    title: &'a str,
    title_inferred: bool,
    date: Option<String>,
    source: Option<&'a str>,
    paragraphs: &'a [String],
    dropped: Vec<DroppedOut<'a>>,
    #[serde(flatten)]
    entities: EntitiesOut<'a>,
}

/// [`Entities`] as `extract` prints them: each money sentence as its text
/// (the model keeps only where it is). Tests snapshot the same view.
#[derive(Serialize)]
pub struct EntitiesOut<'a> {
    regions: &'a [Region],
    bodies: &'a [Body],
    people: &'a [Person],
    organizations: &'a [Organization],
    places: &'a [Place],
    money: Vec<MoneyOut<'a>>,
}

#[derive(Serialize)]
pub struct MoneyOut<'a> {
    text: &'a str,
    rub: u64,
    qualifier: Option<Qualifier>,
    sentence: &'a str,
}

impl<'a> EntitiesOut<'a> {
    /// The view of `e`, extracted from this title and these paragraphs.
    pub fn new(e: &'a Entities, title: &'a str, paragraphs: &'a [String]) -> Self {
        EntitiesOut {
            regions: &e.regions,
            bodies: &e.bodies,
            people: &e.people,
            organizations: &e.organizations,
            places: &e.places,
            money: e
                .money
                .iter()
                .map(|m| MoneyOut {
                    text: &m.text,
                    rub: m.rub,
                    qualifier: m.qualifier,
                    sentence: m.sentence.text(title, paragraphs),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct DroppedOut<'a> {
    line: usize,
    text: &'a str,
    reason: crate::model::DropReason,
}

impl<'a> From<&'a Dropped> for DroppedOut<'a> {
    fn from(d: &'a Dropped) -> Self {
        DroppedOut {
            line: d.line,
            text: &d.text,
            reason: d.reason,
        }
    }
}

/// Extracts each file; returns the JSON text or the diagnostics.
pub fn run(root: &Path, files: &[PathBuf]) -> Result<String, Vec<Diagnostic>> {
    let extractor = match crate::config::load(root) {
        Ok(cfg) => pipeline::extractor(&cfg).map_err(|d| vec![d])?,
        // Outside a site, the built-in gazetteers are used.
        Err(_) => crate::extract::Extractor::new(&Default::default()),
    };
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for f in files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(f, 1, 1, format!("cannot read: {e}")));
                continue;
            }
        };
        let (doc, d) = load::load_bytes(f, &bytes);
        diags.extend(d.into_iter().filter(Diagnostic::is_error));
        let Some(doc) = doc else { continue };
        match pipeline::annotate_keeping_dropped(doc, &extractor) {
            Ok((a, dropped)) => out.push((a.doc, a.entities, dropped)),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let values: Vec<Extracted> = out
        .iter()
        .map(|(c, e, dropped)| Extracted {
            file: c.path.display().to_string(),
            title: &c.title,
            title_inferred: c.title_inferred,
            date: c.date.map(|d| d.to_string()),
            source: c.source.as_deref(),
            paragraphs: &c.plain,
            dropped: dropped.iter().map(DroppedOut::from).collect(),
            entities: EntitiesOut::new(e, &c.title, &c.plain),
        })
        .collect();
    Ok(serde_json::to_string_pretty(&values).expect("serialisable") + "\n")
}

pub fn main(root: &Path, files: &[PathBuf]) -> i32 {
    match run(root, files) {
        Ok(json) => {
            print!("{json}");
            exit::OK
        }
        Err(d) => {
            report::print_all(&d, Path::new("."));
            exit::CONTENT
        }
    }
}
