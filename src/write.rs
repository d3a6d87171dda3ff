//! The write stage: rendered files → `public/`, all or nothing.
//!
//! A build stages what it writes in a folder beside the output
//! (`.public-tmp-…`) and changes the output only when every stage
//! succeeded, so a failed build leaves the previous `public/` exactly as it
//! was. A rebuild changes only the files whose bytes differ
//! ([`UpdateSink`]); a first build renames the staging folder into place.
//!
//! The output folder is made to hold exactly what the build wrote, so a
//! build only takes over a folder that a build made: each build writes a
//! marker file ([`MARKER`]) and refuses any other non-empty folder, and any
//! file, unless `--force` (issue #15: `--output docs` deleted a
//! hand-written `docs/notes.md`, and `--output precious.txt` moved the file
//! aside). Staging and old trees of builds that died before cleaning up
//! (`.public-tmp-PID`, and `.public-old-PID` of earlier versions, up to the
//! size of a site each) are removed by the next build once their process
//! is gone.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go: a folder on disk for `build`, memory for `serve`.
pub trait Sink: Sync {
    /// Stores one output file; `path` is relative to the site root (`articles/x.html`, `regions/y/index.html`).
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;

    /// Whether the page at `path` should be rendered at all. `serve` says no
    /// to pages it knows are unchanged, which saves their template run.
    fn wants(&self, _path: &str) -> bool {
        true
    }
}

mod mem;
mod update;
pub use mem::MemSink;
pub use update::{Committed, Update, UpdateSink};

/// Writes files under a folder, creating parent folders as needed.
pub struct DirSink {
    root: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
}

impl DirSink {
    pub fn new(root: &Path) -> io::Result<DirSink> {
        std::fs::create_dir_all(root)?;
        Ok(DirSink {
            root: root.to_path_buf(),
            made: Mutex::new(HashSet::new()),
        })
    }
}

/// Rejects output paths that would escape the output folder.
pub fn safe_relative(path: &str) -> io::Result<&Path> {
    let p = Path::new(path);
    if path.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("unsafe output path {path:?}"),
        ));
    }
    Ok(p)
}

impl Sink for DirSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let full = self.root.join(safe_relative(path)?);
        if let Some(parent) = full.parent() {
            // The folder is created under the lock and only then marked as
            // made: another thread writing into it must not find it marked
            // before it exists.
            let mut made = self.made.lock().expect("not poisoned");
            if !made.contains(parent) {
                std::fs::create_dir_all(parent)?;
                made.insert(parent.to_path_buf());
            }
        }
        std::fs::write(full, bytes)
    }
}

/// The staging folder for a build of `output`: a hidden sibling.
pub fn staging_dir(output: &Path) -> PathBuf {
    sibling(output, "tmp")
}

fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}-{what}-{}", std::process::id()))
}

/// The file every build writes at the top of its output: what makes a
/// folder replaceable by the next build.
pub const MARKER: &str = ".promdigest-build";

/// The marker's text, for whoever finds it.
pub const MARKER_TEXT: &str =
    "This folder was written by `promdigest build`; the next build replaces it whole.\n";

/// Why an output path may not be replaced, with what to do about it.
#[derive(Debug)]
pub struct Refusal {
    pub message: String,
    pub hint: &'static str,
}

/// Refuses to replace what a build did not make (so a mistyped `--output
/// src` cannot delete the sources): a non-empty folder without the
/// [`MARKER`], or anything that is not a folder. `force` allows the folder,
/// never a file, which a build cannot replace with a folder. Builds from
/// before the marker are recognised by the five files every build wrote at
/// the top (`.nojekyll`, `404.html`, `robots.txt`, `sitemap.xml`,
/// `atom.xml`), which a hand-written folder does not have together.
pub fn check_replaceable(output: &Path, force: bool) -> Result<(), Refusal> {
    let meta = match std::fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(_) => return Ok(()), // nothing there yet
    };
    if !meta.is_dir() {
        return Err(Refusal {
            message: format!(
                "{} is {}, not a folder; nothing was changed",
                output.display(),
                if meta.file_type().is_symlink() {
                    "a symbolic link"
                } else {
                    "a file"
                }
            ),
            hint: "choose a folder for --output (the default is public/)",
        });
    }
    let Ok(mut entries) = std::fs::read_dir(output) else {
        return Ok(()); // unreadable: creating the staging beside it reports it
    };
    let empty = entries.next().is_none();
    let legacy = [
        ".nojekyll",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
    ]
    .iter()
    .all(|f| output.join(f).is_file());
    if empty || force || legacy || output.join(MARKER).is_file() {
        return Ok(());
    }
    Err(Refusal {
        message: format!(
            "{} was not made by promdigest build (no {MARKER} file in it); nothing was changed",
            output.display()
        ),
        hint: "a build replaces the whole folder: choose another --output, or pass --force to replace it anyway",
    })
}

/// Removes staging and old trees left beside `output` by builds that died
/// (`.<name>-tmp-PID`, `.<name>-old-PID` whose process is gone). A live
/// PID's folders are kept: that build may still be running. Returns how
/// many were removed.
pub fn remove_leftovers(output: &Path) -> usize {
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(parent) else {
        return 0;
    };
    let own = std::process::id();
    let mut removed = 0;
    for e in entries.flatten() {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let Some(pid) = [format!(".{name}-tmp-"), format!(".{name}-old-")]
            .iter()
            .find_map(|p| file.strip_prefix(p.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if pid != own && is_dir && !process_alive(pid) && std::fs::remove_dir_all(e.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Whether a process with this id exists (kill with signal 0 sends
/// nothing; "no such process" is the only answer that means gone).
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return true; // 0 and negatives address process groups: never remove
    }
    // SAFETY: kill with signal 0 only checks for the process.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Copies every file under `assets` into the sink, in path order. Only
/// regular files inside the site are copied: a symbolic link leading
/// outside the folder that holds `assets/` is an error naming it, and
/// FIFOs, sockets and devices are skipped (see [`crate::load::classify`]).
pub fn copy_assets(assets: &Path, sink: &dyn Sink) -> io::Result<usize> {
    let mut files = Vec::new();
    let site = assets.parent().unwrap_or(assets);
    let inside = crate::load::Inside::new(site, assets);
    collect(assets, assets, &inside, &mut files)?;
    files.sort();
    for (rel, full) in &files {
        sink.put(rel, std::fs::read(full)?)?;
    }
    Ok(files.len())
}

fn collect(
    base: &Path,
    dir: &Path,
    inside: &crate::load::Inside,
    out: &mut Vec<(String, PathBuf)>,
) -> io::Result<()> {
    use crate::load::{classify, Entry};
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = match entry.file_type()? {
            t if t.is_file() => Entry::File,
            t if t.is_dir() => Entry::Dir(path.clone()),
            _ => classify(&path, inside),
        };
        if let Entry::Refuse(m) = &kind {
            return Err(io::Error::other(format!("{} {m}", path.display())));
        }
        if let Entry::Dir(real) = &kind {
            // A link to a folder above this one would loop forever.
            if dir.canonicalize().is_ok_and(|d| d.starts_with(real)) {
                continue;
            }
            collect(base, &path, inside, out)?;
        } else if matches!(kind, Entry::Skip(_)) {
            continue;
        } else {
            let rel = path
                .strip_prefix(base)
                .expect("under base")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
    Ok(())
}

/// Removes a staging folder after a failed build.
pub fn discard(staging: &Path) {
    let _ = std::fs::remove_dir_all(staging);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(safe_relative("../x").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
        assert!(safe_relative("a/../../b").is_err());
        assert!(safe_relative("a/b/index.html").is_ok());
    }
}
