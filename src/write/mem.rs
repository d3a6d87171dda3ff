//! The in-memory output of `serve`: a [`Sink`] that keeps every file in a map.

use super::Sink;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};

/// Rendered files by output path (`articles/x.html`). Requests read it
/// while the watcher thread writes; a file is replaced whole, never edited.
#[derive(Default)]
pub struct MemSink {
    files: RwLock<HashMap<String, Arc<Vec<u8>>>>,
    /// Paths written (or declined as unchanged) since the last [`MemSink::take_written`].
    written: Mutex<HashSet<String>>,
    /// Pages known to be unchanged, declined by [`Sink::wants`].
    unchanged: RwLock<HashSet<String>>,
    /// Paths whose bytes differ from what was there before.
    changed: Mutex<HashSet<String>>,
}

impl MemSink {
    pub fn get(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.files.read().expect("not poisoned").get(path).cloned()
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.read().expect("not poisoned").contains_key(path)
    }

    pub fn len(&self) -> usize {
        self.files.read().expect("not poisoned").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Replaces every file with those of `other` (a full rebuild): files that
    /// the new build did not write disappear.
    pub fn replace_with(&self, other: MemSink) {
        let new = other.files.into_inner().expect("not poisoned");
        let mut files = self.files.write().expect("not poisoned");
        let mut changed = self.changed.lock().expect("not poisoned");
        for (k, v) in &new {
            if files.get(k) != Some(v) {
                changed.insert(k.clone());
            }
        }
        changed.extend(files.keys().filter(|k| !new.contains_key(*k)).cloned());
        *files = new;
    }

    /// A copy of the whole map, in path order (for tests and tools).
    pub fn snapshot(&self) -> std::collections::BTreeMap<String, Arc<Vec<u8>>> {
        let files = self.files.read().expect("not poisoned");
        files
            .iter()
            .map(|(k, v)| (k.clone(), Arc::clone(v)))
            .collect()
    }

    /// Removes a file, or every file under a folder when `path` ends in `/`.
    pub fn remove(&self, path: &str) {
        let mut files = self.files.write().expect("not poisoned");
        let mut changed = self.changed.lock().expect("not poisoned");
        if path.ends_with('/') {
            files.retain(|k, _| {
                let gone = k.starts_with(path);
                if gone {
                    changed.insert(k.clone());
                }
                !gone
            });
        } else if files.remove(path).is_some() {
            changed.insert(path.to_string());
        }
    }

    /// Removes files under `prefix` that were not written since the last
    /// [`MemSink::take_written`] (pages of a family that got shorter),
    /// except those in `except`.
    pub fn remove_unwritten_under(&self, prefix: &str, except: &[&str]) {
        let written = self.written.lock().expect("not poisoned");
        let mut files = self.files.write().expect("not poisoned");
        let mut changed = self.changed.lock().expect("not poisoned");
        files.retain(|k, _| {
            let keep =
                !k.starts_with(prefix) || written.contains(k) || except.contains(&k.as_str());
            if !keep {
                changed.insert(k.clone());
            }
            keep
        });
    }

    /// Replaces every file under `prefix` (except those in `keep`) with
    /// `new` in one step, without counting them as changed or written: the
    /// search index is swapped in from another thread while a rebuild may
    /// be tracking its own writes.
    pub fn replace_quietly(
        &self,
        prefix: &str,
        new: std::collections::BTreeMap<String, Vec<u8>>,
        keep: &[&str],
    ) {
        let mut files = self.files.write().expect("not poisoned");
        files.retain(|k, _| !k.starts_with(prefix) || keep.contains(&k.as_str()));
        for (k, v) in new {
            files.insert(k, Arc::new(v));
        }
    }

    /// Sets the pages to decline (until the next call).
    pub fn set_unchanged(&self, pages: HashSet<String>) {
        *self.unchanged.write().expect("not poisoned") = pages;
    }

    /// Forgets which files were written.
    pub fn take_written(&self) -> HashSet<String> {
        std::mem::take(&mut *self.written.lock().expect("not poisoned"))
    }

    /// Paths that changed since the last call.
    pub fn take_changed(&self) -> HashSet<String> {
        std::mem::take(&mut *self.changed.lock().expect("not poisoned"))
    }
}

impl Sink for MemSink {
    fn wants(&self, path: &str) -> bool {
        let skip = self.unchanged.read().expect("not poisoned").contains(path);
        if skip {
            // Kept as it is: not stale.
            self.written
                .lock()
                .expect("not poisoned")
                .insert(path.to_string());
        }
        !skip
    }

    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        crate::write::safe_relative(path)?;
        self.written
            .lock()
            .expect("not poisoned")
            .insert(path.to_string());
        let mut files = self.files.write().expect("not poisoned");
        if files.get(path).is_none_or(|old| **old != bytes) {
            files.insert(path.to_string(), Arc::new(bytes));
            self.changed
                .lock()
                .expect("not poisoned")
                .insert(path.to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_tracks_changes_and_refuses_unsafe_paths() {
        let s = MemSink::default();
        s.put("a/index.html", b"1".to_vec()).unwrap();
        s.put("b.css", b"x".to_vec()).unwrap();
        assert_eq!(s.take_changed().len(), 2);
        s.put("a/index.html", b"1".to_vec()).unwrap();
        assert!(s.take_changed().is_empty());
        assert!(s.put("../x", Vec::new()).is_err());
        s.take_written();
        s.put("page/2/index.html", b"p".to_vec()).unwrap();
        s.put("page/3/index.html", b"p".to_vec()).unwrap();
        s.take_written();
        s.put("page/2/index.html", b"q".to_vec()).unwrap();
        s.remove_unwritten_under("page/", &[]);
        assert!(s.contains("page/2/index.html") && !s.contains("page/3/index.html"));
        s.remove("a/");
        assert!(!s.contains("a/index.html") && s.contains("b.css"));
    }
}
