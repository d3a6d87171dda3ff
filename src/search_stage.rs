//! The search stage: [`SiteGraph`] → the static index under `public/search/`.
//!
//! Each article becomes a [`SearchDoc`] with its URL, display date, regions
//! (the filter), body text and the names and aliases of its entities, so
//! "Минпромторг" finds "Министерство промышленности и торговли" and
//! "Кубань" finds articles about Краснодарский край. The index format is
//! described in [`crate::search`].

use crate::config::SiteConfig;
use crate::link::SiteGraph;
use crate::model::EntityKind;
use crate::render::{ru, Sink};
use crate::search::{build_index, SearchDoc};
use rayon::prelude::*;

/// The search documents of a linked site, in article order.
pub fn docs(g: &SiteGraph, cfg: &SiteConfig) -> Vec<SearchDoc> {
    let s = &cfg.strings;
    g.articles
        .par_iter()
        .map(|a| {
            let mut entities = Vec::new();
            let mut regions = Vec::new();
            for &id in &a.refs {
                let e = &g.entities[id.0];
                if e.kind() == EntityKind::Region {
                    regions.push(e.name.clone());
                }
                entities.push(e.name.clone());
                entities.extend(e.aliases.iter().cloned());
            }
            SearchDoc {
                url: cfg.base_url.rel(a.path.as_str()),
                title: a.doc.title.clone(),
                date: a.doc.date.map(|d| d.to_string()),
                date_label: a
                    .doc
                    .date
                    .map(|d| ru::format_date(&d, &s.months_genitive, &s.months_nominative)),
                year: a.doc.date.map(|d| d.year()),
                regions,
                paragraphs: a.doc.plain.clone(),
                entities,
            }
        })
        .collect()
}

/// Writes the index files under `search/`.
pub fn write(g: &SiteGraph, cfg: &SiteConfig, sink: &dyn Sink) -> std::io::Result<()> {
    for (path, bytes) in build_index(&docs(g, cfg)) {
        let bytes = if path.ends_with(".json") {
            html_safe_json(bytes)
        } else {
            bytes
        };
        sink.put(&format!("search/{path}"), bytes)?;
    }
    Ok(())
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
