//! Stage timings for profiling: `PROMDIGEST_TIMINGS=1 promdigest build`
//! prints how long each stage took to stderr. Off by default; the clock is
//! only read for reporting, never for output.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("PROMDIGEST_TIMINGS").is_some_and(|v| !v.is_empty()))
}

/// Prints the stage's duration when dropped (if timings are on).
pub struct Span {
    name: &'static str,
    start: Option<Instant>,
}

/// Starts timing a stage.
pub fn span(name: &'static str) -> Span {
    Span {
        name,
        start: enabled().then(Instant::now),
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(s) = self.start {
            eprintln!(
                "timing: {:<14} {:>8.1} ms  rss {:>6} MiB",
                self.name,
                s.elapsed().as_secs_f64() * 1000.0,
                rss_mib()
            );
        }
    }
}

/// Resident memory of this process now, from /proc (0 where there is none).
fn rss_mib() -> u64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0);
    pages * 4096 / (1024 * 1024)
}
