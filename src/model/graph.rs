//! The linked site: the types the link stage builds and every later stage
//! reads ([`SiteGraph`] with its [`Article`]s and [`EntityNode`]s, and the
//! ids that point into it). The link stage ([`crate::link`]) makes them;
//! render and search only read them.

use super::{CleanDoc, Entities, EntityKey, EntityKind, Level, OrgKind, SitePath};
use std::collections::BTreeSet;

/// Index of an article in [`SiteGraph::articles`] (which is sorted newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleId(pub usize);

/// Index of an entity in [`SiteGraph::entities`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(pub usize);

/// An article with its place on the site.
#[derive(Debug, Clone)]
pub struct Article {
    pub doc: std::sync::Arc<CleanDoc>,
    pub entities: std::sync::Arc<Entities>,
    pub slug: String,
    pub path: SitePath,
    /// Merged entities of this article, in sidebar order (kind, then salience).
    pub refs: Vec<EntityId>,
    /// Up to five articles sharing the most entities with this one.
    pub related: Vec<ArticleId>,
}

/// A role a person was seen with, and the years it was seen.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleSeen {
    pub role: String,
    pub years: BTreeSet<i32>,
}

/// What is known about a merged entity beyond its name.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    Region {
        district: String,
    },
    Body {
        level: Level,
        region: Option<String>,
        full_name: Option<String>,
    },
    Person {
        roles: Vec<RoleSeen>,
    },
    Organization {
        kind: OrgKind,
        short: Option<String>,
    },
    Place {
        region: Option<String>,
    },
}

/// One entity merged across the whole site.
#[derive(Debug, Clone)]
pub struct EntityNode {
    pub key: EntityKey,
    pub name: String,
    pub slug: String,
    pub path: SitePath,
    pub detail: Detail,
    /// Names and abbreviations under which it can be found (for search).
    pub aliases: Vec<String>,
    /// Its articles, newest first.
    pub articles: Vec<ArticleId>,
    /// Entities most often in the same articles, with the shared article count.
    pub companions: Vec<(EntityId, usize)>,
    /// Money figures from its articles, newest article first: the article
    /// and the index into its `entities.money` (not a copy of the figure).
    pub money: Vec<(ArticleId, usize)>,
}

impl EntityNode {
    pub fn kind(&self) -> EntityKind {
        self.key.kind
    }

    /// Whether the entity has pages of its own (and a feed, an entry in its
    /// kind's list, the sitemap and search). An organisation named in one
    /// article has none: its page would list only the article the reader
    /// came from, and such pages were most entity pages (3,325 of 5,262
    /// organisations at 10,000 articles, issue #17). Links to it go to a
    /// search for its name.
    pub fn has_page(&self) -> bool {
        self.kind() != EntityKind::Organization || self.articles.len() > 1
    }
}

/// The whole site, linked.
#[derive(Debug, Clone, Default)]
pub struct SiteGraph {
    pub articles: Vec<Article>,
    pub entities: Vec<EntityNode>,
}
