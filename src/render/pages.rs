//! Builds the view of every page kind and renders it with its template.

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

pub mod sample;
pub mod select;

/// Items per page of the alphabetical entity lists.
const LIST_PER_PAGE: usize = 300;
/// Pages of articles an entity gets: the latest `per_page × this` articles
/// are listed, older ones are reached through search (linked from the last
/// page) and the timeline. Nobody pages through five pages of a list of
/// titles, and at 100,000 articles the deeper pages of the big regions and
/// bodies were 400 MB, a third of the site.
const MAX_ENTITY_PAGES: usize = 5;
/// "Read also" cards on an article page (of the five the link stage finds).
const MAX_RELATED_SHOWN: usize = 3;
/// Articles per timeline page.
const TIMELINE_PER_PAGE: usize = 60;
/// Length of the lead shown in article cards, in characters.
const LEAD_CHARS: usize = 220;
/// Months with articles the timeline needs before it shows its chart.
const MIN_CHART_MONTHS: usize = 3;
/// Length of an article's headline in its breadcrumb trail, in characters.
const CRUMB_CHARS: usize = 32;
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
        let html = squeeze(&self.fill(template, &common)?);
        sink.put(&path.output_file(), html.into_bytes())
            .map_err(|e| io_diag(Path::new(&path.output_file()), e))
    }

    /// Renders `template` with `context`; errors name the template file.
    fn fill(&self, template: &str, context: &impl Serialize) -> Result<String, Diagnostic> {
        let ctx =
            Context::from_serialize(context).map_err(|e| tera_diag(&e, Path::new(template)))?;
        self.tera
            .render(template, &ctx)
            .map_err(|e| tera_diag(&e, &Path::new("templates").join(template)))
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
            description: truncate(description, 200),
            canonical: Some(self.abs(path)),
            og_type: "website",
            section,
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
            qualifier: m.qualifier.map(|q| qualifier_label(q).to_string()),
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

    // ---- article pages ----

    fn article_page(&self, sink: &dyn Sink, id: ArticleId, a: &Article) -> Result<(), Diagnostic> {
        let d = &a.doc;
        let reader = reader_text(d);
        let mut groups: BTreeMap<EntityKind, Vec<LinkView>> = BTreeMap::new();
        for &r in &a.refs {
            let e = &self.graph.entities[r.0];
            let note = match &e.detail {
                Detail::Person { .. } => a
                    .entities
                    .people
                    .iter()
                    .find(|p| crate::model::fold_name(&p.name) == e.key.norm)
                    .and_then(|p| p.role.clone()),
                _ => None,
            };
            groups
                .entry(e.kind())
                .or_default()
                .push(self.entity_link(r, note));
        }
        // Regions and people go right under the text (on a phone the
        // sidebar comes after the related articles); the rest beside it.
        let (summary, sidebar): (Vec<_>, Vec<_>) = groups
            .into_iter()
            .map(|(k, items)| {
                let g = Group {
                    heading: self.kind_heading(k).to_string(),
                    id: kind_dir(k).to_string(),
                    items,
                };
                (k, g)
            })
            .partition(|(k, _)| matches!(k, EntityKind::Region | EntityKind::Person));
        let summary = summary.into_iter().map(|(_, g)| g).collect();
        let sidebar = sidebar.into_iter().map(|(_, g)| g).collect();
        let body_html = match &d.body {
            Body::Markdown(md) => super::markdown::to_html(md),
            Body::Plain { quotes } => paragraphs_html(&reader.paragraphs, quotes),
        };
        let source_url = d
            .source_url
            .as_deref()
            .filter(|u| is_web_url(u))
            .map(str::to_string);
        let view = ArticleView {
            title: reader.title.to_string(),
            title_long: reader.title.chars().count() > LONG_TITLE_CHARS,
            title_notice: d.title_inferred && self.cfg.preview,
            date_label: d.date.map(|x| self.date_label(&x)),
            date_iso: d.date.map(|x| x.to_string()),
            approximate: d.date.is_some_and(|x| !x.is_exact()),
            source: d.source.clone(),
            source_url,
            has_code: body_html.contains("<pre class=\"hl\""),
            body_html,
            tags: d.tags.clone(),
            summary,
            sidebar,
            money: a
                .entities
                .money
                .iter()
                .map(|m| self.money_view(id, m, false))
                .collect(),
            related: a
                .related
                .iter()
                .take(MAX_RELATED_SHOWN)
                .map(|&r| self.card(r))
                .collect::<Result<_, _>>()?,
        };
        let lead = d.plain.first().map(String::as_str).unwrap_or(&d.title);
        let mut meta = self.meta(&d.title, lead, &a.path, "articles");
        meta.og_type = "article";
        meta.json_ld = Some(self.article_json_ld(a));
        // The trail leads to the timeline; the headline follows as the h1,
        // so the last crumb is only its start.
        let timeline = SitePath::dir("timeline");
        meta.breadcrumbs = self.crumbs(&[
            (&self.s().timeline, Some(&timeline)),
            (&truncate(&d.title, CRUMB_CHARS), None),
        ]);
        self.render(sink, &a.path, "article.html", meta, view)
    }

    /// Schema.org NewsArticle: what search engines read for a news item.
    /// The entities are not listed (`about`): no search feature uses them
    /// for news, the summary under the body links them, and at ten entities
    /// an article it was the largest part of the page head.
    fn article_json_ld(&self, a: &Article) -> String {
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": truncate(&a.doc.title, 110),
            "url": self.abs(&a.path),
            "inLanguage": "ru",
            "publisher": {"@type": "Organization", "name": self.cfg.title},
        });
        if let Some(d) = a.doc.date.filter(PartialDate::is_exact) {
            ld["datePublished"] = serde_json::Value::String(d.to_string());
        }
        if let Some(s) = &a.doc.source {
            ld["sourceOrganization"] = serde_json::json!({"@type": "Organization", "name": s});
        }
        script_safe_json(&ld)
    }

    // ---- home ----

    /// The home page: the latest articles with their leads and regions, the
    /// small map and the most active regions and bodies. Older articles are
    /// reached through the timeline (paginated), not a second home list.
    fn home_page(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let n = self.graph.articles.len().min(self.cfg.home_latest);
        let view = HomeView {
            heading: self.s().latest.clone(),
            articles: (0..n)
                .map(|i| self.card_with_lead(ArticleId(i)))
                .collect::<Result<_, _>>()?,
            more: (self.graph.articles.len() > n).then(|| LinkView {
                name: self.s().all_articles.clone(),
                url: self.urls.timeline.clone(),
                note: Some(self.count_label(self.graph.articles.len())),
            }),
            map_html: self.map_html(true),
            active: self.active_groups(),
        };
        let path = SitePath::dir("");
        let meta = self.meta(&self.cfg.title, &self.cfg.description, &path, "home");
        self.render(sink, &path, "home.html", meta, view)
    }

    /// Most active regions and bodies over the last 90 days of content
    /// (counted back from the newest article date, not from the clock).
    fn active_groups(&self) -> Vec<Group<LinkView>> {
        let Some(newest) = crate::link::newest_date(self.graph) else {
            return Vec::new();
        };
        let from = newest.first_day() - chrono::Duration::days(90);
        let mut counts: BTreeMap<EntityId, usize> = BTreeMap::new();
        for a in &self.graph.articles {
            if a.doc.date.is_some_and(|d| d.first_day() >= from) {
                for &r in &a.refs {
                    if matches!(
                        self.graph.entities[r.0].kind(),
                        EntityKind::Region | EntityKind::Body
                    ) {
                        *counts.entry(r).or_default() += 1;
                    }
                }
            }
        }
        [
            (EntityKind::Region, &self.s().active_regions),
            (EntityKind::Body, &self.s().active_bodies),
        ]
        .into_iter()
        .filter_map(|(kind, heading)| {
            let mut v: Vec<(EntityId, usize)> = counts
                .iter()
                .filter(|(id, _)| self.graph.entities[id.0].kind() == kind)
                .map(|(&i, &c)| (i, c))
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(8);
            (!v.is_empty()).then(|| Group {
                heading: heading.clone(),
                id: format!("active-{}", kind_dir(kind)),
                items: v
                    .into_iter()
                    .map(|(id, c)| self.entity_link(id, Some(self.count_label(c))))
                    .collect(),
            })
        })
        .collect()
    }

    /// The tile map of regions coloured by article count.
    fn map_html(&self, small: bool) -> Option<String> {
        let s = self.s();
        let regions: Vec<(String, usize, String)> = self
            .graph
            .entities
            .iter()
            .filter(|e| e.kind() == EntityKind::Region)
            .map(|e| (e.name.clone(), e.articles.len(), self.url(&e.path)))
            .collect();
        let map_regions: Vec<super::map::MapRegion> = regions
            .iter()
            .map(|(name, count, url)| super::map::MapRegion {
                name,
                count: *count,
                url: Some(url),
            })
            .collect();
        let labels = super::map::MapLabels {
            title: &s.map_title,
            legend: &s.map_legend,
            table_caption: &s.map_table,
            region_col: &s.regions,
            count_col: &s.articles,
            forms: &s.article_forms,
        };
        Some(super::map::tile_map(&map_regions, &labels, small))
    }

    /// Bar chart of articles per month, for the timeline.
    fn chart_html(&self) -> Option<String> {
        let mut months: BTreeMap<(i32, u32), usize> = BTreeMap::new();
        for a in &self.graph.articles {
            if let Some(d) = a.doc.date {
                if let Some(m) = d.month() {
                    *months.entry((d.year(), m)).or_default() += 1;
                }
            }
        }
        // One or two bars say nothing a reader cannot see in the list below.
        if months.len() < MIN_CHART_MONTHS {
            return None;
        }
        let months: Vec<(i32, u32, usize)> =
            months.into_iter().map(|((y, m), n)| (y, m, n)).collect();
        let s = self.s();
        let labels = super::chart::ChartLabels {
            title: &s.chart_title,
            table_caption: &s.chart_table,
            month_col: &s.month,
            count_col: &s.articles,
            months: &s.months_nominative,
            forms: &s.article_forms,
        };
        Some(super::chart::month_bars(&months, &labels))
    }

    // ---- entity pages ----

    fn entity_pages(&self, sink: &dyn Sink, e: &EntityNode) -> Vec<Result<(), Diagnostic>> {
        if !e.has_page() {
            return Vec::new();
        }
        let base = e.path.as_str().trim_end_matches('/').to_string();
        let mut pages = paginate(&e.articles, self.cfg.per_page);
        let capped = entity_capped(e.articles.len(), self.cfg.per_page);
        pages.truncate(entity_page_count(e.articles.len(), self.cfg.per_page));
        let older = capped.then(|| LinkView {
            name: self.s().older_in_search.clone(),
            url: format!("{}?q={}", self.urls.search, query_escape(&e.name)),
            note: None,
        });
        let facts = self.facts(e);
        let roles = match &e.detail {
            Detail::Person { roles } => roles
                .iter()
                .map(|r| {
                    let years: Vec<String> = r.years.iter().map(i32::to_string).collect();
                    if years.is_empty() {
                        r.role.clone()
                    } else {
                        format!("{} — {}", r.role, years.join(", "))
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut companions: BTreeMap<EntityKind, Vec<LinkView>> = BTreeMap::new();
        for &(id, n) in &e.companions {
            let c = &self.graph.entities[id.0];
            companions
                .entry(c.kind())
                .or_default()
                .push(self.entity_link(id, Some(self.count_label(n))));
        }
        let companions: Vec<Group<LinkView>> = companions
            .into_iter()
            .map(|(k, items)| Group {
                heading: self.kind_heading(k).to_string(),
                id: format!("with-{}", kind_dir(k)),
                items,
            })
            .collect();
        // An amount is listed only when its own sentence names the entity:
        // sharing an article is not enough.
        let money: Vec<MoneyView> = e
            .money
            .iter()
            .map(|&(a, k)| (a, &self.graph.articles[a.0].entities.money[k]))
            .filter(|(a, m)| {
                let c = money_context(&self.graph.articles[a.0].doc, m);
                let sentence = format!("{}{}{}", c.before, c.amount, c.after);
                sentence_names(&sentence, e)
            })
            .map(|(a, m)| self.money_view(a, m, true))
            .collect();
        let list_path = SitePath::dir(kind_dir(e.kind()));
        let feed = self.cfg.base_url.rel(&format!("{base}/atom.xml"));
        pages
            .iter()
            .enumerate()
            .map(|(i, chunk)| {
                let path = page_path(&base, i + 1);
                if !sink.wants(&path.output_file()) {
                    return Ok(());
                }
                let view = EntityView {
                    name: e.name.clone(),
                    kind_label: self.kind_heading(e.kind()).to_string(),
                    count_label: self.count_label(e.articles.len()),
                    facts: facts.clone(),
                    roles: roles.clone(),
                    articles: chunk
                        .iter()
                        .map(|&id| self.card(id))
                        .collect::<Result<_, _>>()?,
                    pager: self.pager(&base, i + 1, pages.len()),
                    companions: if i == 0 {
                        companions.clone()
                    } else {
                        Vec::new()
                    },
                    money: if i == 0 { money.clone() } else { Vec::new() },
                    older: if i + 1 == pages.len() {
                        older.clone()
                    } else {
                        None
                    },
                    feed: feed.clone(),
                };
                let desc = format!("{}: {}", e.name, view.count_label);
                let mut meta = self.meta(&e.name, &desc, &path, kind_dir(e.kind()));
                meta.feed = Some(feed.clone());
                self.pager_links(&mut meta, &view.pager);
                meta.breadcrumbs = self.crumbs(&[
                    (self.kind_heading(e.kind()), Some(&list_path)),
                    (&e.name, None),
                ]);
                self.render_wanted(sink, &path, "entity.html", meta, view)
            })
            .collect()
    }

    fn facts(&self, e: &EntityNode) -> Vec<Fact> {
        let s = self.s();
        let region_link = |name: &str| {
            let key = crate::model::EntityKey::new(EntityKind::Region, name);
            self.graph
                .entities
                .binary_search_by(|x| x.key.cmp(&key))
                .ok()
                .map(|i| self.url(&self.graph.entities[i].path))
        };
        match &e.detail {
            Detail::Region { district } if !region_district(&e.name, district).is_empty() => {
                vec![Fact {
                    label: s.federal_district.clone(),
                    value: region_district(&e.name, district).to_string(),
                    url: None,
                }]
            }
            Detail::Body {
                level,
                region,
                full_name,
            } => {
                let mut v = vec![Fact {
                    label: s.level.clone(),
                    value: match level {
                        Level::Federal => &s.level_federal,
                        Level::Regional => &s.level_regional,
                        Level::Municipal => &s.level_municipal,
                    }
                    .clone(),
                    url: None,
                }];
                if let Some(f) = full_name.as_ref().filter(|f| **f != e.name) {
                    v.push(Fact {
                        label: s.full_name.clone(),
                        value: f.clone(),
                        url: None,
                    });
                }
                if let Some(r) = region {
                    v.push(Fact {
                        label: s.region.clone(),
                        value: r.clone(),
                        url: region_link(r),
                    });
                }
                v
            }
            Detail::Organization { kind, short } => {
                let mut v = vec![Fact {
                    label: s.org_type.clone(),
                    value: org_kind_label(*kind).to_string(),
                    url: None,
                }];
                if let Some(sh) = short {
                    v.push(Fact {
                        label: s.short_name.clone(),
                        value: sh.clone(),
                        url: None,
                    });
                }
                v
            }
            Detail::Place { region: Some(r) } => {
                vec![Fact {
                    label: s.region.clone(),
                    value: r.clone(),
                    url: region_link(r),
                }]
            }
            _ => Vec::new(),
        }
    }

    // ---- entity lists ----

    fn list_pages(&self, sink: &dyn Sink, kind: EntityKind) -> Vec<Result<(), Diagnostic>> {
        let dir = kind_dir(kind);
        let ids: Vec<EntityId> = self
            .graph
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind() == kind && e.has_page())
            .map(|(i, _)| EntityId(i))
            .collect();
        let groups = self.list_groups(&ids);
        // Pagination cuts the grouped list into pages of about LIST_PER_PAGE items.
        let mut pages: Vec<Vec<Group<LinkView>>> = vec![Vec::new()];
        let mut on_page = 0;
        for g in groups {
            for chunk in g.items.chunks(LIST_PER_PAGE) {
                if on_page + chunk.len() > LIST_PER_PAGE && on_page > 0 {
                    pages.push(Vec::new());
                    on_page = 0;
                }
                on_page += chunk.len();
                pages.last_mut().expect("one page").push(Group {
                    heading: g.heading.clone(),
                    id: g.id.clone(),
                    items: chunk.to_vec(),
                });
            }
        }
        let heading = self.kind_heading(kind).to_string();
        let total = pages.len();
        pages
            .into_iter()
            .enumerate()
            .map(|(i, groups)| {
                let path = page_path(dir, i + 1);
                let view = ListView {
                    heading: heading.clone(),
                    intro_html: if i == 0 && kind == EntityKind::Region {
                        self.map_html(false)
                    } else {
                        None
                    },
                    groups,
                    pager: self.pager(dir, i + 1, total),
                };
                let mut meta = self.meta(
                    &heading,
                    &format!("{} — {}", heading, self.cfg.title),
                    &path,
                    dir,
                );
                self.pager_links(&mut meta, &view.pager);
                meta.breadcrumbs = self.crumbs(&[(&heading, None)]);
                self.render(sink, &path, "list.html", meta, view)
            })
            .collect()
    }

    fn list_groups(&self, ids: &[EntityId]) -> Vec<Group<LinkView>> {
        let g = self.graph;
        let link = |id: EntityId| {
            let e = &g.entities[id.0];
            let mut note = self.count_label(e.articles.len());
            if let Some(n) = self.note_for(e) {
                note = format!("{n}; {note}");
            }
            self.entity_link(id, Some(note))
        };
        let mut grouped: BTreeMap<(u8, String), Vec<EntityId>> = BTreeMap::new();
        for &id in ids {
            let e = &g.entities[id.0];
            let key = match &e.detail {
                Detail::Region { district } => (0, region_district(&e.name, district).to_string()),
                Detail::Body { level, .. } => {
                    (*level as u8, level_label(self.s(), *level).to_string())
                }
                Detail::Organization { kind, .. } => {
                    (*kind as u8, org_kind_plural(*kind).to_string())
                }
                _ => (
                    0,
                    e.name
                        .chars()
                        .next()
                        .map(|c| c.to_uppercase().to_string())
                        .unwrap_or_default(),
                ),
            };
            grouped.entry(key).or_default().push(id);
        }
        grouped
            .into_iter()
            .enumerate()
            .map(|(i, ((_, heading), mut ids))| {
                ids.sort_by(|a, b| collate(&g.entities[a.0].name, &g.entities[b.0].name));
                Group {
                    heading,
                    id: format!("g{}", i + 1),
                    items: ids.into_iter().map(link).collect(),
                }
            })
            .collect()
    }

    // ---- timeline ----

    fn timeline_pages(&self, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
        let g = self.graph;
        // Articles are already newest first with approximate dates after the
        // exact ones of their period and undated ones last.
        let ids: Vec<ArticleId> = (0..g.articles.len()).map(ArticleId).collect();
        let pages = paginate(&ids, TIMELINE_PER_PAGE);
        let heading = self.s().timeline.clone();
        pages
            .iter()
            .enumerate()
            .map(|(i, chunk)| {
                let path = page_path("timeline", i + 1);
                if !sink.wants(&path.output_file()) {
                    return Ok(());
                }
                let mut groups: Vec<Group<CardHtml>> = Vec::new();
                for &id in chunk.iter() {
                    let (gid, gh) = self.timeline_group(g.articles[id.0].doc.date);
                    let card = self.card(id)?;
                    match groups.last_mut() {
                        Some(last) if last.id == gid => last.items.push(card),
                        _ => groups.push(Group {
                            heading: gh,
                            id: gid,
                            items: vec![card],
                        }),
                    }
                }
                let view = TimelineView {
                    heading: heading.clone(),
                    chart_html: if i == 0 { self.chart_html() } else { None },
                    groups,
                    pager: self.pager("timeline", i + 1, pages.len()),
                };
                let mut meta = self.meta(
                    &heading,
                    &format!("{heading} — {}", self.cfg.title),
                    &path,
                    "timeline",
                );
                self.pager_links(&mut meta, &view.pager);
                meta.breadcrumbs = self.crumbs(&[(&heading, None)]);
                self.render_wanted(sink, &path, "timeline.html", meta, view)
            })
            .collect()
    }

    /// The timeline group of a date: its month, its year (for year-only
    /// dates, marked approximate) or the undated group.
    fn timeline_group(&self, d: Option<PartialDate>) -> (String, String) {
        let s = self.s();
        match d {
            Some(PartialDate::Year(y)) => (format!("y{y}"), format!("{y} ({})", s.approximate)),
            Some(d) => {
                let m = d.month().expect("day or month precision");
                let name = &s.months_nominative[m as usize - 1];
                (
                    format!("m{}-{m:02}", d.year()),
                    format!("{} {}", capitalise(name), d.year()),
                )
            }
            None => ("undated".into(), s.date_unknown.clone()),
        }
    }

    // ---- search and 404 ----

    fn search_page(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let path = SitePath::dir("search");
        let mut meta = self.meta(&self.s().search, &self.s().search_label, &path, "search");
        meta.search = true;
        meta.breadcrumbs = self.crumbs(&[(&self.s().search, None)]);
        self.render(sink, &path, "search.html", meta, ())
    }

    fn not_found_page(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let path = SitePath::file("404.html");
        let mut meta = self.meta(
            &self.s().not_found_title,
            &self.s().not_found_text,
            &path,
            "",
        );
        meta.canonical = None;
        self.render(sink, &path, "404.html", meta, ())
    }

    // ---- pagination ----

    fn pager(&self, base: &str, current: usize, total: usize) -> Option<Pager> {
        if total <= 1 {
            return None;
        }
        let url = |n: usize| self.url(&page_path(base, n));
        // Show the first, last and two around the current page.
        let pages = (1..=total)
            .filter(|&n| n == 1 || n == total || n.abs_diff(current) <= 2)
            .map(|n| PagerItem {
                number: n,
                url: (n != current).then(|| url(n)),
            })
            .collect();
        Some(Pager {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages,
        })
    }

    fn pager_links(&self, meta: &mut PageMeta, pager: &Option<Pager>) {
        if let Some(p) = pager {
            meta.prev = p.prev.clone();
            meta.next = p.next.clone();
            if p.current > 1 {
                meta.title = format!(
                    "{} — {} {}",
                    meta.title,
                    self.s().page.to_lowercase(),
                    p.current
                );
            }
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

/// `base/` for page 1, `base/page/N/` after.
fn page_path(base: &str, n: usize) -> SitePath {
    let base = base.trim_matches('/');
    match (n, base.is_empty()) {
        (1, _) => SitePath::dir(base),
        (_, true) => SitePath::dir(&format!("page/{n}")),
        (_, false) => SitePath::dir(&format!("{base}/page/{n}")),
    }
}

/// Splits items into pages; always at least one (possibly empty) page.
fn paginate<T: Clone>(items: &[T], per: usize) -> Vec<Vec<T>> {
    if items.is_empty() {
        return vec![Vec::new()];
    }
    items.chunks(per.max(1)).map(<[T]>::to_vec).collect()
}

/// Drops the indentation and blank lines the templates leave: each line is
/// trimmed and empty ones go, outside `<pre>` (code keeps its layout). A
/// browser shows the page the same (a line break is still whitespace
/// between inline elements), and it was a tenth of every page.
pub fn squeeze(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        let (plain, raw) = match rest.find("<pre") {
            Some(i) => {
                let end = rest[i..].find("</pre>").map_or(rest.len(), |j| i + j + 6);
                (&rest[..i], &rest[i..end])
            }
            None => (rest, ""),
        };
        let mut lines = plain.split('\n').peekable();
        while let Some(line) = lines.next() {
            let t = line.trim_matches([' ', '\t', '\r']);
            if t.is_empty() {
                continue;
            }
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(t);
            if lines.peek().is_some() {
                out.push('\n');
            }
        }
        out.push_str(raw);
        rest = &rest[plain.len() + raw.len()..];
    }
    out
}

/// Paragraphs of cleaned text as HTML, every character escaped: the first
/// one is the lead, runs of quote paragraphs (`quotes`, indexes into `ps`)
/// are one `<blockquote>`, and amounts, dates and initials do not break.
fn paragraphs_html(ps: &[&str], quotes: &[u32]) -> String {
    let mut out = String::new();
    let mut in_quote = false;
    for (i, p) in ps.iter().enumerate() {
        let quote = quotes.binary_search(&(i as u32)).is_ok();
        if quote != in_quote {
            out.push_str(if quote {
                "<blockquote>\n"
            } else {
                "</blockquote>\n"
            });
            in_quote = quote;
        }
        out.push_str(if i == 0 && !quote {
            "<p class=\"lead\">"
        } else {
            "<p>"
        });
        out.push_str(&super::escape_html(&super::typo::nbsp(p)));
        out.push_str("</p>\n");
    }
    if in_quote {
        out.push_str("</blockquote>\n");
    }
    out
}

/// An article's headline and paragraphs as readers get them. A headline
/// the cleaner made from the lead's first sentence would repeat the body's
/// first line: the whole sentence becomes the headline and the lead starts
/// after it (the paragraph goes when nothing is left of it).
struct ReaderText<'a> {
    title: &'a str,
    paragraphs: Vec<&'a str>,
}

fn reader_text(d: &crate::model::CleanDoc) -> ReaderText<'_> {
    let mut paragraphs: Vec<&str> = d.plain.iter().map(String::as_str).collect();
    let mut title = d.title.as_str();
    let core = title.trim_end_matches(['…', '.']).trim_end();
    if d.title_inferred && !core.is_empty() {
        if let Some(first) = paragraphs.first().copied().filter(|p| p.starts_with(core)) {
            let r = super::typo::sentence_around(first, 0..core.len());
            title = first[r.clone()].trim_end_matches('.');
            let rest = first[r.end..].trim_start();
            if rest.is_empty() {
                paragraphs.remove(0);
            } else {
                paragraphs[0] = rest;
            }
        }
    }
    ReaderText { title, paragraphs }
}

/// Most characters of context shown on each side of an amount.
const MONEY_CONTEXT_CHARS: usize = 110;

/// The sentence around amount `m`, cut at its boundaries ("руб." before a
/// capital ends a sentence) and split around the amount as written, so the
/// amount is always inside the context shown.
fn money_context(doc: &crate::model::CleanDoc, m: &Money) -> MoneyContext {
    let span = m.sentence;
    let para = match span.block {
        0 => doc.title.as_str(),
        n => doc.plain.get(n as usize - 1).map_or("", String::as_str),
    };
    let from = (span.start as usize).min(para.len());
    let at = para
        .get(from..)
        .and_then(|s| s.find(m.text.as_str()))
        .map(|i| i + from)
        .or_else(|| para.find(m.text.as_str()));
    let Some(at) = at else {
        return MoneyContext {
            amount: m.text.clone(),
            ..MoneyContext::default()
        };
    };
    context_around(para, at..at + m.text.len())
}

/// The sentence of `para` around the amount at `amount`, in three pieces.
/// The space after the amount stays with the text after it ("<b>36,2 млрд
/// ₽</b> выделит"), which `truncate` would trim away.
fn context_around(para: &str, amount: std::ops::Range<usize>) -> MoneyContext {
    let r = super::typo::sentence_around(para, amount.clone());
    let before = &para[r.start..amount.start];
    let after = &para[amount.end..r.end];
    let nb = super::typo::nbsp;
    let space = if after.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let after = nb(&truncate(after, MONEY_CONTEXT_CHARS));
    MoneyContext {
        before: nb(&truncate_start(before, MONEY_CONTEXT_CHARS)),
        amount: nb(&para[amount]),
        after: format!("{space}{}", after.trim_end()),
    }
}

/// Keeps the end of `text`: at most `max` characters, cut at a word boundary
/// with "…" in front. A trailing space is kept (the amount follows it).
fn truncate_start(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let skip = text.chars().count() - max + 1;
    let cut = text.char_indices().nth(skip).map_or(0, |(i, _)| i);
    let from = text[cut..].find(' ').map_or(cut, |j| cut + j + 1);
    format!("…{}", &text[from..])
}

/// Whether the sentence of a money figure names entity `e`: every
/// significant word of its name (a person: the surname) or one of its
/// aliases appears there, in any case form (a stem prefix).
fn sentence_names(sentence: &str, e: &EntityNode) -> bool {
    let s = sentence.to_lowercase();
    let has = |name: &str| {
        let words: Vec<&str> = name
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| w.chars().count() >= 3 || w.chars().all(char::is_uppercase))
            .collect();
        let words = if e.kind() == EntityKind::Person {
            words.last().map(|w| vec![*w]).unwrap_or_default()
        } else {
            words
        };
        !words.is_empty()
            && words.iter().all(|w| {
                let w = w.to_lowercase();
                let n = w.chars().count();
                // Case endings: "край"/"края", "России"/"Россия".
                let keep = match n {
                    0..=3 => n,
                    4..=5 => n - 1,
                    _ => n - 2,
                };
                let stem: String = w.chars().take(keep).collect();
                s.contains(&stem)
            })
    };
    has(&e.name) || e.aliases.iter().any(|a| has(a))
}

/// Percent-encodes text for a URL's query (`?q=…`): everything but
/// unreserved ASCII, spaces as `+`.
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
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

/// A region's federal district: from extraction, else from the map table.
fn region_district<'a>(name: &str, extracted: &'a str) -> &'a str {
    if extracted.is_empty() {
        super::map::district_of(name).unwrap_or("")
    } else {
        extracted
    }
}

fn level_label(s: &Strings, l: Level) -> &str {
    match l {
        Level::Federal => &s.federal,
        Level::Regional => &s.regional,
        Level::Municipal => &s.municipal,
    }
}

fn qualifier_label(q: Qualifier) -> &'static str {
    match q {
        Qualifier::MoreThan => "более",
        Qualifier::About => "около",
        Qualifier::UpTo => "до",
    }
}

fn org_kind_label(k: crate::model::OrgKind) -> &'static str {
    use crate::model::OrgKind::*;
    match k {
        Company => "компания",
        Plant => "завод, предприятие",
        Cluster => "кластер",
        Park => "индустриальный парк",
        Event => "мероприятие",
        Association => "объединение",
        Other => "организация",
    }
}

fn org_kind_plural(k: crate::model::OrgKind) -> &'static str {
    use crate::model::OrgKind::*;
    match k {
        Company => "Компании",
        Plant => "Заводы и предприятия",
        Cluster => "Кластеры",
        Park => "Индустриальные парки и технопарки",
        Event => "Выставки и мероприятия",
        Association => "Объединения и ассоциации",
        Other => "Другие организации",
    }
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
    fn query_escape_encodes_all_but_unreserved() {
        assert_eq!(
            query_escape("Омская область"),
            "%D0%9E%D0%BC%D1%81%D0%BA%D0%B0%D1%8F+%D0%BE%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D1%8C"
        );
        assert_eq!(query_escape("a&b=c\"<"), "a%26b%3Dc%22%3C");
    }

    #[test]
    fn truncation_keeps_words() {
        assert_eq!(truncate("один два три", 100), "один два три");
        let t = truncate("один два три четыре", 12);
        assert!(t.chars().count() <= 12 && t.ends_with('…'), "{t}");
    }
}
