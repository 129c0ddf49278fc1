//! Test hooks, compiled only with the `test-hooks` feature (the tests build the installer with
//! it; `scripts/release` never does, so release binaries hold neither the hooks nor their
//! variable names).
//!
//! Crash injection: the installer calls [`step`] after every change it makes to the file
//! system (and after each verification step). With the feature, when the environment variable
//! `AWS2_INSTALL_TEST_KILL_AFTER_STEP` holds a number N, the N-th call sends SIGKILL to this
//! process, so tests can interrupt an install or update at every point deterministically.
//!
//! Clock: [`now`] is the time the installer checks channel expiry against; with the feature,
//! `AWS2_INSTALL_TEST_NOW=<unix seconds>` replaces the system clock.

use std::time::SystemTime;

#[cfg(feature = "test-hooks")]
mod hooks {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    /// Name of the crash-injection variable.
    const KILL_AFTER_STEP_ENV: &str = "AWS2_INSTALL_TEST_KILL_AFTER_STEP";
    /// Name of the clock variable.
    const NOW_ENV: &str = "AWS2_INSTALL_TEST_NOW";

    static STEPS: AtomicU32 = AtomicU32::new(0);

    pub fn step() {
        let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
        let Some(target) = std::env::var(KILL_AFTER_STEP_ENV)
            .ok()
            .and_then(|v| v.parse::<u32>().ok())
        else {
            return;
        };
        if n == target {
            let _ = rustix::process::kill_process(
                rustix::process::getpid(),
                rustix::process::Signal::KILL,
            );
        }
    }

    pub fn now() -> SystemTime {
        std::env::var(NOW_ENV)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .map(|s| UNIX_EPOCH + Duration::from_secs(s))
            .unwrap_or_else(SystemTime::now)
    }
}

/// Marks the end of one step; with the `test-hooks` feature, kills the process if the test
/// hook asks for it here. Without the feature it does nothing.
#[inline]
pub fn step() {
    #[cfg(feature = "test-hooks")]
    hooks::step();
}

/// The current time (with the `test-hooks` feature, possibly the tests' clock).
pub fn now() -> SystemTime {
    #[cfg(feature = "test-hooks")]
    return hooks::now();
    #[cfg(not(feature = "test-hooks"))]
    SystemTime::now()
}
