//! promdigest: a static site generator for Russian regional-industry news.
pub mod check;
pub mod clean;
pub mod cmd;
pub mod config;
pub mod extract;
pub mod link;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod search;
pub mod timing;
pub mod write;
