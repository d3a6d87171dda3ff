//! `promdigest build`: the whole pipeline, written atomically to `public/`.

use super::{exit, report};
use crate::config::SiteConfig;
use crate::model::Diagnostic;
use crate::pipeline::cache::{self, ArticleCache, CacheKey, CacheStats};
use crate::pipeline::manifest::{self, Inputs, Manifest};
use crate::render::pages::select::PageSelection;
use crate::render::{ru, Templates};
use crate::write::Sink;
use crate::{config, pipeline, write};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

/// What `build` was asked to do.
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

/// How much of the last build a build reused (see [`run`]).
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

/// Runs the build. On any error nothing is written and the previous output
/// stays; on success the output holds exactly the files of this build.
///
/// # Rebuilds
/// A build first hashes its inputs and checks the output against the
/// manifest the last build left ([`manifest`]). Then:
/// * nothing changed and the output is intact: the last build's summary
///   is reported and nothing else happens ([`Reuse::Everything`]);
/// * only articles changed and the output is intact: the last build's
///   articles (from the article cache) and this build's are linked, and
///   only the pages [`PageSelection::between`] the two graphs picks are
///   rendered; every other file of the output is kept as it is
///   ([`Reuse::Pages`]). This is the selection `serve` uses on every edit;
///   its tests compare it with a full build;
/// * anything else: every page is rendered and compared with the output
///   ([`Reuse::Nothing`]), which also puts right any file edited by hand.
pub fn run(args: &BuildArgs) -> Result<BuildReport, (i32, Vec<Diagnostic>)> {
    run_with_progress(args, &indicatif::ProgressBar::hidden())
}

/// Counts rendered files (and shows them on the progress bar) as they are written.
struct Counted<'a> {
    inner: &'a dyn Sink,
    bar: &'a indicatif::ProgressBar,
    files: std::sync::atomic::AtomicUsize,
}

impl Sink for Counted<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.bar.inc(1);
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

/// The last build's manifest, when the output is still what it left and
/// the settings are this build's, with this build's articles.
struct Last {
    manifest: Manifest,
    /// The article files now, read and hashed.
    articles: manifest::Articles,
}

/// What the last build left that this one can use: its manifest, if every
/// setting is the same and the output is intact. Only then are the
/// articles read here; otherwise the build reads each once, as it goes.
fn last_build(cfg: &SiteConfig, inputs: &Inputs) -> Option<Last> {
    let (m, written) = Manifest::read(&cfg.paths.root)?;
    if m.settings != inputs.settings {
        return None;
    }
    let articles = {
        let _t = crate::timing::span("hash articles");
        manifest::articles(cfg)?
    };
    let _t = crate::timing::span("check output");
    m.output_intact(&cfg.paths.output, written).then_some(Last {
        manifest: m,
        articles,
    })
}

/// [`run`], showing each stage on `bar`: articles annotated, then files written.
fn run_with_progress(
    args: &BuildArgs,
    bar: &indicatif::ProgressBar,
) -> Result<BuildReport, (i32, Vec<Diagnostic>)> {
    let cfg = config::load_overridden(&args.root, args.output.as_deref(), args.base_url.as_deref())
        .map_err(|d| (exit::CONTENT, d))?;
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
    let last = inputs.as_ref().and_then(|i| last_build(&cfg, i));
    if let Some(last) = &last {
        if last.articles == last.manifest.articles {
            return Ok(nothing_changed(&cfg, last));
        }
    }
    let templates = Templates::load(&cfg.paths.templates, &cfg.paths.root);
    bar.set_message("Разбор статей");
    let t = crate::timing::span("open cache");
    let (cache, cache_warning) = open_cache(&cfg, tool);
    drop(t);
    let opts = pipeline::Options {
        drafts: args.drafts,
    };
    let progress = |total| {
        bar.set_length(total as u64);
        bar.inc(1);
    };
    // The articles the last build linked, when its output can be kept.
    let previous = match (&cache, &last) {
        (Some(c), Some(last)) => previous_docs(c, &last.manifest, args.drafts),
        _ => None,
    };
    let hashes: pipeline::Hashes = last
        .iter()
        .filter(|_| previous.is_some())
        .flat_map(|l| &l.articles.files)
        .map(|(p, h)| (p.as_str(), *h))
        .collect();
    let cached = match (&cache, previous) {
        (Some(c), Some(prev)) => pipeline::run_since(&cfg, opts, c, prev, &hashes, &progress),
        (Some(c), None) => pipeline::run_cached(&cfg, opts, c, &progress),
        (None, _) => pipeline::Cached {
            outcome: pipeline::run_observed(&cfg, opts, &progress),
            articles: None,
            old: None,
        },
    };
    let outcome = cached.outcome;
    let stats = cache.as_ref().map(ArticleCache::stats).unwrap_or_default();
    // Written while the pages render. A cache that cannot be written is a
    // warning, never a failed build.
    let saving = cache.map(|c| std::thread::spawn(move || c.save()));
    let plan = match (cached.old, &last, &inputs) {
        (Some(old), Some(last), Some(inputs)) => {
            let changed = last.articles.changed_since(&last.manifest.articles);
            let t = crate::timing::span("select");
            let sel = PageSelection::between(&old, &outcome.graph, &changed, &cfg);
            drop(t);
            Some(Plan {
                last: &last.manifest,
                sel,
                assets: &inputs.assets,
            })
        }
        _ => None,
    };
    let keep_manifest = inputs.as_ref().map(|i| i.settings).zip(cached.articles);
    let mut result = render_and_write(
        args,
        &cfg,
        outcome,
        cache_warning,
        templates,
        plan,
        keep_manifest,
        today,
        bar,
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
            Err((_, d)) => d.push(warning),
        }
    }
    if let Ok(r) = &mut result {
        r.cache = stats;
    }
    result
}

/// The report of a build that found nothing to do: the last one's.
fn nothing_changed(cfg: &SiteConfig, last: &Last) -> BuildReport {
    write::remove_leftovers(&cfg.paths.output);
    let r = &last.manifest.report;
    let (diagnostics, site_warnings) = r.clone_diagnostics();
    BuildReport {
        articles: r.articles,
        files: r.files,
        output: cfg.paths.output.clone(),
        diagnostics,
        site_warnings,
        article_forms: cfg.strings.article_forms.clone(),
        file_forms: cfg.strings.file_forms.clone(),
        cache: CacheStats::default(),
        reuse: Reuse::Everything,
    }
}

/// The documents the last build linked, in its order, from the article
/// cache; `None` if the cache does not hold every one of them (it was
/// removed, damaged, or not written).
fn previous_docs(
    cache: &ArticleCache,
    last: &Manifest,
    drafts: bool,
) -> Option<Vec<crate::model::AnnotatedDoc>> {
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

/// A build that keeps the last one's output and renders only `sel`.
struct Plan<'a> {
    last: &'a Manifest,
    sel: PageSelection,
    /// Output paths of the assets (copied again by every build).
    assets: &'a [String],
}

impl Plan<'_> {
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

/// Renders a linked site (all of it, or what `plan` selects) and updates
/// the output folder with it; then writes the build manifest (when
/// `manifest` holds this build's inputs).
#[allow(clippy::too_many_arguments)]
fn render_and_write(
    args: &BuildArgs,
    cfg: &SiteConfig,
    mut outcome: pipeline::Outcome,
    cache_warning: Option<Diagnostic>,
    templates: Result<Templates, Vec<Diagnostic>>,
    plan: Option<Plan>,
    manifest: Option<(manifest::Settings, manifest::Articles)>,
    today: chrono::NaiveDate,
    bar: &indicatif::ProgressBar,
) -> Result<BuildReport, (i32, Vec<Diagnostic>)> {
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
        return Err((exit::CONTENT, diagnostics));
    }
    let templates = templates.expect("no template errors");
    let output = cfg.paths.output.clone();
    let io_err = |e: std::io::Error| {
        (
            exit::USAGE,
            vec![Diagnostic::error(&output, 1, 1, e.to_string())],
        )
    };
    write::check_replaceable(&output, args.force).map_err(|r| {
        (
            exit::USAGE,
            vec![Diagnostic::error(&output, 1, 1, r.message).with_hint(r.hint)],
        )
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
    bar.set_message("Вёрстка страниц");
    bar.set_position(0);
    bar.set_length((g.articles.len() * 3 / 2 + g.entities.len() * 2 + 64) as u64);
    let no_pages = HashSet::new();
    let declining = Declining {
        inner: &sink,
        unchanged: plan.as_ref().map_or(&no_pages, |p| &p.sel.unchanged),
        declined: Mutex::new(HashSet::new()),
    };
    let counted = Counted {
        inner: &declining,
        bar,
        files: 0.into(),
    };
    let sel = plan.as_ref().map(|p| &p.sel);
    let rendered = pipeline::render_site(&outcome, cfg, &templates, &counted, sel);
    if let Err(d) = rendered {
        sink.discard();
        diagnostics.extend(d);
        diagnostics.extend(transient);
        return Err((exit::CONTENT, diagnostics));
    }
    let put = counted.files.into_inner();
    let declined = declining.declined.into_inner().expect("not poisoned");
    let t = crate::timing::span("write");
    // A build that dies while the output changes leaves no manifest. (Its
    // stats would not match anyway; this only makes it certain.)
    let _ = manifest::remove(&cfg.paths.root);
    let families = plan.as_ref().map(|p| p.sel.page_families(g));
    let committed = match (&plan, &families) {
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
    if let (Some(p), Some(families)) = (&plan, &families) {
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
    let reuse = match &plan {
        Some(_) => Reuse::Pages { rendered: put },
        None => Reuse::Nothing,
    };
    let total = match &plan {
        // The marker is not counted, as in a full build.
        Some(_) => files.len() - 1,
        None => put,
    };
    let site_warnings = crate::check::site_warnings(&cfg.paths.root, g, today);
    let articles = g.articles.len();
    // The graph, the templates and the selection are done with: let them go
    // before the manifest stats every output file, so that its records
    // take their place rather than add to the peak (#17).
    drop(outcome);
    drop(templates);
    drop((families, declined));
    let plan = plan.map(|p| p.last);
    if let Some((settings, hashed)) = manifest {
        let t = crate::timing::span("manifest");
        let old = plan.map(|last| (last, &touched));
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

/// The CLI entry: runs, prints diagnostics and the summary, returns the exit code.
pub fn main(args: &BuildArgs) -> i32 {
    let start = Instant::now();
    // A bar on a terminal only: piped output (CI, scripts) gets nothing extra.
    let progress = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg:16} [{bar:30}] {pos}/{len}  {elapsed}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let result = run_with_progress(args, &progress);
    progress.finish_and_clear();
    match result {
        Ok(r) => {
            let t = crate::timing::span("report");
            report::print_all(&r.diagnostics, &args.root);
            drop(t);
            eprintln!(
                "{}",
                report::summary_line(
                    "Собрано",
                    r.articles,
                    &r.article_forms,
                    r.files,
                    &r.file_forms,
                    &format!(
                        "{} с → {}",
                        ru::seconds(start.elapsed().as_secs_f64()),
                        r.output.display()
                    )
                )
            );
            let stage_warnings = r.diagnostics.iter().filter(|d| !d.is_error()).count();
            eprint!(
                "{}",
                report::warning_summary(stage_warnings + r.site_warnings.len(), &r.site_warnings)
            );
            exit::OK
        }
        Err((code, diags)) => {
            report::print_all(&diags, &args.root);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("Сборка не удалась: ошибок — {n}. Папка вывода не изменена.");
            code
        }
    }
}
