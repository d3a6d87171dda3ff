//! The write stage: rendered files → `public/`, all or nothing.
//!
//! A build writes into a staging folder beside the output (`.public-tmp-…`)
//! and swaps it in only when every stage succeeded, so a failed build leaves
//! the previous `public/` exactly as it was. The swap is two renames on the
//! same file system; the old tree is deleted afterwards.

use crate::render::Sink;
use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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
            let new = self
                .made
                .lock()
                .expect("not poisoned")
                .insert(parent.to_path_buf());
            if new {
                std::fs::create_dir_all(parent)?;
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

/// Refuses to replace a folder that is not a previous build (so a mistyped
/// `--output src` cannot delete the sources).
pub fn check_replaceable(output: &Path) -> io::Result<()> {
    let Ok(mut entries) = std::fs::read_dir(output) else {
        return Ok(());
    };
    let empty = entries.next().is_none();
    if empty || output.join(".nojekyll").exists() || output.join("index.html").exists() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "{} exists and does not look like a promdigest output (no index.html); refusing to replace it",
            output.display()
        )))
    }
}

/// Copies every file under `assets` into the sink, in path order.
pub fn copy_assets(assets: &Path, sink: &dyn Sink) -> io::Result<usize> {
    let mut files = Vec::new();
    collect(assets, assets, &mut files)?;
    files.sort();
    for (rel, full) in &files {
        sink.put(rel, std::fs::read(full)?)?;
    }
    Ok(files.len())
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(base, &path, out)?;
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

/// Replaces `output` with `staging`. On error the previous output is kept.
pub fn swap_in(staging: &Path, output: &Path) -> io::Result<()> {
    let old = sibling(output, "old");
    let had_old = output.exists();
    if had_old {
        std::fs::rename(output, &old)?;
    }
    if let Err(e) = std::fs::rename(staging, output) {
        if had_old {
            let _ = std::fs::rename(&old, output);
        }
        return Err(e);
    }
    if had_old {
        std::fs::remove_dir_all(&old)?;
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
