//! The progress line of transfers on a terminal, as the Python CLI writes it:
//! `Completed 1.2 MiB/3.0 MiB (410.0 KiB/s) with 3 file(s) remaining`.

use crate::format::human_size;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

/// Bytes and files done out of the planned totals.
#[derive(Debug)]
pub struct Progress {
    total_bytes: u64,
    done_bytes: AtomicU64,
    drawn_bytes: AtomicU64,
    files_left: AtomicUsize,
    start: Instant,
}

impl Progress {
    /// Progress of `files` transfers of `total_bytes` together.
    pub fn new(total_bytes: u64, files: usize) -> Progress {
        Progress {
            total_bytes,
            done_bytes: AtomicU64::new(0),
            drawn_bytes: AtomicU64::new(0),
            files_left: AtomicUsize::new(files),
            start: Instant::now(),
        }
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
        let step = (self.total_bytes / 1000).max(1 << 20);
        let drawn = self.drawn_bytes.load(Ordering::SeqCst);
        done >= drawn.saturating_add(step)
            && self
                .drawn_bytes
                .compare_exchange(drawn, done, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
    }

    /// Records a finished (or failed) transfer.
    pub fn file_done(&self) {
        let _ = self
            .files_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
    }

    /// The line to show now.
    pub fn line(&self) -> String {
        let done = self.done_bytes.load(Ordering::SeqCst).min(self.total_bytes);
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        let speed = (done as f64 / secs) as u64;
        format!(
            "Completed {}/{} ({}/s) with {} file(s) remaining",
            human_size(done),
            human_size(self.total_bytes),
            human_size(speed),
            self.files_left.load(Ordering::SeqCst)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_python() {
        let p = Progress::new(3 << 20, 2);
        p.add_bytes(1 << 20);
        p.file_done();
        let line = p.line();
        assert!(line.starts_with("Completed 1.0 MiB/3.0 MiB ("), "{line}");
        assert!(line.ends_with("/s) with 1 file(s) remaining"), "{line}");
        assert!(p.redraw_due(), "1 MiB since the start");
        assert!(!p.redraw_due(), "claimed once");
        p.add_bytes(1);
        assert!(!p.redraw_due(), "one byte more is not worth a redraw");
        p.add_bytes(1 << 20);
        assert!(p.redraw_due());
    }
}
