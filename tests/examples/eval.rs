//! `cargo run --release --example eval -- DIR [--part tune|measure|all] [--quiet]`
//!
//! Scores the cleaner and the recognisers against a folder labelled in the
//! dev format (`DIR/raw/*.txt`, `DIR/clean.json`, `DIR/entities.json`; see
//! `tests/data/real/README.md`) and prints per-field precision, recall and F1
//! plus every error, so each change is measured in one command.
//!
//! Two entity scores are printed: end to end (raw page → our cleaner → our
//! recognisers, what a reader sees) and on the labelled clean text (the
//! recognisers alone, so a cleaner error is not counted twice).
//!
//! `--part`: the real pages are split by number inside each batch — odd
//! numbers (rA01, rA03 …) are the part we tune on, even numbers the part we
//! measure on. Folders whose files are not numbered that way count as one part.
//!
//! Matching: names are compared after `fold_name` (case, ё, spaces) and
//! typographic quotes/dashes are unified; a predicted entity is right when it
//! equals the gold name or one of its aliases; optional gold entities are
//! neither rewarded nor punished. A date is right when it is one of
//! `accepted_dates` (null included); an outlet when it is one of
//! `accepted_sources`.

use promdigest::clean::{classify, Verdict};
use promdigest::extract::{ExtractConfig, Extractor};
use promdigest::model::{fold_name, Entities};
use promdigest::{clean, load};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

// The same precision/recall counts the extraction tests use.
#[path = "../common/mod.rs"]
mod common;
use common::Score as Prf;

fn add(into: &mut Prf, o: Prf) {
    into.tp += o.tp;
    into.fp += o.fp;
    into.fn_ += o.fn_;
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Canonical form for comparing names: folded, typographic quotes and dashes
/// unified.
fn key(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '«' | '»' | '“' | '”' | '„' | '"' => '"',
            '–' | '—' | '‑' => '-',
            c => c,
        })
        .collect();
    fold_name(&s)
}

const KINDS: [&str; 5] = ["regions", "bodies", "people", "orgs", "money"];

#[derive(Default)]
struct Report {
    files: usize,
    lines: Prf,
    titles_in_text: usize,
    titles_right: usize,
    titles_absent: usize,
    titles_absent_right: usize,
    dates_right: usize,
    dates_wrong: usize,
    outlets_right: usize,
    ents: BTreeMap<&'static str, Prf>,
    oracle: BTreeMap<&'static str, Prf>,
    roles: (usize, usize),
    errors: Vec<String>,
}

/// One gold entity: accepted keys, optional.
type GoldSet = Vec<(Vec<String>, bool)>;

fn gold_sets(e: &Value) -> BTreeMap<&'static str, GoldSet> {
    let names = |v: &Value| -> Vec<String> {
        let mut n = vec![key(v["name"].as_str().unwrap_or_default())];
        if let Some(a) = v["aliases"].as_array() {
            n.extend(a.iter().filter_map(Value::as_str).map(key));
        }
        n
    };
    let opt = |v: &Value| v["optional"].as_bool().unwrap_or(false);
    let list = |k: &str| e[k].as_array().cloned().unwrap_or_default();
    let mut m = BTreeMap::new();
    let mut regions: GoldSet = list("regions")
        .iter()
        .filter_map(Value::as_str)
        .map(|r| (vec![key(r)], false))
        .collect();
    regions.extend(
        list("regions_optional")
            .iter()
            .filter_map(Value::as_str)
            .map(|r| (vec![key(r)], true)),
    );
    m.insert("regions", regions);
    for (k, field) in [
        ("bodies", "bodies"),
        ("people", "people"),
        ("orgs", "organizations"),
    ] {
        m.insert(k, list(field).iter().map(|v| (names(v), opt(v))).collect());
    }
    m.insert(
        "money",
        list("money")
            .iter()
            .map(|v| (vec![v["rub"].as_u64().unwrap_or(0).to_string()], opt(v)))
            .collect(),
    );
    m
}

fn predicted(e: &Entities) -> BTreeMap<&'static str, Vec<(String, Vec<String>)>> {
    let mut m = BTreeMap::new();
    let one = |n: &str| (key(n), Vec::new());
    m.insert("regions", e.regions.iter().map(|r| one(&r.name)).collect());
    m.insert(
        "bodies",
        e.bodies
            .iter()
            .map(|b| {
                let mut alts: Vec<String> = b.aliases.iter().map(|a| key(a)).collect();
                alts.extend(b.full_name.as_deref().map(key));
                (key(&b.name), alts)
            })
            .collect(),
    );
    m.insert("people", e.people.iter().map(|p| one(&p.name)).collect());
    m.insert(
        "orgs",
        e.organizations
            .iter()
            .map(|o| {
                (
                    key(&o.name),
                    o.short.as_deref().map(key).into_iter().collect(),
                )
            })
            .collect(),
    );
    let mut money: Vec<u64> = e.money.iter().map(|m| m.rub).collect();
    money.sort_unstable();
    money.dedup();
    m.insert(
        "money",
        money
            .into_iter()
            .map(|r| (r.to_string(), Vec::new()))
            .collect(),
    );
    m
}

/// Scores one kind: a prediction matches a gold entry when its name (or,
/// failing that, one of its own alternative names) is among the entry's keys.
fn score(pred: &[(String, Vec<String>)], gold: &GoldSet) -> (Prf, Vec<String>, Vec<String>) {
    let mut s = Prf::default();
    let mut used = vec![false; gold.len()];
    let mut extra = Vec::new();
    for (name, alts) in pred {
        let hit = gold.iter().position(|(k, _)| k.contains(name)).or_else(|| {
            gold.iter()
                .position(|(k, _)| alts.iter().any(|a| k.contains(a)))
        });
        match hit {
            Some(i) => {
                if !gold[i].1 && !used[i] {
                    s.tp += 1;
                }
                used[i] = true;
            }
            None => {
                s.fp += 1;
                extra.push(name.clone());
            }
        }
    }
    let mut missing = Vec::new();
    for (i, (k, opt)) in gold.iter().enumerate() {
        if !opt && !used[i] {
            s.fn_ += 1;
            missing.push(k[0].clone());
        }
    }
    (s, extra, missing)
}

fn score_entities(
    file: &str,
    label: &str,
    e: &Entities,
    gold: &BTreeMap<&'static str, GoldSet>,
    into: &mut BTreeMap<&'static str, Prf>,
    errors: &mut Vec<String>,
) {
    let pred = predicted(e);
    for k in KINDS {
        let (s, extra, missing) = score(&pred[k], &gold[k]);
        add(into.entry(k).or_default(), s);
        if !extra.is_empty() || !missing.is_empty() {
            errors.push(format!(
                "{file} {label}{k}: extra {extra:?} missing {missing:?}"
            ));
        }
    }
}

/// Tuning part = odd page numbers within each batch (rA01, rA03, …).
fn part_of(file: &str) -> Option<&'static str> {
    let digits: String = file
        .trim_end_matches(".txt")
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    let n: u32 = digits.chars().rev().collect::<String>().parse().ok()?;
    Some(if n % 2 == 1 { "tune" } else { "measure" })
}

/// The labelled lines of a gold entry as the extractor's input.
fn gold_clean_text(raw: &str, g: &Value) -> (String, Vec<String>) {
    let lines: Vec<&str> = raw.split('\n').collect();
    let mut title = g["title"].as_str().unwrap_or_default().to_string();
    let mut paragraphs = Vec::new();
    for l in g["lines"].as_array().into_iter().flatten() {
        if !l["keep"].as_bool().unwrap_or(false) {
            continue;
        }
        let n = l["line"].as_u64().unwrap_or(0) as usize;
        let Some(text) = lines.get(n.wrapping_sub(1)) else {
            continue;
        };
        let text = text
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
    (title, paragraphs)
}

fn eval_file(
    dir: &Path,
    file: &str,
    g: &Value,
    ge: &Value,
    x: &Extractor,
    r: &mut Report,
    roles: &mut (usize, usize),
) {
    let path = dir.join("raw").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    r.files += 1;

    // Lines.
    let verdicts: HashMap<usize, Verdict> = classify(&raw)
        .into_iter()
        .map(|v| (v.line, v.verdict))
        .collect();
    for l in g["lines"].as_array().into_iter().flatten() {
        if l["ambiguous"].as_bool().unwrap_or(false) {
            continue;
        }
        let no = l["line"].as_u64().unwrap_or(0) as usize;
        let keep = l["keep"].as_bool().unwrap_or(false);
        let got = verdicts.get(&no).copied();
        let kept = matches!(got, Some(Verdict::Title | Verdict::Content));
        match (keep, kept) {
            (true, true) => r.lines.tp += 1,
            (false, false) => {}
            (true, false) => {
                r.lines.fn_ += 1;
                r.errors.push(format!(
                    "{file}:{no} line: should keep ({}) got {got:?}: {}",
                    l["kind"].as_str().unwrap_or("?"),
                    l["starts_with"].as_str().unwrap_or("")
                ));
            }
            (false, true) => {
                r.lines.fp += 1;
                r.errors.push(format!(
                    "{file}:{no} line: should drop ({}) got {got:?}: {}",
                    l["kind"].as_str().unwrap_or("?"),
                    l["starts_with"].as_str().unwrap_or("")
                ));
            }
        }
    }

    // Whole document through load → clean.
    let (doc, _) = load::load_bytes(&path, &bytes);
    let clean = doc.and_then(|d| clean::run(d).0).map(|(c, _)| c);
    let Some(c) = clean else {
        r.errors.push(format!("{file}: did not load or clean"));
        return;
    };
    if g["title_in_text"].as_bool().unwrap_or(false) {
        r.titles_in_text += 1;
        let want = g["title"].as_str().unwrap_or_default();
        if !c.title_inferred && key(&c.title) == key(want) {
            r.titles_right += 1;
        } else {
            r.errors.push(format!(
                "{file} title: got {:?}{} want {want:?}",
                c.title,
                if c.title_inferred { " (inferred)" } else { "" }
            ));
        }
    } else {
        r.titles_absent += 1;
        if c.title_inferred {
            r.titles_absent_right += 1;
        } else {
            r.errors
                .push(format!("{file} title: got {:?}, page has none", c.title));
        }
    }
    let date = c.date.map(|d| d.to_string());
    let dates: Vec<Option<String>> = g["accepted_dates"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_str().map(String::from))
        .collect();
    if dates.contains(&date) {
        r.dates_right += 1;
    } else {
        if date.is_some() {
            r.dates_wrong += 1;
        }
        r.errors
            .push(format!("{file} date: got {date:?} want one of {dates:?}"));
    }
    let source = c.source.as_deref().map(key);
    let sources: Vec<Option<String>> = g["accepted_sources"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_str().map(key))
        .collect();
    if sources.contains(&source) {
        r.outlets_right += 1;
    } else {
        r.errors.push(format!(
            "{file} outlet: got {:?} want one of {:?}",
            c.source, g["accepted_sources"]
        ));
    }

    // Entities, end to end and on the labelled text.
    let gold = gold_sets(ge);
    let e = x.extract_clean(&c);
    score_entities(file, "", &e, &gold, &mut r.ents, &mut r.errors);
    let (t, p) = gold_clean_text(&raw, g);
    let e = x.extract(&t, &p);
    let mut oracle_errors = Vec::new();
    score_entities(
        file,
        "oracle ",
        &e,
        &gold,
        &mut r.oracle,
        &mut oracle_errors,
    );
    r.errors.extend(oracle_errors);
    for p in ge["people"].as_array().into_iter().flatten() {
        if p["optional"].as_bool().unwrap_or(false) {
            continue;
        }
        let name = key(p["name"].as_str().unwrap_or_default());
        if let Some(found) = e.people.iter().find(|q| key(&q.name) == name) {
            roles.1 += 1;
            let want = p["role"].as_str().map(key);
            let got = found.role.as_deref().map(key);
            if want == got {
                roles.0 += 1;
            } else {
                r.errors
                    .push(format!("{file} role of {name}: got {got:?} want {want:?}"));
            }
        }
    }
}

fn print(name: &str, r: &Report, quiet: bool) {
    println!("== {name}: {} pages", r.files);
    if !quiet {
        for e in &r.errors {
            println!("  {e}");
        }
    }
    println!(
        "clean lines   P={:.3} R={:.3} F1={:.3}",
        r.lines.p(),
        r.lines.r(),
        r.lines.f1()
    );
    println!(
        "headline      {}/{} exact ({:.0}%), {}/{} absent pages inferred",
        r.titles_right,
        r.titles_in_text,
        100.0 * ratio(r.titles_right, r.titles_in_text),
        r.titles_absent_right,
        r.titles_absent
    );
    println!(
        "date          {}/{} accepted, {} wrong",
        r.dates_right, r.files, r.dates_wrong
    );
    println!(
        "outlet        {}/{} accepted ({:.0}%)",
        r.outlets_right,
        r.files,
        100.0 * ratio(r.outlets_right, r.files)
    );
    for k in KINDS {
        let s = r.ents.get(k).copied().unwrap_or_default();
        let o = r.oracle.get(k).copied().unwrap_or_default();
        println!(
            "{k:8}      end-to-end P={:.3} R={:.3} F1={:.3} | on labelled text P={:.3} R={:.3} F1={:.3} (tp {} fp {} fn {})",
            s.p(),
            s.r(),
            s.f1(),
            o.p(),
            o.r(),
            o.f1(),
            o.tp,
            o.fp,
            o.fn_
        );
    }
    println!("roles         {}/{} right", r.roles.0, r.roles.1);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut part = "all".to_string();
    let mut quiet = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--part" => part = args.next().expect("--part tune|measure|all"),
            "--quiet" | "-q" => quiet = true,
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.expect("usage: eval DIR [--part tune|measure|all] [--quiet]");
    let read = |f: &str| -> Value {
        let p = dir.join(f);
        serde_json::from_str(
            &std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let clean = read("clean.json");
    let ents = read("entities.json");
    let x = Extractor::new(&ExtractConfig::default());
    let mut reports: BTreeMap<&'static str, Report> = BTreeMap::new();
    let mut files: Vec<&String> = clean
        .as_object()
        .expect("clean.json is an object")
        .keys()
        .filter(|k| !k.starts_with('_'))
        .collect();
    files.sort();
    for f in files {
        let p = part_of(f).unwrap_or("all");
        if part != "all" && p != part {
            continue;
        }
        let r = reports.entry(p).or_default();
        let mut roles = r.roles;
        eval_file(&dir, f, &clean[f], &ents[f], &x, r, &mut roles);
        r.roles = roles;
    }
    for (name, r) in &reports {
        print(name, r, quiet);
    }
}
