//! The incremental pipeline: a site kept in memory and brought up to date
//! by what changed, not rebuilt.
//!
//! Goes in: the site folder, then one event at a time — article files
//! changed ([`Site::content_changed`]), the content folder replaced
//! ([`Site::rescan_content`]), templates, assets or `site.toml` changed.
//! Comes out: the rendered site in a [`MemSink`] ([`Site::files`]) and, for
//! each event, a [`Rebuilt`] that says what changed.
//!
//! * An article edit re-reads, re-cleans and re-extracts that file only
//!   (each article's `AnnotatedDoc` is cached by path and content hash),
//!   re-links from the previous graph ([`Linker::relink`]: only the entities
//!   the edit touches are merged again), re-renders only the pages that
//!   [`PageSelection::between`] says can differ. The search index follows
//!   later, off the edit path ([`Site::search_job`], run by a
//!   [`search::SearchWorker`]).
//! * A template edit reloads the templates and re-renders everything.
//! * An asset edit copies that asset only.
//! * A `site.toml` edit starts over.
//!
//! What the served files are relative to the cached articles is one value
//! of `Served`, not a set of flags: nothing trustworthy (the next render
//! is full), every file current, or pages current with the search index
//! behind. A broken article is served in its last good version until it is
//! fixed, so one error never takes pages down.
//!
//! Guarantee: after any sequence of events and [`Site::refresh_search`],
//! the files are byte for byte those a fresh full build into memory would
//! make (tested below for every kind of article edit).

pub mod search;

use crate::config::SiteConfig;
use crate::extract::Extractor;
use crate::link::Linker;
use crate::model::{AnnotatedDoc, BaseUrl, Diagnostic, SiteGraph};
use crate::render::pages::select::PageSelection;
use crate::render::pages::Renderer;
use crate::render::Templates;
use crate::write::{MemSink, Sink};
use crate::{load, pipeline};
use rayon::prelude::*;
use search::SearchJob;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// One article file as last seen.
struct Cached {
    hash: u64,
    /// Diagnostics of loading and annotating it.
    diags: Vec<Diagnostic>,
    doc: Option<AnnotatedDoc>,
    /// While the file has an error: its last version that annotated, so
    /// its pages stay up until it is fixed.
    last_good: Option<AnnotatedDoc>,
}

/// What the files in [`Site::files`] are.
enum Served {
    /// Nothing rendered yet, or a render stopped halfway (some pages may be
    /// half-updated): the next render is a full one.
    Nothing,
    /// Every page and the search index were made from this graph.
    Current(Arc<SiteGraph>),
    /// The pages were made from this graph; the search index is older.
    /// It is brought up to date off the edit path, so an edit reaches the
    /// browser without waiting for the whole index ([`Site::search_job`]).
    SearchBehind(Arc<SiteGraph>),
}

impl Served {
    fn graph(&self) -> Option<&Arc<SiteGraph>> {
        match self {
            Served::Nothing => None,
            Served::Current(g) | Served::SearchBehind(g) => Some(g),
        }
    }
}

/// Everything kept between rebuilds.
pub struct Site {
    root: PathBuf,
    origin: String,
    drafts: bool,
    cfg: SiteConfig,
    templates: Result<Templates, Vec<Diagnostic>>,
    extractor: Result<Extractor, Diagnostic>,
    /// Article files by path relative to the content folder.
    docs: BTreeMap<PathBuf, Cached>,
    served: Served,
    /// Linking state kept between edits (see [`Linker`]).
    linker: Linker,
    /// Content files (as shown in messages) changed since the last render.
    pending: HashSet<PathBuf>,
    /// The rendered site, shared with whoever serves it.
    pub files: Arc<MemSink>,
}

/// What a rebuild did, for the status line.
#[derive(Debug)]
pub struct Rebuilt {
    pub articles: usize,
    /// Output files whose bytes changed (0: nothing to reload).
    pub changed: usize,
    /// Warnings about the files that changed.
    pub warnings: Vec<Diagnostic>,
    /// Content errors anywhere in the site (their files show their last
    /// good version meanwhile).
    pub errors: Vec<Diagnostic>,
    /// After a full build: what `check` would also warn about in the whole
    /// site (see [`crate::check::site_warnings`]); `None` after an edit.
    pub site_warnings: Option<Vec<Diagnostic>>,
}

/// A rebuild's outcome; `Err` holds the errors that stopped it (the last
/// good pages stay up).
pub type Rebuild = Result<Rebuilt, Vec<Diagnostic>>;

impl Site {
    /// Reads the configuration and templates; nothing is built yet.
    /// `origin` (`http://127.0.0.1:1111`) replaces the base URL's origin;
    /// its path (`/digest/`) is kept.
    pub fn open(root: &Path, origin: &str, drafts: bool) -> Result<Site, Vec<Diagnostic>> {
        let cfg = serve_config(root, origin)?;
        let mut site = Site {
            root: root.to_path_buf(),
            origin: origin.to_string(),
            drafts,
            templates: Templates::load(&cfg.paths.templates, &cfg.paths.root),
            extractor: pipeline::extractor(&cfg),
            cfg,
            docs: BTreeMap::new(),
            served: Served::Nothing,
            linker: Linker::default(),
            pending: HashSet::new(),
            files: Arc::new(MemSink::default()),
        };
        site.scan_all();
        Ok(site)
    }

    pub fn config(&self) -> &SiteConfig {
        &self.cfg
    }

    /// Re-reads every article file (unchanged ones come from the cache).
    fn scan_all(&mut self) {
        let content = self.cfg.paths.content.clone();
        let found = load::files_relative(&content);
        let seen: HashSet<&PathBuf> = found.iter().collect();
        self.docs.retain(|k, _| seen.contains(k));
        self.update(&found);
    }

    /// Re-reads the given article files (relative to the content folder);
    /// missing ones are forgotten.
    fn update(&mut self, rels: &[PathBuf]) {
        let Ok(extractor) = &self.extractor else {
            return;
        };
        let content = &self.cfg.paths.content;
        let root = &self.cfg.paths.root;
        let drafts = self.drafts;
        let docs = &self.docs;
        let fresh: Vec<(PathBuf, Option<Cached>)> = rels
            .par_iter()
            .filter_map(|rel| {
                let full = content.join(rel);
                if std::fs::symlink_metadata(&full).is_err() {
                    return Some((rel.clone(), None));
                }
                // Checked like `build` does: no FIFO is opened, no link
                // outside the site followed.
                let bytes = match load::read_article(&full, root) {
                    Ok(b) => b,
                    Err(d) => {
                        let c = Cached {
                            hash: 0,
                            diags: vec![d],
                            doc: None,
                            last_good: docs
                                .get(rel)
                                .and_then(|old| old.doc.clone().or_else(|| old.last_good.clone())),
                        };
                        return Some((rel.clone(), Some(c)));
                    }
                };
                let hash = hash_bytes(&bytes);
                if docs.get(rel).is_some_and(|c| c.hash == hash) {
                    return None;
                }
                let shown = full.strip_prefix(root).unwrap_or(&full).to_path_buf();
                let mut c = annotate_file(&shown, &bytes, hash, extractor, drafts);
                if c.doc.is_none() && c.diags.iter().any(Diagnostic::is_error) {
                    c.last_good = docs
                        .get(rel)
                        .and_then(|old| old.doc.clone().or_else(|| old.last_good.clone()));
                }
                Some((rel.clone(), Some(c)))
            })
            .collect();
        for (rel, c) in fresh {
            self.pending.insert(self.shown(&rel));
            match c {
                Some(c) => {
                    self.docs.insert(rel, c);
                }
                None => {
                    self.docs.remove(&rel);
                }
            }
        }
    }

    fn shown(&self, rel: &Path) -> PathBuf {
        let full = self.cfg.paths.content.join(rel);
        full.strip_prefix(&self.cfg.paths.root)
            .unwrap_or(&full)
            .to_path_buf()
    }

    /// Links the cached articles into a graph with every diagnostic
    /// (incrementally from the served graph when there is one).
    fn link(&mut self) -> pipeline::Outcome {
        let mut diags: Vec<Diagnostic> = Vec::new();
        let mut docs = Vec::with_capacity(self.docs.len());
        for c in self.docs.values() {
            diags.extend(c.diags.iter().cloned());
            docs.extend(c.doc.clone().or_else(|| c.last_good.clone()));
        }
        if let Err(d) = &self.extractor {
            diags.push(d.clone());
        }
        let previous = self.served.graph().map(|g| &**g);
        pipeline::link_from(&mut self.linker, previous, docs, diags)
    }

    /// Builds the whole site into a fresh map and swaps it in.
    pub fn rebuild_all(&mut self) -> Rebuild {
        self.served = Served::Nothing;
        self.render()
    }

    /// Re-renders after content changes; a full render when there is no
    /// previous graph to compare with.
    fn render(&mut self) -> Rebuild {
        let t = Instant::now();
        let outcome = self.link();
        trace("link", t);
        let mut errors: Vec<Diagnostic> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        let templates = match &self.templates {
            Ok(t) => Some(t),
            Err(d) => {
                errors.extend(d.iter().cloned());
                None
            }
        };
        // Without templates nothing can be rendered: the last pages stay up.
        // Content errors do not stop rendering: a broken article is shown in
        // its last good version (see `Cached::last_good`), every other edit
        // goes through, and the errors go to the overlay.
        let Some(templates) = templates else {
            return Err(errors);
        };
        let warnings: Vec<Diagnostic> = outcome
            .diagnostics
            .iter()
            .filter(|d| !d.is_error() && self.pending.contains(&d.file))
            .cloned()
            .collect();
        let full = self.served.graph().is_none();
        let result = match self.served.graph() {
            None => {
                let fresh = MemSink::default();
                let r = pipeline::render_site(&outcome, &self.cfg, templates, &fresh, None);
                if r.is_ok() {
                    self.files.replace_with(fresh);
                }
                r
            }
            Some(old) => {
                let t = Instant::now();
                let sel = PageSelection::between(old, &outcome.graph, &self.pending, &self.cfg);
                trace("select", t);
                render_selected(&self.files, &sel, &outcome.graph, &self.cfg, templates)
            }
        };
        match result {
            Ok(_) => {
                let rendered = self.files.take_changed().len();
                let articles = outcome.graph.articles.len();
                let site_warnings = full.then(|| {
                    let today = chrono::Local::now().date_naive();
                    let mut w: Vec<Diagnostic> = outcome
                        .diagnostics
                        .iter()
                        .filter(|d| !d.is_error())
                        .cloned()
                        .collect();
                    w.extend(crate::check::site_warnings(&outcome.graph, today));
                    w
                });
                let graph = Arc::new(outcome.graph);
                // A full render writes the index with the pages; a
                // selective one leaves it to [`Site::search_job`].
                self.served = if full {
                    Served::Current(graph)
                } else {
                    Served::SearchBehind(graph)
                };
                self.pending.clear();
                Ok(Rebuilt {
                    articles,
                    changed: rendered,
                    warnings,
                    errors,
                    site_warnings,
                })
            }
            Err(d) => {
                // Some pages may be half-updated: render everything next time.
                self.served = Served::Nothing;
                errors.extend(d);
                Err(errors)
            }
        }
    }

    /// The search index job for the pages just rendered, if the index lags
    /// them (see [`search`]).
    pub fn search_job(&mut self) -> Option<SearchJob> {
        let Served::SearchBehind(graph) = &self.served else {
            return None;
        };
        let graph = Arc::clone(graph);
        self.served = Served::Current(Arc::clone(&graph));
        Some(SearchJob {
            graph,
            cfg: Arc::new(self.cfg.clone()),
        })
    }

    /// Whether the next render is a full one (nothing trustworthy is
    /// served): a search index still being made for older pages must not
    /// land on top of the one it writes.
    pub fn needs_full_render(&self) -> bool {
        self.served.graph().is_none()
    }

    /// Articles in the served graph.
    fn articles(&self) -> usize {
        self.served.graph().map_or(0, |g| g.articles.len())
    }

    /// The rebuild that changed nothing.
    fn unchanged(&self) -> Rebuilt {
        Rebuilt {
            articles: self.articles(),
            changed: 0,
            warnings: Vec::new(),
            errors: Vec::new(),
            site_warnings: None,
        }
    }

    /// Brings the search index up to date on this thread (tests and tools;
    /// the watch loop uses a [`search::SearchWorker`]).
    pub fn refresh_search(&mut self) -> Result<(), Vec<Diagnostic>> {
        match self.search_job() {
            Some(job) => job.run(&self.files),
            None => Ok(()),
        }
    }

    /// Content files changed (paths relative to the content folder).
    pub fn content_changed(&mut self, rels: &[PathBuf]) -> Rebuild {
        let mut files = Vec::new();
        let mut gone = Vec::new();
        for rel in rels {
            let full = self.cfg.paths.content.join(rel);
            if full.is_dir() {
                // A folder copied or made in one step (`cp -r batch
                // content/`, `mkdir -p a/b && write`): its files may have
                // been written before the watch on it existed. `files_relative` gives
                // paths relative to the folder; they were once taken as
                // relative to content/ and all dropped (issue #15).
                let found = load::files_relative(&full);
                files.extend(found.into_iter().map(|f| rel.join(f)));
            } else if full.exists() {
                if load::is_article(rel) {
                    files.push(rel.clone());
                }
            } else {
                gone.push(rel.clone());
            }
        }
        for g in &gone {
            let under: Vec<PathBuf> = self
                .docs
                .keys()
                .filter(|k| *k == g || k.starts_with(g))
                .cloned()
                .collect();
            for k in under {
                self.pending.insert(self.shown(&k));
                self.docs.remove(&k);
            }
        }
        let t = Instant::now();
        self.update(&files);
        trace("annotate", t);
        if self.pending.is_empty() && !self.needs_full_render() {
            return Ok(self.unchanged());
        }
        self.render()
    }

    /// Re-reads the whole content folder: it was replaced or moved away and
    /// back (`rm -rf content && cp -r backup content`, `git checkout`,
    /// `rsync`), which no event inside it describes. Unchanged files come
    /// from the cache, so this costs a walk and a hash per file.
    pub fn rescan_content(&mut self) -> Rebuild {
        let before: HashSet<PathBuf> = self.docs.keys().cloned().collect();
        self.scan_all();
        for gone in before.iter().filter(|k| !self.docs.contains_key(*k)) {
            self.pending.insert(self.shown(gone));
        }
        if self.pending.is_empty() && !self.needs_full_render() {
            return Ok(self.unchanged());
        }
        self.render()
    }

    /// Templates changed: reload them and re-render everything.
    pub fn templates_changed(&mut self) -> Rebuild {
        self.templates = Templates::load(&self.cfg.paths.templates, &self.cfg.paths.root);
        self.rebuild_all()
    }

    /// `site.toml` changed: start over (the cache is dropped, since the
    /// extraction settings may have changed).
    pub fn config_changed(&mut self) -> Rebuild {
        let fresh = Site::open(&self.root, &self.origin, self.drafts)?;
        let files = Arc::clone(&self.files);
        *self = fresh;
        self.files = files;
        self.rebuild_all()
    }

    /// Assets changed (paths relative to the assets folder): copy just those.
    pub fn assets_changed(&mut self, rels: &[PathBuf]) -> Rebuild {
        for rel in rels {
            let full = self.cfg.paths.assets.join(rel);
            let key = rel.to_string_lossy().replace('\\', "/");
            let copied = if full.is_dir() {
                crate::write::copy_assets(&full, &Prefixed(&key, &*self.files)).map(|_| ())
            } else if let Ok(bytes) = std::fs::read(&full) {
                self.files.put(&key, bytes)
            } else {
                self.files.remove(&key);
                self.files.remove(&format!("{key}/"));
                Ok(())
            };
            copied.map_err(|e| {
                let shown = full.strip_prefix(&self.cfg.paths.root).unwrap_or(&full);
                vec![Diagnostic::error(
                    shown,
                    1,
                    1,
                    format!("cannot copy asset: {e}"),
                )]
            })?;
        }
        Ok(Rebuilt {
            changed: self.files.take_changed().len(),
            ..self.unchanged()
        })
    }
}

/// A sink that puts files under a folder of another sink.
struct Prefixed<'a>(&'a str, &'a dyn Sink);

impl Sink for Prefixed<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.1.put(&format!("{}/{path}", self.0), bytes)
    }
}

/// Renders the selected pages into the live map and drops pages that no
/// longer exist. Returns the number of files written.
fn render_selected(
    files: &MemSink,
    sel: &PageSelection,
    graph: &SiteGraph,
    cfg: &SiteConfig,
    templates: &Templates,
) -> Result<usize, Vec<Diagnostic>> {
    // Removed pages first: a new page may take a removed one's URL.
    for p in &sel.removed {
        files.remove(p);
    }
    files.take_written();
    files.set_unchanged(sel.unchanged.clone());
    let t = Instant::now();
    let n = Renderer::new(cfg, templates, graph).render_selected(files, sel);
    files.set_unchanged(HashSet::new());
    let n = n?;
    trace("render", t);
    for family in sel.page_families(graph) {
        files.remove_unwritten_under(&family, &[]);
    }
    Ok(n)
}

/// The site's config with the base URL's origin replaced by the local one.
fn serve_config(root: &Path, origin: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let mut cfg = crate::config::load(root)?;
    let url = format!("{origin}{}", cfg.base_url.path());
    cfg.base_url = BaseUrl::parse(&url).map_err(|m| vec![Diagnostic::error("--bind", 1, 1, m)])?;
    // The editor's preview: pages say what the tool guessed.
    cfg.preview = true;
    Ok(cfg)
}

fn annotate_file(
    shown: &Path,
    bytes: &[u8],
    hash: u64,
    extractor: &Extractor,
    drafts: bool,
) -> Cached {
    let (src, mut diags) = load::load_bytes(shown, bytes);
    let doc = match src {
        Some(s) if drafts || !s.front.draft => match pipeline::annotate(s, extractor) {
            Ok(a) => Some(a),
            Err(d) => {
                diags.push(d);
                None
            }
        },
        _ => None,
    };
    Cached {
        hash,
        diags,
        doc,
        last_good: None,
    }
}

/// Stage timings on stderr when `PROMDIGEST_TRACE` is set (for profiling serve).
fn trace(stage: &str, since: Instant) {
    if std::env::var_os("PROMDIGEST_TRACE").is_some() {
        eprintln!(
            "  {stage}: {:.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    b.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests;
