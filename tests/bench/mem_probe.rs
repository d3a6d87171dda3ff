//! Live heap versus resident memory during a build:
//! `cargo run --release --example mem_probe -- ROOT OUT`.
//!
//! Wraps the build's allocator (mimalloc, as in the binary) with a counter
//! of live bytes and samples it with the process's RSS every 100 ms, so a
//! memory regression can be told apart from allocator fragmentation. Prints
//! the samples with the stage timings (`PROMDIGEST_TIMINGS` is set) and the
//! peaks at the end.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to mimalloc unchanged and only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(l) };
        if !p.is_null() {
            bump(l.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(p, l) };
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { mimalloc::MiMalloc.realloc(p, l, new) };
        if !q.is_null() {
            bump(new as isize - l.size() as isize);
        }
        q
    }
}

fn bump(d: isize) {
    let now = LIVE.fetch_add(d, Ordering::Relaxed) + d;
    PEAK.fetch_max(now.max(0) as usize, Ordering::Relaxed);
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0)
        * 4096
        / (1 << 20)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out] = args.as_slice() else {
        eprintln!("usage: mem_probe ROOT OUT");
        std::process::exit(2);
    };
    std::env::set_var("PROMDIGEST_TIMINGS", "1");
    let start = std::time::Instant::now();
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_millis(100));
        eprintln!(
            "probe: {:6.1} s  live {:5} MiB  rss {:5} MiB",
            start.elapsed().as_secs_f64(),
            LIVE.load(Ordering::Relaxed).max(0) >> 20,
            rss_mib()
        );
    });
    let code = promdigest::cmd::build::main(&promdigest::cmd::build::BuildArgs {
        root: root.into(),
        output: Some(out.into()),
        base_url: None,
        drafts: false,
        force: false,
    });
    eprintln!(
        "mem_probe: peak live heap {} MiB; exit {code}",
        PEAK.load(Ordering::Relaxed) >> 20
    );
}
