//! Test helpers: build extractor input from the clean labels, since the
//! cleaner is a separate stage. Title = the kept line of kind "title" (or
//! the labelled `title`), paragraphs = the other kept lines, in order.
#![allow(dead_code)]

use std::path::Path;

use serde_json::Value;

/// One labelled article: file name, title, paragraphs.
pub struct Article {
    pub file: String,
    pub title: String,
    pub paragraphs: Vec<String>,
}

/// Loads every article of a `clean.json` whose raw files live in `raw_dir`.
pub fn load_clean(clean_json: &str, raw_dir: &str) -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let clean: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(clean_json)).unwrap()).unwrap();
    let mut out = Vec::new();
    for (file, entry) in clean.as_object().unwrap() {
        if file.starts_with('_') {
            continue;
        }
        let raw = std::fs::read_to_string(root.join(raw_dir).join(file)).unwrap();
        let lines: Vec<&str> = raw.split('\n').collect();
        let mut title = entry["title"].as_str().unwrap_or_default().to_string();
        let mut paragraphs = Vec::new();
        for l in entry["lines"].as_array().unwrap() {
            if !l["keep"].as_bool().unwrap_or(false) {
                continue;
            }
            let n = l["line"].as_u64().unwrap() as usize;
            let text = lines[n - 1]
                .trim_end_matches('\r')
                .replace('\u{a0}', " ")
                .trim()
                .to_string();
            if l["kind"] == "title" {
                title = text;
            } else {
                paragraphs.push(text);
            }
        }
        out.push(Article {
            file: file.clone(),
            title,
            paragraphs,
        });
    }
    out
}

/// Gold entities of one file: (name, aliases, optional) per type.
pub struct Gold {
    pub regions: Vec<(Vec<String>, bool)>,
    pub bodies: Vec<(Vec<String>, bool)>,
    pub people: Vec<(Vec<String>, bool, Option<String>)>,
    pub orgs: Vec<(Vec<String>, bool)>,
    pub money: Vec<(u64, bool)>,
}

fn names(v: &Value) -> Vec<String> {
    let mut n = vec![v["name"].as_str().unwrap().to_string()];
    if let Some(a) = v["aliases"].as_array() {
        n.extend(a.iter().map(|x| x.as_str().unwrap().to_string()));
    }
    n
}

pub fn load_gold(path: &str) -> std::collections::BTreeMap<String, Gold> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(path)).unwrap()).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for (file, e) in v.as_object().unwrap() {
        if file.starts_with('_') {
            continue;
        }
        let opt = |x: &Value| x["optional"].as_bool().unwrap_or(false);
        let mut regions: Vec<(Vec<String>, bool)> = e["regions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (vec![r.as_str().unwrap().to_string()], false))
            .collect();
        if let Some(o) = e["regions_optional"].as_array() {
            regions.extend(
                o.iter()
                    .map(|r| (vec![r.as_str().unwrap().to_string()], true)),
            );
        }
        out.insert(
            file.clone(),
            Gold {
                regions,
                bodies: e["bodies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| (names(b), opt(b)))
                    .collect(),
                people: e["people"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (names(p), opt(p), p["role"].as_str().map(String::from)))
                    .collect(),
                orgs: e["organizations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| (names(b), opt(b)))
                    .collect(),
                money: e["money"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| (m["rub"].as_u64().unwrap(), opt(m)))
                    .collect(),
            },
        );
    }
    out
}

/// Precision/recall counts of one type.
#[derive(Default, Debug, Clone, Copy)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Score {
    pub fn p(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn r(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores predicted keys against gold entries (each a list of accepted keys
/// and an optional flag). Returns the score plus the false positives and the
/// misses, for the report.
pub fn score<K: PartialEq + Clone + std::fmt::Debug>(
    predicted: &[K],
    gold: &[(Vec<K>, bool)],
) -> (Score, Vec<K>, Vec<K>) {
    let mut s = Score::default();
    let mut used = vec![false; gold.len()];
    let mut fps = Vec::new();
    for p in predicted {
        match gold.iter().position(|(keys, _)| keys.contains(p)) {
            Some(i) => {
                if !gold[i].1 && !used[i] {
                    s.tp += 1;
                }
                used[i] = true;
            }
            None => {
                s.fp += 1;
                fps.push(p.clone());
            }
        }
    }
    let mut misses = Vec::new();
    for (i, (keys, opt)) in gold.iter().enumerate() {
        if !opt && !used[i] {
            s.fn_ += 1;
            misses.push(keys[0].clone());
        }
    }
    (s, fps, misses)
}

/// Own articles: `oNN.txt`, first line the title, other non-blank lines
/// paragraphs.
pub fn load_plain(dir: &str) -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|f| f.ends_with(".txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(root.join(&f)).unwrap();
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let title = lines.next().unwrap_or_default().to_string();
            Article {
                file: f,
                title,
                paragraphs: lines.map(String::from).collect(),
            }
        })
        .collect()
}
