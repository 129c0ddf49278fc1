//! Legacy mode: botocore's `_retry.json` (per-service policies, exponential delay).

use std::sync::OnceLock;

use serde_json::Value;

use super::Failure;
use crate::message::Response;

/// When a legacy policy applies.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Condition {
    /// A response with this status (and error code, when given).
    Response {
        status: Option<u16>,
        code: Option<String>,
    },
    /// A response whose CRC32 header does not match its body.
    Crc32(String),
    /// A connection-level failure.
    Socket,
}

/// The legacy retry rules of one service.
#[derive(Clone, Debug, PartialEq)]
pub struct LegacyPolicy {
    /// Total attempts allowed by `_retry.json`.
    pub max_attempts: u32,
    /// The delay base in seconds; `None` means a random value in [0, 1) per retry.
    pub base: Option<f64>,
    /// The delay growth factor.
    pub growth_factor: f64,
    conditions: Vec<Condition>,
}

fn retry_json() -> Result<&'static Value, String> {
    static DOC: OnceLock<Result<Value, String>> = OnceLock::new();
    DOC.get_or_init(|| {
        let text = aws2_models::entry("_global/retry")
            .map_err(|e| e.to_string())?
            .ok_or_else(|| "the retry configuration is missing from the models".to_string())?;
        serde_json::from_str(&text).map_err(|e| format!("invalid retry configuration: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

impl LegacyPolicy {
    /// The rules for a service (its `_retry.json` section merged over `__default__`).
    pub fn for_service(service: &str) -> Result<Self, String> {
        let doc = retry_json()?;
        let definitions = &doc["definitions"];
        let default = &doc["retry"]["__default__"];
        let specific = &doc["retry"][service]["__default__"];
        let pick = |key: &str| {
            specific
                .get(key)
                .filter(|v| !v.is_null())
                .or_else(|| default.get(key))
        };
        let max_attempts = pick("max_attempts").and_then(Value::as_u64).unwrap_or(5) as u32;
        let delay = pick("delay").cloned().unwrap_or(Value::Null);
        let base = delay["base"].as_f64();
        let growth_factor = delay["growth_factor"].as_f64().unwrap_or(2.0);
        let mut named: Vec<(String, Condition)> = Vec::new();
        for section in [default, specific] {
            let Some(policies) = section["policies"].as_object() else {
                continue;
            };
            for (name, policy) in policies {
                let policy = match policy.get("$ref").and_then(Value::as_str) {
                    Some(r) => &definitions[r],
                    None => policy,
                };
                if let Some(cond) = condition(&policy["applies_when"]) {
                    named.retain(|(n, _)| n != name);
                    named.push((name.clone(), cond));
                }
            }
        }
        Ok(LegacyPolicy {
            max_attempts,
            base,
            growth_factor,
            conditions: named.into_iter().map(|(_, c)| c).collect(),
        })
    }

    /// Whether a failed attempt matches one of the policies.
    pub fn retryable(&self, failure: &Failure<'_>, response: Option<&Response>) -> bool {
        self.conditions.iter().any(|c| match c {
            Condition::Socket => failure.retryable_transport_error,
            Condition::Response { status, code } => {
                failure.status.is_some()
                    && status.is_none_or(|s| failure.status == Some(s))
                    && code.as_deref().is_none_or(|c| failure.code == Some(c))
            }
            Condition::Crc32(header) => response.is_some_and(|r| {
                r.header(header)
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .is_some_and(|expected| expected != crc32(r.bytes()))
            }),
        })
    }

    /// The delay before the retry that follows failed attempt number `attempt` (1-based).
    pub fn delay_secs(&self, attempt: u32, random: f64) -> f64 {
        let base = self.base.unwrap_or(random);
        base * self
            .growth_factor
            .powi(attempt.saturating_sub(1).min(62) as i32)
    }
}

fn condition(applies_when: &Value) -> Option<Condition> {
    if applies_when.get("socket_errors").is_some() {
        return Some(Condition::Socket);
    }
    let response = applies_when.get("response")?;
    if let Some(header) = response.get("crc32body").and_then(Value::as_str) {
        return Some(Condition::Crc32(header.to_string()));
    }
    Some(Condition::Response {
        status: response
            .get("http_status_code")
            .and_then(Value::as_u64)
            .map(|s| s as u16),
        code: response
            .get("service_error_code")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// CRC-32 (IEEE), as DynamoDB's `x-amz-crc32` header carries it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(status: u16, code: Option<&str>) -> Failure<'_> {
        Failure {
            status: Some(status),
            code,
            modeled: None,
            retryable_transport_error: false,
        }
    }

    #[test]
    fn reads_retry_json() {
        let default = LegacyPolicy::for_service("sns").unwrap();
        assert_eq!(default.max_attempts, 5);
        assert!(default.base.is_none());
        assert!(default.retryable(&failure(503, None), None));
        assert!(default.retryable(&failure(400, Some("Throttling")), None));
        assert!(!default.retryable(&failure(400, Some("RequestLimitExceeded")), None));
        let ec2 = LegacyPolicy::for_service("ec2").unwrap();
        assert!(ec2.retryable(&failure(503, Some("RequestLimitExceeded")), None));
        let ddb = LegacyPolicy::for_service("dynamodb").unwrap();
        assert_eq!(ddb.max_attempts, 10);
        assert_eq!(ddb.delay_secs(3, 0.9), 0.2);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
