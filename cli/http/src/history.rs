//! The hook through which a command's history (`cli_history = enabled`) sees each exchange:
//! one process-wide recorder, installed by the CLI only when history is on. Without one,
//! [`record`] costs one atomic load and builds nothing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use crate::message::{Body, Request, Response, ResponseBody};

/// Receives the events of the AWS CLI's history (`API_CALL`, `HTTP_REQUEST`, ...).
pub trait Recorder: Send + Sync {
    /// Records one event with its JSON payload.
    fn record(&self, event_type: &str, payload: serde_json::Value);
}

static RECORDER: OnceLock<Box<dyn Recorder>> = OnceLock::new();

static STREAMING_INPUT: AtomicBool = AtomicBool::new(false);
static STREAMING_OUTPUT: AtomicBool = AtomicBool::new(false);

/// Says whether the operation being called streams its input and its output (the
/// `streaming` of its request and response events; a streamed output's bytes are not kept).
pub fn set_streaming(input: bool, output: bool) {
    STREAMING_INPUT.store(input, Ordering::Relaxed);
    STREAMING_OUTPUT.store(output, Ordering::Relaxed);
}

/// Installs the process's recorder; a second one is ignored.
pub fn install(recorder: Box<dyn Recorder>) {
    let _ = RECORDER.set(recorder);
}

/// Whether a recorder is installed.
pub fn enabled() -> bool {
    RECORDER.get().is_some()
}

/// Records an event; `payload` is built only when a recorder is installed.
pub fn record(event_type: &str, payload: impl FnOnce() -> serde_json::Value) {
    if let Some(recorder) = RECORDER.get() {
        recorder.record(event_type, payload());
    }
}

/// Text of a body as botocore's history keeps it: UTF-8, else `<Byte sequence>`.
fn body_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => "<Byte sequence>".to_owned(),
    }
}

/// Records a signed request as sent (`HTTP_REQUEST`).
/// The `Host` header, which botocore's prepared request leaves to the connection, is not
/// among them; the client's `User-Agent` is.
pub(crate) fn request_sent(request: &Request, user_agent: impl FnOnce() -> String) {
    record("HTTP_REQUEST", || {
        let mut headers = serde_json::Map::new();
        for (name, value) in &request.headers {
            if !name.eq_ignore_ascii_case("host") {
                headers.insert(name.clone(), serde_json::Value::String(value.clone()));
            }
        }
        if !request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("user-agent"))
        {
            headers.insert(
                "User-Agent".to_owned(),
                serde_json::Value::String(user_agent()),
            );
        }
        let (streaming, body) = match &request.body {
            Body::Bytes(b) => (STREAMING_INPUT.load(Ordering::Relaxed), body_text(b)),
            Body::Stream { length, .. } => (true, format!("<streaming body of {length} bytes>")),
        };
        serde_json::json!({
            "method": request.method,
            "headers": headers,
            "streaming": streaming,
            "url": request.url,
            "body": body,
        })
    });
}

/// Records a response as received (`HTTP_RESPONSE`); the recorder adds its context.
pub(crate) fn response_received(response: &Response) {
    record("HTTP_RESPONSE", || {
        let mut headers = serde_json::Map::new();
        for (name, value) in &response.headers {
            headers.insert(name.clone(), serde_json::Value::String(value.clone()));
        }
        // An error's body is kept even for a streaming operation, as botocore reads it.
        let streaming = STREAMING_OUTPUT.load(Ordering::Relaxed);
        let (streaming, body) = match &response.body {
            ResponseBody::Bytes(b) if !streaming || response.status >= 300 => {
                (streaming, body_text(b))
            }
            _ => (true, "<streaming body>".to_owned()),
        };
        serde_json::json!({
            "headers": headers,
            "status_code": response.status,
            "body": body,
            "streaming": streaming,
        })
    });
}
