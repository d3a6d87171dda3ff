//! Shared domain types passed between the pipeline stages.
//!
//! Every stage has its own output type so that "not computed yet" cannot be
//! represented: `load` yields [`SourceDoc`], `clean` yields [`CleanDoc`],
//! `extract` yields [`Entities`] (wrapped with the clean doc into an
//! `AnnotatedDoc`), and `link` builds the site graph from those.

pub mod date;
pub mod diag;
pub mod entity;
pub mod graph;
pub mod url;

pub use date::PartialDate;
pub use diag::{Diagnostic, Severity};
pub use entity::*;
pub use graph::{Article, ArticleId, Detail, EntityId, EntityNode, RoleSeen, SiteGraph};
pub use url::{BaseUrl, SitePath};

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Input format of an article file, decided by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown written by an editor.
    Markdown,
    /// Raw text pasted from a news site, cleaned by the `clean` stage.
    Text,
}

/// Front matter as validated from the TOML block between `+++` lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub slug: Option<String>,
}

/// One article file as read from disk: decoded, front matter split off.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// Path relative to the site root (`content/x.txt`), used in messages.
    pub path: PathBuf,
    /// File stem, the default source of the slug.
    pub stem: String,
    pub format: Format,
    pub front: FrontMatter,
    /// The text after the front matter, with `\n` line endings and no BOM.
    pub body: String,
    /// 1-based line number in the file where `body` starts (for diagnostics).
    pub body_line: usize,
    /// The file line of each front-matter key (`"date"` → 3), so a finding
    /// about a key points at it without reading the file again.
    pub front_lines: BTreeMap<String, usize>,
}

impl SourceDoc {
    /// The file line of front-matter key `key`, or line 1 when the file
    /// has no such key.
    pub fn front_line(&self, key: &str) -> usize {
        self.front_lines.get(key).copied().unwrap_or(1)
    }
}

/// Why the cleaner dropped a block of the raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// Skip links, menus, rubrics, breadcrumbs, region selectors.
    Navigation,
    /// Site or outlet name line (taken as the source when recognised).
    Source,
    /// A dateline or timestamp (taken as the date when it is the publication date).
    Date,
    /// Headline printed a second time, repeated captions.
    Duplicate,
    /// "Фото: …", "Видео: …" and similar credits.
    PhotoCredit,
    /// Byline, "Авторы", author names.
    Byline,
    /// Share buttons, "Подпишитесь", social links.
    Share,
    /// Hashtag lines.
    Hashtags,
    /// Age marks, copyright, "Источник", legal footers.
    Footer,
    /// Currency and stock tickers, weather, clocks.
    Ticker,
    /// Other stories' headlines: news feeds, "Читайте также", related items.
    Feed,
    /// Advertising and promo blocks ("Подробнее").
    Promo,
    /// Player errors and other widget text.
    Widget,
    /// "Как ранее сообщали…" / "Напомним…" about another story.
    OffTopicBackground,
    /// Counters and other lines with no words.
    Noise,
    /// Anything else outside the article run.
    Boilerplate,
}

/// A block the cleaner removed, kept so `check` and `extract` can show why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dropped {
    /// 1-based line in the body (add `SourceDoc::body_line - 1` for the file line).
    pub line: usize,
    pub text: String,
    pub reason: DropReason,
}

/// An article's source as loaded, with the lines the cleaner dropped from
/// it (file lines; none when it did not clean).
#[derive(Debug, Clone)]
pub struct Kept {
    pub source: SourceDoc,
    pub dropped: Vec<Dropped>,
}

/// Article body after cleaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Markdown source, rendered by `render::markdown`.
    Markdown(String),
    /// Cleaned raw text: the body is `CleanDoc::plain`, kept once.
    /// `quotes` are the indexes (ascending) of the paragraphs that are
    /// quotations, as the clean stage classified them: the page shows them
    /// as `<blockquote>`.
    Plain { quotes: Vec<u32> },
}

/// An article after the `clean` stage: metadata decided, body isolated.
#[derive(Debug, Clone)]
pub struct CleanDoc {
    pub path: PathBuf,
    pub stem: String,
    pub title: String,
    /// True when no headline existed and the title was built from the lead.
    pub title_inferred: bool,
    pub date: Option<PartialDate>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub tags: Vec<String>,
    pub slug: Option<String>,
    pub body: Body,
    /// Plain-text paragraphs used by extraction and search (Markdown stripped).
    /// What the cleaner dropped is not here: [`crate::clean::run`] returns
    /// it beside the document, for the two commands that report it.
    pub plain: Vec<String>,
}

impl CleanDoc {
    /// The text a [`TextSpan`] of this article points at.
    pub fn text_at(&self, span: TextSpan) -> &str {
        span.text(&self.title, &self.plain)
    }
}

/// An article with its extracted entities.
#[derive(Debug, Clone)]
pub struct AnnotatedDoc {
    /// Shared, so `serve` can hand its cached articles to the linker on every
    /// edit without copying their text.
    pub doc: std::sync::Arc<CleanDoc>,
    pub entities: std::sync::Arc<Entities>,
}
