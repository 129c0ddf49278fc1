//! Retries against a fault-injecting loopback server: 5xx, throttling, reset connections,
//! clock skew; attempt counts asserted, no real waiting.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws2_http::sigv4::SigningSettings;
use aws2_http::{
    Auth, Credentials, Error, HttpClient, Request, RetryConfig, RetryMode, Sender, TransportConfig,
    TransportError,
};
use support::{json_error, json_error_code, ok, recording_hooks, status, Action, Server};

fn sender(
    mode: RetryMode,
    max_attempts: Option<u32>,
    service: &str,
) -> (Sender, support::SleepLog) {
    let http = HttpClient::new(&TransportConfig::default()).expect("client");
    let (hooks, sleeps) = recording_hooks();
    let config = RetryConfig {
        mode,
        max_attempts,
        service: service.to_string(),
    };
    (
        Sender::with_hooks(http, config, hooks).expect("sender"),
        sleeps,
    )
}

fn sigv4() -> Auth {
    Auth::SigV4 {
        credentials: Credentials::new("AKIDEXAMPLE", "SECRET").into(),
        region: "us-east-1".to_string(),
        service: "dynamodb".to_string(),
        settings: SigningSettings::default(),
    }
}

fn post(server: &Server) -> Request {
    let mut req = Request::new("POST", format!("{}/", server.url()));
    req.body = aws2_http::Body::Bytes(b"{}".to_vec().into());
    req
}

fn secs(sleeps: &support::SleepLog) -> Vec<f64> {
    sleeps
        .lock()
        .unwrap()
        .iter()
        .map(Duration::as_secs_f64)
        .collect()
}

#[test]
fn service_unavailable_twice_then_ok() {
    let server = Server::start(vec![status(503), status(503), ok("done")]);
    let (sender, sleeps) = sender(RetryMode::Standard, None, "dynamodb");
    let resp = sender
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.bytes(), b"done");
    assert_eq!(resp.retry_attempts, 2);
    assert_eq!(server.seen().len(), 3);
    // Full jitter with random = 0.5: 0.5 * 2^0, 0.5 * 2^1.
    assert_eq!(secs(&sleeps), vec![0.5, 1.0]);
    // Every attempt is signed afresh.
    assert!(server.seen().iter().all(|r| r
        .header("authorization")
        .is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))));
    // Two retries cost 5 each; the success refunds the last one.
    assert_eq!(sender.quota_available(), 495);
}

#[test]
fn service_unavailable_past_max_attempts_returns_last_error() {
    let server = Server::start(vec![status(503), status(503), ok("late")]);
    let (sender, _) = sender(RetryMode::Standard, Some(2), "dynamodb");
    let resp = sender
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap();
    assert_eq!(resp.status, 503);
    assert_eq!(resp.retry_attempts, 1);
    assert!(resp.max_attempts_reached);
    assert_eq!(server.seen().len(), 2);
    assert_eq!(sender.quota_available(), 495);
}

#[test]
fn throttling_then_ok() {
    let server = Server::start(vec![json_error("ThrottlingException"), ok("{}")]);
    let (sender, sleeps) = sender(RetryMode::Standard, None, "dynamodb");
    let resp = sender
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.retry_attempts, 1);
    assert_eq!(server.seen().len(), 2);
    assert_eq!(secs(&sleeps), vec![0.5]);
}

#[test]
fn throttling_past_max_attempts_returns_last_error() {
    let server = Server::start(vec![json_error("ThrottlingException")]);
    let (sender, _) = sender(RetryMode::Standard, Some(3), "dynamodb");
    let resp = sender
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap();
    assert_eq!(resp.status, 400);
    assert_eq!(
        json_error_code(&resp).as_deref(),
        Some("ThrottlingException")
    );
    assert_eq!(resp.retry_attempts, 2);
    assert!(resp.max_attempts_reached);
    assert_eq!(server.seen().len(), 3);
}

#[test]
fn client_errors_are_not_retried() {
    let server = Server::start(vec![json_error("ValidationException"), ok("{}")]);
    let (sender, sleeps) = sender(RetryMode::Standard, Some(5), "dynamodb");
    let resp = sender
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap();
    assert_eq!(resp.status, 400);
    assert_eq!(resp.retry_attempts, 0);
    assert!(!resp.max_attempts_reached, "attempts were left");
    assert_eq!(server.seen().len(), 1);
    assert!(sleeps.lock().unwrap().is_empty());
}

#[test]
fn reset_connection_then_ok() {
    let server = Server::start(vec![Action::Reset, ok("{}")]);
    let (sender, _) = sender(RetryMode::Standard, None, "dynamodb");
    let resp = sender
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.retry_attempts, 1);
    assert_eq!(server.seen().len(), 2);
}

#[test]
fn reset_connection_past_max_attempts_fails_with_connection_error() {
    let server = Server::start(vec![Action::Reset]);
    let (sender, _) = sender(RetryMode::Standard, Some(3), "dynamodb");
    let err = sender
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap_err();
    match &err {
        Error::Transport {
            source: TransportError::ConnectionClosed { url },
            retry_attempts,
        } => {
            assert_eq!(*retry_attempts, 2);
            assert_eq!(url, &format!("{}/", server.url()));
        }
        other => panic!("unexpected error: {other:?}"),
    }
    assert!(err
        .to_string()
        .starts_with("Connection was closed before we received a valid response"));
    assert_eq!(server.seen().len(), 3);
}

#[test]
fn legacy_mode_is_rejected_as_the_aws_cli_v2_rejects_it() {
    let message =
        r#"Invalid value provided to "mode": "legacy" must be one of: "standard" or "adaptive""#;
    let http = HttpClient::new(&TransportConfig::default()).expect("client");
    let config = RetryConfig {
        mode: RetryMode::Legacy,
        max_attempts: None,
        service: "ec2".to_string(),
    };
    match Sender::new(http, config) {
        Err(e) => assert_eq!(e.to_string(), message),
        Ok(_) => panic!("a legacy-mode sender was built"),
    }
    assert_eq!("legacy".parse::<RetryMode>(), Err(message.to_string()));
    assert_eq!("standard".parse::<RetryMode>(), Ok(RetryMode::Standard));
    assert_eq!("adaptive".parse::<RetryMode>(), Ok(RetryMode::Adaptive));
}

#[test]
fn the_last_allowed_attempt_is_marked_as_botocore_marks_it() {
    // Standard: any error of the last attempt allowed.
    let server = Server::start(vec![json_error("ValidationException")]);
    let (standard_once, _) = sender(RetryMode::Standard, Some(1), "dynamodb");
    let resp = standard_once
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap();
    assert!(resp.max_attempts_reached);
    assert_eq!(resp.retry_attempts, 0);
}

#[test]
fn adaptive_mode_retries_throttling() {
    let server = Server::start(vec![json_error("ThrottlingException"), ok("{}")]);
    let (sender, _) = sender(RetryMode::Adaptive, None, "dynamodb");
    let resp = sender
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.retry_attempts, 1);
}

#[test]
fn clock_skew_is_corrected_and_retried() {
    // The local clock is 2015; the server answers with its (real) date.
    let server_date = httpdate::fmt_http_date(SystemTime::now());
    let server = Server::start(vec![
        Action::Respond(
            400,
            vec![("Date".into(), server_date)],
            "{\"__type\":\"InvalidSignatureException\"}".into(),
        ),
        ok("{}"),
    ]);
    let http = HttpClient::new(&TransportConfig::default()).unwrap();
    let (mut hooks, sleeps) = recording_hooks();
    hooks.now = std::sync::Arc::new(|| UNIX_EPOCH + Duration::from_secs(1_440_938_160));
    let sender = Sender::with_hooks(
        http,
        RetryConfig {
            mode: RetryMode::Standard,
            max_attempts: None,
            service: "dynamodb".into(),
        },
        hooks,
    )
    .unwrap();
    let resp = sender
        .send(&post(&server), &sigv4(), &json_error_code)
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.retry_attempts, 1);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("x-amz-date"), Some("20150830T123600Z"));
    let corrected = seen[1].header("x-amz-date").unwrap();
    assert!(
        corrected[..4] > *"2015",
        "signed with server time: {corrected}"
    );
    assert!(sender.clock_skew_ms() > 0);
    assert_eq!(
        secs(&sleeps),
        vec![0.0],
        "a skew correction retries at once"
    );
}
