//! `promdigest build`: the whole pipeline, written atomically to `public/`.

use super::{exit, report};
use crate::config::{self, SiteConfig};
use crate::model::{BaseUrl, Diagnostic};
use crate::render::{self, ru, Sink};
use crate::{pipeline, write};
use std::path::{Path, PathBuf};
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
    pub pages: usize,
    pub output: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `site.toml` and applies the command-line overrides.
pub fn load_config(
    root: &Path,
    output: Option<&Path>,
    base_url: Option<&str>,
) -> Result<SiteConfig, Vec<Diagnostic>> {
    let mut cfg = config::load(root)?;
    if let Some(o) = output {
        cfg.paths.output = if o.is_absolute() {
            o.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(o))
                .unwrap_or_else(|_| o.to_path_buf())
        };
    }
    if let Some(u) = base_url {
        cfg.base_url =
            BaseUrl::parse(u).map_err(|m| vec![Diagnostic::error("--base-url", 1, 1, m)])?;
    }
    Ok(cfg)
}

/// Renders a linked site into `sink`: assets, pages, feeds and the search index.
pub fn render_site(
    outcome: &pipeline::Outcome,
    cfg: &SiteConfig,
    tera: &tera::Tera,
    sink: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    write::copy_assets(&cfg.paths.assets, sink).map_err(|e| vec![assets_error(cfg, e)])?;
    let t = crate::timing::span("render");
    let pages = render::run(&outcome.graph, cfg, tera, sink)?;
    drop(t);
    let _t = crate::timing::span("search");
    crate::search_stage::write(&outcome.graph, cfg, sink).map_err(|e| {
        vec![Diagnostic::error(
            &cfg.paths.output,
            1,
            1,
            format!("cannot write search index: {e}"),
        )]
    })?;
    Ok(pages)
}

/// The finding for an assets folder that cannot be copied (`check` reports it too).
pub fn assets_error(cfg: &SiteConfig, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(&cfg.paths.assets, 1, 1, format!("cannot copy assets: {e}"))
}

/// Runs the build. On any error nothing is written and the previous output stays.
pub fn run(args: &BuildArgs) -> Result<BuildReport, (i32, Vec<Diagnostic>)> {
    run_with_progress(args, &indicatif::ProgressBar::hidden())
}

/// Counts rendered files on the progress bar as they are written.
struct Counted<'a> {
    inner: &'a dyn Sink,
    bar: &'a indicatif::ProgressBar,
}

impl Sink for Counted<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.bar.inc(1);
        self.inner.put(path, bytes)
    }
}

/// [`run`], showing each stage on `bar`: articles annotated, then files written.
fn run_with_progress(
    args: &BuildArgs,
    bar: &indicatif::ProgressBar,
) -> Result<BuildReport, (i32, Vec<Diagnostic>)> {
    let cfg = load_config(&args.root, args.output.as_deref(), args.base_url.as_deref())
        .map_err(|d| (exit::CONTENT, d))?;
    let tera = render::load_templates(&cfg.paths.templates, &cfg.paths.root);
    bar.set_message("Разбор статей");
    let outcome = pipeline::run_observed(
        &cfg,
        pipeline::Options {
            drafts: args.drafts,
        },
        &|total| {
            bar.set_length(total as u64);
            bar.inc(1);
        },
    );
    let mut outcome = outcome;
    // Moved, not copied: a large site can have tens of thousands of warnings.
    let mut diagnostics = std::mem::take(&mut outcome.diagnostics);
    let tera = match tera {
        Ok(t) => Some(t),
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err((exit::CONTENT, diagnostics));
    }
    let tera = tera.expect("no template errors");
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
    let sink = write::DirSink::reusing(&staging, &output).map_err(io_err)?;
    sink.put(write::MARKER, write::MARKER_TEXT.into())
        .map_err(io_err)?;
    // Roughly the files a site has: pages and feeds of articles and entities,
    // plus the paginated indexes. The bar only needs to be about right.
    let g = &outcome.graph;
    bar.set_message("Вёрстка страниц");
    bar.set_position(0);
    bar.set_length((g.articles.len() * 3 / 2 + g.entities.len() * 2 + 64) as u64);
    let counted = Counted { inner: &sink, bar };
    match render_site(&outcome, &cfg, &tera, &counted) {
        Ok(pages) => {
            if let Err(e) = write::swap_in(&staging, &output) {
                write::discard(&staging);
                return Err(io_err(e));
            }
            Ok(BuildReport {
                articles: outcome.graph.articles.len(),
                pages,
                output,
                diagnostics,
            })
        }
        Err(d) => {
            write::discard(&staging);
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
            let forms = ["статья".to_string(), "статьи".into(), "статей".into()];
            let pforms = ["страница".to_string(), "страницы".into(), "страниц".into()];
            eprintln!(
                "Собрано: {}, {} за {} с → {}",
                ru::count(r.articles, &forms),
                ru::count(r.pages, &pforms),
                ru::seconds(start.elapsed().as_secs_f64()),
                r.output.display()
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
