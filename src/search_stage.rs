//! The search stage: [`SiteGraph`] → the static index under `public/search/`.
//!
//! Each article becomes a [`SearchDoc`] with its URL, display date, regions
//! (the filter), body text and the names and aliases of its entities, so
//! "Минпромторг" finds "Министерство промышленности и торговли" and
//! "Кубань" finds articles about Краснодарский край. The index format is
//! described in [`crate::search`].

use crate::config::SiteConfig;
use crate::link::{Article, SiteGraph};
use crate::model::EntityKind;
use crate::render::{ru, Sink};
use crate::search::{write_index, IndexDoc, IndexOptions};
use std::borrow::Cow;

/// An article as the index reads it: a view into the graph, so the index
/// borrows the text instead of copying every article's paragraphs.
pub struct ArticleDoc<'a> {
    graph: &'a SiteGraph,
    cfg: &'a SiteConfig,
    article: &'a Article,
    url: String,
    date: Option<String>,
}

impl IndexDoc for ArticleDoc<'_> {
    fn url(&self) -> &str {
        &self.url
    }
    fn title(&self) -> &str {
        &self.article.doc.title
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
    fn date_label(&self) -> Option<Cow<'_, str>> {
        let s = &self.cfg.strings;
        self.article.doc.date.map(|d| {
            Cow::Owned(ru::format_date(
                &d,
                &s.months_genitive,
                &s.months_nominative,
            ))
        })
    }
    fn year(&self) -> Option<i32> {
        self.article.doc.date.map(|d| d.year())
    }
    fn regions(&self) -> impl Iterator<Item = &str> {
        self.article
            .refs
            .iter()
            .map(|id| &self.graph.entities[id.0])
            .filter(|e| e.kind() == EntityKind::Region)
            .map(|e| e.name.as_str())
    }
    fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.article.doc.plain.iter().map(String::as_str)
    }
    fn entities(&self) -> impl Iterator<Item = &str> {
        self.article.refs.iter().flat_map(|id| {
            let e = &self.graph.entities[id.0];
            std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))
        })
    }
}

/// The search documents of a linked site, in article order.
pub fn docs<'a>(g: &'a SiteGraph, cfg: &'a SiteConfig) -> Vec<ArticleDoc<'a>> {
    g.articles
        .iter()
        .map(|a| ArticleDoc {
            graph: g,
            cfg,
            article: a,
            url: cfg.base_url.rel(a.path.as_str()),
            date: a.doc.date.map(|d| d.to_string()),
        })
        .collect()
}

/// Writes the index files under `search/`, each as soon as it is encoded.
pub fn write(g: &SiteGraph, cfg: &SiteConfig, sink: &dyn Sink) -> std::io::Result<()> {
    write_index(&docs(g, cfg), IndexOptions::default(), &|path, bytes| {
        let bytes = if path.ends_with(".json") {
            html_safe_json(bytes)
        } else {
            bytes
        };
        sink.put(&format!("search/{path}"), bytes)
    })
}

/// Escapes `<`, `>` and `&` in JSON text as `\u003c`-style escapes: the same
/// JSON to a parser, but inert if a browser ever sniffs the file as HTML.
/// These characters only occur inside JSON strings, so the rewrite is exact.
fn html_safe_json(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    for b in bytes {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            b => out.push(b),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_stays_equal_but_inert() {
        let src = br#"["<img src=x onerror=alert(1)>", "a & b"]"#.to_vec();
        let out = super::html_safe_json(src.clone());
        assert!(!out.contains(&b'<'));
        let a: serde_json::Value = serde_json::from_slice(&src).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(a, b);
    }
}
