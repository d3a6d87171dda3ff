//! The same articles as a Hugo site, to compare build times side by side:
//! `cargo run --release --example hugo_site -- ROOT DIR`.
//!
//! Reads the promdigest site at `ROOT` (usually one made by `gen_corpus`),
//! runs our pipeline up to the linked graph, and writes `DIR/config.toml`,
//! `DIR/layouts/` and one Markdown file per article in `DIR/content/posts/`
//! with the cleaned title, date and text and three taxonomies from our
//! extraction: regions, people and ministries. That is the site the issue's
//! Hugo reference numbers describe (Markdown with three taxonomies, a home
//! page listing the latest 50). Hugo does none of our work (cleaning pasted
//! text, finding entities, the search index), so the comparison favours it.
//!
//! Templates are minimal but complete: a page per article with links to its
//! terms, a paginated page per term listing its articles, a list of terms per
//! taxonomy, the home page; Hugo adds its RSS feeds and sitemap as it does by
//! default.

use promdigest::model::EntityKind;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const CONFIG: &str = r#"baseURL = "https://example.org/"
languageCode = "ru"
title = "Промдайджест"
disableKinds = []
[taxonomies]
region = "regions"
person = "people"
ministry = "ministries"
"#;

const BASEOF: &str = r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>{{ .Title }} — {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"#;

// Links to terms are built from the front matter, the cheapest way Hugo
// offers; lists show titles only. Heavier templates (`.GetTerms`, summaries)
// made Hugo ~1.7x slower here, so these favour it.
const SINGLE: &str = r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time>{{ .Date.Format "2006-01-02" }}</time>{{ .Content }}</article>
<aside><ul>{{ range .Params.regions }}<li><a href="{{ "regions/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}
{{ range .Params.people }}<li><a href="{{ "people/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}
{{ range .Params.ministries }}<li><a href="{{ "ministries/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul></aside>{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
"#;

const TERMS: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
"#;

const INDEX: &str = r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>
{{ range first 50 (where .Site.RegularPages "Section" "posts") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
"#;

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [root, dir] = args.as_slice() else {
        eprintln!("usage: hugo_site ROOT DIR");
        std::process::exit(2);
    };
    let cfg = promdigest::config::load(root).unwrap_or_else(|d| {
        eprintln!("hugo_site: {d:?}");
        std::process::exit(1)
    });
    let outcome = promdigest::pipeline::run(&cfg, Default::default());
    let g = &outcome.graph;
    let _ = std::fs::remove_dir_all(dir);
    write(&dir.join("config.toml"), CONFIG);
    let layouts = dir.join("layouts/_default");
    write(&layouts.join("baseof.html"), BASEOF);
    write(&layouts.join("single.html"), SINGLE);
    write(&layouts.join("list.html"), LIST);
    write(&layouts.join("terms.html"), TERMS);
    write(&dir.join("layouts/index.html"), INDEX);
    let posts = dir.join("content/posts");
    std::fs::create_dir_all(&posts).expect("create posts");
    for a in &g.articles {
        let names = |kind: EntityKind| -> Vec<&str> {
            a.refs
                .iter()
                .map(|r| &g.entities[r.0])
                .filter(|e| e.kind() == kind)
                .map(|e| e.name.as_str())
                .collect()
        };
        // Hugo needs a full date; an undated article gets the epoch of the set.
        let date = a
            .doc
            .date
            .map_or_else(|| "2020-01-01".to_string(), |d| d.first_day().to_string());
        let mut md = String::new();
        let _ = writeln!(md, "+++");
        let _ = writeln!(md, "title = {}", toml_str(&a.doc.title));
        let _ = writeln!(md, "date = {date}");
        let _ = writeln!(md, "regions = {}", toml_list(&names(EntityKind::Region)));
        let _ = writeln!(md, "people = {}", toml_list(&names(EntityKind::Person)));
        let _ = writeln!(md, "ministries = {}", toml_list(&names(EntityKind::Body)));
        let _ = writeln!(md, "+++");
        for p in &a.doc.plain {
            let _ = writeln!(md, "\n{p}");
        }
        std::fs::write(posts.join(format!("{}.md", a.slug)), md).expect("write post");
    }
    eprintln!(
        "hugo_site: {} articles, {} entities → {}",
        g.articles.len(),
        g.entities.len(),
        dir.display()
    );
}
