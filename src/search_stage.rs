//! Interim: the search index is written by `search` (replaced on merge).
use crate::config::SiteConfig;
use crate::link::SiteGraph;
use crate::render::Sink;

pub fn write(_g: &SiteGraph, _cfg: &SiteConfig, _sink: &dyn Sink) -> std::io::Result<()> {
    Ok(())
}
