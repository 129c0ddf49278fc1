//! Adaptive mode's client-side rate limiter: a token bucket whose rate follows CUBIC, lowered
//! on throttling errors and raised again on successes. Times are seconds on any fixed scale.

const MIN_FILL_RATE: f64 = 0.5;
const MIN_CAPACITY: f64 = 1.0;
const BETA: f64 = 0.7;
const SCALE_CONSTANT: f64 = 0.4;
const SMOOTHING: f64 = 0.8;
const TIME_BUCKET_SCALE: f64 = 2.0;
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;

/// The rate limiter; inactive until the first throttling error.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimiter {
    enabled: bool,
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: Option<f64>,
    // CUBIC state.
    w_max: f64,
    k: f64,
    last_fail: f64,
    // Measured send rate.
    measured_rate: f64,
    count: f64,
    last_bucket: f64,
}

impl RateLimiter {
    /// A limiter created at `now`.
    pub fn new(now: f64) -> Self {
        RateLimiter {
            enabled: false,
            fill_rate: 1.0,
            max_capacity: 1.0,
            capacity: 1.0,
            last_refill: None,
            w_max: 0.0,
            k: 0.0,
            last_fail: now,
            measured_rate: 0.0,
            count: 0.0,
            last_bucket: now.floor(),
        }
    }

    /// Takes a send token at `now`; returns how long to wait first (seconds, 0 when none).
    pub fn acquire(&mut self, now: f64) -> f64 {
        if !self.enabled {
            return 0.0;
        }
        self.refill(now);
        if self.capacity >= 1.0 {
            self.capacity -= 1.0;
            return 0.0;
        }
        let wait = (1.0 - self.capacity) / self.fill_rate;
        self.capacity = 0.0;
        self.last_refill = Some(now + wait);
        wait
    }

    /// Records a response at `now`; `throttled` when it was a throttling error.
    pub fn on_response(&mut self, now: f64, throttled: bool) {
        let measured = self.record(now);
        let new_rate = if throttled {
            let rate = if self.enabled {
                measured.min(self.fill_rate)
            } else {
                measured
            };
            self.w_max = rate;
            self.k = (self.w_max * (1.0 - BETA) / SCALE_CONSTANT).cbrt();
            self.last_fail = now;
            self.enabled = true;
            rate * BETA
        } else {
            let dt = now - self.last_fail;
            SCALE_CONSTANT * (dt - self.k).powi(3) + self.w_max
        };
        self.set_rate(new_rate.min(MAX_RATE_ADJUST_SCALE * measured));
    }

    /// Whether throttling has switched the limiter on.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The current send rate, in requests per second.
    pub fn rate(&self) -> f64 {
        self.fill_rate
    }

    fn set_rate(&mut self, rate: f64) {
        if let Some(now) = self.last_refill {
            self.refill(now);
        }
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = rate.max(MIN_CAPACITY);
        self.capacity = self.capacity.min(self.max_capacity);
    }

    fn refill(&mut self, now: f64) {
        match self.last_refill {
            Some(last) if now > last => {
                self.capacity =
                    (self.capacity + (now - last) * self.fill_rate).min(self.max_capacity);
                self.last_refill = Some(now);
            }
            Some(_) => {}
            None => self.last_refill = Some(now),
        }
    }

    fn record(&mut self, now: f64) -> f64 {
        let bucket = (now * TIME_BUCKET_SCALE).floor() / TIME_BUCKET_SCALE;
        self.count += 1.0;
        if bucket > self.last_bucket {
            let current = self.count / (bucket - self.last_bucket);
            self.measured_rate = current * SMOOTHING + self.measured_rate * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.last_bucket = bucket;
        }
        self.measured_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_enables_and_lowers_the_rate() {
        let mut l = RateLimiter::new(0.0);
        assert_eq!(l.acquire(0.0), 0.0);
        for i in 0..20 {
            l.on_response(f64::from(i) * 0.1, false);
        }
        assert!(!l.enabled());
        l.on_response(2.0, true);
        assert!(l.enabled());
        let throttled_rate = l.rate();
        assert!(throttled_rate >= MIN_FILL_RATE);
        // Tokens run out: the second immediate send must wait.
        let _ = l.acquire(2.0);
        assert!(l.acquire(2.0) > 0.0);
        // Successes long after the failure raise the rate again.
        for i in 0..200 {
            l.on_response(30.0 + f64::from(i) * 0.05, false);
        }
        assert!(l.rate() > throttled_rate);
    }
}
