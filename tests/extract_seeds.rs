//! Entity extraction against the labelled corpora:
//! * seeds (5 real articles): every required gold entity is found and
//!   nothing outside the gold (optional entries included) is produced;
//! * dev (24 invented pages) and own articles: per-type F1 above the issue's
//!   targets, with the report printed (`cargo test --test extract_seeds -- --nocapture`).

mod common;

use common::{load_clean, load_gold, load_plain, score, Article, Gold, Score};
use promdigest::extract::{ExtractConfig, Extractor};
use promdigest::model::{fold_name, Entities};

#[derive(Default)]
struct Report {
    regions: Score,
    bodies: Score,
    people: Score,
    orgs: Score,
    money: Score,
    roles_right: usize,
    roles_total: usize,
    problems: Vec<String>,
}

fn add(a: &mut Score, b: Score) {
    a.tp += b.tp;
    a.fp += b.fp;
    a.fn_ += b.fn_;
}

fn folded(v: &[(Vec<String>, bool)]) -> Vec<(Vec<String>, bool)> {
    v.iter()
        .map(|(k, o)| (k.iter().map(|s| fold_name(s)).collect(), *o))
        .collect()
}

fn evaluate(file: &str, e: &Entities, g: &Gold, r: &mut Report) {
    let note = |r: &mut Report, kind: &str, fps: Vec<String>, misses: Vec<String>| {
        if !fps.is_empty() || !misses.is_empty() {
            r.problems
                .push(format!("{file} {kind}: extra {fps:?} missing {misses:?}"));
        }
    };
    let regions: Vec<String> = e.regions.iter().map(|x| fold_name(&x.name)).collect();
    let (s, f, m) = score(&regions, &folded(&g.regions));
    add(&mut r.regions, s);
    note(r, "regions", f, m);

    let bodies: Vec<String> = e.bodies.iter().map(|x| fold_name(&x.name)).collect();
    let (s, f, m) = score(&bodies, &folded(&g.bodies));
    add(&mut r.bodies, s);
    note(r, "bodies", f, m);

    let gp: Vec<(Vec<String>, bool)> = g.people.iter().map(|(k, o, _)| (k.clone(), *o)).collect();
    let people: Vec<String> = e.people.iter().map(|x| fold_name(&x.name)).collect();
    let (s, f, m) = score(&people, &folded(&gp));
    add(&mut r.people, s);
    note(r, "people", f, m);
    for (keys, opt, role) in &g.people {
        if *opt {
            continue;
        }
        if let Some(p) = e
            .people
            .iter()
            .find(|p| fold_name(&p.name) == fold_name(&keys[0]))
        {
            r.roles_total += 1;
            let want = role.as_deref().map(fold_name);
            let got = p.role.as_deref().map(fold_name);
            if want == got {
                r.roles_right += 1;
            } else {
                r.problems.push(format!(
                    "{file} role of {}: got {got:?} want {want:?}",
                    keys[0]
                ));
            }
        }
    }

    let go = folded(&g.orgs);
    let orgs: Vec<String> = e
        .organizations
        .iter()
        .map(|o| {
            let n = fold_name(&o.name);
            match &o.short {
                Some(s) if !go.iter().any(|(k, _)| k.contains(&n)) => fold_name(s),
                _ => n,
            }
        })
        .collect();
    let (s, f, m) = score(&orgs, &go);
    add(&mut r.orgs, s);
    note(r, "orgs", f, m);

    let gm: Vec<(Vec<u64>, bool)> = g.money.iter().map(|(v, o)| (vec![*v], *o)).collect();
    let mut money: Vec<u64> = e.money.iter().map(|m| m.rub).collect();
    money.dedup();
    let (s, f, m) = score(&money, &gm);
    add(&mut r.money, s);
    if !f.is_empty() || !m.is_empty() {
        r.problems
            .push(format!("{file} money: extra {f:?} missing {m:?}"));
    }
}

fn run(articles: &[Article], gold: &std::collections::BTreeMap<String, Gold>) -> Report {
    let x = Extractor::new(&ExtractConfig::default());
    let mut r = Report::default();
    for a in articles {
        let e = x.extract(&a.title, &a.paragraphs);
        let g = gold
            .get(&a.file)
            .unwrap_or_else(|| panic!("no gold for {}", a.file));
        evaluate(&a.file, &e, g, &mut r);
    }
    r
}

fn print(name: &str, r: &Report) {
    println!("== {name}");
    for (k, s) in [
        ("regions", r.regions),
        ("bodies", r.bodies),
        ("people", r.people),
        ("orgs", r.orgs),
        ("money", r.money),
    ] {
        println!(
            "{k:8} P={:.3} R={:.3} F1={:.3} (tp {} fp {} fn {})",
            s.p(),
            s.r(),
            s.f1(),
            s.tp,
            s.fp,
            s.fn_
        );
    }
    println!("roles {}/{}", r.roles_right, r.roles_total);
    for p in &r.problems {
        println!("  {p}");
    }
}

#[test]
fn seeds_all_required_found_nothing_rejected() {
    let arts = load_clean("tests/data/gold/clean.json", "tests/data/seeds");
    let gold = load_gold("tests/data/gold/entities.json");
    let r = run(&arts, &gold);
    print("seeds", &r);
    for s in [r.regions, r.bodies, r.people, r.orgs, r.money] {
        assert_eq!((s.fp, s.fn_), (0, 0), "see the report above");
    }
}

#[test]
fn dev_f1_targets() {
    let arts = load_clean("tests/data/dev/clean.json", "tests/data/dev/raw");
    let gold = load_gold("tests/data/dev/entities.json");
    let r = run(&arts, &gold);
    print("dev", &r);
    assert!(r.people.f1() >= 0.95, "people F1 {:.3}", r.people.f1());
    assert!(r.regions.f1() >= 0.97, "regions F1 {:.3}", r.regions.f1());
    assert!(r.bodies.f1() >= 0.85, "bodies F1 {:.3}", r.bodies.f1());
    assert!(r.orgs.f1() >= 0.80, "orgs F1 {:.3}", r.orgs.f1());
    assert!(r.money.f1() >= 0.95, "money F1 {:.3}", r.money.f1());
}

#[test]
fn own_articles_f1_targets() {
    let arts = load_plain("tests/data/entities_own");
    assert!(arts.len() >= 15);
    let gold = load_gold("tests/data/entities_own/expected.json");
    let r = run(&arts, &gold);
    print("own", &r);
    assert!(r.people.f1() >= 0.95, "people F1 {:.3}", r.people.f1());
    assert!(r.regions.f1() >= 0.97, "regions F1 {:.3}", r.regions.f1());
    assert!(r.bodies.f1() >= 0.85, "bodies F1 {:.3}", r.bodies.f1());
    assert!(r.orgs.f1() >= 0.80, "orgs F1 {:.3}", r.orgs.f1());
    assert!(r.money.f1() >= 0.95, "money F1 {:.3}", r.money.f1());
}
