//! The alphabetical lists of each entity kind, the timeline, and the
//! pagination they share.

use super::*;

impl Renderer<'_> {
    pub(super) fn list_pages(
        &self,
        sink: &dyn Sink,
        kind: EntityKind,
    ) -> Vec<Result<(), Diagnostic>> {
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

    pub(super) fn list_groups(&self, ids: &[EntityId]) -> Vec<Group<LinkView>> {
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
                    (*kind as u8, org_kind_plural(self.s(), *kind).to_string())
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

    pub(super) fn timeline_pages(&self, sink: &dyn Sink) -> Vec<Result<(), Diagnostic>> {
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
    pub(super) fn timeline_group(&self, d: Option<PartialDate>) -> (String, String) {
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

    pub(super) fn pager(&self, base: &str, current: usize, total: usize) -> Option<Pager> {
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

    pub(super) fn pager_links(&self, meta: &mut PageMeta, pager: &Option<Pager>) {
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

/// `base/` for page 1, `base/page/N/` after.
pub(super) fn page_path(base: &str, n: usize) -> SitePath {
    let base = base.trim_matches('/');
    match (n, base.is_empty()) {
        (1, _) => SitePath::dir(base),
        (_, true) => SitePath::dir(&format!("page/{n}")),
        (_, false) => SitePath::dir(&format!("{base}/page/{n}")),
    }
}

/// Splits items into pages; always at least one (possibly empty) page.
pub(super) fn paginate<T: Clone>(items: &[T], per: usize) -> Vec<Vec<T>> {
    if items.is_empty() {
        return vec![Vec::new()];
    }
    items.chunks(per.max(1)).map(<[T]>::to_vec).collect()
}
