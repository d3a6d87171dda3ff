//! The article page: its text as HTML, the money boxes with their context,
//! the facts list and the structured data for search engines.

use super::*;

impl Renderer<'_> {
    pub(super) fn article_page(
        &self,
        sink: &dyn Sink,
        id: ArticleId,
        a: &Article,
    ) -> Result<(), Diagnostic> {
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
            Body::Markdown(md) => crate::render::markdown::to_html(md),
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
    /// an article it was the largest part of the page head. Neither are
    /// `url` (the canonical link says it), `inLanguage` (`lang="ru"`) nor
    /// `publisher` (the site, which `og:site_name` names; Google's article
    /// markup does not ask for it).
    pub(super) fn article_json_ld(&self, a: &Article) -> String {
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": truncate(&a.doc.title, 110),
        });
        if let Some(d) = a.doc.date.filter(PartialDate::is_exact) {
            ld["datePublished"] = serde_json::Value::String(d.to_string());
        }
        if let Some(s) = &a.doc.source {
            ld["sourceOrganization"] = serde_json::json!({"@type": "Organization", "name": s});
        }
        script_safe_json(&ld)
    }
}

/// Paragraphs of cleaned text as HTML, every character escaped: the first
/// one is the lead, runs of quote paragraphs (`quotes`, indexes into `ps`)
/// are one `<blockquote>`, and amounts, dates and initials do not break.
pub(super) fn paragraphs_html(ps: &[&str], quotes: &[u32]) -> String {
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
        out.push_str(&crate::render::escape_html(&crate::render::typo::nbsp(p)));
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
pub(super) struct ReaderText<'a> {
    pub(super) title: &'a str,
    pub(super) paragraphs: Vec<&'a str>,
}

pub(super) fn reader_text(d: &crate::model::CleanDoc) -> ReaderText<'_> {
    let mut paragraphs: Vec<&str> = d.plain.iter().map(String::as_str).collect();
    let mut title = d.title.as_str();
    let core = title.trim_end_matches(['…', '.']).trim_end();
    if d.title_inferred && !core.is_empty() {
        if let Some(first) = paragraphs.first().copied().filter(|p| p.starts_with(core)) {
            let r = crate::render::typo::sentence_around(first, 0..core.len());
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

/// Most characters of context shown before and after an amount: some six
/// words before it (what the money is for: "Объем инвестиций в
/// строительство завода составит") and three or four after. The whole
/// sentence (up to 110 characters a side) repeated the text above it and
/// was 0.6 KB of every article page (issue 17), and the sentence is in the
/// article; 60/40 still left the site over 1 GB at 100,000 articles.
pub(super) const MONEY_BEFORE_CHARS: usize = 45;
pub(super) const MONEY_AFTER_CHARS: usize = 28;

/// The sentence around amount `m`, cut at its boundaries ("руб." before a
/// capital ends a sentence) and split around the amount as written, so the
/// amount is always inside the context shown.
pub(super) fn money_context(doc: &crate::model::CleanDoc, m: &Money) -> MoneyContext {
    match locate_money(doc, m) {
        Some((para, at)) => context_around(para, at),
        None => MoneyContext {
            amount: m.text.clone(),
            ..MoneyContext::default()
        },
    }
}

/// The whole sentence amount `m` stands in (not cut to what a page shows),
/// or "" when its text is not found.
pub(super) fn money_sentence<'d>(doc: &'d crate::model::CleanDoc, m: &Money) -> &'d str {
    locate_money(doc, m).map_or("", |(para, at)| {
        &para[crate::render::typo::sentence_around(para, at)]
    })
}

/// The paragraph amount `m` is in and where in it its text is.
fn locate_money<'d>(
    doc: &'d crate::model::CleanDoc,
    m: &Money,
) -> Option<(&'d str, std::ops::Range<usize>)> {
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
        .or_else(|| para.find(m.text.as_str()))?;
    Some((para, at..at + m.text.len()))
}

/// The sentence of `para` around the amount at `amount`, in three pieces.
/// The space after the amount stays with the text after it ("<b>36,2 млрд
/// ₽</b> выделит"), which `truncate` would trim away.
pub(super) fn context_around(para: &str, amount: std::ops::Range<usize>) -> MoneyContext {
    let r = crate::render::typo::sentence_around(para, amount.clone());
    let before = &para[r.start..amount.start];
    let after = &para[amount.end..r.end];
    let nb = crate::render::typo::nbsp;
    let space = if after.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let after = nb(&truncate(after, MONEY_AFTER_CHARS));
    MoneyContext {
        before: nb(&truncate_start(before, MONEY_BEFORE_CHARS)),
        amount: nb(&para[amount]),
        after: format!("{space}{}", after.trim_end()),
    }
}

/// Keeps the end of `text`: at most `max` characters, cut at a word boundary
/// with "…" in front. A trailing space is kept (the amount follows it).
pub(super) fn truncate_start(text: &str, max: usize) -> String {
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
pub(super) fn sentence_names(sentence: &str, e: &EntityNode) -> bool {
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
