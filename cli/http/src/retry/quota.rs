//! The standard-mode retry quota: a bucket of 500 tokens shared by a client's requests.

/// Tokens in a full quota.
pub const INITIAL_CAPACITY: u32 = 500;
/// Cost of retrying after an error.
pub const RETRY_COST: u32 = 5;
/// Cost of retrying after a timeout.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// Refund for a request that succeeded on its first attempt.
pub const NO_RETRY_INCREMENT: u32 = 1;

/// The retry quota; retries stop while it is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryQuota {
    available: u32,
    max: u32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota {
            available: INITIAL_CAPACITY,
            max: INITIAL_CAPACITY,
        }
    }
}

impl RetryQuota {
    /// A quota of `capacity` tokens.
    pub fn with_capacity(capacity: u32) -> Self {
        RetryQuota {
            available: capacity,
            max: capacity,
        }
    }

    /// Takes the cost of a retry; returns it, or `None` when not enough is left.
    pub fn acquire(&mut self, timeout: bool) -> Option<u32> {
        let cost = if timeout {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        (cost <= self.available).then(|| {
            self.available -= cost;
            cost
        })
    }

    /// Returns tokens after a success: what the last retry took, or the no-retry increment.
    pub fn release(&mut self, acquired: Option<u32>) {
        let amount = acquired.unwrap_or(NO_RETRY_INCREMENT);
        self.available = (self.available + amount).min(self.max);
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.available
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drains_and_refills() {
        let mut q = RetryQuota::with_capacity(12);
        assert_eq!(q.acquire(true), Some(10));
        assert_eq!(q.acquire(false), None);
        q.release(Some(10));
        assert_eq!(q.available(), 12);
        q.release(None);
        assert_eq!(q.available(), 12);
    }
}
