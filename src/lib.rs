//! promdigest: a static site generator for Russian regional-industry news.
pub mod model;
pub mod search;
