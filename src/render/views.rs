//! View structs handed to the templates. Everything a template shows is
//! prepared here: labels formatted, lists sorted and grouped, URLs computed.
//! Templates display; they do not sort, group, filter or look things up.

use serde::Serialize;

/// A link with a label and an optional note ("министр …", "3 статьи").
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub name: String,
    pub url: String,
    pub note: Option<String>,
}

/// A breadcrumb trail entry; the last one is the current page (no URL).
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub name: String,
    pub url: Option<String>,
}

/// Site-wide values every page needs.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub lang: String,
}

/// URLs of the site's fixed pages and assets, computed once from the base URL.
#[derive(Debug, Clone, Serialize)]
pub struct UrlsView {
    pub home: String,
    pub regions: String,
    pub bodies: String,
    pub people: String,
    pub organizations: String,
    pub timeline: String,
    pub places: String,
    pub search: String,
    pub search_index: String,
    pub search_js: String,
    pub atom: String,
    pub css: String,
    pub syntax_css: String,
    pub map_css: String,
    pub favicon: String,
}

/// Per-page metadata for `<head>`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageMeta {
    /// The `<title>` text.
    pub title: String,
    pub description: String,
    /// Absolute canonical URL (None for the 404 page).
    pub canonical: Option<String>,
    /// Schema.org JSON-LD, already serialised and safe inside `<script>`.
    pub json_ld: Option<String>,
    /// An extra Atom feed of this page (entity pages).
    pub feed: Option<String>,
    /// Whether `<head>` points feed readers at the site's feed. Article and
    /// entity pages do not: a reader subscribes from the home page or a
    /// list, or from the footer's link on every page, and the `<link>` cost
    /// 110 bytes on each of 100,000 pages (issue 17).
    pub site_feed: bool,
    /// Whether the footer carries the site's tagline (`strings.footer`):
    /// on the home page, where the site introduces itself. On every page
    /// it was ~110 bytes of each of 115,000 pages at 100,000 articles
    /// (issue 17).
    pub tagline: bool,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub breadcrumbs: Vec<Crumb>,
    /// Which top navigation entry is current.
    pub section: &'static str,
    /// Whether the page needs the search script.
    pub search: bool,
}

/// A short article entry for lists.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleCard {
    pub title: String,
    pub url: String,
    pub date_label: Option<String>,
    pub date_iso: Option<String>,
    pub approximate: bool,
    pub lead: String,
    pub regions: Vec<LinkView>,
    /// A list item (title and date) rather than a card with its lead.
    pub compact: bool,
}

/// An article card as HTML, rendered once per article by `card.html` and
/// embedded as is (`| safe`) in every list that shows the article: an
/// article appears on ten or more pages, and rendering its card each time
/// was a third of the build's rendering work.
///
/// Shared, not copied, by every list (`Arc<str>`, sized to the text: Tera
/// hands back a string with room for 2,000 bytes, which at 100,000 cards
/// was ~140 MB of slack).
#[derive(Debug, Clone)]
pub struct CardHtml(pub std::sync::Arc<str>);

impl Serialize for CardHtml {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A group of sidebar links under a heading.
#[derive(Debug, Clone, Serialize)]
pub struct Group<T: Serialize> {
    pub heading: String,
    pub id: String,
    pub items: Vec<T>,
}

/// A money figure with where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyView {
    pub text: String,
    pub amount: String,
    pub qualifier: Option<String>,
    /// The sentence the amount stands in, cut at its boundaries, in three
    /// pieces: before the amount, the amount as written, after it.
    pub context: MoneyContext,
    pub article: Option<LinkView>,
}

/// A sentence around an amount (see [`MoneyView::context`]).
#[derive(Debug, Clone, Serialize, Default)]
pub struct MoneyContext {
    pub before: String,
    pub amount: String,
    pub after: String,
}

/// Page navigation for paginated lists.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PagerItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerItem {
    pub number: usize,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub title: String,
    /// A headline too long for the display size (a guessed one is the lead's
    /// whole first sentence): set smaller, so it does not fill a phone's
    /// first screen.
    pub title_long: bool,
    /// Show the editor that the headline was guessed (`serve` and `check`
    /// only; readers see a headline, not a notice).
    pub title_notice: bool,
    pub date_label: Option<String>,
    pub date_iso: Option<String>,
    pub approximate: bool,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub body_html: String,
    /// Whether the body has highlighted code (the page then links syntax.css).
    pub has_code: bool,
    pub tags: Vec<String>,
    /// Right after the body: the regions and the people (with their roles).
    pub summary: Vec<Group<LinkView>>,
    /// The amounts, with the summary.
    pub money: Vec<MoneyView>,
    /// The other entities (bodies, organisations, places), beside the text.
    pub sidebar: Vec<Group<LinkView>>,
    pub related: Vec<CardHtml>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    pub heading: String,
    pub articles: Vec<CardHtml>,
    /// Link to the full list (the timeline) when there are more articles.
    pub more: Option<LinkView>,
    pub map_html: Option<String>,
    pub active: Vec<Group<LinkView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    pub name: String,
    pub kind_label: String,
    pub count_label: String,
    pub facts: Vec<Fact>,
    pub roles: Vec<String>,
    /// This page's dated articles, newest first.
    pub articles: Vec<CardHtml>,
    /// Then its undated ones, under their own heading.
    pub undated: Vec<CardHtml>,
    pub pager: Option<Pager>,
    pub companions: Vec<Group<LinkView>>,
    pub money: Vec<MoneyView>,
    /// On the last page, when older articles are not listed: where to find them.
    pub older: Option<LinkView>,
    pub feed: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListView {
    pub heading: String,
    pub intro_html: Option<String>,
    pub groups: Vec<Group<LinkView>>,
    pub pager: Option<Pager>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    pub heading: String,
    pub chart_html: Option<String>,
    pub groups: Vec<Group<CardHtml>>,
    pub pager: Option<Pager>,
}
