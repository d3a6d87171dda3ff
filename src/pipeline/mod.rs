//! The stages wired together: config → load → clean → extract → link, then
//! render → search into a [`Sink`].
//!
//! `build`, `check` and `serve` all call [`run`] (or [`run_keeping_sources`],
//! for `check`, which points at lines of the source text) and
//! [`render_site`]; only the sink differs. `serve` also calls [`annotate`]
//! and [`link_from`] on their own to redo one file ([`incremental`]).
//! `build` runs [`build::run`], which calls [`run_cached`] (each unchanged
//! article's clean and extract results from the last build, [`cache`]) or
//! [`run_since`] (with the last build's graph, to render only what changed).

pub mod build;
pub mod check;

pub mod cache;

pub mod incremental;

pub mod manifest;

use crate::config::SiteConfig;
use crate::extract::{self, ExtractConfig, Extractor};
use crate::link;
use crate::model::SiteGraph;
use crate::model::{AnnotatedDoc, Diagnostic, Dropped, Kept, SourceDoc};
use crate::render::{self, Templates};
use crate::write::{self, Sink};
use crate::{clean, load};
use cache::{ArticleCache, Entry};
use rayon::prelude::*;

/// Options that change what goes into the site.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include articles with `draft = true`.
    pub drafts: bool,
}

/// The linked site and every diagnostic from all stages.
pub struct Outcome {
    pub graph: SiteGraph,
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Builds the extractor from the `[extract]` table of `site.toml`.
pub fn extractor(cfg: &SiteConfig) -> Result<Extractor, Diagnostic> {
    extract_config(cfg).map(|ec| Extractor::new(&ec))
}

/// The `[extract]` table of `site.toml`, validated.
fn extract_config(cfg: &SiteConfig) -> Result<ExtractConfig, Diagnostic> {
    match &cfg.extract {
        None => Ok(ExtractConfig::default()),
        Some(v) => v.clone().try_into().map_err(|e: toml::de::Error| {
            Diagnostic::error(
                cfg.paths.root.join(crate::config::FILE_NAME),
                1,
                1,
                format!("in [extract]: {}", e.message()),
            )
        }),
    }
}

/// Runs every stage up to the site graph. Content errors are collected, not
/// returned early, so one run reports every problem.
pub fn run(cfg: &SiteConfig, opts: Options) -> Outcome {
    run_observed(cfg, opts, &|_| {})
}

/// [`run`], calling `progress(total)` once per annotated article (for a
/// progress bar; `total` is the number of articles being annotated).
pub fn run_observed(cfg: &SiteConfig, opts: Options, progress: &(dyn Fn(usize) + Sync)) -> Outcome {
    front(cfg, opts, None, progress, false, None).outcome
}

/// [`run_observed`], taking each article whose file is unchanged from
/// `cache` and keeping every article made in it for the next build. The
/// outcome is the one [`run`] gives; the article hashes are for the build
/// manifest.
pub fn run_cached(
    cfg: &SiteConfig,
    opts: Options,
    cache: &ArticleCache,
    progress: &(dyn Fn(usize) + Sync),
) -> Cached {
    let f = front(cfg, opts, Some(cache), progress, false, None);
    Cached {
        outcome: f.outcome,
        articles: f.articles,
        old: None,
    }
}

/// The bytes' hash of each article file (by the path shown in messages),
/// as the caller just read them: a file whose hash the cache holds is not
/// read again.
pub type Hashes<'a> = std::collections::HashMap<&'a str, u128>;

/// [`run_cached`] for a build that reuses the last one's output: also
/// links `previous`, the articles the last build linked (from the cache,
/// the very documents [`ArticleCache::get`] hands out), while this build's
/// articles are read, then links these from that graph
/// ([`link::Linker::relink`], which gives what a full link gives). Returns
/// the outcome and the last build's graph, for
/// [`PageSelection::between`](crate::render::pages::select::PageSelection::between).
pub fn run_since(
    cfg: &SiteConfig,
    opts: Options,
    cache: &ArticleCache,
    previous: Vec<AnnotatedDoc>,
    hashes: &Hashes,
    progress: &(dyn Fn(usize) + Sync),
) -> Cached {
    let f = front(
        cfg,
        opts,
        Some(cache),
        progress,
        false,
        Some((previous, hashes)),
    );
    Cached {
        outcome: f.outcome,
        articles: f.articles,
        old: f.old,
    }
}

/// [`run`], also returning every article's source as loaded (drafts left
/// out unless asked for) and the lines the cleaner dropped: what `check`
/// needs to point at lines of the text.
pub fn run_keeping_sources(cfg: &SiteConfig, opts: Options) -> (Outcome, Vec<Kept>) {
    let f = front(cfg, opts, None, &|_| {}, true, None);
    (f.outcome, f.sources)
}

fn front(
    cfg: &SiteConfig,
    opts: Options,
    cache: Option<&ArticleCache>,
    progress: &(dyn Fn(usize) + Sync),
    keep: bool,
    since: Option<(Vec<AnnotatedDoc>, &Hashes)>,
) -> Front {
    let (previous, hashes) = match since {
        Some((p, h)) => (Some(p), Some(h)),
        None => (None, None),
    };
    let (files, mut diagnostics) = load::files(&cfg.paths.content, &cfg.paths.root);
    let walk = manifest::walk_hash(&diagnostics);
    let ec = extract_config(cfg);
    // Built on the first article that needs it: a build whose articles all
    // come from the cache never compiles the gazetteers. The search stage
    // reads the dictionary in any case, so it starts loading now.
    crate::extract::dict::preload();
    let built = std::sync::OnceLock::new();
    let extractor = |ec: &ExtractConfig| {
        built.get_or_init(|| {
            let _t = crate::timing::span("extractor");
            Extractor::new(ec)
        })
    };
    if let (None, Ok(ec)) = (cache, &ec) {
        extractor(ec);
    }
    let total = files.len();
    // Each file is read, cleaned and extracted in one step, so its raw text
    // is freed before the next is read: holding every source at once cost
    // ~250 MB at 100,000 articles.
    let annotate_all = || {
        let _t = crate::timing::span("load+clean+extract");
        files
            .par_iter()
            .map(|f| {
                let r = match (&ec, cache) {
                    (Ok(ec), Some(cache)) if !keep => {
                        let (a, diags, hash) =
                            one_cached(f, cfg, opts, cache, hashes, &|| extractor(ec));
                        (a, None, diags, hash)
                    }
                    (ec, _) => {
                        let (src, diags) = load::one(f, &cfg.paths.root);
                        let src = src.filter(|s| opts.drafts || !s.front.draft);
                        let kept = if keep { src.clone() } else { None };
                        let (annotated, dropped) = match (ec, src) {
                            (Ok(ec), Some(src)) if keep => {
                                match annotate_keeping_dropped(src, extractor(ec)) {
                                    Ok((a, dropped)) => (Some(Ok(a)), dropped),
                                    Err(d) => (Some(Err(d)), Vec::new()),
                                }
                            }
                            (Ok(ec), Some(src)) => (Some(annotate(src, extractor(ec))), Vec::new()),
                            _ => (None, Vec::new()),
                        };
                        let kept = kept.map(|source| Kept { source, dropped });
                        (annotated, kept, diags, None)
                    }
                };
                progress(total);
                r
            })
            .collect::<Vec<_>>()
    };
    // The last build's articles are linked while this build's are read:
    // neither waits for the other.
    let mut linker = link::Linker::default();
    let (old, results) = match previous {
        Some(docs) => {
            let (old, results) = rayon::join(|| linker.link(docs).0, annotate_all);
            (Some(old), results)
        }
        None => (None, annotate_all()),
    };
    let mut annotated = Vec::with_capacity(results.len());
    let mut sources = Vec::new();
    let mut hashed = Some(Vec::with_capacity(results.len()));
    for (a, src, diags, hash) in results {
        hashed = hashed.zip(hash).map(|(mut v, h)| {
            v.push(h);
            v
        });
        diagnostics.extend(diags);
        sources.extend(src);
        match a {
            Some(Ok(a)) => annotated.push(a),
            Some(Err(d)) => diagnostics.push(d),
            None => {}
        }
    }
    if let Err(d) = ec {
        diagnostics.push(d);
        diagnostics.sort();
        let outcome = Outcome {
            graph: SiteGraph::default(),
            diagnostics,
        };
        return Front {
            outcome,
            sources,
            old: None,
            articles: None,
        };
    }
    let outcome = link_from(&mut linker, old.as_ref(), annotated, diagnostics);
    Front {
        outcome,
        sources,
        old,
        articles: hashed.map(|files| manifest::Articles { files, walk }),
    }
}

/// What [`front`] gives.
struct Front {
    outcome: Outcome,
    sources: Vec<Kept>,
    /// The last build's graph, when its articles were given.
    old: Option<SiteGraph>,
    /// Each article file's path and bytes' hash, when read through the
    /// cache and every file was read and has a UTF-8 name.
    articles: Option<manifest::Articles>,
}

/// What a cached build gives: the outcome and, when every article file
/// could be read and has a UTF-8 name, each one's path and bytes' hash in
/// walk order (for the build manifest).
pub struct Cached {
    pub outcome: Outcome,
    pub articles: Option<manifest::Articles>,
    /// The last build's graph ([`run_since`] only).
    pub old: Option<SiteGraph>,
}

/// What one file gives: its article (none for a file that did not load
/// and for a draft left out), the diagnostics of loading it and, for a file
/// that was read and has a UTF-8 name, that name and its bytes' hash.
type OneFile = (
    Option<Result<AnnotatedDoc, Diagnostic>>,
    Vec<Diagnostic>,
    Option<(String, u128)>,
);

/// [`load::one`] and [`annotate`] for one file, through the cache: the
/// file is read and hashed (unless `hashes` has its hash and the cache an
/// entry for it); an entry of the same path and hash is taken as it is,
/// anything else is made and kept. What failed is not kept.
fn one_cached<'x>(
    file: &std::path::Path,
    cfg: &SiteConfig,
    opts: Options,
    cache: &ArticleCache,
    hashes: Option<&Hashes>,
    extractor: &dyn Fn() -> &'x Extractor,
) -> OneFile {
    let root = &cfg.paths.root;
    let shown = file.strip_prefix(root).unwrap_or(file);
    // A name that is not UTF-8 is not kept: its key would be lossy.
    let key = shown.to_str();
    let known = key.and_then(|k| hashes?.get(k).copied());
    let found = known.and_then(|h| cache.get(key.expect("hashed by key"), h, opts.drafts));
    let (bytes, hash, found) = match found {
        Some(e) => (Vec::new(), e.hash, Some(e)),
        None => {
            let bytes = match load::read_article(file, root) {
                Ok(b) => b,
                Err(d) => return (None, vec![d], None),
            };
            let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
            // Looked up already when the hash was known (and missed).
            let found = match known {
                Some(_) => None,
                None => key.and_then(|k| cache.get(k, hash, opts.drafts)),
            };
            (bytes, hash, found)
        }
    };
    if let Some(e) = found {
        let doc = e.doc.clone().filter(|_| opts.drafts || !e.draft);
        let diags = e.diagnostics.clone();
        let k = key.expect("found by key").to_string();
        let hashed = Some((k.clone(), hash));
        cache.keep(k, e);
        return (doc.map(Ok), diags, hashed);
    }
    let (src, diags) = load::load_bytes(shown, &bytes);
    let draft = src.as_ref().is_some_and(|s| s.front.draft);
    let failed = src.is_none() || diags.iter().any(Diagnostic::is_error);
    let annotated = src
        .filter(|s| opts.drafts || !s.front.draft)
        .map(|src| annotate(src, extractor()));
    match (key, &annotated) {
        (Some(k), None | Some(Ok(_))) if !failed => cache.keep(
            k.to_string(),
            Entry {
                hash,
                draft,
                diagnostics: diags.clone(),
                doc: annotated.as_ref().and_then(|a| a.as_ref().ok()).cloned(),
            },
        ),
        _ => {}
    }
    (annotated, diags, key.map(|k| (k.to_string(), hash)))
}

/// The per-document stages, clean then extract. `serve` calls this for the
/// one file that changed and caches the result; [`run`] calls it for all.
/// The lines the cleaner dropped are let go here: only `check` and
/// `extract` report them (see [`annotate_keeping_dropped`]), and at ~1 KB
/// an article they were an eighth of a build's memory.
pub fn annotate(src: SourceDoc, extractor: &Extractor) -> Result<AnnotatedDoc, Diagnostic> {
    annotate_keeping_dropped(src, extractor).map(|(a, _)| a)
}

/// [`annotate`], also returning the lines the cleaner dropped.
pub fn annotate_keeping_dropped(
    src: SourceDoc,
    extractor: &Extractor,
) -> Result<(AnnotatedDoc, Vec<Dropped>), Diagnostic> {
    let (cleaned, mut diags) = clean::run(src);
    let Some((doc, dropped)) = cleaned else {
        return Err(diags
            .pop()
            .expect("clean gives a reason when it gives no article"));
    };
    // Neither stage warns about an article it could clean (extraction is
    // total), so a single error is all `annotate` has to pass on.
    let (entities, found) = extract::run(&doc, extractor);
    debug_assert!(diags.is_empty() && found.is_empty());
    let a = AnnotatedDoc {
        doc: std::sync::Arc::new(doc),
        entities: std::sync::Arc::new(entities),
    };
    Ok((a, dropped))
}

/// Links annotated documents into the site graph and adds the link stage's
/// diagnostics to `diagnostics` (sorted).
pub fn link(annotated: Vec<AnnotatedDoc>, diagnostics: Vec<Diagnostic>) -> Outcome {
    link_from(&mut link::Linker::default(), None, annotated, diagnostics)
}

/// [`link`](fn@link) for `serve`: with the graph of the previous version of the
/// site, only what the changed articles touch is linked again.
pub fn link_from(
    linker: &mut link::Linker,
    previous: Option<&SiteGraph>,
    annotated: Vec<AnnotatedDoc>,
    mut diagnostics: Vec<Diagnostic>,
) -> Outcome {
    let t = crate::timing::span("link");
    let (graph, link_diags) = match previous {
        Some(old) => linker.relink(old, annotated),
        None => linker.link(annotated),
    };
    drop(t);
    diagnostics.extend(link_diags);
    diagnostics.sort();
    Outcome { graph, diagnostics }
}

/// The back half: renders a linked site into `sink` — assets, pages, feeds
/// and the search index. With `sel` (a build that keeps the last one's
/// output) only the pages it selects are rendered, with the site feed, the
/// sitemap and the selected entities' feeds (see
/// [`Renderer::render_selected`](render::pages::Renderer::render_selected)),
/// and `sink` should decline `sel.unchanged` ([`Sink::wants`]); the assets
/// and the whole search index are written either way. Returns the number
/// of pages and feeds written.
pub fn render_site(
    outcome: &Outcome,
    cfg: &SiteConfig,
    templates: &Templates,
    sink: &dyn Sink,
    sel: Option<&render::pages::select::PageSelection>,
) -> Result<usize, Vec<Diagnostic>> {
    // The code theme only when a page can link it (the editor's preview
    // keeps it: an edit may add code without a full build).
    let assets = SkipAssets {
        inner: sink,
        skip: (!cfg.preview && !render::markdown::site_has_code(&outcome.graph))
            .then_some(render::markdown::SYNTAX_CSS),
    };
    write::copy_assets(&cfg.paths.assets, &assets).map_err(|e| vec![assets_error(cfg, e)])?;
    let t = crate::timing::span("render");
    let pages = match sel {
        None => render::run(&outcome.graph, cfg, templates, sink)?,
        Some(sel) => render::pages::Renderer::new(cfg, templates, &outcome.graph)
            .render_selected(sink, sel)?,
    };
    drop(t);
    let _t = crate::timing::span("search");
    crate::search::stage::write(&outcome.graph, cfg, sink)
        .map_err(|e| vec![search_error(cfg, e)])?;
    Ok(pages)
}

/// Passes assets through to `inner`, except the one named `skip`.
struct SkipAssets<'a> {
    inner: &'a dyn Sink,
    skip: Option<&'static str>,
}

impl Sink for SkipAssets<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        if self.skip == Some(path) {
            return Ok(());
        }
        self.inner.put(path, bytes)
    }
}

/// The finding for an assets folder that cannot be copied (`check` reports it too).
pub fn assets_error(cfg: &SiteConfig, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(&cfg.paths.assets, 1, 1, format!("cannot copy assets: {e}"))
}

/// The finding for a search index that cannot be written.
pub fn search_error(cfg: &SiteConfig, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        &cfg.paths.output,
        1,
        1,
        format!("cannot write search index: {e}"),
    )
}
