//! promdigest: a static site generator for Russian regional-industry news.
pub mod clean;
pub mod model;
