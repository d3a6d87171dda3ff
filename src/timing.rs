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
    start: Option<(Instant, Cpu)>,
}

/// Starts timing a stage.
pub fn span(name: &'static str) -> Span {
    Span {
        name,
        start: enabled().then(|| (Instant::now(), cpu())),
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((s, before)) = self.start {
            let now = cpu();
            // CPU time beside the wall time says how well a stage uses
            // the cores, and how much of it the kernel spends (file writes).
            eprintln!(
                "timing: {:<14} {:>8.1} ms  rss {:>6} MiB  user {:>6} ms  sys {:>6} ms",
                self.name,
                s.elapsed().as_secs_f64() * 1000.0,
                rss_mib(),
                now.user_ms - before.user_ms,
                now.sys_ms - before.sys_ms,
            );
        }
    }
}

/// CPU time this process has used so far, all threads.
#[derive(Clone, Copy, Default)]
struct Cpu {
    user_ms: u64,
    sys_ms: u64,
}

/// From /proc/self/stat (fields 14 and 15, in clock ticks of 10 ms on
/// Linux); zero where there is no /proc.
fn cpu() -> Cpu {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name, field 2, may hold spaces: count after its ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let mut f = rest.split_whitespace().skip(11);
    let mut tick = || f.next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0) * 10;
    Cpu {
        user_ms: tick(),
        sys_ms: tick(),
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
