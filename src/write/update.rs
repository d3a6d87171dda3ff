//! Updating a former build's output in place: only what changed is written.
//!
//! A rebuild used to write a whole new tree (hard-linking unchanged files)
//! and delete the old one. On the ext4 disk this project builds on, with
//! `discard`, deleting 29,000 names took 13–57 s for a 10,000-article site,
//! whatever had changed — many times the build itself. [`UpdateSink`] keeps
//! the output folder and touches only files whose bytes differ:
//!
//! * While the site renders, each file is compared with the one already in
//!   the output (size, then bytes). An equal file is left alone; any other
//!   is written into a staging folder beside the output. The output is not
//!   touched yet, so a build that fails leaves it as it was.
//! * [`UpdateSink::commit`] then deletes the files the build did not make
//!   (and folders left empty), and renames each staged file into place. Each
//!   file is replaced whole (a rename), so a reader never sees half a page.
//!
//! What the folder holds afterwards is exactly what a build into an empty
//! folder writes. Nothing is remembered between builds: the comparison is
//! with the files themselves, so a file changed or removed by hand, or a
//! build that died halfway through a commit, is put right by the next one.
//! When the output does not exist yet, the staging folder is renamed to it.

use super::{safe_relative, DirSink, Sink};
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A [`Sink`] that stages the files of `output` that change (see the module docs).
pub struct UpdateSink {
    output: PathBuf,
    staging: DirSink,
    staging_dir: PathBuf,
    /// Every path the build wrote, changed or not, with an XXH3-128 of
    /// its bytes (for the build manifest).
    made: Mutex<HashMap<String, u128>>,
    /// The paths staged because they differ from the output's.
    changed: Mutex<Vec<String>>,
}

/// What a commit did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Update {
    pub written: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// What a partial build's commit knows of the output: its files, and
/// which of those it did not write stay.
type Keeping<'a> = (&'a [&'a str], &'a dyn Fn(&str) -> bool);

/// What the output holds after a commit, for the build manifest.
#[derive(Debug, Default)]
pub struct Committed {
    pub update: Update,
    /// Every file the build wrote, changed or not, with its bytes' hash
    /// (files kept by [`UpdateSink::commit_keeping`] are not in it).
    pub made: HashMap<String, u128>,
    /// Paths written into the output or removed from it.
    pub touched: HashSet<String>,
}

impl UpdateSink {
    /// Stages into `staging` (a fresh folder beside `output`) what changes in `output`.
    pub fn new(output: &Path, staging: &Path) -> io::Result<UpdateSink> {
        Ok(UpdateSink {
            output: output.to_path_buf(),
            staging: DirSink::new(staging)?,
            staging_dir: staging.to_path_buf(),
            made: Mutex::new(HashMap::new()),
            changed: Mutex::new(Vec::new()),
        })
    }

    /// Makes the output what the build wrote: removes what it did not
    /// write, moves the changed files in, removes the staging folder.
    pub fn commit(self) -> io::Result<Update> {
        self.finish(None).map(|c| c.update)
    }

    /// [`UpdateSink::commit`] for a build that rendered only part of the
    /// site: `listing` is what the output holds (known from the build
    /// manifest, so the folder is not walked), and of its files those the
    /// build did not write stay when `keep` says so and go otherwise.
    pub fn commit_keeping(
        self,
        listing: &[&str],
        keep: &dyn Fn(&str) -> bool,
    ) -> io::Result<Committed> {
        self.finish(Some((listing, keep)))
    }

    /// [`UpdateSink::commit`], saying what the output holds afterwards.
    pub fn commit_full(self) -> io::Result<Committed> {
        self.finish(None)
    }

    fn finish(self, kept: Option<Keeping>) -> io::Result<Committed> {
        let made = self.made.into_inner().expect("not poisoned");
        let mut changed = self.changed.into_inner().expect("not poisoned");
        if !self.output.exists() {
            std::fs::rename(&self.staging_dir, &self.output)?;
            return Ok(Committed {
                update: Update {
                    written: changed.len(),
                    ..Update::default()
                },
                touched: made.keys().cloned().collect(),
                made,
            });
        }
        let files: Vec<PathBuf> = match kept {
            Some((listing, keep)) => listing
                .iter()
                .filter(|f| !keep(f))
                .map(PathBuf::from)
                .collect(),
            None => {
                let mut files = Vec::new();
                list(&self.output, Path::new(""), &mut files)?;
                files
            }
        };
        let mut removed = Vec::new();
        let mut emptied = std::collections::BTreeSet::new();
        for f in &files {
            if !made.contains_key(f.to_str().unwrap_or("")) {
                std::fs::remove_file(self.output.join(f))?;
                removed.push(f.to_string_lossy().into_owned());
                emptied.extend(f.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()));
            }
        }
        // Deepest first, so a folder's emptied children go before it; a
        // folder that still holds something fails to go and stays.
        let mut emptied: Vec<_> = emptied.into_iter().collect();
        emptied.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in emptied {
            let _ = std::fs::remove_dir(self.output.join(d));
        }
        changed.sort();
        for rel in &changed {
            let to = self.output.join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(self.staging_dir.join(rel), &to)?;
        }
        std::fs::remove_dir_all(&self.staging_dir)?;
        let update = Update {
            written: changed.len(),
            removed: removed.len(),
            unchanged: made.len() - changed.len(),
        };
        let mut touched: HashSet<String> = removed.into_iter().collect();
        touched.extend(changed);
        Ok(Committed {
            update,
            made,
            touched,
        })
    }

    /// Removes the staging folder of a build that failed; the output is untouched.
    pub fn discard(self) {
        super::discard(&self.staging_dir);
    }

    /// Whether the output already holds `bytes` at `rel`, as a regular file.
    fn unchanged(&self, rel: &Path, bytes: &[u8]) -> bool {
        let old = self.output.join(rel);
        std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&old).is_ok_and(|b| b == bytes)
    }
}

impl Sink for UpdateSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let rel = safe_relative(path)?;
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        let fresh = self
            .made
            .lock()
            .expect("not poisoned")
            .insert(path.to_string(), hash)
            .is_none();
        if !fresh {
            // Written twice: the second wins, as in a folder.
            self.changed
                .lock()
                .expect("not poisoned")
                .retain(|c| c != path);
        }
        if self.unchanged(rel, &bytes) {
            return Ok(());
        }
        self.staging.put(path, bytes)?;
        self.changed
            .lock()
            .expect("not poisoned")
            .push(path.to_string());
        Ok(())
    }
}

/// Every file under `dir` (and anything else that is not a folder: links
/// are removed, not followed), as paths relative to the top.
fn list(dir: &Path, rel: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let r = rel.join(e.file_name());
        if e.file_type()?.is_dir() {
            list(&e.path(), &r, files)?;
        } else {
            files.push(r);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn put_all(sink: &UpdateSink, files: &[(&str, &str)]) {
        for (p, b) in files {
            sink.put(p, b.as_bytes().to_vec()).unwrap();
        }
    }

    #[test]
    fn only_changed_files_are_written_and_gone_ones_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, stage) = (tmp.path().join("public"), tmp.path().join(".stage"));
        let first = UpdateSink::new(&out, &stage).unwrap();
        put_all(
            &first,
            &[
                ("a/index.html", "same"),
                ("b.txt", "old"),
                ("gone/x/y.html", "x"),
            ],
        );
        assert_eq!(first.commit().unwrap().written, 3);
        assert!(!stage.exists());
        let ino = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let same_before = ino("a/index.html");
        let next = UpdateSink::new(&out, &stage).unwrap();
        put_all(
            &next,
            &[
                ("a/index.html", "same"),
                ("b.txt", "new"),
                ("c/d.html", "d"),
            ],
        );
        assert!(!out.join("c").exists(), "nothing changes before the commit");
        let u = next.commit().unwrap();
        assert_eq!(
            u,
            Update {
                written: 2,
                removed: 1,
                unchanged: 1
            }
        );
        assert_eq!(
            ino("a/index.html"),
            same_before,
            "an unchanged file is left alone"
        );
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(out.join("c/d.html")).unwrap(), "d");
        assert!(!out.join("gone").exists(), "emptied folders go too");
        assert!(!stage.exists());
    }

    #[test]
    fn a_discarded_build_leaves_the_output_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, stage) = (tmp.path().join("public"), tmp.path().join(".stage"));
        let first = UpdateSink::new(&out, &stage).unwrap();
        put_all(&first, &[("a.html", "a"), ("b.html", "b")]);
        first.commit().unwrap();
        let failed = UpdateSink::new(&out, &stage).unwrap();
        put_all(&failed, &[("a.html", "changed")]);
        failed.discard();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "a");
        assert!(out.join("b.html").exists());
        assert!(!stage.exists());
    }

    #[test]
    fn a_file_becomes_a_folder_and_a_folder_a_file() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, stage) = (tmp.path().join("public"), tmp.path().join(".stage"));
        let first = UpdateSink::new(&out, &stage).unwrap();
        put_all(&first, &[("x", "file"), ("y/index.html", "in y")]);
        first.commit().unwrap();
        let next = UpdateSink::new(&out, &stage).unwrap();
        put_all(&next, &[("x/index.html", "in x"), ("y", "file")]);
        next.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("x/index.html")).unwrap(),
            "in x"
        );
        assert_eq!(std::fs::read_to_string(out.join("y")).unwrap(), "file");
    }

    #[test]
    fn a_file_edited_by_hand_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, stage) = (tmp.path().join("public"), tmp.path().join(".stage"));
        let first = UpdateSink::new(&out, &stage).unwrap();
        put_all(&first, &[("a.html", "a")]);
        first.commit().unwrap();
        std::fs::write(out.join("a.html"), "b").unwrap();
        std::fs::write(out.join("extra.html"), "x").unwrap();
        let next = UpdateSink::new(&out, &stage).unwrap();
        put_all(&next, &[("a.html", "a")]);
        next.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "a");
        assert!(!out.join("extra.html").exists());
    }
}
