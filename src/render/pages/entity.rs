//! An entity's pages: its articles, the facts box, and the labels of
//! levels and organisation kinds.

use super::*;
use crate::model::RoleSeen;

/// Roles listed on a person's page, in the order the link stage met them. Real people hold a
/// handful; a list of hundreds is a name shared by many people (or the
/// generated corpus), which nobody reads to the end, and at 100,000
/// articles it was 11 MB of the site (issue 17).
pub(super) const MAX_ROLES_SHOWN: usize = 20;

impl Renderer<'_> {
    pub(super) fn entity_pages(
        &self,
        sink: &dyn Sink,
        e: &EntityNode,
    ) -> Vec<Result<(), Diagnostic>> {
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
            Detail::Person { roles } => role_lines(roles, self.s()),
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
            .filter(|(a, m)| sentence_names(money_sentence(&self.graph.articles[a.0].doc, m), e))
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
                // Articles are newest first with the undated last
                // (`link::newest_first`), so they are a tail of the page.
                let undated_from =
                    chunk.partition_point(|&id| self.graph.articles[id.0].doc.date.is_some());
                let view = EntityView {
                    name: e.name.clone(),
                    kind_label: self.kind_heading(e.kind()).to_string(),
                    count_label: self.count_label(e.articles.len()),
                    facts: facts.clone(),
                    // The roles are the person's, not the page's: the next
                    // pages continue the list of articles only (as the
                    // companions and amounts do).
                    roles: if i == 0 { roles.clone() } else { Vec::new() },
                    articles: self.cards_of(&chunk[..undated_from])?,
                    undated: self.cards_of(&chunk[undated_from..])?,
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
                meta.site_feed = false;
                self.pager_links(&mut meta, &view.pager);
                meta.breadcrumbs = self.crumbs(&[
                    (self.kind_heading(e.kind()), Some(&list_path)),
                    (&e.name, None),
                ]);
                self.render_wanted(sink, &path, "entity.html", meta, view)
            })
            .collect()
    }

    pub(super) fn facts(&self, e: &EntityNode) -> Vec<Fact> {
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
                    value: org_kind_label(self.s(), *kind).to_string(),
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
}

/// A region's federal district: from extraction, else from the map table.
pub(super) fn region_district<'a>(name: &str, extracted: &'a str) -> &'a str {
    if extracted.is_empty() {
        crate::render::map::district_of(name).unwrap_or("")
    } else {
        extracted
    }
}

pub(super) fn level_label(s: &Strings, l: Level) -> &str {
    match l {
        Level::Federal => &s.federal,
        Level::Regional => &s.regional,
        Level::Municipal => &s.municipal,
    }
}

/// The word a money figure's qualifier shows ("более", "около", "до").
pub(super) fn qualifier_label(s: &Strings, q: Qualifier) -> &str {
    match q {
        Qualifier::MoreThan => &s.qualifier_more_than,
        Qualifier::About => &s.qualifier_about,
        Qualifier::UpTo => &s.qualifier_up_to,
    }
}

/// The place of an organisation kind in `org_kinds` and `org_kinds_plural`.
fn org_kind_index(k: crate::model::OrgKind) -> usize {
    use crate::model::OrgKind::*;
    match k {
        Company => 0,
        Plant => 1,
        Cluster => 2,
        Park => 3,
        Event => 4,
        Association => 5,
        Other => 6,
    }
}

/// An organisation's kind in its facts box ("завод, предприятие").
pub(super) fn org_kind_label(s: &Strings, k: crate::model::OrgKind) -> &str {
    &s.org_kinds[org_kind_index(k)]
}

/// A group heading of the organisations list ("Заводы и предприятия").
pub(super) fn org_kind_plural(s: &Strings, k: crate::model::OrgKind) -> &str {
    &s.org_kinds_plural[org_kind_index(k)]
}

/// A person's roles as lines, "должность — 2023, 2024", the first
/// [`MAX_ROLES_SHOWN`] of them and then how many more there are.
fn role_lines(roles: &[RoleSeen], s: &Strings) -> Vec<String> {
    let mut lines: Vec<String> = roles
        .iter()
        .take(MAX_ROLES_SHOWN)
        .map(|r| {
            let years: Vec<String> = r.years.iter().map(i32::to_string).collect();
            if years.is_empty() {
                r.role.clone()
            } else {
                format!("{} — {}", r.role, years.join(", "))
            }
        })
        .collect();
    if let Some(rest) = roles.len().checked_sub(MAX_ROLES_SHOWN).filter(|&n| n > 0) {
        lines.push(format!(
            "{} {}",
            s.more_roles,
            ru::count(rest, &s.role_forms)
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(n: usize) -> Vec<RoleSeen> {
        (0..n)
            .map(|i| RoleSeen {
                role: format!("должность {i}"),
                years: if i == 0 {
                    [2023, 2024].into()
                } else {
                    Default::default()
                },
            })
            .collect()
    }

    #[test]
    fn short_role_lists_are_whole() {
        let lines = role_lines(&roles(3), &Strings::default());
        assert_eq!(
            lines,
            ["должность 0 — 2023, 2024", "должность 1", "должность 2"]
        );
        assert_eq!(
            role_lines(&roles(MAX_ROLES_SHOWN), &Strings::default()).len(),
            MAX_ROLES_SHOWN
        );
    }

    #[test]
    fn long_role_lists_end_with_how_many_more() {
        let lines = role_lines(&roles(MAX_ROLES_SHOWN + 5), &Strings::default());
        assert_eq!(lines.len(), MAX_ROLES_SHOWN + 1);
        assert_eq!(
            lines[MAX_ROLES_SHOWN - 1],
            format!("должность {}", MAX_ROLES_SHOWN - 1)
        );
        assert_eq!(lines[MAX_ROLES_SHOWN], "и ещё 5 должностей");
        let one_more = role_lines(&roles(MAX_ROLES_SHOWN + 1), &Strings::default());
        assert_eq!(one_more.last().unwrap(), "и ещё 1 должность");
    }
}
