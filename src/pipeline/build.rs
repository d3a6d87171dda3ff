//! A build into the output folder, as a sequence of typed states: from the
//! last build's manifest to the written output and the next manifest.
//!
//! Goes in: a [`BuildArgs`] and a [`Progress`] to report to. Comes out: a
//! [`BuildReport`], or the diagnostics that stopped the build ([`Failed`])
//! with the output as it was. `promdigest build` parses its arguments,
//! calls [`run`] and prints; nothing here prints or knows the terminal.
//!
//! # States
//! Each state holds what the next needs, so no step runs on something not
//! made yet, and the path a build takes ([`Reuse`]) is one value, not a set
//! of flags:
//!
//! ```text
//! Started ─look_back─▶ Found::UpToDate ─────────────────────────▶ BuildReport (Reuse::Everything)
//!                      Found::ToBuild ─annotate─▶ Linked { Render::All      } ─write─▶ (Reuse::Nothing)
//!                                                 Linked { Render::Selected } ─write─▶ (Reuse::Pages)
//! ```
//!
//! * [`Started`]: the config read and every non-article input hashed
//!   ([`manifest::Inputs`]).
//! * [`Found`]: what the last build left. Its manifest counts only if the
//!   settings are this build's and the output is as it left it
//!   ([`Manifest::output_intact`]); then the articles are hashed, and if
//!   none changed there is nothing to do.
//! * [`Linked`]: the articles read (through the article [`cache`] when the
//!   binary can be hashed), cleaned, extracted and linked. When the last
//!   build's output is intact and the cache holds every article it
//!   linked, its graph is linked too (while this build's articles are
//!   read) and [`PageSelection::between`] the two picks the pages to
//!   render: `Render::Selected`, the selection `serve` renders on every
//!   edit ([`super::incremental`]); its tests compare it with a full build.
//!   Otherwise every page is rendered (`Render::All`), which also puts
//!   right any file edited by hand.
//! * `Linked::write`: renders into an [`write::UpdateSink`], commits it,
//!   then writes the manifest of what the output now holds.
//!
//! On any error nothing is written and the previous output stays; on
//! success the output holds exactly the files of this build.

use super::cache::{self, ArticleCache, CacheKey, CacheStats};
use super::manifest::{self, Inputs, Manifest};
use crate::config::SiteConfig;
use crate::model::{AnnotatedDoc, Diagnostic};
use crate::render::pages::select::PageSelection;
use crate::render::Templates;
use crate::write::Sink;
use crate::{config, pipeline, write};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildArgs {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Replace an output folder even if a build did not make it.
    pub force: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub articles: usize,
    /// Files written: pages, feeds, assets, the search index.
    pub files: usize,
    pub output: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    /// What `check` would also warn about (see [`crate::check::site_warnings`]).
    pub site_warnings: Vec<Diagnostic>,
    /// The plural forms of "статья" from the site's strings.
    pub article_forms: [String; 3],
    pub file_forms: [String; 3],
    /// Articles taken from the build cache and made anew (none without a cache).
    pub cache: CacheStats,
    /// How much of the last build this one reused.
    pub reuse: Reuse,
}

/// How much of the last build a build reused (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reuse {
    /// Every page was rendered: no usable manifest of the last build, a
    /// setting, template, asset or the binary changed, or the output was
    /// changed by hand.
    #[default]
    Nothing,
    /// Only the pages an article change can touch were rendered (the
    /// search index is made whole); `rendered` pages and feeds were.
    Pages { rendered: usize },
    /// No input changed and the output is as the last build left it:
    /// nothing was read beyond the inputs, nothing written.
    Everything,
}

/// Why a build stopped; either way the output is as it was.
#[derive(Debug)]
pub enum Failed {
    /// The site cannot be built as it is: config, articles, templates.
    Content(Vec<Diagnostic>),
    /// The output folder cannot be written (or may not be replaced).
    Output(Vec<Diagnostic>),
}

impl Failed {
    /// Every diagnostic, errors and warnings.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Failed::Content(d) | Failed::Output(d) => d,
        }
    }

    fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        match self {
            Failed::Content(d) | Failed::Output(d) => d,
        }
    }

    fn output(output: &std::path::Path, e: std::io::Error) -> Failed {
        Failed::Output(vec![Diagnostic::error(output, 1, 1, e.to_string())])
    }
}

/// The stages a build reports progress for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Articles read, cleaned and extracted.
    Annotate,
    /// Pages, feeds and the search index written.
    Render,
}

/// Where a build reports how far it got (the command's progress bar).
pub trait Progress: Sync {
    /// A stage starts, at step 0.
    fn start(&self, stage: Stage);
    /// About how many steps the stage has.
    fn total(&self, steps: u64);
    /// One step done.
    fn step(&self);
}

/// A [`Progress`] that shows nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: Stage) {}
    fn total(&self, _: u64) {}
    fn step(&self) {}
}

/// Runs a build (see the module docs).
pub fn run(args: &BuildArgs, progress: &dyn Progress) -> Result<BuildReport, Failed> {
    match Started::new(args)?.look_back() {
        Found::UpToDate(started, last) => Ok(started.up_to_date(&last)),
        Found::ToBuild(started, last) => started.annotate(last, progress).write(progress),
    }
}

/// A build with its config read and its settings hashed.
pub struct Started<'a> {
    args: &'a BuildArgs,
    cfg: SiteConfig,
    today: chrono::NaiveDate,
    /// The running binary's hash; `None` when it cannot be read, and then
    /// no cache and no manifest are used or written.
    tool: Option<u128>,
    inputs: Option<Inputs>,
}

/// The last build's manifest, when the output is still what it left and
/// the settings are this build's, with this build's articles.
pub struct Last {
    manifest: Manifest,
    /// The article files now, read and hashed.
    articles: manifest::Articles,
}

/// What a build found the last one left.
pub enum Found<'a> {
    /// Nothing changed and the output is intact.
    UpToDate(Started<'a>, Last),
    /// Something to build; the last build's output is kept where it can be.
    ToBuild(Started<'a>, Option<Last>),
}

impl<'a> Started<'a> {
    /// Reads the config (with the command line's overrides) and hashes
    /// every input but the articles.
    pub fn new(args: &'a BuildArgs) -> Result<Started<'a>, Failed> {
        let cfg =
            config::load_overridden(&args.root, args.output.as_deref(), args.base_url.as_deref())
                .map_err(Failed::Content)?;
        let today = chrono::Local::now().date_naive();
        let tool = cache::tool_fingerprint();
        let inputs = tool.map(|tool| {
            let _t = crate::timing::span("hash settings");
            let opts = manifest::Options {
                root: &args.root,
                output: args.output.as_deref(),
                base_url: args.base_url.as_deref(),
                drafts: args.drafts,
            };
            Inputs::gather(&cfg, &opts, tool, &today.to_string())
        });
        Ok(Started {
            args,
            cfg,
            today,
            tool,
            inputs,
        })
    }

    /// Looks at what the last build left. Only when its manifest has this
    /// build's settings and the output is intact are the articles read
    /// here; otherwise the build reads each once, as it goes.
    pub fn look_back(self) -> Found<'a> {
        let last = self.inputs.as_ref().and_then(|inputs| {
            let (m, written) = Manifest::read(&self.cfg.paths.root)?;
            if m.settings != inputs.settings {
                return None;
            }
            let articles = {
                let _t = crate::timing::span("hash articles");
                manifest::articles(&self.cfg)?
            };
            let _t = crate::timing::span("check output");
            m.output_intact(&self.cfg.paths.output, written)
                .then_some(Last {
                    manifest: m,
                    articles,
                })
        });
        match last {
            Some(last) if last.articles == last.manifest.articles => Found::UpToDate(self, last),
            last => Found::ToBuild(self, last),
        }
    }

    /// The report of a build that found nothing to do: the last one's.
    fn up_to_date(self, last: &Last) -> BuildReport {
        write::remove_leftovers(&self.cfg.paths.output);
        let r = &last.manifest.report;
        let (diagnostics, site_warnings) = r.clone_diagnostics();
        BuildReport {
            articles: r.articles,
            files: r.files,
            output: self.cfg.paths.output.clone(),
            diagnostics,
            site_warnings,
            article_forms: self.cfg.strings.article_forms.clone(),
            file_forms: self.cfg.strings.file_forms.clone(),
            cache: CacheStats::default(),
            reuse: Reuse::Everything,
        }
    }

    /// Reads, cleans, extracts and links the articles: through the article
    /// cache when there is one, and with the last build's graph beside
    /// this one's when its output can be kept (see `Source`).
    fn annotate(self, last: Option<Last>, progress: &dyn Progress) -> Linked<'a> {
        let cfg = &self.cfg;
        let templates = Templates::load(&cfg.paths.templates, &cfg.paths.root);
        progress.start(Stage::Annotate);
        let t = crate::timing::span("open cache");
        let (cache, cache_warning) = open_cache(cfg, self.tool);
        drop(t);
        let opts = pipeline::Options {
            drafts: self.args.drafts,
        };
        let each = |total| {
            progress.total(total as u64);
            progress.step();
        };
        let source = match (cache, last) {
            (None, _) => Source::Uncached,
            (Some(cache), Some(last)) => match previous_docs(&cache, &last.manifest, opts.drafts) {
                Some(previous) => Source::Since {
                    cache,
                    last: Box::new(last),
                    previous,
                },
                None => Source::Cached(cache),
            },
            (Some(cache), None) => Source::Cached(cache),
        };
        let (cached, cache, render) = match source {
            Source::Uncached => {
                let outcome = pipeline::run_observed(cfg, opts, &each);
                let cached = pipeline::Cached {
                    outcome,
                    articles: None,
                    old: None,
                };
                (cached, None, Render::All)
            }
            Source::Cached(cache) => {
                let cached = pipeline::run_cached(cfg, opts, &cache, &each);
                (cached, Some(cache), Render::All)
            }
            Source::Since {
                cache,
                last,
                previous,
            } => {
                let hashes: pipeline::Hashes = last
                    .articles
                    .files
                    .iter()
                    .map(|(p, h)| (p.as_str(), *h))
                    .collect();
                let mut cached = pipeline::run_since(cfg, opts, &cache, previous, &hashes, &each);
                drop(hashes);
                let old = cached.old.take().expect("run_since links the last graph");
                let render = match &self.inputs {
                    Some(inputs) => {
                        let changed = last.articles.changed_since(&last.manifest.articles);
                        let _t = crate::timing::span("select");
                        let sel =
                            PageSelection::between(&old, &cached.outcome.graph, &changed, cfg);
                        Render::Selected(Box::new(Plan {
                            last: last.manifest,
                            sel,
                            assets: inputs.assets.clone(),
                        }))
                    }
                    None => Render::All,
                };
                (cached, Some(cache), render)
            }
        };
        let stats = cache.as_ref().map(ArticleCache::stats).unwrap_or_default();
        // Written while the pages render. A cache that cannot be written is a
        // warning, never a failed build.
        let saving = cache.map(|c| std::thread::spawn(move || c.save()));
        let manifest = self
            .inputs
            .as_ref()
            .map(|i| i.settings)
            .zip(cached.articles);
        Linked {
            started: self,
            outcome: cached.outcome,
            templates,
            cache_warning,
            render,
            manifest,
            stats,
            saving,
        }
    }
}

/// Where a build's articles come from.
enum Source {
    /// No cache (the binary could not be read): every article is made.
    Uncached,
    /// Through the article cache; every page is rendered.
    Cached(ArticleCache),
    /// Through the cache, with the articles the last build linked (every
    /// one of them still in the cache): its output can be kept.
    Since {
        cache: ArticleCache,
        last: Box<Last>,
        previous: Vec<AnnotatedDoc>,
    },
}

/// The pages a build renders.
enum Render {
    /// Every one, compared with the output as it is written.
    All,
    /// Those a selection picks; every other file of the output stays.
    Selected(Box<Plan>),
}

/// A build that keeps the last one's output and renders only `sel`.
struct Plan {
    last: Manifest,
    sel: PageSelection,
    /// Output paths of the assets (copied again by every build).
    assets: Vec<String>,
}

/// A linked site, ready to render and write.
pub struct Linked<'a> {
    started: Started<'a>,
    outcome: pipeline::Outcome,
    templates: Result<Templates, Vec<Diagnostic>>,
    /// Said once, not by a later build that finds nothing changed.
    cache_warning: Option<Diagnostic>,
    render: Render,
    /// This build's settings and articles, when the manifest can be written.
    manifest: Option<(manifest::Settings, manifest::Articles)>,
    stats: CacheStats,
    /// The article cache being written.
    saving: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Linked<'_> {
    /// Renders the site (all of it, or what the selection picks) and
    /// updates the output folder with it; then writes the build manifest.
    fn write(self, progress: &dyn Progress) -> Result<BuildReport, Failed> {
        let Linked {
            started,
            outcome,
            templates,
            cache_warning,
            render,
            manifest,
            stats,
            saving,
        } = self;
        let cfg = &started.cfg;
        let mut result = render_and_write(
            &started,
            outcome,
            cache_warning,
            templates,
            render,
            manifest,
            progress,
        );
        let saved = saving.map(|s| {
            s.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the writing thread panicked")))
        });
        if let Some(Err(e)) = saved {
            let warning = Diagnostic::warning(
                cfg.paths.root.join(cache::DIR),
                1,
                1,
                format!("build cache not written: {e}; the next build cleans every article again"),
            );
            match &mut result {
                Ok(r) => r.diagnostics.push(warning),
                Err(f) => f.diagnostics_mut().push(warning),
            }
        }
        if let Ok(r) = &mut result {
            r.cache = stats;
        }
        result
    }
}

/// Counts rendered files (and reports them as progress) as they are written.
struct Counted<'a> {
    inner: &'a dyn Sink,
    progress: &'a dyn Progress,
    files: std::sync::atomic::AtomicUsize,
}

impl Sink for Counted<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.progress.step();
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.put(path, bytes)
    }

    fn wants(&self, path: &str) -> bool {
        self.inner.wants(path)
    }
}

/// Declines the pages a selection knows are unchanged, and remembers them:
/// they stay in the output as they are.
struct Declining<'a> {
    inner: &'a dyn Sink,
    unchanged: &'a HashSet<String>,
    declined: Mutex<HashSet<String>>,
}

impl Sink for Declining<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.inner.put(path, bytes)
    }

    fn wants(&self, path: &str) -> bool {
        if self.unchanged.contains(path) {
            self.declined
                .lock()
                .expect("not poisoned")
                .insert(path.to_string());
            return false;
        }
        self.inner.wants(path)
    }
}

/// The documents the last build linked, in its order, from the article
/// cache; `None` if the cache does not hold every one of them (it was
/// removed, damaged, or not written).
fn previous_docs(cache: &ArticleCache, last: &Manifest, drafts: bool) -> Option<Vec<AnnotatedDoc>> {
    let mut docs = Vec::with_capacity(last.articles.files.len());
    for (path, hash) in &last.articles.files {
        docs.extend(cache.previous(path, *hash, drafts)?);
    }
    Some(docs)
}

/// The article cache of the site in `cfg` (none when the running binary
/// cannot be read, since its hash is part of the key), and the warning for
/// a cache file that could not be read.
fn open_cache(cfg: &SiteConfig, tool: Option<u128>) -> (Option<ArticleCache>, Option<Diagnostic>) {
    let Some(tool) = tool else {
        return (None, None);
    };
    let key = CacheKey::new(tool, cfg.extract.as_ref());
    let (c, warning) = ArticleCache::open(&cfg.paths.root.join(cache::DIR), key);
    (Some(c), warning)
}

impl Plan {
    /// Whether a file of the last build's output that this build did not
    /// write stays. What the selection re-renders as a whole goes when not
    /// written again: pages it removed, pages of the paginated families it
    /// re-rendered (a family may have got shorter) except those declined
    /// as unchanged, the search index (made whole; its page stays), the
    /// sitemap files and the assets (the code theme goes when no page has
    /// code any more). Everything else belongs to pages that cannot have
    /// changed.
    fn keeps(&self, path: &str, declined: &HashSet<String>, families: &[String]) -> bool {
        let sel = &self.sel;
        let removed = sel.removed.iter().any(|r| match r.strip_suffix('/') {
            Some(_) => path.starts_with(r.as_str()),
            None => path == r,
        });
        let stale_family =
            families.iter().any(|f| path.starts_with(f.as_str())) && !declined.contains(path);
        let search = path.starts_with("search/") && path != "search/index.html";
        let sitemap = !path.contains('/') && path.starts_with("sitemap");
        let asset = self.assets.iter().any(|a| a == path);
        !(removed || stale_family || search || sitemap || asset)
    }
}
/// Renders a linked site and updates the output folder with it; then
/// writes the build manifest (when `manifest` holds this build's inputs).
fn render_and_write(
    started: &Started,
    mut outcome: pipeline::Outcome,
    cache_warning: Option<Diagnostic>,
    templates: Result<Templates, Vec<Diagnostic>>,
    render: Render,
    manifest: Option<(manifest::Settings, manifest::Articles)>,
    progress: &dyn Progress,
) -> Result<BuildReport, Failed> {
    let Started {
        args, cfg, today, ..
    } = started;
    // Moved, not copied: a large site can have tens of thousands of warnings.
    let mut diagnostics = std::mem::take(&mut outcome.diagnostics);
    // Said once, not by a later build that finds nothing changed.
    let transient: Vec<Diagnostic> = cache_warning.into_iter().collect();
    let templates = match templates {
        Ok(t) => Some(t),
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    };
    if diagnostics
        .iter()
        .chain(&transient)
        .any(Diagnostic::is_error)
    {
        diagnostics.extend(transient);
        return Err(Failed::Content(diagnostics));
    }
    let templates = templates.expect("no template errors");
    let output = cfg.paths.output.clone();
    let io_err = |e: std::io::Error| Failed::output(&output, e);
    write::check_replaceable(&output, args.force).map_err(|r| {
        Failed::Output(vec![
            Diagnostic::error(&output, 1, 1, r.message).with_hint(r.hint)
        ])
    })?;
    write::remove_leftovers(&output);
    let staging = write::staging_dir(&output);
    write::discard(&staging);
    let sink = write::UpdateSink::new(&output, &staging).map_err(io_err)?;
    sink.put(write::MARKER, write::MARKER_TEXT.into())
        .map_err(io_err)?;
    // Roughly the files a site has: pages and feeds of articles and entities,
    // plus the paginated indexes. The bar only needs to be about right.
    let g = &outcome.graph;
    progress.start(Stage::Render);
    progress.total((g.articles.len() * 3 / 2 + g.entities.len() * 2 + 64) as u64);
    let no_pages = HashSet::new();
    let declining = Declining {
        inner: &sink,
        unchanged: render.plan().map_or(&no_pages, |p| &p.sel.unchanged),
        declined: Mutex::new(HashSet::new()),
    };
    let counted = Counted {
        inner: &declining,
        progress,
        files: 0.into(),
    };
    let sel = render.plan().map(|p| &p.sel);
    let rendered = pipeline::render_site(&outcome, cfg, &templates, &counted, sel);
    if let Err(d) = rendered {
        sink.discard();
        diagnostics.extend(d);
        diagnostics.extend(transient);
        return Err(Failed::Content(diagnostics));
    }
    let put = counted.files.into_inner();
    let declined = declining.declined.into_inner().expect("not poisoned");
    let t = crate::timing::span("write");
    // A build that dies while the output changes leaves no manifest. (Its
    // stats would not match anyway; this only makes it certain.)
    let _ = manifest::remove(&cfg.paths.root);
    let families = render.plan().map(|p| p.sel.page_families(g));
    let committed = match (render.plan(), &families) {
        (Some(p), Some(families)) => {
            let listing: Vec<&str> = p.last.files.iter().map(|f| f.path.as_str()).collect();
            sink.commit_keeping(&listing, &|f| p.keeps(f, &declined, families))
        }
        _ => sink.commit_full(),
    };
    let committed = match committed {
        Ok(c) => c,
        Err(e) => {
            write::discard(&staging);
            return Err(io_err(e));
        }
    };
    drop(t);
    // The files the output holds now: those written and those kept.
    let mut files: Vec<(String, u128)> = committed.made.into_iter().collect();
    let touched = committed.touched;
    if let (Some(p), Some(families)) = (render.plan(), &families) {
        let made: HashSet<&str> = files.iter().map(|f| f.0.as_str()).collect();
        let kept: Vec<(String, u128)> = p
            .last
            .files
            .iter()
            .filter(|f| !made.contains(f.path.as_str()) && p.keeps(&f.path, &declined, families))
            .map(|f| (f.path.clone(), f.hash))
            .collect();
        files.extend(kept);
    }
    let (reuse, total) = match &render {
        Render::All => (Reuse::Nothing, put),
        // The marker is not counted, as in a full build.
        Render::Selected(_) => (Reuse::Pages { rendered: put }, files.len() - 1),
    };
    let site_warnings = crate::check::site_warnings(g, *today);
    let articles = g.articles.len();
    // The graph, the templates and the selection are done with: let them go
    // before the manifest stats every output file, so that its records
    // take their place rather than add to the peak (#17).
    drop(outcome);
    drop(templates);
    drop((families, declined));
    let last = match render {
        Render::All => None,
        Render::Selected(p) => Some(p.last),
    };
    if let Some((settings, hashed)) = manifest {
        let t = crate::timing::span("manifest");
        let old = last.as_ref().map(|last| (last, &touched));
        let saved = manifest::stat_output(&output, files, old).and_then(|(files, dirs)| {
            manifest::Record {
                settings,
                articles: &hashed,
                files: &files,
                dirs: &dirs,
                report: manifest::Summary {
                    articles,
                    files: total,
                    diagnostics: &diagnostics,
                    site_warnings: &site_warnings,
                },
            }
            .write(&cfg.paths.root)
        });
        drop(t);
        if let Err(e) = saved {
            diagnostics.push(Diagnostic::warning(
                manifest::path(&cfg.paths.root),
                1,
                1,
                format!("build manifest not written: {e}; the next build renders every page again"),
            ));
        }
    }
    diagnostics.extend(transient);
    Ok(BuildReport {
        articles,
        files: total,
        output,
        diagnostics,
        site_warnings,
        article_forms: cfg.strings.article_forms.clone(),
        file_forms: cfg.strings.file_forms.clone(),
        cache: CacheStats::default(),
        reuse,
    })
}

impl Render {
    /// The selection, when the last build's output is kept.
    fn plan(&self) -> Option<&Plan> {
        match self {
            Render::All => None,
            Render::Selected(p) => Some(p),
        }
    }
}
