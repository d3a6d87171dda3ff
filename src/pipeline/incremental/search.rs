//! The search index of `serve`, refreshed off the edit path.
//!
//! Rebuilding the index takes ~0.3 s at 10,000 articles, longer than the
//! whole article edit. Done on the watcher thread, it delayed the *next*
//! save by up to that much (an editor who saves twice within half a second
//! waited for the index in between). So the index is built on its own
//! thread from a shared snapshot of the graph ([`SearchJob`]) and swapped in
//! whole when done ([`MemSink::replace_quietly`]); until then the previous
//! index is served. Only the newest pending job runs: intermediate graphs
//! are skipped.

use crate::config::SiteConfig;
use crate::model::Diagnostic;
use crate::model::SiteGraph;
use crate::write::{MemSink, Sink};
use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};

/// Output folder of the index; `search/index.html` is the search page,
/// rendered with the other pages, not part of the index.
const DIR: &str = "search/";
const PAGE: &str = "search/index.html";

/// Puts the calling thread at the lowest CPU priority. On two cores an
/// index build running at normal priority slowed the next edit's rebuild by
/// half; at idle priority it only takes what the rebuild leaves.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's own id; on Linux
    // `setpriority` with a thread id changes that thread only.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 19);
    }
}

/// Everything needed to build the index of one version of the site.
pub struct SearchJob {
    pub graph: Arc<SiteGraph>,
    pub cfg: Arc<SiteConfig>,
}

impl SearchJob {
    /// Builds the index and swaps it into `files` (no reload: index files
    /// are not pages a reader has open).
    pub fn run(&self, files: &MemSink) -> Result<(), Vec<Diagnostic>> {
        let t = std::time::Instant::now();
        let collected = Collect::default();
        crate::search::stage::write(&self.graph, &self.cfg, &collected)
            .map_err(|e| vec![crate::pipeline::search_error(&self.cfg, e)])?;
        let built = collected.0.into_inner().expect("not poisoned");
        files.replace_quietly(DIR, built, &[PAGE]);
        super::trace("search", t);
        Ok(())
    }
}

/// A sink that keeps what is put into it.
#[derive(Default)]
struct Collect(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Collect {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        crate::write::safe_relative(path)?;
        self.0
            .lock()
            .expect("not poisoned")
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

#[derive(Default)]
struct State {
    next: Option<SearchJob>,
    busy: bool,
}

/// A thread that builds the newest submitted index.
pub struct SearchWorker {
    shared: Arc<(Mutex<State>, Condvar)>,
}

impl SearchWorker {
    /// Starts the thread; `report` prints a failed refresh.
    pub fn start(
        files: Arc<MemSink>,
        report: impl Fn(Vec<Diagnostic>) + Send + 'static,
    ) -> SearchWorker {
        let shared: Arc<(Mutex<State>, Condvar)> = Arc::default();
        let theirs = Arc::clone(&shared);
        // Its own single-thread pool: the index's parallel loops must not
        // queue ahead of the next edit's render in the global pool.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .start_handler(|_| lower_priority())
            .build()
            .ok();
        std::thread::spawn(move || {
            lower_priority();
            let (lock, cv) = &*theirs;
            loop {
                let job = {
                    let mut s = lock.lock().expect("not poisoned");
                    s.busy = false;
                    cv.notify_all();
                    while s.next.is_none() {
                        s = cv.wait(s).expect("not poisoned");
                    }
                    s.busy = true;
                    s.next.take().expect("checked above")
                };
                let r = match &pool {
                    Some(p) => p.install(|| job.run(&files)),
                    None => job.run(&files),
                };
                if let Err(d) = r {
                    report(d);
                }
            }
        });
        SearchWorker { shared }
    }

    /// Queues a job, replacing one that has not started yet.
    pub fn submit(&self, job: SearchJob) {
        let (lock, cv) = &*self.shared;
        lock.lock().expect("not poisoned").next = Some(job);
        cv.notify_all();
    }

    /// Waits until no job is queued or running (before a full rebuild, which
    /// writes its own index: an older one must not land on top of it).
    pub fn wait_idle(&self) {
        let (lock, cv) = &*self.shared;
        let mut s = lock.lock().expect("not poisoned");
        while s.busy || s.next.is_some() {
            s = cv.wait(s).expect("not poisoned");
        }
    }
}
