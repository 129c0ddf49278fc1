//! The progress line of transfers on a terminal, as the Python CLI writes it:
//! `Completed 1.2 MiB/3.0 MiB (410.0 KiB/s) with 3 file(s) remaining`. While planning still
//! adds transfers the totals are estimates: `Completed 1.2 MiB/~3.0 MiB (410.0 KiB/s) with ~3
//! file(s) remaining (calculating...)`.

use crate::format::human_size;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

/// Bytes and files done out of the totals planned so far.
#[derive(Debug)]
pub struct Progress {
    expected_bytes: AtomicU64,
    expected_files: AtomicUsize,
    totals_final: AtomicBool,
    done_bytes: AtomicU64,
    drawn_bytes: AtomicU64,
    files_done: AtomicUsize,
    start: Instant,
    /// Milliseconds after `start` of the last redraw claimed by [`Progress::frequency_due`].
    last_redraw_ms: AtomicU64,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

impl Progress {
    /// Progress with nothing planned yet.
    pub fn new() -> Progress {
        Progress {
            expected_bytes: AtomicU64::new(0),
            expected_files: AtomicUsize::new(0),
            totals_final: AtomicBool::new(false),
            done_bytes: AtomicU64::new(0),
            drawn_bytes: AtomicU64::new(0),
            files_done: AtomicUsize::new(0),
            start: Instant::now(),
            last_redraw_ms: AtomicU64::new(0),
        }
    }

    /// Records one more planned transfer of `bytes`.
    pub fn queued(&self, bytes: u64) {
        self.expected_bytes.fetch_add(bytes, Ordering::SeqCst);
        self.expected_files.fetch_add(1, Ordering::SeqCst);
    }

    /// Records that planning is over: the totals are final.
    pub fn all_queued(&self) {
        self.totals_final.store(true, Ordering::SeqCst);
    }

    /// Records transferred bytes.
    pub fn add_bytes(&self, n: u64) {
        self.done_bytes.fetch_add(n, Ordering::SeqCst);
    }

    /// Whether enough bytes went by since the line was last redrawn for transfer progress
    /// (a thousandth of the total, at least 1 MiB); claims the redraw when it is due, so a
    /// large transfer redraws the line a bounded number of times.
    pub fn redraw_due(&self) -> bool {
        let done = self.done_bytes.load(Ordering::SeqCst);
        let step = (self.expected_bytes.load(Ordering::SeqCst) / 1000).max(1 << 20);
        let drawn = self.drawn_bytes.load(Ordering::SeqCst);
        done >= drawn.saturating_add(step)
            && self
                .drawn_bytes
                .compare_exchange(drawn, done, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
    }

    /// Whether `seconds` (0: no limit) went by since the last redraw this allowed; claims the
    /// redraw when they did (`--progress-frequency`).
    pub fn frequency_due(&self, seconds: u64) -> bool {
        if seconds == 0 {
            return true;
        }
        let now = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        let last = self.last_redraw_ms.load(Ordering::SeqCst);
        now.saturating_sub(last) >= seconds.saturating_mul(1000)
            && self
                .last_redraw_ms
                .compare_exchange(last, now, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
    }

    /// Records a finished (or failed) transfer.
    pub fn file_done(&self) {
        self.files_done.fetch_add(1, Ordering::SeqCst);
    }

    /// Whether the line still has something to show: planning goes on or transfers remain.
    pub fn has_remaining(&self) -> bool {
        !self.totals_final.load(Ordering::SeqCst)
            || self.files_done.load(Ordering::SeqCst) < self.expected_files.load(Ordering::SeqCst)
    }

    /// The line to show now.
    pub fn line(&self) -> String {
        let totals_final = self.totals_final.load(Ordering::SeqCst);
        let estimate = |total: String| {
            if totals_final {
                total
            } else {
                format!("~{total}")
            }
        };
        let files_done = self.files_done.load(Ordering::SeqCst);
        let remaining = self
            .expected_files
            .load(Ordering::SeqCst)
            .saturating_sub(files_done);
        let expected_bytes = self.expected_bytes.load(Ordering::SeqCst);
        let mut line = if expected_bytes > 0 {
            let done = self.done_bytes.load(Ordering::SeqCst).min(expected_bytes);
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            let speed = (done as f64 / secs) as u64;
            format!(
                "Completed {}/{} ({}/s) with {} file(s) remaining",
                human_size(done),
                estimate(human_size(expected_bytes)),
                human_size(speed),
                estimate(remaining.to_string())
            )
        } else {
            format!(
                "Completed {files_done} file(s) with {} file(s) remaining",
                estimate(remaining.to_string())
            )
        };
        if !totals_final {
            line.push_str(" (calculating...)");
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_python() {
        let p = Progress::new();
        p.queued(2 << 20);
        p.queued(1 << 20);
        p.add_bytes(1 << 20);
        let line = p.line();
        assert!(line.starts_with("Completed 1.0 MiB/~3.0 MiB ("), "{line}");
        assert!(
            line.ends_with("/s) with ~2 file(s) remaining (calculating...)"),
            "{line}"
        );
        p.all_queued();
        p.file_done();
        let line = p.line();
        assert!(line.starts_with("Completed 1.0 MiB/3.0 MiB ("), "{line}");
        assert!(line.ends_with("/s) with 1 file(s) remaining"), "{line}");
        assert!(p.has_remaining());
        assert!(p.redraw_due(), "1 MiB since the start");
        assert!(!p.redraw_due(), "claimed once");
        p.add_bytes(1);
        assert!(!p.redraw_due(), "one byte more is not worth a redraw");
        p.add_bytes(1 << 20);
        assert!(p.redraw_due());
        p.file_done();
        assert!(!p.has_remaining());
    }

    #[test]
    fn counts_files_when_no_bytes_are_expected() {
        let p = Progress::new();
        p.queued(0);
        p.queued(0);
        p.file_done();
        assert_eq!(
            p.line(),
            "Completed 1 file(s) with ~1 file(s) remaining (calculating...)"
        );
        p.all_queued();
        assert_eq!(p.line(), "Completed 1 file(s) with 1 file(s) remaining");
    }
}
