//! Build benchmark: `cargo run --release --example bench -- [SIZES…]`.
//!
//! For each size (default 1,000, 10,000 and 100,000 articles) it generates a
//! corpus with `gen_corpus` into `target/bench/N/`, runs the release binary
//! `target/release/promdigest build --root DIR --output OUT` and measures wall
//! time, articles per second, the child's peak resident memory (ru_maxrss from
//! wait4) and the size of the output. At 10,000 articles it then edits one
//! article and builds again: `promdigest build` has no incremental mode, so
//! that number is a full rebuild after one edit, and the table says so.
//! Prints a markdown table on stdout; progress goes to stderr.
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

fn build(bin: &Path, root: &Path, out: &Path) -> Run {
    let mut cmd = Command::new(bin);
    cmd.args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out);
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    run_measured(&mut cmd).unwrap_or_else(|e| {
        eprintln!("bench: cannot run {}: {e}", bin.display());
        std::process::exit(2)
    })
}

fn main() {
    let sizes: Vec<u64> = {
        let args: Vec<u64> = std::env::args()
            .skip(1)
            .filter_map(|a| a.replace('_', "").parse().ok())
            .collect();
        if args.is_empty() {
            vec![1_000, 10_000, 100_000]
        } else {
            args
        }
    };
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
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
    let mut rebuild = None;
    for &n in &sizes {
        let root = work.join(n.to_string());
        let out = work.join(format!("{n}-public"));
        let _ = std::fs::remove_dir_all(&root);
        let _ = std::fs::remove_dir_all(&out);
        eprintln!("bench: generating {n} articles");
        let g = Command::new(&gen)
            .arg(n.to_string())
            .arg(&root)
            .status()
            .expect("gen_corpus");
        assert!(g.success(), "gen_corpus failed");
        eprintln!("bench: building {n} articles");
        let r = build(&bin, &root, &out);
        let (bytes, files) = dir_size(&out);
        let h = hugo.as_ref().map(|_| {
            let site = work.join(format!("{n}-hugo"));
            let hout = work.join(format!("{n}-hugo-public"));
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
            let _ = std::fs::remove_dir_all(&site);
            let _ = std::fs::remove_dir_all(&hout);
            run
        });
        rows.push((n, r, bytes, files, h));
        if n == 10_000 {
            // One edit: append a sentence to one article, then build again.
            let f = root.join("content/gen-000123.txt");
            let mut text = std::fs::read_to_string(&f).expect("read article");
            text.push_str("\nДополнение: объем инвестиций увеличен до 3,5 млрд рублей.\n");
            std::fs::write(&f, text).expect("edit article");
            eprintln!("bench: rebuilding {n} articles after one edit");
            rebuild = Some(build(&bin, &root, &out));
        }
        let _ = std::fs::remove_dir_all(&root);
        let _ = std::fs::remove_dir_all(&out);
    }

    println!(
        "| articles | build wall time | articles/s | peak RSS | output | files | exit | Hugo wall time | Hugo peak RSS |"
    );
    println!("|---:|---:|---:|---:|---:|---:|:--|---:|---:|");
    for (n, r, bytes, files, h) in &rows {
        let (hw, hm) = match h {
            Some(h) if h.ok => (
                format!("{:.2} s", h.wall.as_secs_f64()),
                format!("{:.1} MiB", h.max_rss_kb as f64 / 1024.0),
            ),
            Some(_) => ("FAILED".into(), "".into()),
            None => ("–".into(), "–".into()),
        };
        println!(
            "| {n} | {:.2} s | {:.0} | {:.1} MiB | {:.1} MB | {files} | {} | {hw} | {hm} |",
            r.wall.as_secs_f64(),
            *n as f64 / r.wall.as_secs_f64(),
            r.max_rss_kb as f64 / 1024.0,
            *bytes as f64 / 1e6,
            if r.ok { "ok" } else { "FAILED" },
        );
    }
    if let Some(r) = rebuild {
        println!();
        println!(
            "Rebuild of 10000 articles after editing one: {:.2} s, peak RSS {:.1} MiB ({}). \
             `promdigest build` has no incremental mode, so this is a full rebuild.",
            r.wall.as_secs_f64(),
            r.max_rss_kb as f64 / 1024.0,
            if r.ok { "ok" } else { "FAILED" }
        );
    }
    println!();
    println!(
        "Machine: {} cores; `target/release/promdigest build --root DIR --output OUT`; corpus from `gen_corpus` (seed 20250707).",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
}
