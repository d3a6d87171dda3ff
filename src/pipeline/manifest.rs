//! The build manifest: what the last successful build read and wrote, kept
//! in `.promdigest-cache/build.bin` beside the article cache, so the next
//! build can tell how much of its work is already done.
//!
//! # What it holds
//! * **Inputs.** One [`Settings`] hash of everything besides the articles
//!   that a build's output depends on: the manifest format, the tool's
//!   version and the hash of the running binary (the article cache's
//!   [`tool_fingerprint`](super::cache::tool_fingerprint)), the dictionary files, the bytes of `site.toml`,
//!   the command-line options that change output (`--root`, `--output`,
//!   `--base-url`, `--drafts`), every template file, every asset as the
//!   build copies it, and today's date (the summary's site warnings
//!   compare article dates with it). Then, in walk order, each article
//!   file's path and an XXH3-128 of its bytes, and a hash of what walking
//!   the content folder reported.
//! * **Outputs.** For every file the build left in the output folder: its
//!   path, size, inode, modification and change times (ns) and an
//!   XXH3-128 of its bytes; for every folder: path, inode and times.
//! * **The report**: article and file counts, every diagnostic and the
//!   site warnings, so a build that has nothing to do prints the summary
//!   a full one would.
//!
//! # How the output is checked ([`Manifest::output_intact`])
//! Every file and folder is `lstat`ed (in parallel: ~25,000 names at
//! 10,000 articles) and must have the recorded kind, size, inode and both
//! times. An edit in place changes the file's times, a replaced file its
//! inode, an added or removed name its folder's times, so extra files are
//! found without listing any folder. The change time cannot be set back
//! by tools that restore modification times (`touch -d`, `cp -p`,
//! `rsync -t`).
//!
//! Times have the file system's clock granularity (a few ms on ext4): a
//! file edited within the same tick as it was written would keep its
//! times. As with git's "racily clean" index entries, every entry whose
//! times are not older than the manifest file itself is *racy*: a racy
//! file's bytes are hashed and compared, a racy folder is listed and its
//! names compared. After a build of thousands of files only the last few
//! written are racy; in a small test site all are, and the check is exact.
//! What the check cannot see is a change made while the build runs
//! (between its last `stat` and the manifest's rename) — editing `public/`
//! during a build is not supported.
//!
//! Any doubt gives `None`, and the build takes the normal path, which
//! compares every file it renders with the output and so puts right
//! whatever was edited by hand. The manifest is removed before a build
//! changes the output and written again after, so a build that dies
//! halfway leaves none.
//!
//! The file is `postcard` with a magic, a format number and an XXH3-128
//! trailer; a damaged one is treated as missing.

use super::cache::{self, DiagRec, DiagRef};
use crate::config::SiteConfig;
use crate::model::Diagnostic;
use crate::write::Sink;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// The file in [`cache::DIR`] that holds the manifest.
const FILE: &str = "build.bin";

const MAGIC: &[u8; 8] = b"PDBUILD\x01";

/// Bumped whenever the manifest changes shape or what it hashes.
const FORMAT: u32 = 1;

/// The hash of every non-article input (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings(u128);

/// The article files of a build, in walk order, with their bytes' hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Articles {
    /// (path as shown in messages, XXH3-128 of the bytes).
    pub files: Vec<(String, u128)>,
    /// What walking the content folder reported, hashed.
    pub walk: u128,
}

impl Articles {
    /// The paths (as in `CleanDoc::path`) that differ between two builds:
    /// edited, added or removed.
    pub fn changed_since(&self, old: &Articles) -> HashSet<PathBuf> {
        let before: HashMap<&str, u128> = old.files.iter().map(|(p, h)| (p.as_str(), *h)).collect();
        let now: HashMap<&str, u128> = self.files.iter().map(|(p, h)| (p.as_str(), *h)).collect();
        let mut changed: HashSet<PathBuf> = HashSet::new();
        for (p, h) in &now {
            if before.get(p) != Some(h) {
                changed.insert(PathBuf::from(p));
            }
        }
        for p in before.keys().filter(|p| !now.contains_key(*p)) {
            changed.insert(PathBuf::from(p));
        }
        changed
    }
}

/// What a build reads besides the articles, gathered before it decides
/// how much to do. The articles are hashed only when the last build's
/// manifest has the same settings ([`articles`]); otherwise the build reads
/// them once, and hashes them as it does.
pub struct Inputs {
    pub settings: Settings,
    /// Output paths of the assets (the build copies all of them again).
    pub assets: Vec<String>,
}

/// The command-line options that change what a build writes.
pub struct Options<'a> {
    pub root: &'a Path,
    pub output: Option<&'a Path>,
    pub base_url: Option<&'a str>,
    pub drafts: bool,
}

/// Collects asset paths and a hash of their bytes, as [`crate::write::copy_assets`] hands them over.
#[derive(Default)]
struct HashSink(std::sync::Mutex<(Xxh3, Vec<String>)>);

impl Sink for HashSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let mut s = self.0.lock().expect("not poisoned");
        let (h, paths) = &mut *s;
        add(h, path.as_bytes());
        add(h, &bytes);
        paths.push(path.to_string());
        Ok(())
    }
}

/// Adds a length-prefixed field, so no two sequences of fields hash alike.
fn add(h: &mut Xxh3, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

impl Inputs {
    /// Reads and hashes every input of a build of `cfg` by the binary
    /// hashing to `tool`. Unreadable templates or assets hash as what
    /// could be read: the build itself reports them (and fails, so no
    /// manifest is written for it).
    pub fn gather(cfg: &SiteConfig, opts: &Options, tool: u128, today: &str) -> Inputs {
        let assets = {
            let sink = HashSink::default();
            let copied = crate::write::copy_assets(&cfg.paths.assets, &sink).is_ok();
            let (h, paths) = sink.0.into_inner().expect("not poisoned");
            (h.digest128(), copied, paths)
        };
        let mut h = Xxh3::new();
        h.update(&FORMAT.to_le_bytes());
        add(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
        h.update(&tool.to_le_bytes());
        h.update(&cache::dictionary_fingerprint().to_le_bytes());
        let toml = std::fs::read(cfg.paths.root.join(crate::config::FILE_NAME)).unwrap_or_default();
        add(&mut h, &toml);
        add(&mut h, opts.root.as_os_str().as_encoded_bytes());
        let output = opts.output.map(|p| p.as_os_str().as_encoded_bytes());
        add(&mut h, output.unwrap_or(b"\0default"));
        add(&mut h, opts.base_url.unwrap_or("\0default").as_bytes());
        h.update(&[u8::from(opts.drafts)]);
        add(&mut h, today.as_bytes());
        templates(&mut h, &cfg.paths.templates);
        h.update(&assets.0.to_le_bytes());
        h.update(&[u8::from(assets.1)]);
        Inputs {
            settings: Settings(h.digest128()),
            assets: assets.2,
        }
    }
}

/// Every entry of the templates folder (what [`crate::render::Templates::load`]
/// reads is among them): name, then bytes for a file.
fn templates(h: &mut Xxh3, dir: &Path) {
    let mut entries: Vec<(std::ffi::OsString, Option<Vec<u8>>)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| (e.file_name(), std::fs::read(e.path()).ok()))
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    h.update(&(entries.len() as u64).to_le_bytes());
    for (name, bytes) in entries {
        add(h, name.as_encoded_bytes());
        match bytes {
            Some(b) => add(h, &b),
            None => h.update(b"\xffunreadable"),
        }
    }
}

/// The article files as the build walks them, each read and hashed;
/// `None` when some article could not be read or its name is not UTF-8
/// (the build then takes the normal path, which reports it).
pub fn articles(cfg: &SiteConfig) -> Option<Articles> {
    let root = &cfg.paths.root;
    let (files, walk_diags) = crate::load::files(&cfg.paths.content, root);
    let hashed: Option<Vec<(String, u128)>> = files
        .par_iter()
        .map(|f| {
            let shown = f.strip_prefix(root).unwrap_or(f).to_str()?.to_string();
            let bytes = crate::load::read_article(f, root).ok()?;
            Some((shown, xxh3_128(&bytes)))
        })
        .collect();
    Some(Articles {
        files: hashed?,
        walk: walk_hash(&walk_diags),
    })
}

/// A hash of what walking the content folder reported.
pub fn walk_hash(walk: &[Diagnostic]) -> u128 {
    let mut h = Xxh3::new();
    for d in walk {
        add(&mut h, d.to_string().as_bytes());
    }
    h.digest128()
}

/// A file of the output as the build left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRec {
    pub path: String,
    pub stat: Stat,
    pub hash: u128,
}

/// The metadata the check compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    dir: bool,
    size: u64,
    ino: u64,
    mtime: i128,
    ctime: i128,
}

impl Stat {
    fn of(m: &std::fs::Metadata) -> Option<Stat> {
        let ft = m.file_type();
        if !ft.is_dir() && !ft.is_file() {
            return None;
        }
        Some(Stat {
            dir: ft.is_dir(),
            // A folder's size changes with what it holds on some file systems.
            size: if ft.is_dir() { 0 } else { m.size() },
            ino: m.ino(),
            mtime: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
            ctime: i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
        })
    }

    fn read(path: &Path) -> Option<Stat> {
        Stat::of(&std::fs::symlink_metadata(path).ok()?)
    }

    /// Whether a change could have left these times as they are (see the module docs).
    fn racy(&self, written: i128) -> bool {
        self.mtime.max(self.ctime) >= written
    }
}

/// What the last build read and wrote (see the module docs), as read
/// back; a build writes it as a [`Record`].
#[derive(Debug, Deserialize)]
pub struct Manifest {
    pub settings: Settings,
    pub articles: Articles,
    /// Every file of the output, sorted by path.
    pub files: Vec<FileRec>,
    /// Every folder of the output ("" is the output itself), sorted.
    pub dirs: Vec<(String, Stat)>,
    pub report: Report,
}

/// The summary of the build that wrote the manifest.
#[derive(Debug, Deserialize)]
pub struct Report {
    pub articles: usize,
    pub files: usize,
    diagnostics: Vec<DiagRec>,
    site_warnings: Vec<DiagRec>,
}

impl Report {
    /// The diagnostics and the site warnings.
    pub fn clone_diagnostics(&self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let back = |v: &[DiagRec]| v.iter().cloned().map(DiagRec::into_diag).collect();
        (back(&self.diagnostics), back(&self.site_warnings))
    }
}

/// A [`Manifest`] as a build writes it: borrowed from what the build
/// holds anyway. At 100,000 articles a build has ~157,000 diagnostics;
/// copying them into the manifest's own records raised the peak memory of
/// the whole build by a sixth (#17). Serialised field for field as
/// [`Manifest`] reads it.
#[derive(Serialize)]
pub struct Record<'a> {
    pub settings: Settings,
    pub articles: &'a Articles,
    pub files: &'a [FileRec],
    pub dirs: &'a [(String, Stat)],
    pub report: Summary<'a>,
}

/// A [`Report`] as a build writes it (see [`Record`]).
#[derive(Serialize)]
pub struct Summary<'a> {
    pub articles: usize,
    pub files: usize,
    #[serde(serialize_with = "diag_seq")]
    pub diagnostics: &'a [Diagnostic],
    #[serde(serialize_with = "diag_seq")]
    pub site_warnings: &'a [Diagnostic],
}

/// Diagnostics in the shape of a `Vec<DiagRec>`.
fn diag_seq<S: serde::Serializer>(v: &&[Diagnostic], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(DiagRef::of))
}

/// The manifest's path in the site at `root`.
pub fn path(root: &Path) -> PathBuf {
    root.join(cache::DIR).join(FILE)
}

/// Removes the manifest: the output is about to change.
pub fn remove(root: &Path) -> io::Result<()> {
    match std::fs::remove_file(path(root)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

impl Manifest {
    /// The manifest of the site at `root` and when it was written (its
    /// file's modification time, ns); `None` if missing or damaged.
    pub fn read(root: &Path) -> Option<(Manifest, i128)> {
        let file = path(root);
        let bytes = std::fs::read(&file).ok()?;
        let written = Stat::read(&file)?.mtime;
        let body = bytes.strip_prefix(MAGIC.as_slice())?;
        let (body, sum) = body.split_at_checked(body.len().checked_sub(16)?)?;
        if xxh3_128(body).to_le_bytes() != sum {
            return None;
        }
        let (format, body) = body.split_at_checked(4)?;
        if format != FORMAT.to_le_bytes() {
            return None;
        }
        postcard::from_bytes(body).ok().map(|m| (m, written))
    }

    /// Whether `output` still holds exactly what the build that wrote this
    /// manifest (at `written`, ns) left in it (see the module docs).
    pub fn output_intact(&self, output: &Path, written: i128) -> bool {
        let children = std::sync::OnceLock::new();
        let dirs_ok = self.dirs.par_iter().all(|(rel, stat)| {
            let full = output.join(rel);
            if Stat::read(&full) != Some(*stat) {
                return false;
            }
            if !stat.racy(written) {
                return true;
            }
            let Ok(rd) = std::fs::read_dir(&full) else {
                return false;
            };
            let found: Result<BTreeSet<std::ffi::OsString>, _> =
                rd.map(|e| e.map(|e| e.file_name())).collect();
            let want = children.get_or_init(|| children_of(self)).get(rel.as_str());
            let want: BTreeSet<std::ffi::OsString> = want
                .into_iter()
                .flatten()
                .map(|n| std::ffi::OsString::from(*n))
                .collect();
            found.is_ok_and(|f| f == want)
        });
        dirs_ok
            && self.files.par_iter().all(|f| {
                let full = output.join(&f.path);
                Stat::read(&full) == Some(f.stat)
                    && (!f.stat.racy(written)
                        || std::fs::read(&full).is_ok_and(|b| xxh3_128(&b) == f.hash))
            })
    }
}

impl Record<'_> {
    /// Writes the manifest atomically (temporary file, then rename),
    /// serialised straight into the file: one buffer of the whole manifest
    /// (~50 MB at 100,000 articles, twice that while it grew) was the rest
    /// of what the manifest added to a build's peak memory.
    pub fn write(&self, root: &Path) -> io::Result<()> {
        let file = path(root);
        let dir = file.parent().expect("in the cache folder");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!("{FILE}.tmp-{}", std::process::id()));
        let written = std::fs::File::create(&tmp)
            .and_then(|f| self.write_to(io::BufWriter::with_capacity(1 << 16, f)))
            .and_then(|_| std::fs::rename(&tmp, &file));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }

    /// The magic, then the format and the body through a hasher, then the
    /// hash ([`Manifest::read`] checks it).
    fn write_to(&self, mut w: impl Write) -> io::Result<()> {
        w.write_all(MAGIC)?;
        let mut hashed = Hashed {
            inner: &mut w,
            h: Xxh3::new(),
        };
        hashed.write_all(&FORMAT.to_le_bytes())?;
        postcard::to_io(self, &mut hashed).map_err(io::Error::other)?;
        let sum = hashed.h.digest128();
        w.write_all(&sum.to_le_bytes())?;
        w.flush()
    }
}

/// Hashes what passes through it on the way to `inner`.
struct Hashed<'a, W: Write> {
    inner: &'a mut W,
    h: Xxh3,
}

impl<W: Write> Write for Hashed<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.h.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Each folder's entries, by the folder's path ("" for the top).
fn children_of(m: &Manifest) -> HashMap<&str, BTreeSet<&str>> {
    let mut by_dir: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    let names = m
        .files
        .iter()
        .map(|f| f.path.as_str())
        .chain(m.dirs.iter().map(|d| d.0.as_str()));
    for p in names.filter(|p| !p.is_empty()) {
        let (dir, name) = p.rsplit_once('/').unwrap_or(("", p));
        by_dir.entry(dir).or_default().insert(name);
    }
    by_dir
}

/// The folders holding `files` (each ancestor once; "" for the top).
fn folders<'a>(files: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut dirs = BTreeSet::new();
    dirs.insert(String::new());
    for f in files {
        let mut p = f;
        while let Some((parent, _)) = p.rsplit_once('/') {
            if !dirs.insert(parent.to_string()) {
                break;
            }
            p = parent;
        }
    }
    dirs
}

/// The output's files and folders as the manifest records them.
pub type Listing = (Vec<FileRec>, Vec<(String, Stat)>);

/// Stats the output after a commit. `files` are every file the output
/// holds now with its bytes' hash; `old` the previous manifest's records,
/// reused for paths outside `touched` (files written, removed or kept
/// whose folder changed are in it; their folders are stated again).
pub fn stat_output(
    output: &Path,
    files: Vec<(String, u128)>,
    old: Option<(&Manifest, &HashSet<String>)>,
) -> io::Result<Listing> {
    let (old_files, old_dirs, touched_dirs) = match old {
        Some((m, touched)) => {
            let f: HashMap<&str, &FileRec> = m.files.iter().map(|f| (f.path.as_str(), f)).collect();
            let d: HashMap<&str, Stat> = m.dirs.iter().map(|(p, s)| (p.as_str(), *s)).collect();
            (f, d, folders(touched.iter().map(String::as_str)))
        }
        None => Default::default(),
    };
    let touched = old.map(|o| o.1);
    let stat_err = |p: &Path| io::Error::other(format!("{} is not a file or folder", p.display()));
    let mut recs: Vec<FileRec> = files
        .into_par_iter()
        .map(|(path, hash)| {
            let reusable = old_files
                .get(path.as_str())
                .filter(|r| r.hash == hash && touched.is_some_and(|t| !t.contains(&path)));
            if let Some(r) = reusable {
                return Ok((*r).clone());
            }
            let full = output.join(&path);
            let stat =
                Stat::of(&std::fs::symlink_metadata(&full)?).ok_or_else(|| stat_err(&full))?;
            Ok(FileRec { path, stat, hash })
        })
        .collect::<io::Result<_>>()?;
    recs.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
    let dirs: Vec<String> = folders(recs.iter().map(|r| r.path.as_str()))
        .into_iter()
        .collect();
    let dirs = dirs
        .into_par_iter()
        .map(|d| {
            if !touched_dirs.contains(&d) {
                if let Some(s) = old_dirs.get(d.as_str()) {
                    return Ok((d, *s));
                }
            }
            let full = output.join(&d);
            let stat =
                Stat::of(&std::fs::symlink_metadata(&full)?).ok_or_else(|| stat_err(&full))?;
            Ok((d, stat))
        })
        .collect::<io::Result<Vec<_>>>()?;
    Ok((recs, dirs))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A manifest written from borrowed diagnostics reads back as the
    /// owned records it replaced: every field, hint and code included.
    #[test]
    fn record_reads_back_as_manifest() {
        let dir = tempfile::tempdir().expect("temp dir");
        let diagnostics = vec![
            Diagnostic::warning("content/статья.md", 3, 7, "заголовок угадан")
                .with_hint("add a title"),
            Diagnostic::error("content/b.txt", 1, 1, "cannot read"),
        ];
        let mut coded = Diagnostic::warning("content/c.md", 2, 1, "дата в будущем");
        coded.code = Some("future-date");
        let site_warnings = vec![coded];
        let articles = Articles {
            files: vec![("content/статья.md".to_string(), 7)],
            walk: 9,
        };
        let stat = Stat {
            dir: false,
            size: 5,
            ino: 11,
            mtime: 1,
            ctime: 2,
        };
        let files = vec![FileRec {
            path: "index.html".to_string(),
            stat,
            hash: 3,
        }];
        let dirs = vec![(String::new(), Stat { dir: true, ..stat })];
        Record {
            settings: Settings(42),
            articles: &articles,
            files: &files,
            dirs: &dirs,
            report: Summary {
                articles: 1,
                files: 1,
                diagnostics: &diagnostics,
                site_warnings: &site_warnings,
            },
        }
        .write(dir.path())
        .expect("written");
        let (m, _) = Manifest::read(dir.path()).expect("read back");
        assert_eq!(m.settings, Settings(42));
        assert_eq!(m.articles, articles);
        assert_eq!(m.files, files);
        assert_eq!(m.dirs, dirs);
        assert_eq!((m.report.articles, m.report.files), (1, 1));
        assert_eq!(m.report.clone_diagnostics(), (diagnostics, site_warnings));
    }
}
