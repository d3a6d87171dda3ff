//! The home page with its map and chart, the search page and the 404 page.

use super::*;

impl Renderer<'_> {
    /// The home page: the latest articles with their leads and regions, the
    /// small map and the most active regions and bodies. Older articles are
    /// reached through the timeline (paginated), not a second home list.
    pub(super) fn home_page(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
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
    pub(super) fn active_groups(&self) -> Vec<Group<LinkView>> {
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
    pub(super) fn map_html(&self, small: bool) -> Option<String> {
        let s = self.s();
        let regions: Vec<(String, usize, String)> = self
            .graph
            .entities
            .iter()
            .filter(|e| e.kind() == EntityKind::Region)
            .map(|e| (e.name.clone(), e.articles.len(), self.url(&e.path)))
            .collect();
        let map_regions: Vec<crate::render::map::MapRegion> = regions
            .iter()
            .map(|(name, count, url)| crate::render::map::MapRegion {
                name,
                count: *count,
                url: Some(url),
            })
            .collect();
        let labels = crate::render::map::MapLabels {
            title: &s.map_title,
            legend: &s.map_legend,
            table_caption: &s.map_table,
            region_col: &s.regions,
            count_col: &s.articles,
            forms: &s.article_forms,
        };
        Some(crate::render::map::tile_map(&map_regions, &labels, small))
    }

    /// Bar chart of articles per month, for the timeline.
    pub(super) fn chart_html(&self) -> Option<String> {
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
        let labels = crate::render::chart::ChartLabels {
            title: &s.chart_title,
            table_caption: &s.chart_table,
            month_col: &s.month,
            count_col: &s.articles,
            months: &s.months_nominative,
            forms: &s.article_forms,
        };
        Some(crate::render::chart::month_bars(&months, &labels))
    }

    pub(super) fn search_page(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let path = SitePath::dir("search");
        let mut meta = self.meta(&self.s().search, &self.s().search_label, &path, "search");
        meta.search = true;
        meta.breadcrumbs = self.crumbs(&[(&self.s().search, None)]);
        self.render(sink, &path, "search.html", meta, ())
    }

    pub(super) fn not_found_page(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
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
}
