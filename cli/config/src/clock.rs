//! The clock that decides when credentials and cached tokens have expired.
//!
//! It is the system clock. Built with the `test-hooks` feature (the end-to-end tests build
//! the `aws` binary so), `AWS2_TEST_CLOCK_FILE` may name a file holding the time as seconds
//! since the epoch, read at every call, so a test can make credentials expire during one
//! command without waiting. Release builds contain no such hook.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// The current time for expiry decisions.
pub fn now() -> SystemTime {
    #[cfg(feature = "test-hooks")]
    if let Some(t) = hooks::now() {
        return t;
    }
    SystemTime::now()
}

#[cfg(feature = "test-hooks")]
mod hooks {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    /// Names the file holding the tests' time.
    const CLOCK_FILE_ENV: &str = "AWS2_TEST_CLOCK_FILE";

    /// The tests' time, when they set one.
    pub fn now() -> Option<SystemTime> {
        let path = std::env::var_os(CLOCK_FILE_ENV)?;
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{CLOCK_FILE_ENV}: cannot read {path:?}: {e}"));
        let secs: f64 = text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{CLOCK_FILE_ENV}: {text:?} is not a number of seconds"));
        Some(UNIX_EPOCH + Duration::from_secs_f64(secs))
    }
}

/// A clock that can be handed around: the one of [`now`], a fixed time, or any function
/// (for tests that make time pass).
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> SystemTime + Send + Sync>);

impl Clock {
    /// The clock of [`now`].
    pub fn system() -> Clock {
        Clock(Arc::new(now))
    }

    /// A clock that stands still at `time`.
    pub fn fixed(time: SystemTime) -> Clock {
        Clock(Arc::new(move || time))
    }

    /// A clock that reads `f`.
    pub fn from_fn(f: impl Fn() -> SystemTime + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(f))
    }

    /// The time now.
    pub fn now(&self) -> SystemTime {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn fixed_and_function_clocks() {
        let t = UNIX_EPOCH + Duration::from_secs(1_893_456_000);
        assert_eq!(Clock::fixed(t).now(), t);
        let later = Clock::from_fn(move || t + Duration::from_secs(60));
        assert_eq!(later.now(), t + Duration::from_secs(60));
        let before = SystemTime::now();
        assert!(
            Clock::system().now() >= before || std::env::var_os("AWS2_TEST_CLOCK_FILE").is_some()
        );
    }
}
