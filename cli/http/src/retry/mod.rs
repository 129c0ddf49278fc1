//! Retry decisions: the `standard` and `adaptive` modes, backoff and the retry quota. The
//! AWS CLI v2 has no `legacy` mode (its models carry no `_retry.json`) and rejects it.

mod adaptive;
mod quota;
mod sdk_headers;

use std::str::FromStr;

use crate::message::Response;

pub use adaptive::RateLimiter;
pub use quota::RetryQuota;
pub use sdk_headers::SdkHeaders;

/// Standard mode: the most a backoff lasts, in seconds.
pub const MAX_BACKOFF_SECS: f64 = 20.0;
/// Standard and adaptive modes: attempts when `max_attempts` is not configured.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

const TRANSIENT_CODES: [&str; 3] = [
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];
const TRANSIENT_STATUS: [u16; 4] = [500, 502, 503, 504];
const THROTTLING_CODES: [&str; 14] = [
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];
/// Error codes with which services reject a request whose time is too far from theirs.
pub const CLOCK_SKEW_CODES: [&str; 6] = [
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// The `retry_mode` setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RetryMode {
    /// `legacy`, which the AWS CLI v2 does not support: a [`crate::Sender`] refuses it with
    /// [`invalid_retry_mode`]'s message.
    Legacy,
    /// The cross-SDK standard mode (the default).
    #[default]
    Standard,
    /// Standard mode plus a client-side rate limiter that backs off when throttled.
    Adaptive,
}

/// The AWS CLI v2's message for a `retry_mode` other than `standard` or `adaptive`.
pub fn invalid_retry_mode(value: &str) -> String {
    format!(
        "Invalid value provided to \"mode\": \"{value}\" must be one of: \"standard\" or \"adaptive\""
    )
}

impl FromStr for RetryMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "standard" => Ok(RetryMode::Standard),
            "adaptive" => Ok(RetryMode::Adaptive),
            other => Err(invalid_retry_mode(other)),
        }
    }
}

/// The retry settings of one service client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetryConfig {
    /// The mode.
    pub mode: RetryMode,
    /// Total attempts including the first (`max_attempts`); `None` takes the mode's default.
    pub max_attempts: Option<u32>,
    /// The service's model name (`ec2`, `dynamodb`, `s3`, ...).
    pub service: String,
}

/// How an operation's model classifies an error code (`retryable` trait on the error shape).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModeledRetry {
    /// Retryable, not throttling.
    Transient,
    /// Retryable throttling error.
    Throttling,
}

/// Reads the protocol-specific parts of an error response; implemented by the core.
pub trait ErrorInspector {
    /// The service error code of an error response (e.g. `ThrottlingException`), if any.
    fn error_code(&self, response: &Response) -> Option<String>;

    /// Whether the operation's model marks this error code retryable.
    fn modeled_retry(&self, _code: &str) -> Option<ModeledRetry> {
        None
    }
}

impl<F: Fn(&Response) -> Option<String>> ErrorInspector for F {
    fn error_code(&self, response: &Response) -> Option<String> {
        self(response)
    }
}

/// What one failed attempt looked like, for the retry decision.
#[derive(Clone, Debug)]
pub struct Failure<'a> {
    /// The status of an error response; `None` for a connection-level failure.
    pub status: Option<u16>,
    /// The parsed error code of an error response.
    pub code: Option<&'a str>,
    /// How the model classifies the code.
    pub modeled: Option<ModeledRetry>,
    /// Whether a connection-level failure may be retried.
    pub retryable_transport_error: bool,
}

impl Failure<'_> {
    /// Whether this is a throttling error (fixed list or modeled).
    pub fn is_throttling(&self) -> bool {
        self.code.is_some_and(|c| THROTTLING_CODES.contains(&c))
            || self.modeled == Some(ModeledRetry::Throttling)
    }

    /// The standard-mode rule: transient, throttling or modeled retryable.
    pub fn is_retryable_standard(&self, service: &str) -> bool {
        let code = self.code.unwrap_or("");
        self.retryable_transport_error
            || TRANSIENT_CODES.contains(&code)
            || self.status.is_some_and(|s| TRANSIENT_STATUS.contains(&s))
            || self.is_throttling()
            || self.modeled.is_some()
            || (service == "sts" && code == "IDPCommunicationError")
    }
}

/// Standard-mode backoff: full jitter, `random * min(2^(attempt-1), 20)` seconds, where
/// `attempt` is the number of the attempt that failed (1 for the first) and `random` in [0, 1).
pub fn standard_backoff_secs(attempt: u32, random: f64) -> f64 {
    let exp = 2f64.powi(attempt.saturating_sub(1).min(62) as i32);
    random * exp.min(MAX_BACKOFF_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_capped_full_jitter() {
        assert_eq!(standard_backoff_secs(1, 0.5), 0.5);
        assert_eq!(standard_backoff_secs(3, 0.5), 2.0);
        assert_eq!(standard_backoff_secs(30, 0.5), 10.0);
        assert_eq!(standard_backoff_secs(2, 0.0), 0.0);
    }

    #[test]
    fn standard_classification() {
        let f = |status, code| Failure {
            status,
            code,
            modeled: None,
            retryable_transport_error: false,
        };
        assert!(f(Some(503), None).is_retryable_standard("s3"));
        assert!(f(Some(400), Some("ThrottlingException")).is_retryable_standard("x"));
        assert!(f(Some(400), Some("ThrottlingException")).is_throttling());
        assert!(!f(Some(400), Some("ValidationException")).is_retryable_standard("x"));
        assert!(f(Some(400), Some("IDPCommunicationError")).is_retryable_standard("sts"));
        assert!(!f(Some(404), None).is_retryable_standard("s3"));
    }
}
