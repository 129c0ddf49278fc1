//! The `max_bandwidth` limit: a token bucket shared by every transfer of a command; callers
//! take bytes from it before sending or after receiving them and wait when it is empty.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sleeps for a duration (injectable so the arithmetic can be tested without waiting).
pub type Sleeper = fn(Duration);

/// A bytes-per-second limit.
#[derive(Debug)]
pub struct Bandwidth {
    rate: f64,
    state: Mutex<State>,
    sleep: Sleeper,
}

#[derive(Debug)]
struct State {
    /// When the bytes taken so far may all have been sent.
    ready_at: Instant,
}

impl Bandwidth {
    /// A limit of `bytes_per_sec` (at least 1).
    pub fn new(bytes_per_sec: u64) -> Bandwidth {
        Bandwidth::with_sleeper(bytes_per_sec, std::thread::sleep)
    }

    /// A limit with an injected sleep.
    pub fn with_sleeper(bytes_per_sec: u64, sleep: Sleeper) -> Bandwidth {
        Bandwidth {
            rate: bytes_per_sec.max(1) as f64,
            state: Mutex::new(State {
                ready_at: Instant::now(),
            }),
            sleep,
        }
    }

    /// Takes `n` bytes from the budget, waiting until the limit allows them; returns the
    /// wait.
    pub fn take(&self, n: u64) -> Duration {
        let wait = self.reserve(n);
        if !wait.is_zero() {
            (self.sleep)(wait);
        }
        wait
    }

    /// Takes `n` bytes from the budget and returns how long the caller must wait before
    /// using them (for callers that wait their own way, such as tasks on a runtime).
    pub fn reserve(&self, n: u64) -> Duration {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        // Idle time does not bank a burst larger than a quarter second.
        let earliest = now.checked_sub(Duration::from_millis(250)).unwrap_or(now);
        let start = state.ready_at.max(earliest);
        state.ready_at = start + Duration::from_secs_f64(n as f64 / self.rate);
        state.ready_at.saturating_duration_since(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_sleep(_: Duration) {}

    #[test]
    fn waits_in_proportion_to_the_bytes_taken() {
        // One byte a second: a thousand bytes owe a thousand seconds, far beyond any stall.
        let limit = Bandwidth::with_sleeper(1, no_sleep);
        let first = limit.take(1000).as_secs_f64();
        let second = limit.take(1000).as_secs_f64();
        assert!((990.0..=1000.0).contains(&first), "{first}");
        assert!((1990.0..=2000.0).contains(&second), "{second}");
    }
}
