//! Crash-injection test hook.
//!
//! The installer calls [`step`] after every change it makes to the file system (and after each
//! verification step). When the environment variable `AWS2_INSTALL_TEST_KILL_AFTER_STEP` holds a
//! number N, the N-th call sends SIGKILL to this process, so tests can interrupt an install or
//! update at every point deterministically. Unset (the normal case), [`step`] does nothing.

use std::sync::atomic::{AtomicU32, Ordering};

/// Name of the environment variable read by the hook.
pub const KILL_AFTER_STEP_ENV: &str = "AWS2_INSTALL_TEST_KILL_AFTER_STEP";

static STEPS: AtomicU32 = AtomicU32::new(0);

/// Marks the end of one step; kills the process if the test hook asks for it here.
pub fn step() {
    let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    let Some(target) = std::env::var(KILL_AFTER_STEP_ENV)
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    else {
        return;
    };
    if n == target {
        let _ =
            rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::KILL);
    }
}
