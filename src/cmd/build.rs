//! `promdigest build`: the whole pipeline, written atomically to `public/`.

use super::{exit, report};
use crate::config::SiteConfig;
use crate::model::Diagnostic;
use crate::pipeline::cache::{self, ArticleCache, CacheKey, CacheStats};
use crate::render::{ru, Templates};
use crate::write::Sink;
use crate::{config, pipeline, write};
use std::path::PathBuf;
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
}

/// Runs the build. On any error nothing is written and the previous output
/// stays; on success the output holds exactly the files of this build.
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
}

/// [`run`], showing each stage on `bar`: articles annotated, then files written.
fn run_with_progress(
    args: &BuildArgs,
    bar: &indicatif::ProgressBar,
) -> Result<BuildReport, (i32, Vec<Diagnostic>)> {
    let cfg = config::load_overridden(&args.root, args.output.as_deref(), args.base_url.as_deref())
        .map_err(|d| (exit::CONTENT, d))?;
    let templates = Templates::load(&cfg.paths.templates, &cfg.paths.root);
    bar.set_message("Разбор статей");
    let (cache, cache_warning) = open_cache(&cfg);
    let opts = pipeline::Options {
        drafts: args.drafts,
    };
    let progress = |total| {
        bar.set_length(total as u64);
        bar.inc(1);
    };
    let mut outcome = match &cache {
        Some(c) => pipeline::run_cached(&cfg, opts, c, &progress),
        None => pipeline::run_observed(&cfg, opts, &progress),
    };
    outcome.diagnostics.extend(cache_warning);
    let stats = cache.as_ref().map(ArticleCache::stats).unwrap_or_default();
    // Written while the pages render. A cache that cannot be written is a
    // warning, never a failed build.
    let saving = cache.map(|c| std::thread::spawn(move || c.save()));
    let mut result = render_and_write(args, &cfg, outcome, templates, bar);
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

/// The article cache of the site in `cfg` (none when the running binary
/// cannot be read, since its hash is part of the key), and the warning for
/// a cache file that could not be read.
fn open_cache(cfg: &SiteConfig) -> (Option<ArticleCache>, Option<Diagnostic>) {
    let Some(tool) = cache::tool_fingerprint() else {
        return (None, None);
    };
    let key = CacheKey::new(tool, cfg.extract.as_ref());
    let (c, warning) = ArticleCache::open(&cfg.paths.root.join(cache::DIR), key);
    (Some(c), warning)
}

/// Renders a linked site and updates the output folder with it.
fn render_and_write(
    args: &BuildArgs,
    cfg: &SiteConfig,
    mut outcome: pipeline::Outcome,
    templates: Result<Templates, Vec<Diagnostic>>,
    bar: &indicatif::ProgressBar,
) -> Result<BuildReport, (i32, Vec<Diagnostic>)> {
    // Moved, not copied: a large site can have tens of thousands of warnings.
    let mut diagnostics = std::mem::take(&mut outcome.diagnostics);
    let templates = match templates {
        Ok(t) => Some(t),
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
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
    let counted = Counted {
        inner: &sink,
        bar,
        files: 0.into(),
    };
    match pipeline::render_site(&outcome, cfg, &templates, &counted) {
        Ok(_) => {
            let files = counted.files.into_inner();
            let t = crate::timing::span("write");
            if let Err(e) = sink.commit() {
                write::discard(&staging);
                return Err(io_err(e));
            }
            drop(t);
            let today = chrono::Local::now().date_naive();
            Ok(BuildReport {
                articles: outcome.graph.articles.len(),
                files,
                output,
                diagnostics,
                site_warnings: crate::check::site_warnings(&cfg.paths.root, g, today),
                article_forms: cfg.strings.article_forms.clone(),
                file_forms: cfg.strings.file_forms.clone(),
                cache: CacheStats::default(),
            })
        }
        Err(d) => {
            sink.discard();
            diagnostics.extend(d);
            Err((exit::CONTENT, diagnostics))
        }
    }
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
            report::print_all(&r.diagnostics, &args.root);
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
