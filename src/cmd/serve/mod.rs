//! `promdigest serve`: a live preview that rebuilds what an edit touched.
//!
//! The site is built once into memory ([`mem::MemSink`]) and served from
//! there by a small HTTP server ([`http`]). A watcher on `content/`,
//! `templates/`, `assets/` and `site.toml` then rebuilds incrementally:
//!
//! * an article edit re-reads, re-cleans and re-extracts that file only
//!   (each article's `AnnotatedDoc` is cached by path and content hash),
//!   re-links from the previous graph ([`Linker::relink`]: only the entities
//!   the edit touches are merged again), re-renders only the pages that
//!   [`PageSelection::between`] says can differ and sends the reload; the
//!   search index follows on a low-priority thread ([`search`]);
//! * a template edit reloads the templates and re-renders everything;
//! * an asset edit copies that asset only;
//! * a `site.toml` edit reloads everything.
//!
//! Open pages get a small script (only from `serve`, never in `build`
//! output) that listens on a Server-Sent Events stream: it reloads the page
//! after a rebuild and shows an error as an overlay until it is fixed. An
//! error never stops the server; the last good pages stay up meanwhile.

pub mod http;
pub mod search;

use super::{exit, report};
use crate::config::SiteConfig;
use crate::extract::Extractor;
use crate::link::Linker;
use crate::model::SiteGraph;
use crate::model::{AnnotatedDoc, BaseUrl, Diagnostic};
use crate::render::pages::select::PageSelection;
use crate::render::pages::Renderer;
use crate::render::Templates;
use crate::write::{MemSink, Sink};
use crate::{load, pipeline};
use notify::{EventKind, RecursiveMode, Watcher};
use rayon::prelude::*;
use search::{SearchJob, SearchWorker};
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeArgs {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub open: bool,
    pub drafts: bool,
}

/// Quiet time after the last file event before rebuilding: long enough to
/// take an editor's save (write, rename, chmod) as one change.
/// Every millisecond here is added to each edit's latency, and an editor's
/// events arrive within a millisecond or two of each other; a save split
/// across two batches only costs a second (cheap, hash-checked) rebuild.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often, with no events, the watched roots are checked for having been
/// replaced (a few `stat` calls).
const SAFETY_CHECK: Duration = Duration::from_secs(2);

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

/// Everything `serve` keeps between rebuilds.
pub struct Site {
    root: PathBuf,
    origin: String,
    drafts: bool,
    cfg: SiteConfig,
    templates: Result<Templates, Vec<Diagnostic>>,
    extractor: Result<Extractor, Diagnostic>,
    /// Article files by path relative to the content folder.
    docs: BTreeMap<PathBuf, Cached>,
    /// The graph the served pages were rendered from; `None` forces a full render.
    graph: Option<Arc<SiteGraph>>,
    /// Linking state kept between edits (see [`Linker`]).
    linker: Linker,
    /// Content files (as shown in messages) changed since the last render.
    pending: HashSet<PathBuf>,
    /// The search index lags the pages: it is refreshed right after the
    /// reload is sent ([`Site::search_job`], run by a [`SearchWorker`]), so an edit reaches the
    /// browser without waiting for the whole index to be rebuilt.
    search_stale: bool,
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

type Rebuild = Result<Rebuilt, Vec<Diagnostic>>;

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
            graph: None,
            linker: Linker::default(),
            pending: HashSet::new(),
            search_stale: false,
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
        pipeline::link_from(&mut self.linker, self.graph.as_deref(), docs, diags)
    }

    /// Builds the whole site into a fresh map and swaps it in.
    pub fn rebuild_all(&mut self) -> Rebuild {
        self.graph = None;
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
        let full = self.graph.is_none();
        let result = match &self.graph {
            None => {
                let fresh = MemSink::default();
                let r = pipeline::render_site(&outcome, &self.cfg, templates, &fresh);
                if r.is_ok() {
                    self.files.replace_with(fresh);
                }
                r
            }
            Some(old) => {
                let t = Instant::now();
                let sel = PageSelection::between(old, &outcome.graph, &self.pending, &self.cfg);
                trace("select", t);
                let r = render_selected(&self.files, &sel, &outcome.graph, &self.cfg, templates);
                self.search_stale = r.is_ok();
                r
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
                    w.extend(crate::check::site_warnings(
                        &self.cfg.paths.root,
                        &outcome.graph,
                        today,
                    ));
                    w
                });
                self.graph = Some(Arc::new(outcome.graph));
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
                self.graph = None;
                errors.extend(d);
                Err(errors)
            }
        }
    }

    /// The search index job for the pages just rendered, if the index lags
    /// them (see [`search`]).
    pub fn search_job(&mut self) -> Option<SearchJob> {
        if !std::mem::take(&mut self.search_stale) {
            return None;
        }
        Some(SearchJob {
            graph: Arc::clone(self.graph.as_ref()?),
            cfg: Arc::new(self.cfg.clone()),
        })
    }

    /// Brings the search index up to date on this thread (tests and tools;
    /// the watch loop uses a [`SearchWorker`]).
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
        if self.pending.is_empty() && self.graph.is_some() {
            return Ok(Rebuilt {
                articles: self.graph.as_ref().map_or(0, |g| g.articles.len()),
                changed: 0,
                warnings: Vec::new(),
                errors: Vec::new(),
                site_warnings: None,
            });
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
        if self.pending.is_empty() && self.graph.is_some() {
            return Ok(Rebuilt {
                articles: self.graph.as_ref().map_or(0, |g| g.articles.len()),
                changed: 0,
                warnings: Vec::new(),
                errors: Vec::new(),
                site_warnings: None,
            });
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
            articles: self.graph.as_ref().map_or(0, |g| g.articles.len()),
            changed: self.files.take_changed().len(),
            warnings: Vec::new(),
            errors: Vec::new(),
            site_warnings: None,
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

/// What a batch of file events asks for.
#[derive(Debug, Default)]
struct Changes {
    config: bool,
    templates: bool,
    /// The content folder itself was created, removed or renamed.
    rescan: bool,
    /// The assets folder itself was: copy it all again.
    all_assets: bool,
    content: Vec<PathBuf>,
    assets: Vec<PathBuf>,
}

/// The folders watched, canonicalised so event paths can be matched.
struct Watched {
    config: PathBuf,
    content: PathBuf,
    templates: PathBuf,
    assets: PathBuf,
}

impl Watched {
    fn of(cfg: &SiteConfig) -> Watched {
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        Watched {
            config: canon(&cfg.paths.root).join(crate::config::FILE_NAME),
            content: canon(&cfg.paths.content),
            templates: canon(&cfg.paths.templates),
            assets: canon(&cfg.paths.assets),
        }
    }

    fn classify(&self, path: &Path, into: &mut Changes) {
        if path == self.config {
            into.config = true;
        } else if let Ok(rel) = path.strip_prefix(&self.content) {
            if rel.as_os_str().is_empty() {
                into.rescan = true;
            } else {
                into.content.push(rel.to_path_buf());
            }
        } else if path.starts_with(&self.templates) {
            into.templates |= path.extension().is_none_or(|e| e == "html");
        } else if let Ok(rel) = path.strip_prefix(&self.assets) {
            let hidden = rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            if rel.as_os_str().is_empty() {
                into.all_assets = true;
            } else if !hidden {
                into.assets.push(rel.to_path_buf());
            }
        }
    }

    /// (Re-)adds the watches. A folder that was replaced lost its watch
    /// with its old inode, so this runs again after every rescan; the old
    /// watches are dropped first (one on a removed path errors, harmlessly).
    fn watch(&self, w: &mut dyn Watcher) {
        let root = self.config.parent().unwrap_or(Path::new("."));
        let _ = w.unwatch(root);
        let _ = w.watch(root, RecursiveMode::NonRecursive);
        for d in [&self.content, &self.templates, &self.assets] {
            let _ = w.unwatch(d);
            let _ = w.watch(d, RecursiveMode::Recursive);
        }
    }

    /// Which folder each watched root is now (device, inode, and for
    /// content its modification time): the periodic safety check compares
    /// these to catch a replacement whose events were lost.
    fn identity(&self) -> [Option<(u64, u64, i64)>; 3] {
        use std::os::unix::fs::MetadataExt;
        let id = |p: &Path, mtime: bool| {
            std::fs::metadata(p).ok().map(|m| {
                (
                    m.dev(),
                    m.ino(),
                    if mtime {
                        m.mtime_nsec() + m.mtime() * 1_000_000_000
                    } else {
                        0
                    },
                )
            })
        };
        [
            id(&self.content, true),
            id(&self.templates, false),
            id(&self.assets, false),
        ]
    }
}

fn relevant(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The CLI entry: serves until interrupted. Returns an exit code only when
/// the server cannot start.
pub fn main(args: &ServeArgs) -> i32 {
    let colour = report::use_colour();
    // The address first, so a bad --bind is not blamed on the port.
    let ip: std::net::IpAddr = match args
        .bind
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
    {
        Ok(ip) => ip,
        Err(_) => {
            let d = Diagnostic::error(
                "--bind",
                1,
                1,
                format!(
                    "{} is not an IP address",
                    report::escape_controls(&args.bind)
                ),
            )
            .with_hint(
                "pass an address such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network)",
            );
            eprint!("{}", report::format(&d, &args.root, colour));
            return exit::USAGE;
        }
    };
    let listener = match std::net::TcpListener::bind((ip, args.port)) {
        Ok(l) => l,
        Err(e) => {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                "another program uses this port; pass --port with another number, or --port 0 for any free one"
            } else {
                "check that this computer has the address given to --bind"
            };
            let d = Diagnostic::error(
                "--port",
                1,
                1,
                format!("cannot listen on {}:{}: {e}", args.bind, args.port),
            )
            .with_hint(hint);
            eprint!("{}", report::format(&d, &args.root, colour));
            return exit::USAGE;
        }
    };
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    // Links must work from the browser: an "any address" bind is reached as localhost.
    let host = match args.bind.as_str() {
        "0.0.0.0" | "::" | "[::]" => "127.0.0.1".to_string(),
        b if b.contains(':') && !b.starts_with('[') => format!("[{b}]"),
        b => b.to_string(),
    };
    let origin = format!("http://{host}:{port}");
    let start = Instant::now();
    let mut site = match Site::open(&args.root, &origin, args.drafts) {
        Ok(s) => s,
        Err(d) => {
            report::print_all(&d, &args.root);
            eprintln!("Не удалось запустить просмотр: ошибка в настройках сайта.");
            return exit::CONTENT;
        }
    };
    let hub = Arc::new(http::Hub::default());
    let result = site.rebuild_all();
    announce(
        &result,
        &hub,
        &args.root,
        start,
        "Собрано",
        &site.config().strings,
    );
    // Watch before announcing the address, so no save after it is missed.
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |res| {
        let _ = tx.send(res);
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("Не удалось следить за файлами: {e}");
            return exit::USAGE;
        }
    };
    let mut watched = Watched::of(site.config());
    watched.watch(&mut watcher);
    let ctx = Arc::new(http::Ctx::new(
        Arc::clone(&site.files),
        Arc::clone(&hub),
        site.config().base_url.path().to_string(),
        &args.bind,
    ));
    std::thread::spawn(move || http::serve(listener, ctx));
    let url = site.config().base_url.to_string();
    eprintln!("Просмотр: {url}  (Ctrl+C — остановить)");
    if args.open {
        open_browser(&url);
    }
    watch_loop(&mut site, &hub, &args.root, &rx, &mut watcher, &mut watched)
}

type Events = mpsc::Receiver<notify::Result<notify::Event>>;

fn watch_loop(
    site: &mut Site,
    hub: &http::Hub,
    root: &Path,
    rx: &Events,
    watcher: &mut dyn Watcher,
    watched: &mut Watched,
) -> i32 {
    let shown_root = root.to_path_buf();
    let search = SearchWorker::start(Arc::clone(&site.files), move |d| {
        report::print_all(&d, &shown_root)
    });
    let mut identity = watched.identity();
    loop {
        let first = match rx.recv_timeout(SAFETY_CHECK) {
            Ok(ev) => Some(ev),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => return exit::OK,
        };
        let start = Instant::now();
        let mut changes = Changes::default();
        // The safety net: a root replaced with no event seen (some file
        // systems, a watch lost in the swap) is noticed within seconds.
        let now = watched.identity();
        if now != identity {
            changes.rescan |= now[0] != identity[0];
            changes.templates |= now[1] != identity[1];
            changes.all_assets |= now[2] != identity[2];
        }
        let take = |res: notify::Result<notify::Event>, changes: &mut Changes| {
            if let Ok(ev) = res {
                if relevant(&ev.kind) {
                    for p in &ev.paths {
                        watched.classify(p, changes);
                    }
                }
            }
        };
        if let Some(first) = first {
            take(first, &mut changes);
        }
        while let Ok(res) = rx.recv_timeout(DEBOUNCE) {
            take(res, &mut changes);
        }
        if changes.rescan || changes.templates || changes.all_assets {
            // A root came back as a new folder: watch the new one.
            watched.watch(watcher);
        }
        identity = watched.identity();
        changes.content.sort();
        changes.content.dedup();
        changes.assets.sort();
        changes.assets.dedup();
        if changes.config || changes.templates || changes.all_assets || site.graph.is_none() {
            // A full rebuild writes its own index; an older one must not
            // land on top of it.
            search.wait_idle();
        }
        let (result, what) = if changes.config || changes.all_assets {
            let r = site.config_changed();
            // The folders may have moved.
            *watched = Watched::of(site.config());
            watched.watch(watcher);
            (r, "Настройки изменены, сайт пересобран")
        } else if changes.templates {
            (
                site.templates_changed(),
                "Шаблоны изменены, сайт пересобран",
            )
        } else if changes.rescan {
            let r = site.rescan_content();
            if !changes.assets.is_empty() && r.is_ok() {
                let _ = site.assets_changed(&changes.assets);
            }
            (r, "Пересобрано")
        } else if !changes.content.is_empty() {
            let r = site.content_changed(&changes.content);
            if !changes.assets.is_empty() && r.is_ok() {
                let _ = site.assets_changed(&changes.assets);
            }
            (r, "Пересобрано")
        } else if !changes.assets.is_empty() {
            (
                site.assets_changed(&changes.assets),
                "Обновлены файлы оформления",
            )
        } else {
            continue;
        };
        if matches!(&result, Ok(r) if r.changed == 0 && r.errors.is_empty()) && !hub.has_problem() {
            continue;
        }
        announce(&result, hub, root, start, what, &site.config().strings);
        if let Some(job) = site.search_job() {
            search.submit(job);
        }
    }
}

/// Prints the outcome of a rebuild and tells the open pages.
fn announce(
    result: &Rebuild,
    hub: &http::Hub,
    root: &Path,
    start: Instant,
    what: &str,
    strings: &crate::config::Strings,
) {
    let ms = start.elapsed().as_millis();
    let (errors, changed) = match result {
        Ok(r) => {
            report::print_all(&r.warnings, root);
            report::print_all(&r.errors, root);
            // The same line as `build`'s: articles, then the files written.
            eprintln!(
                "{}",
                report::summary_line(
                    what,
                    r.articles,
                    &strings.article_forms,
                    r.changed,
                    &strings.file_forms,
                    &format!("{ms} мс")
                )
            );
            if let Some(w) = &r.site_warnings {
                let first: Vec<Diagnostic> = w.iter().filter(|d| !d.is_error()).cloned().collect();
                eprint!("{}", report::warning_summary(first.len(), &first));
            }
            (&r.errors, r.changed > 0)
        }
        Err(diags) => {
            report::print_all(diags, root);
            (diags, false)
        }
    };
    let errors: Vec<&Diagnostic> = errors.iter().filter(|d| d.is_error()).collect();
    let problem = (!errors.is_empty()).then(|| {
        let mut text: String = errors
            .iter()
            .take(20)
            .map(|d| report::format(d, root, false))
            .collect();
        if errors.len() > 20 {
            text += &format!("… и ещё {}\n", errors.len() - 20);
        }
        text
    });
    if !errors.is_empty() {
        eprintln!(
            "Ошибок: {}. Пока они не исправлены, показываются последние удачные версии страниц.",
            errors.len()
        );
    }
    hub.update(problem, changed);
}

/// Opens the site in the system's browser; a failure only means no tab opens.
fn open_browser(url: &str) {
    let _ = opener::open_browser(url);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the fixture site with the repository's templates and assets.
    fn fixture() -> tempfile::TempDir {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        let copy = |from: &Path, to: &Path| {
            std::fs::create_dir_all(to).unwrap();
            for e in std::fs::read_dir(from).unwrap() {
                let e = e.unwrap();
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        };
        copy(
            &repo.join("tests/fixtures/site/content"),
            &dir.path().join("content"),
        );
        let toml = std::fs::read_to_string(repo.join("tests/fixtures/site/site.toml"))
            .unwrap()
            .replace(
                "../../../templates",
                &repo.join("templates").to_string_lossy(),
            )
            .replace("../../../assets", &repo.join("assets").to_string_lossy())
            // A short home page, so the "all articles" link and count matter.
            .replace("home_latest = 20", "home_latest = 2");
        std::fs::write(dir.path().join("site.toml"), toml).unwrap();
        dir
    }

    /// Filler articles, two regions each from twenty, so that one edit is a
    /// small part of the site and takes the incremental link.
    fn add_filler(content: &Path) {
        const REGIONS: [&str; 20] = [
            "Липецкой области",
            "Пермском крае",
            "Свердловской области",
            "Тульской области",
            "Рязанской области",
            "Курской области",
            "Воронежской области",
            "Самарской области",
            "Саратовской области",
            "Пензенской области",
            "Тверской области",
            "Ярославской области",
            "Владимирской области",
            "Ивановской области",
            "Костромской области",
            "Смоленской области",
            "Брянской области",
            "Орловской области",
            "Белгородской области",
            "Тамбовской области",
        ];
        for i in 0..60 {
            let (a, b) = (REGIONS[i % 20], REGIONS[(i + 7) % 20]);
            let day = 1 + i % 28;
            std::fs::write(
                content.join(format!("2024-01-{day:02}-filler-{i}.md")),
                format!(
                    "+++\ntitle = \"Заметка {i} о заводах\"\ndate = 2024-01-{day:02}\n+++\n\n\
                     Новый цех открыли в {a}. Оборудование поставили из региона: в {b}.\n"
                ),
            )
            .unwrap();
        }
    }

    fn has_page(site: &Site, prefix: &str) -> bool {
        site.files.snapshot().keys().any(|k| k.starts_with(prefix))
    }

    /// After each edit, the incrementally updated map must equal a fresh
    /// full build, byte for byte; and each edit must have been linked
    /// incrementally (or the comparison would not test that path).
    #[test]
    fn incremental_rebuild_equals_full_build() {
        let dir = fixture();
        let root = dir.path();
        let origin = "http://127.0.0.1:1111";
        let content = root.join("content");
        add_filler(&content);
        let mut site = Site::open(root, origin, false).unwrap();
        site.rebuild_all().unwrap();
        let edit = |name: &str, from: &str, to: &str| {
            let p = content.join(name);
            let t = std::fs::read_to_string(&p).unwrap();
            assert!(t.contains(from), "{from}");
            std::fs::write(&p, t.replace(from, to)).unwrap();
            vec![PathBuf::from(name)]
        };
        let kaluga = "regions/kaluzhskaia-oblast/";
        assert!(!has_page(&site, kaluga));
        type Step<'a> = (&'a str, Box<dyn Fn() -> Vec<PathBuf> + 'a>);
        let steps: Vec<Step> = vec![
            // Body text only.
            (
                "text",
                Box::new(|| edit("2025-07-01-kuban-klaster.md", "двенадцать", "тринадцать")),
            ),
            // The lead and the title (card and slug change).
            (
                "title",
                Box::new(|| {
                    edit(
                        "2025-05-15-omsk-zavod.md",
                        "В Омске запустили",
                        "В Омске открыли",
                    )
                }),
            ),
            // A title taken from another article: the slugs collide.
            (
                "slug collision",
                Box::new(|| {
                    edit(
                        "2024-01-03-filler-2.md",
                        "Заметка 2 о заводах",
                        "Заметка 1 о заводах",
                    )
                }),
            ),
            // The date (the article moves in every list).
            (
                "date",
                Box::new(|| edit("2025-04-02-tatarstan-park.md", "2025-04-02", "2025-08-01")),
            ),
            // A region no other article names: its page appears.
            (
                "new entity",
                Box::new(|| {
                    edit(
                        "2025-05-15-omsk-zavod.md",
                        "а также в Казахстан.",
                        "а также в Казахстан. Часть труб получит Калужская область.",
                    )
                }),
            ),
            // Its only mention goes again: its page disappears.
            (
                "entity gone",
                Box::new(|| {
                    edit(
                        "2025-05-15-omsk-zavod.md",
                        " Часть труб получит Калужская область.",
                        "",
                    )
                }),
            ),
            // A new article.
            (
                "add",
                Box::new(|| {
                    std::fs::write(
                        content.join("2025-09-09-new.md"),
                        "+++\ntitle = \"Новая статья\"\ndate = 2025-09-09\n+++\n\nТекст новой статьи о заводе в Омской области.\n",
                    )
                    .unwrap();
                    vec![PathBuf::from("2025-09-09-new.md")]
                }),
            ),
            // A deleted article (a home page disappears).
            (
                "delete",
                Box::new(|| {
                    std::fs::remove_file(content.join("2025-06-20-amur-memorandum.md")).unwrap();
                    std::fs::remove_file(content.join("2025-09-09-new.md")).unwrap();
                    vec![
                        PathBuf::from("2025-06-20-amur-memorandum.md"),
                        PathBuf::from("2025-09-09-new.md"),
                    ]
                }),
            ),
        ];
        for (name, step) in &steps {
            let changed = step();
            let relinked = site.linker.relinked();
            site.content_changed(&changed).unwrap();
            assert_eq!(site.linker.relinked(), relinked + 1, "{name}: incremental");
            site.refresh_search().unwrap();
            let mut fresh = Site::open(root, origin, false).unwrap();
            fresh.rebuild_all().unwrap();
            let (a, b) = (site.files.snapshot(), fresh.files.snapshot());
            let keys_a: Vec<&String> = a.keys().collect();
            let keys_b: Vec<&String> = b.keys().collect();
            assert_eq!(keys_a, keys_b, "{name}: same files");
            for (k, v) in &a {
                if b[k] != *v {
                    let (x, y) = (String::from_utf8_lossy(v), String::from_utf8_lossy(&b[k]));
                    let line = x.lines().zip(y.lines()).find(|(p, q)| p != q);
                    panic!("{name}: {k} differs: first differing line (served, fresh) {line:?}");
                }
            }
            match *name {
                "new entity" => assert!(has_page(&site, kaluga), "{name}"),
                "entity gone" => assert!(!has_page(&site, kaluga), "{name}"),
                _ => {}
            }
        }
    }

    #[test]
    fn errors_keep_the_last_good_pages() {
        let dir = fixture();
        let mut site = Site::open(dir.path(), "http://127.0.0.1:1111", false).unwrap();
        site.rebuild_all().unwrap();
        let before = site.files.snapshot();
        let p = dir.path().join("content/2025-07-01-kuban-klaster.md");
        let good = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, good.replace("date = 2025-07-01", "date = = 1")).unwrap();
        let rel = [PathBuf::from("2025-07-01-kuban-klaster.md")];
        let r = site.content_changed(&rel).unwrap();
        assert_eq!(
            r.errors[0].file,
            Path::new("content/2025-07-01-kuban-klaster.md")
        );
        assert_eq!(r.errors[0].line, 3);
        // The broken article keeps its last good version: nothing changes.
        assert_eq!(r.changed, 0);
        assert_eq!(site.files.snapshot(), before);
        // Other edits still go through while it is broken.
        let other = dir.path().join("content/2025-05-15-omsk-zavod.md");
        let t = std::fs::read_to_string(&other).unwrap();
        std::fs::write(&other, t.replace("на треть", "вдвое")).unwrap();
        let r = site
            .content_changed(&[PathBuf::from("2025-05-15-omsk-zavod.md")])
            .unwrap();
        assert!(r.changed > 0 && !r.errors.is_empty());
        std::fs::write(&other, t).unwrap();
        site.content_changed(&[PathBuf::from("2025-05-15-omsk-zavod.md")])
            .unwrap();
        std::fs::write(&p, good).unwrap();
        site.content_changed(&rel).unwrap();
        assert_eq!(site.files.snapshot(), before);
    }
}
