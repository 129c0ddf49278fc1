//! Ctrl-C during transfers: the first SIGINT sets a flag that stops new requests, so that
//! multipart uploads in flight are aborted and partial downloads removed before the command
//! exits with 130; a second SIGINT exits at once.

use std::sync::atomic::{AtomicBool, Ordering};

static CANCELLED: AtomicBool = AtomicBool::new(false);

/// What the Python CLI prints when interrupted.
pub const MESSAGE: &str = "cancelled: ctrl-c received";

/// The exit code after an interruption.
pub const EXIT_CODE: i32 = 130;

/// Installs the SIGINT handler (once per process; later calls do nothing).
pub fn install_handler() {
    let _ = ctrlc::set_handler(|| {
        if CANCELLED.swap(true, Ordering::SeqCst) {
            std::process::exit(EXIT_CODE);
        }
    });
}

/// Requests cancellation, as SIGINT does.
pub fn cancel() {
    CANCELLED.store(true, Ordering::SeqCst);
}

/// Whether cancellation was requested.
pub fn is_cancelled() -> bool {
    CANCELLED.load(Ordering::SeqCst)
}

/// `Err(MESSAGE)` once cancellation was requested.
pub fn check() -> Result<(), String> {
    if is_cancelled() {
        Err(MESSAGE.to_owned())
    } else {
        Ok(())
    }
}
