//! Atom feeds (the site's and one per entity), `sitemap.xml`, `robots.txt`
//! and `.nojekyll`. Written directly as XML with every text escaped; dates
//! come from articles, never from the clock, so builds are reproducible.

use crate::config::SiteConfig;
use crate::model::{ArticleId, SiteGraph};
use crate::model::{PartialDate, SitePath};
use crate::write::Sink;
use rayon::prelude::*;
use std::fmt::Write;

/// Entries in the site's feed.
pub const FEED_ENTRIES: usize = 30;
/// Entries in an entity's feed. A feed reader polls for what is new, and
/// at 100,000 articles 30 entries in each of ~35,000 entity feeds were a
/// third of a gigabyte; the entity page lists its latest articles.
pub const ENTITY_FEED_ENTRIES: usize = 10;

/// Which feed [`atom`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// The site's: the latest [`FEED_ENTRIES`], each with its lead.
    Site,
    /// An entity's: the latest [`ENTITY_FEED_ENTRIES`], titles only. Its
    /// reader follows one region or person and opens what is new; the
    /// leads and the site's subtitle repeated in ~8,500 feeds were 12 MB
    /// at 100,000 articles (issue 17).
    Entity,
}

impl Feed {
    fn entries(self) -> usize {
        match self {
            Feed::Site => FEED_ENTRIES,
            Feed::Entity => ENTITY_FEED_ENTRIES,
        }
    }
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    // Most text has nothing to escape; skip the char-by-char copy then.
    if !s
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || b < 0x20)
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn rfc3339(d: Option<PartialDate>) -> String {
    let day = d.map_or_else(
        || chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid"),
        |d| d.first_day(),
    );
    format!("{}T00:00:00Z", day.format("%Y-%m-%d"))
}

/// Writes every feed and the sitemap; returns the number of files.
pub fn write_all(g: &SiteGraph, cfg: &SiteConfig, sink: &dyn Sink) -> std::io::Result<usize> {
    let all: Vec<ArticleId> = (0..g.articles.len()).map(ArticleId).collect();
    sink.put(
        "atom.xml",
        atom(
            g,
            cfg,
            &cfg.title,
            &SitePath::file("atom.xml"),
            &SitePath::dir(""),
            &all,
            Feed::Site,
        )
        .into_bytes(),
    )?;
    let with_page = || g.entities.par_iter().filter(|e| e.has_page());
    with_page().try_for_each(|e| {
        let dir = e.path.as_str().trim_end_matches('/');
        let feed = SitePath::file(&format!("{dir}/atom.xml"));
        let title = format!("{} — {}", e.name, cfg.title);
        sink.put(
            feed.as_str(),
            atom(g, cfg, &title, &feed, &e.path, &e.articles, Feed::Entity).into_bytes(),
        )
    })?;
    let mut n = 1 + with_page().count();
    for (path, xml) in sitemaps(g, cfg) {
        sink.put(&path, xml.into_bytes())?;
        n += 1;
    }
    sink.put(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            cfg.base_url.abs("sitemap.xml")
        )
        .into_bytes(),
    )?;
    sink.put(".nojekyll", Vec::new())?;
    Ok(n + 2)
}

/// An Atom feed (RFC 4287) of the first `Feed::entries` dated articles among
/// `ids` (newest first). An undated article is left out: the feed would have
/// to give it a date it does not have (the build's or a file's modification
/// time, which differs between clones). `updated` is the newest article date
/// of `ids`, or the site's newest when none is dated.
pub fn atom(
    g: &SiteGraph,
    cfg: &SiteConfig,
    title: &str,
    self_path: &SitePath,
    page: &SitePath,
    ids: &[ArticleId],
    feed: Feed,
) -> String {
    let b = &cfg.base_url;
    let updated = rfc3339(
        ids.iter()
            .filter_map(|i| g.articles[i.0].doc.date)
            .max()
            .or_else(|| crate::link::newest_date(g)),
    );
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ru\">\n");
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(title));
    if feed == Feed::Site && !cfg.description.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml_escape(&cfg.description));
    }
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(&b.abs(page.as_str())));
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&b.abs(self_path.as_str()))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&b.abs(page.as_str()))
    );
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let _ = writeln!(
        x,
        "  <author><name>{}</name></author>",
        xml_escape(cfg.author.as_deref().unwrap_or(&cfg.title))
    );
    let _ = writeln!(x, "  <generator>promdigest</generator>");
    let dated = ids.iter().filter(|i| g.articles[i.0].doc.date.is_some());
    for id in dated.take(feed.entries()) {
        let a = &g.articles[id.0];
        let url = b.abs(a.path.as_str());
        let summary = a.doc.plain.first().map(String::as_str).unwrap_or("");
        x.push_str("  <entry>\n");
        let _ = writeln!(x, "    <title>{}</title>", xml_escape(&a.doc.title));
        let _ = writeln!(x, "    <id>{}</id>", xml_escape(&url));
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&url)
        );
        let _ = writeln!(x, "    <updated>{}</updated>", rfc3339(a.doc.date));
        if let Some(d) = a.doc.date {
            let _ = writeln!(x, "    <published>{}</published>", rfc3339(Some(d)));
        }
        if let Some(s) = &a.doc.source {
            let _ = writeln!(x, "    <author><name>{}</name></author>", xml_escape(s));
        }
        if feed == Feed::Site {
            let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(summary));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// The sitemap protocol's limit of URLs per sitemap file.
pub const SITEMAP_URLS: usize = 50_000;

/// The sitemap files as `(path, xml)`: every HTML page except the 404 page
/// and pagination. Up to [`SITEMAP_URLS`] pages this is one `sitemap.xml`;
/// beyond that (about 20,000 articles) the pages go to `sitemap-1.xml`, … and
/// `sitemap.xml` becomes the index of those files, as the protocol requires.
pub fn sitemaps(g: &SiteGraph, cfg: &SiteConfig) -> Vec<(String, String)> {
    split_sitemap(&sitemap_urls(g, cfg), &cfg.base_url, SITEMAP_URLS)
}

/// Every page's absolute URL with its date, if it has an exact one.
fn sitemap_urls(g: &SiteGraph, cfg: &SiteConfig) -> Vec<(String, Option<String>)> {
    let b = &cfg.base_url;
    let mut urls: Vec<(String, Option<String>)> = Vec::new();
    urls.push((
        b.abs(""),
        crate::link::newest_date(g).map(|d| d.first_day().format("%Y-%m-%d").to_string()),
    ));
    for p in [
        "regions/",
        "bodies/",
        "people/",
        "organizations/",
        "places/",
        "timeline/",
        "search/",
    ] {
        urls.push((b.abs(p), None));
    }
    for a in &g.articles {
        urls.push((
            b.abs(a.path.as_str()),
            a.doc
                .date
                .filter(PartialDate::is_exact)
                .map(|d| d.to_string()),
        ));
    }
    for e in g.entities.iter().filter(|e| e.has_page()) {
        urls.push((b.abs(e.path.as_str()), None));
    }
    urls
}

fn split_sitemap(
    urls: &[(String, Option<String>)],
    base: &crate::model::BaseUrl,
    limit: usize,
) -> Vec<(String, String)> {
    if urls.len() <= limit {
        return vec![("sitemap.xml".to_string(), urlset(urls))];
    }
    let mut files: Vec<(String, String)> = urls
        .chunks(limit)
        .enumerate()
        .map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), urlset(chunk)))
        .collect();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, _) in &files {
        let _ = writeln!(
            x,
            "  <sitemap><loc>{}</loc></sitemap>",
            xml_escape(&base.abs(path))
        );
    }
    x.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_string(), x));
    files
}

fn urlset(urls: &[(String, Option<String>)]) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (loc, lastmod) in urls {
        let _ = write!(x, "  <url><loc>{}</loc>", xml_escape(loc));
        if let Some(l) = lastmod {
            let _ = write!(x, "<lastmod>{l}</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize) -> Vec<(String, Option<String>)> {
        (0..n)
            .map(|i| (format!("https://x.example/a/{i}/"), None))
            .collect()
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let base = crate::model::BaseUrl::parse("https://x.example/digest/").unwrap();
        let files = split_sitemap(&urls(3), &base, 3);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert_eq!(files[0].1.matches("<url>").count(), 3);
    }

    #[test]
    fn a_large_site_gets_a_sitemap_index() {
        let base = crate::model::BaseUrl::parse("https://x.example/digest/").unwrap();
        let files = split_sitemap(&urls(7), &base, 3);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let counts: Vec<usize> = files[..3]
            .iter()
            .map(|(_, x)| x.matches("<url>").count())
            .collect();
        assert_eq!(counts, [3, 3, 1]);
        let index = &files[3].1;
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://x.example/digest/sitemap-2.xml</loc>"));
        assert_eq!(index.matches("<sitemap>").count(), 3);
    }
}
