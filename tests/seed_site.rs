//! The real site: the five seed articles in `content/`, built with the
//! repository's `site.toml`. Checks what a reader of the indexes expects.

use promdigest::cmd::build::{run, BuildArgs};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Builds the seed site once for all tests in this file.
fn site() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let args = BuildArgs {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            output: Some(out.clone()),
            base_url: Some("https://example.org/".into()),
            drafts: false,
            force: false,
        };
        if let Err((_, d)) = run(&args) {
            panic!("seed build failed: {d:#?}");
        }
        (tmp, out)
    })
    .1
}

fn page(p: &str) -> String {
    std::fs::read_to_string(site().join(p).join("index.html"))
        .unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// Article titles linked from the `<main>` of a page, in order.
fn article_titles(html: &str) -> Vec<String> {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    main.split("<h3 class=\"card-title\"><a href=\"")
        .skip(1)
        .map(|s| {
            let s = &s[s.find("\">").unwrap() + 2..];
            s[..s.find("</a>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn krasnodar_region_page_lists_the_three_krasnodar_articles() {
    let titles = article_titles(&page("regions/krasnodarskii-krai"));
    assert_eq!(titles.len(), 3, "{titles:#?}");
    for t in [
        "Краснодарский край и Амурская область будут сотрудничать в реализации промышленных проектов",
        "В Краснодарском крае создадут «Кластер умной промышленности»",
        "На Кубани создадут спецорганизацию по управлению промышленными кластерами",
    ] {
        assert!(titles.iter().any(|x| x == t), "{t} missing from {titles:#?}");
    }
    let html = page("regions/krasnodarskii-krai");
    assert!(html.contains("Южный федеральный округ"));
}

#[test]
fn alikhanov_page_lists_both_articles_with_his_role() {
    let html = page("people/anton-alikhanov");
    let titles = article_titles(&html);
    assert_eq!(titles.len(), 2, "{titles:#?}");
    assert!(titles
        .iter()
        .any(|t| t.starts_with("Виталий Хоценко обсудил")));
    assert!(
        html.contains("министр промышленности и торговли России"),
        "role shown"
    );
}

#[test]
fn timeline_groups_dated_approximate_and_undated_articles() {
    let html = page("timeline");
    let july = html.find("id=\"m2025-07\"").expect("July 2025 group");
    let undated = html.find("id=\"undated\"").expect("undated group");
    assert!(july < undated);
    let innoprom = html
        .find("Краснодарский край и Амурская область будут сотрудничать")
        .unwrap();
    assert!(
        july < innoprom && innoprom < undated,
        "the dated seed sits in July 2025"
    );
    // The page without any date (the Alikhanov memorandum) is in the last group.
    let smart = html
        .find("В Краснодарском крае создадут «Кластер умной промышленности»")
        .unwrap();
    assert!(smart > undated);
}

#[test]
fn article_sidebar_links_every_entity_page() {
    let html = page("articles/krasnodarskii-krai-i-amurskaia-oblast-budut-sotrudnichat-v");
    for (name, url) in [
        ("Краснодарский край", "/regions/krasnodarskii-krai/"),
        ("Амурская область", "/regions/amurskaia-oblast/"),
        ("Оксана Кукшенёва", "/people/oksana-kuksheniova/"),
        ("Минпромторг России", "/bodies/minpromtorg-rossii/"),
    ] {
        assert!(
            html.contains(&format!("href=\"{url}\">{name}</a>")),
            "sidebar link to {name} ({url})"
        );
        assert!(
            site()
                .join(url.trim_start_matches('/'))
                .join("index.html")
                .exists(),
            "{url} exists"
        );
    }
    assert!(html.contains("\"@type\":\"NewsArticle\""));
    assert!(html.contains("\"datePublished\":\"2025-07-07\""));
}
