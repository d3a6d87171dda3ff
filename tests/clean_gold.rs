//! Line-level agreement of the cleaner with the hand labels: the five real
//! seed pages (must match exactly) and the 24 invented dev pages (content-line
//! F1 ≥ 0.98, every in-text headline and every date right).

use promdigest::clean::{classify, clean_text, Verdict};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    errors: Vec<String>,
}

fn check_corpus(gold_path: &str, raw_dir: &str) -> Score {
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
    let mut score = Score {
        tp: 0,
        fp: 0,
        fn_: 0,
        tn: 0,
        errors: Vec::new(),
    };
    let mut names: Vec<&String> = gold
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !k.starts_with('_'))
        .collect();
    names.sort();
    for name in names {
        let g = &gold[name];
        let raw = std::fs::read_to_string(Path::new(raw_dir).join(name)).unwrap();
        let verdicts: HashMap<usize, Verdict> = classify(&raw)
            .into_iter()
            .map(|v| (v.line, v.verdict))
            .collect();
        for l in g["lines"].as_array().unwrap() {
            let no = l["line"].as_u64().unwrap() as usize;
            let keep = l["keep"].as_bool().unwrap();
            let amb = l["ambiguous"].as_bool().unwrap();
            let got = verdicts.get(&no).copied();
            let kept = matches!(got, Some(Verdict::Title | Verdict::Content));
            if amb {
                continue;
            }
            match (keep, kept) {
                (true, true) => score.tp += 1,
                (false, false) => score.tn += 1,
                (true, false) => {
                    score.fn_ += 1;
                    score.errors.push(format!(
                        "{name}:{no} should keep ({}) got {got:?}: {}",
                        l["kind"], l["starts_with"]
                    ));
                }
                (false, true) => {
                    score.fp += 1;
                    score.errors.push(format!(
                        "{name}:{no} should drop ({}) got {got:?}: {}",
                        l["kind"], l["starts_with"]
                    ));
                }
            }
        }
        let c = clean_text(&raw);
        if g["title_in_text"].as_bool().unwrap() {
            if c.title.as_deref() != g["title"].as_str() || c.title_inferred {
                score.errors.push(format!(
                    "{name}: title {:?} (inferred {}) want {:?}",
                    c.title, c.title_inferred, g["title"]
                ));
            }
        } else if !c.title_inferred {
            score
                .errors
                .push(format!("{name}: title {:?} should be inferred", c.title));
        }
        let date = c.date.map(|d| d.to_string());
        let accepted: Vec<Option<String>> = g["accepted_dates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().map(String::from))
            .collect();
        let date_ok = accepted.iter().any(|a| match (a, &date) {
            (None, None) => true,
            (Some(a), Some(d)) => {
                a == d || (a.ends_with("-*") && d.starts_with(a.trim_end_matches('*')))
            }
            _ => false,
        });
        if !date_ok {
            score
                .errors
                .push(format!("{name}: date {date:?} want one of {accepted:?}"));
        }
        let sources: Vec<Option<String>> = g["accepted_sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().map(String::from))
            .collect();
        if !sources.contains(&c.source) {
            score.errors.push(format!(
                "{name}: source {:?} want one of {sources:?} (soft)",
                c.source
            ));
        }
    }
    score
}

fn f1(s: &Score) -> f64 {
    let p = s.tp as f64 / (s.tp + s.fp).max(1) as f64;
    let r = s.tp as f64 / (s.tp + s.fn_).max(1) as f64;
    2.0 * p * r / (p + r).max(f64::EPSILON)
}

#[test]
fn seeds_match_gold_line_by_line() {
    let s = check_corpus("tests/data/gold/clean.json", "tests/data/seeds");
    println!(
        "seeds: F1 {:.4} (tp {} fp {} fn {}), lines agreeing {}/{}",
        f1(&s),
        s.tp,
        s.fp,
        s.fn_,
        s.tp + s.tn,
        s.tp + s.tn + s.fp + s.fn_
    );
    for e in &s.errors {
        println!("  {e}");
    }
    let hard: Vec<_> = s.errors.iter().filter(|e| !e.ends_with("(soft)")).collect();
    assert!(hard.is_empty(), "{hard:#?}");
}

#[test]
fn dev_pages_reach_f1_and_metadata() {
    let s = check_corpus("tests/data/dev/clean.json", "tests/data/dev/raw");
    let f = f1(&s);
    println!(
        "dev: F1 {f:.4} (tp {} fp {} fn {}), lines agreeing {}/{}",
        s.tp,
        s.fp,
        s.fn_,
        s.tp + s.tn,
        s.tp + s.tn + s.fp + s.fn_
    );
    for e in &s.errors {
        println!("  {e}");
    }
    let meta: Vec<_> = s
        .errors
        .iter()
        .filter(|e| e.contains(": title") || e.contains(": date"))
        .collect();
    assert!(f >= 0.98, "dev F1 {f:.4}");
    assert!(meta.is_empty(), "{meta:#?}");
}

/// `CLEAN_FILE=path cargo test --test clean_gold show -- --ignored --nocapture`
#[test]
#[ignore]
fn show() {
    let path = std::env::var("CLEAN_FILE").unwrap();
    let raw = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = raw.split('\n').collect();
    for v in classify(&raw) {
        let t: String = lines[v.line - 1].chars().take(70).collect();
        println!("{:>3} {:<28} {}", v.line, format!("{:?}", v.verdict), t);
    }
    let c = clean_text(&raw);
    println!(
        "title {:?} inferred {} date {:?} source {:?}",
        c.title, c.title_inferred, c.date, c.source
    );
    for p in &c.paragraphs {
        println!("  ¶ {}", p.chars().take(120).collect::<String>());
    }
    for d in &c.dropped {
        println!(
            "  x {} {:?} {}",
            d.line,
            d.reason,
            d.text.chars().take(80).collect::<String>()
        );
    }
}
