//! Builds the view of every page kind and renders it with its template.
//!
//! [`Renderer`] and what every page shares (meta, crumbs, cards, dates,
//! links) live here; each page kind has its own file: `article`, the
//! `entity` pages, the alphabetical `lists` and the timeline, and the
//! `home`, search and 404 pages. [`select`] says which pages an edit can
//! change, [`sample`] which few pages reach every template path.

use super::views::*;
use super::{io_diag, ru, tera_diag};
use crate::config::{SiteConfig, Strings};
use crate::link::kind_dir;
use crate::model::{Article, ArticleId, Detail, EntityId, EntityNode, SiteGraph};
use crate::model::{Body, Diagnostic, EntityKind, Level, Money, PartialDate, Qualifier, SitePath};
use crate::write::Sink;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use tera::{Context, Tera};

mod article;
mod entity;
mod home;
mod lists;
pub mod sample;
pub mod select;

use article::*;
use entity::*;
use lists::*;

/// Items per page of the alphabetical entity lists.
const LIST_PER_PAGE: usize = 300;
/// Pages of articles an entity gets: the latest `per_page × this` articles
/// are listed, older ones are reached through search (linked from the last
/// page) and the timeline. Nobody pages through five pages of a list of
/// titles, and at 100,000 articles the deeper pages of the big regions and
/// bodies were 400 MB, a third of the site.
const MAX_ENTITY_PAGES: usize = 5;
/// "Read also" cards on an article page (of the five the link stage finds).
/// Two, not three: each is ~0.3 KB on every page, 31 MB at 100,000 articles,
/// and the entity links above lead on to the rest (issue 17).
const MAX_RELATED_SHOWN: usize = 2;
/// Articles per timeline page.
const TIMELINE_PER_PAGE: usize = 60;
/// Length of the lead shown in article cards, in characters.
const LEAD_CHARS: usize = 220;
/// Months with articles the timeline needs before it shows its chart.
const MIN_CHART_MONTHS: usize = 3;
/// Length of an article's headline in its breadcrumb trail, in characters.
const CRUMB_CHARS: usize = 32;
/// Length of a page's meta description, in characters: what a search
/// result shows (about 160) and no more, since the rest is cut off there
/// and was ~80 bytes of every page, 8 MB at 100,000 articles (issue 17).
const DESCRIPTION_CHARS: usize = 160;
/// The template of an article card (see [`CardHtml`]).
const CARD_TEMPLATE: &str = "card.html";

/// Everything a template gets besides its page view.
#[derive(Serialize)]
struct Common<'a, T: Serialize> {
    site: &'a SiteView,
    strings: &'a Strings,
    urls: &'a UrlsView,
    page: PageMeta,
    view: T,
}

pub struct Renderer<'a> {
    cfg: &'a SiteConfig,
    tera: &'a Tera,
    graph: &'a SiteGraph,
    site: SiteView,
    urls: UrlsView,
    /// Each article's list card, rendered on first use (see [`CardHtml`]).
    cards: Vec<OnceLock<CardHtml>>,
}

/// Which card of an article a page shows (see [`Renderer::card`]).
#[derive(Clone, Copy)]
enum CardKind {
    Home,
    List,
}

/// What `card.html` gets.
#[derive(Serialize)]
struct CardContext<'a> {
    strings: &'a Strings,
    a: ArticleCard,
}

impl<'a> Renderer<'a> {
    pub fn new(cfg: &'a SiteConfig, templates: &'a super::Templates, graph: &'a SiteGraph) -> Self {
        let tera = templates.tera();
        let b = &cfg.base_url;
        let urls = UrlsView {
            home: b.rel(""),
            regions: b.rel("regions/"),
            bodies: b.rel("bodies/"),
            places: b.rel("places/"),
            people: b.rel("people/"),
            organizations: b.rel("organizations/"),
            timeline: b.rel("timeline/"),
            search: b.rel("search/"),
            search_index: b.rel("search/"),
            search_js: b.rel("search.js"),
            atom: b.rel("atom.xml"),
            css: b.rel("style.css"),
            syntax_css: b.rel("syntax.css"),
            map_css: b.rel("map.css"),
            favicon: b.rel("favicon.svg"),
        };
        let site = SiteView {
            title: cfg.title.clone(),
            description: cfg.description.clone(),
            lang: cfg.language.clone(),
        };
        Renderer {
            cfg,
            tera,
            graph,
            site,
            urls,
            cards: (0..graph.articles.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    fn s(&self) -> &Strings {
        &self.cfg.strings
    }

    fn url(&self, p: &SitePath) -> String {
        self.cfg.base_url.rel(p.as_str())
    }

    fn abs(&self, p: &SitePath) -> String {
        self.cfg.base_url.abs(p.as_str())
    }

    fn render<T: Serialize>(
        &self,
        sink: &dyn Sink,
        path: &SitePath,
        template: &str,
        page: PageMeta,
        view: T,
    ) -> Result<(), Diagnostic> {
        if !sink.wants(&path.output_file()) {
            return Ok(());
        }
        self.render_wanted(sink, path, template, page, view)
    }

    /// [`Self::render`] for a page the sink was already asked about: pages
    /// of a paginated family ask before building their view, whose cards
    /// are the costly part, so a declined page costs nothing.
    fn render_wanted<T: Serialize>(
        &self,
        sink: &dyn Sink,
        path: &SitePath,
        template: &str,
        page: PageMeta,
        view: T,
    ) -> Result<(), Diagnostic> {
        let common = Common {
            site: &self.site,
            strings: self.s(),
            urls: &self.urls,
            page,
            view,
        };
        let html = squeeze_bytes(&self.fill_bytes(template, &common)?);
        sink.put(&path.output_file(), html)
            .map_err(|e| io_diag(Path::new(&path.output_file()), e))
    }

    /// [`Self::fill`] as bytes (see [`squeeze_bytes`]).
    fn fill_bytes(&self, template: &str, context: &impl Serialize) -> Result<Vec<u8>, Diagnostic> {
        let ctx =
            Context::from_serialize(context).map_err(|e| tera_diag(&e, Path::new(template)))?;
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &ctx, &mut out)
            .map_err(|e| tera_diag(&e, &Path::new("templates").join(template)))?;
        Ok(out)
    }

    /// Renders `template` with `context`; errors name the template file.
    fn fill(&self, template: &str, context: &impl Serialize) -> Result<String, Diagnostic> {
        // Tera writes only `str` pieces, so this never fails; it is checked
        // rather than assumed because Tera's own `render` checks it too.
        String::from_utf8(self.fill_bytes(template, context)?).map_err(|e| {
            Diagnostic::error(
                Path::new("templates").join(template),
                1,
                1,
                format!("template output is not UTF-8: {e}"),
            )
        })
    }

    fn meta(
        &self,
        title: &str,
        description: &str,
        path: &SitePath,
        section: &'static str,
    ) -> PageMeta {
        let title = if path.as_str().is_empty() {
            self.cfg.title.clone()
        } else {
            format!("{title} — {}", self.cfg.title)
        };
        PageMeta {
            title,
            description: truncate(description, DESCRIPTION_CHARS),
            canonical: Some(self.abs(path)),
            section,
            site_feed: section != "articles",
            tagline: section == "home",
            ..PageMeta::default()
        }
    }

    fn crumbs(&self, trail: &[(&str, Option<&SitePath>)]) -> Vec<Crumb> {
        let mut v = vec![Crumb {
            name: self.s().home.clone(),
            url: Some(self.urls.home.clone()),
        }];
        v.extend(trail.iter().map(|(n, p)| Crumb {
            name: n.to_string(),
            url: p.map(|p| self.url(p)),
        }));
        v
    }

    /// Renders every page; errors from all pages are collected.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<usize, Vec<Diagnostic>> {
        let g = self.graph;
        let mut results: Vec<Result<(), Diagnostic>> = g
            .articles
            .par_iter()
            .enumerate()
            .map(|(i, a)| self.article_page(sink, ArticleId(i), a))
            .collect();
        let entity_results: Vec<Vec<Result<(), Diagnostic>>> = g
            .entities
            .par_iter()
            .map(|e| self.entity_pages(sink, e))
            .collect();
        results.extend(entity_results.into_iter().flatten());
        results.push(self.home_page(sink));
        for kind in [
            EntityKind::Region,
            EntityKind::Body,
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Place,
        ] {
            results.extend(self.list_pages(sink, kind));
        }
        results.extend(self.timeline_pages(sink));
        results.push(self.search_page(sink));
        results.push(self.not_found_page(sink));
        let n = results.len();
        let errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        if errors.is_empty() {
            Ok(n)
        } else {
            Err(errors)
        }
    }

    // ---- pieces shared by several pages ----

    fn date_label(&self, d: &PartialDate) -> String {
        // "7 июля 2025" on one line.
        let s = self.s();
        super::typo::nbsp(&ru::format_date(
            d,
            &s.months_genitive,
            &s.months_nominative,
        ))
    }

    fn entity_link(&self, id: EntityId, note: Option<String>) -> LinkView {
        let e = &self.graph.entities[id.0];
        let url = if e.has_page() {
            self.url(&e.path)
        } else {
            format!("{}?q={}", self.urls.search, query_escape(&e.name))
        };
        LinkView {
            name: e.name.clone(),
            url,
            note,
        }
    }

    /// The card of an article as HTML, rendered once and reused by every
    /// list that shows the article (entity pages, the timeline, "read
    /// also"): title and date. An article is listed on ten or more pages,
    /// and its lead and region tags on each of them were a third of the
    /// site's bytes; the reader who wants them opens the article.
    fn card(&self, id: ArticleId) -> Result<CardHtml, Diagnostic> {
        self.cached_card(&self.cards[id.0], id, CardKind::List)
    }

    fn cards_of(&self, ids: &[ArticleId]) -> Result<Vec<CardHtml>, Diagnostic> {
        ids.iter().map(|&id| self.card(id)).collect()
    }

    /// The card with the article's lead and four regions, for the home
    /// page's latest articles.
    fn card_with_lead(&self, id: ArticleId) -> Result<CardHtml, Diagnostic> {
        Ok(CardHtml(self.fill_card(id, CardKind::Home)?.into()))
    }

    fn cached_card(
        &self,
        cell: &OnceLock<CardHtml>,
        id: ArticleId,
        kind: CardKind,
    ) -> Result<CardHtml, Diagnostic> {
        if let Some(html) = cell.get() {
            return Ok(html.clone());
        }
        let html = self.fill_card(id, kind)?;
        // Two threads may race to render the same card; both get equal HTML.
        Ok(cell.get_or_init(|| CardHtml(html.into())).clone())
    }

    fn fill_card(&self, id: ArticleId, kind: CardKind) -> Result<String, Diagnostic> {
        self.fill(
            CARD_TEMPLATE,
            &CardContext {
                strings: self.s(),
                a: self.card_view(id, kind),
            },
        )
        .map(|html| squeeze(&html))
    }

    fn card_view(&self, id: ArticleId, kind: CardKind) -> ArticleCard {
        let (with_lead, regions) = match kind {
            CardKind::Home => (true, 4),
            CardKind::List => (false, 0),
        };
        let a = &self.graph.articles[id.0];
        let regions = a
            .refs
            .iter()
            .filter(|r| self.graph.entities[r.0].kind() == EntityKind::Region)
            .take(regions)
            .map(|&r| self.entity_link(r, None))
            .collect();
        ArticleCard {
            title: a.doc.title.clone(),
            url: self.url(&a.path),
            date_label: a.doc.date.map(|d| self.date_label(&d)),
            date_iso: a.doc.date.map(|d| d.to_string()),
            approximate: a.doc.date.is_some_and(|d| !d.is_exact()),
            // Amounts and dates in the lead do not break either.
            lead: if with_lead {
                super::typo::nbsp(&truncate(
                    reader_text(&a.doc)
                        .paragraphs
                        .first()
                        .copied()
                        .unwrap_or(""),
                    LEAD_CHARS,
                ))
            } else {
                String::new()
            },
            regions,
            compact: !with_lead,
        }
    }

    fn kind_heading(&self, kind: EntityKind) -> &str {
        let s = self.s();
        match kind {
            EntityKind::Region => &s.regions,
            EntityKind::Body => &s.bodies,
            EntityKind::Person => &s.people,
            EntityKind::Organization => &s.organizations,
            EntityKind::Place => &s.places,
        }
    }

    /// "5\u{A0}статей": on a page the number never ends a line alone.
    fn count_label(&self, n: usize) -> String {
        ru::count(n, &self.s().article_forms).replacen(' ', "\u{A0}", 1)
    }

    /// A money figure of article `from`, linked to it when `link`.
    fn money_view(&self, from: ArticleId, m: &Money, link: bool) -> MoneyView {
        let doc = &self.graph.articles[from.0].doc;
        let article = link.then_some(from);
        MoneyView {
            text: m.text.clone(),
            amount: ru::rubles(m.rub),
            qualifier: m
                .qualifier
                .map(|q| qualifier_label(self.s(), q).to_string()),
            context: money_context(doc, m),
            article: article.map(|id| {
                let a = &self.graph.articles[id.0];
                LinkView {
                    name: a.doc.title.clone(),
                    url: self.url(&a.path),
                    note: None,
                }
            }),
        }
    }

    fn note_for(&self, e: &EntityNode) -> Option<String> {
        match &e.detail {
            Detail::Person { roles } => roles.first().map(|r| r.role.clone()),
            _ => None,
        }
    }
}

/// How many pages an entity of `articles` articles gets (at least one).
/// Headlines longer than this are set in the smaller headline size: at the
/// display size 90 characters already take four lines on a phone.
const LONG_TITLE_CHARS: usize = 90;

pub(crate) fn entity_page_count(articles: usize, per_page: usize) -> usize {
    articles
        .div_ceil(per_page.max(1))
        .clamp(1, MAX_ENTITY_PAGES)
}

/// Whether an entity's pages leave out its oldest articles.
pub(crate) fn entity_capped(articles: usize, per_page: usize) -> bool {
    articles > per_page.max(1) * MAX_ENTITY_PAGES
}

/// Drops the indentation and blank lines the templates leave: each line is
/// trimmed and empty ones go, outside `<pre>` (code keeps its layout). A
/// browser shows the page the same (a line break is still whitespace
/// between inline elements), and it was a tenth of every page.
pub fn squeeze(html: &str) -> String {
    String::from_utf8(squeeze_bytes(html.as_bytes()))
        .expect("only ASCII whitespace is removed, so UTF-8 stays UTF-8")
}

/// [`squeeze`] on a page's bytes as Tera wrote them: pages go to the sink
/// as bytes, and turning Tera's output into a `String` first validated
/// every page's UTF-8 for nothing (1.6 % of a build's CPU).
pub fn squeeze_bytes(html: &[u8]) -> Vec<u8> {
    let pre_open = memchr::memmem::Finder::new(b"<pre");
    let pre_close = memchr::memmem::Finder::new(b"</pre>");
    let mut out = Vec::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        let (plain, raw) = match pre_open.find(rest) {
            Some(i) => {
                let end = pre_close.find(&rest[i..]).map_or(rest.len(), |j| i + j + 6);
                (&rest[..i], &rest[i..end])
            }
            None => (rest, &[][..]),
        };
        let mut lines = plain.split(|&b| b == b'\n').peekable();
        while let Some(line) = lines.next() {
            let kept = |b: &u8| !matches!(b, b' ' | b'\t' | b'\r');
            let (Some(first), Some(last)) =
                (line.iter().position(kept), line.iter().rposition(kept))
            else {
                continue;
            };
            let t = &line[first..=last];
            if out.last().is_some_and(|&b| b != b'\n') {
                out.push(b'\n');
            }
            out.extend_from_slice(t);
            if lines.peek().is_some() {
                out.push(b'\n');
            }
        }
        out.extend_from_slice(raw);
        rest = &rest[plain.len() + raw.len()..];
    }
    out
}

/// Encodes text for a URL's query (`?q=…`): ASCII but the unreserved
/// characters is percent-encoded (spaces as `+`), so nothing can end the
/// attribute or the query; letters, digits and the typographic marks of a
/// Russian name («», №, dashes) stay as they are, which HTML allows in an
/// `href` (the browser encodes them when it follows the link) and which
/// took a third of the bytes ("Камакомпозит" was 72 bytes, now 24: issue
/// 17). Anything else (spaces other than the ASCII one, format and control
/// characters) is percent-encoded too.
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '~' => out.push(c),
            ' ' => out.push('+'),
            c if !c.is_ascii() && (c.is_alphanumeric() || "«»„“”‘’—–№".contains(c)) => {
                out.push(c)
            }
            c => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// Serialises JSON so it cannot close the `<script>` element it sits in.
pub fn script_safe_json(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn is_web_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://")) && !u.contains(char::is_whitespace)
}

/// Cuts text at a word boundary to at most `max` characters, adding "…".
pub fn truncate(text: &str, max: usize) -> String {
    let text = text.trim();
    // Byte length bounds the char count: short texts need no counting.
    if text.len() <= max || text.chars().count() <= max {
        return text.to_string();
    }
    let limit = max.saturating_sub(1);
    let mut out = String::new();
    let mut chars = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if chars + n + 1 > limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(w);
        chars += n;
    }
    if out.is_empty() {
        out = text.chars().take(limit).collect();
    }
    out.trim_end_matches([',', ';', ':', '—', '–', '-', ' '])
        .to_string()
        + "…"
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Russian alphabetical order: "ё" sorts with "е", case ignored.
fn collate(a: &str, b: &str) -> std::cmp::Ordering {
    crate::model::fold_name(a)
        .cmp(&crate::model::fold_name(b))
        .then(a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_script() {
        let v = serde_json::json!({"headline": "</script><script>alert(1)</script>"});
        let s = script_safe_json(&v);
        assert!(!s.contains('<') && !s.contains('>'));
    }

    #[test]
    fn page_paths() {
        assert_eq!(page_path("", 1).as_str(), "");
        assert_eq!(page_path("", 2).as_str(), "page/2/");
        assert_eq!(page_path("regions/x", 3).as_str(), "regions/x/page/3/");
    }

    #[test]
    fn squeeze_drops_indentation_and_blank_lines_but_not_code() {
        let html = "<ul>\n  \n    <li><a href=\"/x/\">А</a> <span>б</span></li>\n\n  </ul>\n<div>\n<pre class=\"hl\"><code>fn x() {\n\n    y();\n}\n</code></pre>\n  </div>\n";
        assert_eq!(
            squeeze(html),
            "<ul>\n<li><a href=\"/x/\">А</a> <span>б</span></li>\n</ul>\n<div>\n<pre class=\"hl\"><code>fn x() {\n\n    y();\n}\n</code></pre>\n</div>\n"
        );
        assert_eq!(squeeze("без переводов строк"), "без переводов строк");
        assert_eq!(squeeze(""), "");
        // An unclosed <pre> keeps the rest as it is.
        assert_eq!(squeeze("<p>a</p>\n  <pre>x\n  y"), "<p>a</p>\n<pre>x\n  y");
        let once = squeeze(html);
        assert_eq!(squeeze(&once), once, "idempotent");
        // Only spaces, tabs and carriage returns are indentation.
        assert_eq!(squeeze("\u{c} а\r\n\t б\u{a0}\n"), "\u{c} а\nб\u{a0}\n");
        assert_eq!(squeeze_bytes(html.as_bytes()), once.as_bytes());
    }

    /// Issue 17 (seen measuring): "<b>36,2 млрд ₽</b>выделит" lost the
    /// space after an amount that a word follows.
    #[test]
    fn money_context_keeps_the_space_after_the_amount() {
        let para = "Управляющая компания вложит в инфраструктуру до 3,1 трлн руб., еще 36,2 млрд ₽ выделит областной бюджет.";
        let at = para.find("36,2").unwrap();
        let c = context_around(para, at..at + "36,2 млрд ₽".len());
        assert_eq!(c.amount, "36,2\u{A0}млрд\u{A0}₽");
        assert_eq!(c.after, " выделит областной бюджет.");
        assert!(c.before.ends_with("еще "), "{}", c.before);
        let at = para.find("до 3,1").unwrap();
        let c = context_around(para, at..at + "до 3,1 трлн руб.".len());
        assert!(c.after.starts_with(", еще"), "{}", c.after);
    }

    #[test]
    fn query_escape_encodes_ascii_but_unreserved_and_keeps_letters() {
        assert_eq!(query_escape("Омская область"), "Омская+область");
        assert_eq!(query_escape("АО «Завод №1»"), "АО+«Завод+№1»");
        assert_eq!(
            query_escape("a&b=c\"<'>`#%"),
            "a%26b%3Dc%22%3C%27%3E%60%23%25"
        );
        // No-break space, right-to-left override, zero-width space.
        assert_eq!(
            query_escape("a\u{A0}b\u{202E}c\u{200B}"),
            "a%C2%A0b%E2%80%AEc%E2%80%8B"
        );
    }

    #[test]
    fn truncation_keeps_words() {
        assert_eq!(truncate("один два три", 100), "один два три");
        let t = truncate("один два три четыре", 12);
        assert!(t.chars().count() <= 12 && t.ends_with('…'), "{t}");
    }
}
