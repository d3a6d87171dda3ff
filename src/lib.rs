//! promdigest: a static site generator for Russian regional-industry news.
pub mod extract;
pub mod model;
