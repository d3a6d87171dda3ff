//! promdigest: a static site generator for Russian regional-industry news.
//!
//! # The pipeline
//!
//! The library owns every stage and the order they run in; the commands in
//! [`cmd`] parse arguments, call [`pipeline`] and print.
//!
//! ```text
//! site.toml ─config─▶ SiteConfig
//! content/  ─load──▶ SourceDoc ─clean─▶ CleanDoc ─extract─▶ AnnotatedDoc   (per file, in parallel;
//!                                                            │               pipeline::cache keeps them
//!                                                            ▼               between builds)
//!                                           ─link─▶ SiteGraph (model::graph)
//! SiteGraph ─render─▶ pages, feeds, sitemap ┐
//! SiteGraph ─search─▶ index                 ┴─▶ &dyn Sink ─▶ public/   (write::UpdateSink, build)
//!                                                          ─▶ memory    (write::MemSink, serve)
//!                                                          ─▶ nowhere   (check's sample render)
//! SiteGraph ─check──▶ Vec<Diagnostic>                                   (check, build's summary)
//! ```
//!
//! * [`pipeline::run`] is the front half (load → clean → extract → link);
//!   [`pipeline::run_keeping_sources`] also hands back the sources, for
//!   `check` to point at lines. [`pipeline::render_site`] is the back half
//!   (assets, pages, feeds, the search index) into any [`write::Sink`].
//! * [`pipeline::build`] is `build`'s run as typed states: the last build's
//!   manifest read, then nothing to do, only the pages some changed
//!   articles touch, or every page (its [`pipeline::build::Reuse`]).
//! * [`pipeline::incremental::Site`] is the same pipeline kept in memory for
//!   `serve`: one file re-annotated, the graph relinked from the last one,
//!   only the pages an edit can change rendered again, the search index
//!   made off the edit path. Its state is one enum, not flags.
//! * [`check`] reads the linked site the way an editor would (guessed
//!   titles, dates, duplicates, suspicious names, dropped lines);
//!   [`pipeline::check`] is `check`'s run: the front half, a sample render
//!   for template errors, and those findings, sorted.
//! * Only [`load`] and [`write`](mod@write) (and the build cache) touch the disk; the
//!   stages between are pure. Only [`render`] knows Tera, behind
//!   [`render::Templates`]. Content problems are [`model::Diagnostic`]s
//!   collected across all files, so one run reports every problem.
//!
//! [`clean::run`], [`extract::run`] and [`link::run`] have one shape: the
//! input (and what the stage reads it with) in, `(output, diagnostics)` out.
//!
//! | module | goes in | comes out |
//! |---|---|---|
//! | [`config`] | `site.toml` | [`config::SiteConfig`] with its UI [`config::Strings`] |
//! | [`load`] | `content/` | [`model::SourceDoc`] per article file |
//! | [`clean`] | a `SourceDoc` | [`model::CleanDoc`] and the lines it dropped |
//! | [`extract`] | a `CleanDoc` | [`model::Entities`] |
//! | [`link`] | every [`model::AnnotatedDoc`] | [`model::SiteGraph`] |
//! | [`render`] | the graph | pages and feeds into a sink |
//! | [`search`] | the graph | the static search index into a sink |
//! | [`write`](mod@write) | bytes by path | `public/`, or memory |
//! | [`check`] | the graph and its sources | findings |
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
