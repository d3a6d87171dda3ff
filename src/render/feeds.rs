//! Atom feeds (the site's and one per entity), `sitemap.xml`, `robots.txt`
//! and `.nojekyll`. Written directly as XML with every text escaped; dates
//! come from articles, never from the clock, so builds are reproducible.

use crate::config::SiteConfig;
use crate::model::{ArticleId, SiteGraph};
use crate::model::{PartialDate, SitePath};
use crate::write::Sink;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use rayon::prelude::*;
use std::borrow::Cow;

const ATOM: &str = "application/atom+xml";
const HTML: &str = "text/html";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

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

/// A feed or sitemap being written. Elements, attributes and escaping are
/// quick-xml's; the line breaks between elements are written as text so
/// each element keeps to its own line without indenting inline ones.
struct Xml(Writer<Vec<u8>>);

impl Xml {
    /// A document with its declaration. `encoding` is spelled as each file
    /// always had it (feeds "utf-8", sitemaps "UTF-8"), so no output changed.
    fn new(encoding: &str) -> Self {
        let mut w = Writer::new(Vec::new());
        ok(w.write_event(Event::Decl(BytesDecl::new("1.0", Some(encoding), None))));
        Xml(w)
    }

    /// A line break and `indent` spaces before the next element.
    fn line(&mut self, indent: usize) -> &mut Self {
        let text = format!("\n{:indent$}", "");
        ok(self
            .0
            .write_event(Event::Text(BytesText::from_escaped(text))));
        self
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Self {
        ok(self.0.write_event(Event::Start(tag(name, attrs))));
        self
    }

    fn close(&mut self, name: &str) -> &mut Self {
        ok(self.0.write_event(Event::End(BytesEnd::new(name))));
        self
    }

    /// `<name>text</name>`, the text escaped.
    fn text(&mut self, name: &str, text: &str) -> &mut Self {
        ok(self
            .0
            .create_element(name)
            .write_text_content(BytesText::new(&xml_chars(text))));
        self
    }

    /// `<name a="…"/>`, the values escaped.
    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Self {
        ok(self.0.write_event(Event::Empty(tag(name, attrs))));
        self
    }

    fn finish(mut self) -> String {
        self.line(0);
        String::from_utf8(self.0.into_inner()).expect("the writer wrote only str")
    }
}

/// An element's tag with its attributes (quick-xml escapes the values).
fn tag<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut e = BytesStart::new(name);
    for &(k, v) in attrs {
        e.push_attribute((k, xml_chars(v).as_ref()));
    }
    e
}

/// Writing into a `Vec` cannot fail; this says so once.
fn ok<T>(r: std::io::Result<T>) {
    r.expect("writing XML into memory");
}

/// `s` without the characters XML 1.0 forbids (controls other than tab and
/// line breaks): pasted text can carry them, and one makes the file unreadable.
fn xml_chars(s: &str) -> Cow<'_, str> {
    let bad = |c: char| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r');
    if s.chars().any(bad) {
        Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
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
    let author = cfg.author.as_deref().unwrap_or(&cfg.title);
    let (self_url, page_url) = (b.abs(self_path.as_str()), b.abs(page.as_str()));
    let mut x = Xml::new("utf-8");
    x.line(0).open(
        "feed",
        &[("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", "ru")],
    );
    x.line(2).text("title", title);
    if feed == Feed::Site && !cfg.description.is_empty() {
        x.line(2).text("subtitle", &cfg.description);
    }
    x.line(2).text("id", &page_url);
    x.line(2).empty(
        "link",
        &[("rel", "self"), ("type", ATOM), ("href", &self_url)],
    );
    x.line(2).empty(
        "link",
        &[("rel", "alternate"), ("type", HTML), ("href", &page_url)],
    );
    x.line(2).text("updated", &updated);
    x.line(2)
        .open("author", &[])
        .text("name", author)
        .close("author");
    x.line(2).text("generator", "promdigest");
    let dated = ids.iter().filter(|i| g.articles[i.0].doc.date.is_some());
    for id in dated.take(feed.entries()) {
        let a = &g.articles[id.0];
        let url = b.abs(a.path.as_str());
        x.line(2).open("entry", &[]);
        x.line(4).text("title", &a.doc.title);
        x.line(4).text("id", &url);
        x.line(4).empty(
            "link",
            &[("rel", "alternate"), ("type", HTML), ("href", &url)],
        );
        x.line(4).text("updated", &rfc3339(a.doc.date));
        if let Some(d) = a.doc.date {
            x.line(4).text("published", &rfc3339(Some(d)));
        }
        if let Some(s) = &a.doc.source {
            x.line(4)
                .open("author", &[])
                .text("name", s)
                .close("author");
        }
        if feed == Feed::Site {
            let summary = a.doc.plain.first().map(String::as_str).unwrap_or("");
            x.line(4).text("summary", summary);
        }
        x.line(2).close("entry");
    }
    x.line(0).close("feed");
    x.finish()
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
    let mut x = Xml::new("UTF-8");
    x.line(0).open("sitemapindex", &[("xmlns", SITEMAP_NS)]);
    for (path, _) in &files {
        x.line(2)
            .open("sitemap", &[])
            .text("loc", &base.abs(path))
            .close("sitemap");
    }
    x.line(0).close("sitemapindex");
    files.push(("sitemap.xml".to_string(), x.finish()));
    files
}

fn urlset(urls: &[(String, Option<String>)]) -> String {
    let mut x = Xml::new("UTF-8");
    x.line(0).open("urlset", &[("xmlns", SITEMAP_NS)]);
    for (loc, lastmod) in urls {
        x.line(2).open("url", &[]).text("loc", loc);
        if let Some(l) = lastmod {
            x.text("lastmod", l);
        }
        x.close("url");
    }
    x.line(0).close("urlset");
    x.finish()
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
