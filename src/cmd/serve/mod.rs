//! `promdigest serve`: a live preview that rebuilds what an edit touched.
//!
//! The site is built once into memory by the incremental pipeline
//! ([`Site`], which says what each kind of edit redoes) and
//! served from there by a small HTTP server ([`http`]). This command binds
//! the address, watches `content/`, `templates/`, `assets/` and `site.toml`,
//! turns each batch of file events into one call on the site, prints what
//! the rebuild did and hands the search index to a low-priority thread
//! ([`SearchWorker`]).
//!
//! Open pages get a small script (only from `serve`, never in `build`
//! output) that listens on a Server-Sent Events stream: it reloads the page
//! after a rebuild and shows an error as an overlay until it is fixed. An
//! error never stops the server; the last good pages stay up meanwhile.

pub mod http;

use super::{exit, report};
use crate::config::SiteConfig;
use crate::model::Diagnostic;
use crate::pipeline::incremental::search::SearchWorker;
use crate::pipeline::incremental::{Rebuild, Site};
use notify::{EventKind, RecursiveMode, Watcher};
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
        if changes.config || changes.templates || changes.all_assets || site.needs_full_render() {
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
