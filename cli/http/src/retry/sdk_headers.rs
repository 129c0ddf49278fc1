//! The headers botocore adds to every attempt after signing it: `amz-sdk-invocation-id`, one
//! UUID for all attempts of a call, and `amz-sdk-request`, the attempt number with (from the
//! second attempt) the attempts allowed and, after a response that carried a `Date`, the time
//! by which the attempt is to be answered (`ttl`).

use std::time::Duration;

use crate::message::{Body, Request, Response};
use crate::sigv4::amz_date;

/// The retry headers of one call.
#[derive(Debug, Clone)]
pub struct SdkHeaders {
    invocation_id: String,
    ttl: Option<String>,
}

impl SdkHeaders {
    /// The headers of a new call, with a fresh invocation id.
    pub fn new() -> SdkHeaders {
        SdkHeaders {
            invocation_id: uuid_v4(),
            ttl: None,
        }
    }

    /// Adds the headers of attempt `attempt` (from 1) of `max_attempts` to a signed request.
    pub fn apply(&self, request: &mut Request, attempt: u32, max_attempts: u32) {
        request.set_header("amz-sdk-invocation-id", self.invocation_id.clone());
        let value = match (attempt, &self.ttl) {
            (1, _) => "attempt=1".to_owned(),
            (n, Some(ttl)) => format!("ttl={ttl}; attempt={n}; max={max_attempts}"),
            (n, None) => format!("attempt={n}; max={max_attempts}"),
        };
        request.set_header("amz-sdk-request", value);
    }

    /// Learns the `ttl` of the next attempt from a response that is retried: the server's
    /// `Date` plus the read timeout (none for streaming uploads), as botocore estimates it.
    pub fn after_response(
        &mut self,
        request: &Request,
        response: &Response,
        read_timeout: Duration,
    ) {
        if matches!(request.body, Body::Stream { .. }) {
            return;
        }
        let date = response
            .header("date")
            .and_then(|d| httpdate::parse_http_date(d.trim()).ok());
        if let Some(date) = date {
            self.ttl = Some(amz_date(date + read_timeout));
        }
    }
}

impl Default for SdkHeaders {
    fn default() -> Self {
        SdkHeaders::new()
    }
}

/// A random (version 4) UUID in its text form.
fn uuid_v4() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::ResponseBody;

    #[test]
    fn attempts_are_numbered_as_botocore_numbers_them() {
        let mut headers = SdkHeaders::new();
        let mut request = Request::new("GET", "http://127.0.0.1/");
        headers.apply(&mut request, 1, 3);
        let id = request.header("amz-sdk-invocation-id").unwrap().to_owned();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_eq!(request.header("amz-sdk-request"), Some("attempt=1"));
        headers.apply(&mut request, 2, 3);
        assert_eq!(request.header("amz-sdk-request"), Some("attempt=2; max=3"));
        let response = Response {
            status: 500,
            headers: vec![("date".into(), "Wed, 01 Jan 2025 00:00:00 GMT".into())],
            body: ResponseBody::Bytes(Vec::new()),
            retry_attempts: 0,
            max_attempts_reached: false,
        };
        headers.after_response(&request, &response, Duration::from_secs(60));
        headers.apply(&mut request, 3, 3);
        assert_eq!(
            request.header("amz-sdk-request"),
            Some("ttl=20250101T000100Z; attempt=3; max=3")
        );
        assert_eq!(request.header("amz-sdk-invocation-id"), Some(id.as_str()));
        assert_ne!(SdkHeaders::new().invocation_id, id);
    }
}
