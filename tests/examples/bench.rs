//! Build benchmark: `cargo run --release --example bench -- [--corpus own|shared|both] [SIZES…]`.
//!
//! For each corpus and size (default: our own corpus at 1,000, 10,000 and
//! 100,000 articles) it generates the articles into `target/bench/`, runs
//! the release binary `target/release/promdigest build --root DIR --output
//! OUT` and measures wall time, articles per second, the child's peak
//! resident memory (ru_maxrss from wait4), the size of the output, its
//! files, and the size of the tar that GitHub's `upload-pages-artifact`
//! action makes of it (`tar --dereference --hard-dereference -cf - .`, the
//! size GitHub Pages limits to 1 GB). A second table splits the output by
//! page kind (article pages, entity pages, lists, feeds, search shards…).
//! At 10,000 articles it then edits one article and builds again, then
//! builds once more with nothing changed.
//!
//! Corpora: `own` is the `gen_corpus` example (raw pasted pages with site
//! chrome, ~2.3 KB of text each); `shared` is `gen_corpus.py` from the
//! shared bench folder (`--shared DIR`, default `../shared` beside the
//! repository: `DIR/bench/gen_corpus.py N OUT --seeds DIR/seeds --format
//! raw`, 300–800 words an article, denser in entities), put in a site with
//! the repository's `site.toml`, templates and assets. A generated shared
//! corpus is kept (it takes minutes at 100,000) and reused while complete.
//! Prints markdown tables on stdout; progress and stage timings
//! (`PROMDIGEST_TIMINGS=1`) go to stderr.
//!
//! When `hugo` is on the PATH (Debian's `hugo` package; set
//! `BENCH_HUGO=0` to skip), each corpus is also turned into a Hugo site by
//! the `hugo_site` example (our cleaned text and entities as Markdown with
//! three taxonomies) and built by Hugo on the same disk right after ours,
//! so the two columns are measured side by side.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Run {
    wall: Duration,
    max_rss_kb: i64,
    ok: bool,
}

/// Runs a command and waits for it with wait4, which reports the child's own
/// resource usage (peak RSS) — `Child::wait` throws that away.
fn run_measured(cmd: &mut Command) -> std::io::Result<Run> {
    let started = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; wait4 fills it for our own child pid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if r < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // The child is reaped; forget the handle so nothing waits on it again.
    std::mem::forget(child);
    Ok(Run {
        wall,
        max_rss_kb: usage.ru_maxrss,
        ok,
    })
}

fn dir_size(dir: &Path) -> (u64, u64) {
    let (mut bytes, mut files) = (0, 0);
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => {
                    let (b, f) = dir_size(&e.path());
                    bytes += b;
                    files += f;
                }
                Ok(_) => {
                    bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
                    files += 1;
                }
                Err(_) => {}
            }
        }
    }
    (bytes, files)
}

/// `hugo version`'s first line, or `None` when Hugo is missing or skipped.
fn hugo_version() -> Option<String> {
    if std::env::var_os("BENCH_HUGO").is_some_and(|v| v == "0") {
        return None;
    }
    let out = Command::new("hugo").arg("version").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("hugo")
            .to_string()
    })
}

/// Builds `root` into `out`; the build's stage timings go to our stderr.
fn build(bin: &Path, root: &Path, out: &Path) -> Run {
    let log = out.with_extension("log");
    let mut cmd = Command::new(bin);
    cmd.args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("PROMDIGEST_TIMINGS", "1");
    cmd.stdout(std::process::Stdio::null()).stderr(
        std::fs::File::create(&log)
            .map(std::process::Stdio::from)
            .unwrap_or_else(|_| std::process::Stdio::null()),
    );
    let run = run_measured(&mut cmd).unwrap_or_else(|e| {
        eprintln!("bench: cannot run {}: {e}", bin.display());
        std::process::exit(2)
    });
    if let Ok(text) = std::fs::read_to_string(&log) {
        for l in text.lines().filter(|l| l.starts_with("timing:")) {
            eprintln!("  {l}");
        }
    }
    let _ = std::fs::remove_file(&log);
    run
}

/// The kinds of output file the size report tells apart, in print order.
const KINDS: &[&str] = &[
    "article pages",
    "entity pages",
    "entity feeds",
    "lists (home, timeline, entity indexes)",
    "search index",
    "site feed, sitemaps",
    "assets and other",
];

/// Which of [`KINDS`] a file of the output is, from its path.
fn kind_of(rel: &str) -> usize {
    let parts: Vec<&str> = rel.split('/').collect();
    let entity_dir = matches!(
        parts[0],
        "regions" | "bodies" | "people" | "organizations" | "places"
    );
    match parts.as_slice() {
        ["articles", ..] => 0,
        [_, _, "atom.xml"] if entity_dir => 2,
        [_, "index.html"] | [_, "page", _, "index.html"] if entity_dir => 3,
        [_, ..] if entity_dir => 1,
        ["index.html"] | ["page", ..] | ["timeline", ..] => 3,
        ["search", "index.html"] => 6,
        ["search", ..] => 4,
        [f] if f.ends_with(".xml") => 5,
        _ => 6,
    }
}

/// Bytes and files of each of [`KINDS`] under `dir`.
fn sizes_by_kind(dir: &Path) -> Vec<(u64, u64)> {
    fn walk(base: &Path, dir: &Path, acc: &mut Vec<(u64, u64)>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => walk(base, &p, acc),
                Ok(_) => {
                    let rel = p.strip_prefix(base).unwrap_or(&p).to_string_lossy();
                    let k = kind_of(&rel);
                    acc[k].0 += e.metadata().map(|m| m.len()).unwrap_or(0);
                    acc[k].1 += 1;
                }
                Err(_) => {}
            }
        }
    }
    let mut acc = vec![(0, 0); KINDS.len()];
    walk(dir, dir, &mut acc);
    acc
}

/// The size of the tar `actions/upload-pages-artifact` makes of `dir`
/// (its command line, streamed and counted rather than kept).
fn pages_tar_size(dir: &Path) -> Option<u64> {
    use std::io::Read;
    let mut child = Command::new("tar")
        .args(["--dereference", "--hard-dereference", "--directory"])
        .arg(dir)
        .args(["-cf", "-", "--exclude=.git", "--exclude=.github", "."])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut out = child.stdout.take()?;
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        match out.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => total += n as u64,
            Err(_) => return None,
        }
    }
    child.wait().ok()?.success().then_some(total)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Corpus {
    Own,
    Shared,
}

impl Corpus {
    fn name(self) -> &'static str {
        match self {
            Corpus::Own => "own",
            Corpus::Shared => "shared",
        }
    }
}

/// Generates (or, for a complete shared corpus, reuses) the site of `n`
/// articles of `corpus` at `root`.
fn generate(corpus: Corpus, n: u64, root: &Path, gen: &Path, repo: &Path, shared: &Path) {
    let done = root.join(".bench-complete");
    if corpus == Corpus::Shared && done.exists() {
        eprintln!("bench: reusing {}", root.display());
        // The articles are kept; the theme and config are the repository's now.
        std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("site.toml");
        for sub in ["templates", "assets"] {
            let _ = std::fs::remove_dir_all(root.join(sub));
            copy_dir(&repo.join(sub), &root.join(sub)).expect("theme");
        }
        return;
    }
    let _ = std::fs::remove_dir_all(root);
    eprintln!("bench: generating {n} articles ({} corpus)", corpus.name());
    let ok = match corpus {
        Corpus::Own => Command::new(gen)
            .arg(n.to_string())
            .arg(root)
            .status()
            .is_ok_and(|s| s.success()),
        Corpus::Shared => {
            std::fs::create_dir_all(root).expect("bench dir");
            std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("site.toml");
            for sub in ["templates", "assets"] {
                copy_dir(&repo.join(sub), &root.join(sub)).expect("theme");
            }
            Command::new("python3")
                .arg(shared.join("bench/gen_corpus.py"))
                .arg(n.to_string())
                .arg(root.join("content"))
                .arg("--seeds")
                .arg(shared.join("seeds"))
                .args(["--format", "raw"])
                .stdout(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        }
    };
    assert!(ok, "generating the {} corpus failed", corpus.name());
    if corpus == Corpus::Shared {
        std::fs::write(done, b"").expect("marker");
    }
}

/// The 124th article file of a site (any one would do; this one is stable).
fn some_article(root: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .expect("content")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files[123.min(files.len() - 1)].clone()
}

struct Row {
    corpus: Corpus,
    n: u64,
    run: Run,
    bytes: u64,
    files: u64,
    tar: Option<u64>,
    kinds: Vec<(u64, u64)>,
    hugo: Option<Run>,
}

fn mib(kb: i64) -> String {
    format!("{:.0} MiB", kb as f64 / 1024.0)
}

fn mb(b: u64) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

fn main() {
    let mut corpora = vec![Corpus::Own];
    let mut shared: Option<PathBuf> = None;
    let mut sizes: Vec<u64> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--corpus" => {
                corpora = match args.next().as_deref() {
                    Some("own") => vec![Corpus::Own],
                    Some("shared") => vec![Corpus::Shared],
                    Some("both") => vec![Corpus::Own, Corpus::Shared],
                    other => {
                        eprintln!("bench: --corpus own|shared|both, got {other:?}");
                        std::process::exit(2)
                    }
                }
            }
            "--shared" => shared = args.next().map(PathBuf::from),
            _ => match a.replace('_', "").parse() {
                Ok(n) => sizes.push(n),
                Err(_) => {
                    eprintln!("usage: bench [--corpus own|shared|both] [--shared DIR] [SIZES…]");
                    std::process::exit(2)
                }
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = shared.unwrap_or_else(|| repo.join("../shared"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target"));
    eprintln!("bench: building release promdigest and gen_corpus");
    let status = Command::new(env!("CARGO"))
        .current_dir(&repo)
        .args([
            "build",
            "--release",
            "--bin",
            "promdigest",
            "--example",
            "gen_corpus",
            "--example",
            "hugo_site",
        ])
        .status()
        .expect("cargo build");
    if !status.success() {
        eprintln!("bench: cargo build failed");
        std::process::exit(2);
    }
    let bin = target.join("release/promdigest");
    let gen = target.join("release/examples/gen_corpus");
    let hugo_site = target.join("release/examples/hugo_site");
    let work = target.join("bench");
    let hugo = hugo_version();
    match &hugo {
        Some(v) => eprintln!("bench: comparing with {v}"),
        None => eprintln!("bench: no hugo on PATH (or BENCH_HUGO=0): ours only"),
    }

    let mut rows = Vec::new();
    let mut rebuilds = Vec::new();
    // Outputs and generated sites are removed at the end, not between
    // builds: ext4 without a journal (this machine's disk) skips inodes
    // freed in the last 60–360 s when it allocates new ones, so a build
    // right after deleting 100,000 files spent a tenth of its CPU in the
    // kernel scanning past them — a cost of the benchmark, not of a build.
    let mut trash: Vec<PathBuf> = Vec::new();
    for &corpus in &corpora {
        for &n in &sizes {
            let root = work.join(format!("{}-{n}", corpus.name()));
            let out = work.join(format!("{}-{n}-public", corpus.name()));
            let _ = std::fs::remove_dir_all(&out);
            generate(corpus, n, &root, &gen, &repo, &shared);
            // The first build is a clean one: no build cache from a former run.
            let _ = std::fs::remove_dir_all(root.join(".promdigest-cache"));
            eprintln!("bench: building {n} articles ({} corpus)", corpus.name());
            let run = build(&bin, &root, &out);
            let (bytes, files) = dir_size(&out);
            let tar = pages_tar_size(&out);
            let kinds = sizes_by_kind(&out);
            let h = hugo.as_ref().map(|_| {
                let site = work.join(format!("{}-{n}-hugo", corpus.name()));
                let hout = work.join(format!("{}-{n}-hugo-public", corpus.name()));
                let ok = Command::new(&hugo_site)
                    .arg(&root)
                    .arg(&site)
                    .status()
                    .is_ok_and(|s| s.success());
                assert!(ok, "hugo_site failed");
                let _ = std::fs::remove_dir_all(&hout);
                eprintln!("bench: building {n} articles with Hugo");
                let mut cmd = Command::new("hugo");
                cmd.args(["--quiet", "--source"])
                    .arg(&site)
                    .arg("--destination")
                    .arg(&hout)
                    .arg("--cacheDir")
                    .arg(work.join("hugo-cache"));
                cmd.stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null());
                let run = run_measured(&mut cmd).expect("run hugo");
                trash.extend([site, hout]);
                run
            });
            rows.push(Row {
                corpus,
                n,
                run,
                bytes,
                files,
                tar,
                kinds,
                hugo: h,
            });
            if n == 10_000 {
                // One edit: append a sentence to one article, build again,
                // then build once more with nothing changed.
                let f = some_article(&root);
                let before = std::fs::read(&f).expect("read article");
                let mut text = before.clone();
                text.extend_from_slice(
                    "\nДополнение: объем инвестиций увеличен до 3,5 млрд рублей.\n".as_bytes(),
                );
                std::fs::write(&f, text).expect("edit article");
                eprintln!("bench: rebuilding {n} articles after one edit");
                let edited = build(&bin, &root, &out);
                eprintln!("bench: rebuilding {n} articles, nothing changed");
                let unchanged = build(&bin, &root, &out);
                std::fs::write(&f, before).expect("restore article");
                rebuilds.push((corpus, edited, unchanged));
            }
            if corpus == Corpus::Own {
                trash.push(root);
            }
            trash.push(out);
        }
    }
    println!(
        "| corpus | articles | build wall time | articles/s | peak RSS | output | files | Pages tar | exit | Hugo wall time | Hugo peak RSS |"
    );
    println!("|:--|---:|---:|---:|---:|---:|---:|---:|:--|---:|---:|");
    for r in &rows {
        let (hw, hm) = match &r.hugo {
            Some(h) if h.ok => (format!("{:.2} s", h.wall.as_secs_f64()), mib(h.max_rss_kb)),
            Some(_) => ("FAILED".into(), "".into()),
            None => ("–".into(), "–".into()),
        };
        println!(
            "| {} | {} | {:.2} s | {:.0} | {} | {} | {} | {} | {} | {hw} | {hm} |",
            r.corpus.name(),
            r.n,
            r.run.wall.as_secs_f64(),
            r.n as f64 / r.run.wall.as_secs_f64(),
            mib(r.run.max_rss_kb),
            mb(r.bytes),
            r.files,
            r.tar.map_or_else(|| "?".into(), mb),
            if r.run.ok { "ok" } else { "FAILED" },
        );
    }
    println!();
    println!("Output by page kind (bytes, files):");
    println!();
    let mut header = "| page kind |".to_string();
    let mut rule = "|:--|".to_string();
    for r in &rows {
        header.push_str(&format!(" {} {} |", r.corpus.name(), r.n));
        rule.push_str("---:|");
    }
    println!("{header}\n{rule}");
    for (k, name) in KINDS.iter().enumerate() {
        let mut line = format!("| {name} |");
        for r in &rows {
            let (b, f) = r.kinds[k];
            line.push_str(&format!(" {} in {f} |", mb(b)));
        }
        println!("{line}");
    }
    for (corpus, edited, unchanged) in &rebuilds {
        println!();
        println!(
            "Rebuild of 10000 articles ({} corpus) after editing one: {:.2} s, peak RSS {} ({}); \
             then with nothing changed: {:.2} s, peak RSS {} ({}).",
            corpus.name(),
            edited.wall.as_secs_f64(),
            mib(edited.max_rss_kb),
            if edited.ok { "ok" } else { "FAILED" },
            unchanged.wall.as_secs_f64(),
            mib(unchanged.max_rss_kb),
            if unchanged.ok { "ok" } else { "FAILED" },
        );
    }
    println!();
    println!(
        "Machine: {} cores, load average {}; `target/release/promdigest build --root DIR --output OUT`.",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    );
    // After the tables: deleting every output takes minutes on this disk.
    for dir in trash {
        let _ = std::fs::remove_dir_all(dir);
    }
}
