//! Generalisation check: pages in styles the rules were not tuned on
//! (`tests/data/own/`, written before tuning). Each page's expected title,
//! date, outlet and paragraph starts are in `expected.json`.

use promdigest::clean::clean_text;
use serde_json::Value;

#[test]
fn own_pages_clean_as_expected() {
    let dir = "tests/data/own";
    let exp: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/expected.json")).unwrap())
            .unwrap();
    let mut names: Vec<&String> = exp
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !k.starts_with('_'))
        .collect();
    names.sort();
    let mut failures = Vec::new();
    let total = names.len();
    for name in names {
        let e = &exp[name];
        let raw = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let c = clean_text(&raw);
        let mut errs = Vec::new();
        match e["title"].as_str() {
            Some(t) if c.title.as_deref() != Some(t) || c.title_inferred => {
                errs.push(format!("title {:?}", c.title))
            }
            None if !c.title_inferred => errs.push(format!("title {:?} not inferred", c.title)),
            _ => {}
        }
        let date = c.date.map(|d| d.to_string());
        if date.as_deref() != e["date"].as_str() {
            errs.push(format!("date {date:?}"));
        }
        let sources: Vec<Option<&str>> = e["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str())
            .collect();
        if !sources.contains(&c.source.as_deref()) {
            errs.push(format!("source {:?}", c.source));
        }
        let want: Vec<&str> = e["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let ok = want.len() == c.paragraphs.len()
            && want
                .iter()
                .zip(&c.paragraphs)
                .all(|(w, p)| p.starts_with(w));
        if !ok {
            errs.push(format!(
                "paragraphs {:#?}",
                c.paragraphs
                    .iter()
                    .map(|p| p.chars().take(50).collect::<String>())
                    .collect::<Vec<_>>()
            ));
        }
        for s in e["contains"].as_array().unwrap() {
            let s = s.as_str().unwrap();
            if !c.paragraphs.iter().any(|p| p.contains(s)) {
                errs.push(format!("no paragraph contains {s:?}"));
            }
        }
        if !errs.is_empty() {
            failures.push(format!("{name}: {}", errs.join("; ")));
        }
    }
    println!("own pages: {}/{total} fully right", total - failures.len());
    for f in &failures {
        println!("  {f}");
    }
    assert!(failures.is_empty());
}
