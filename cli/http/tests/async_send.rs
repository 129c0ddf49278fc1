//! The task-based sender against a scripted loopback server: the same signed request as the
//! blocking sender, the same retries, and a paced body sent whole with its length.

mod support;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use aws2_http::sigv4::SigningSettings;
use aws2_http::{
    Auth, Credentials, Hooks, HttpClient, Request, Response, RetryConfig, RetryMode, Sender,
    TransportConfig, PACE_SLICE,
};
use support::{ok, status, Server};

/// A sender whose clock stands still (both senders sign alike) and whose retries do not wait.
fn sender() -> Sender {
    let http = HttpClient::new(&TransportConfig::default()).expect("client");
    let hooks = Hooks {
        sleep: Arc::new(|_| {}),
        now: Arc::new(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
        random: Arc::new(|| 0.0),
    };
    let config = RetryConfig {
        mode: RetryMode::Standard,
        max_attempts: None,
        service: "s3".to_string(),
    };
    Sender::with_hooks(http, config, hooks).expect("sender")
}

fn s3_auth() -> Auth {
    Auth::SigV4 {
        credentials: Credentials::new("AKIDEXAMPLE", "SECRET").into(),
        region: "us-east-1".to_string(),
        service: "s3".to_string(),
        settings: SigningSettings::s3(),
    }
}

/// A PUT of `len` bytes (large enough that its hash is taken off the runtime).
fn put(server: &Server, len: usize) -> Request {
    let mut req = Request::new("PUT", format!("{}/bucket/key", server.url()));
    req.set_header("x-amz-checksum-crc32", "AAAAAA==");
    let body: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    req.body = aws2_http::Body::Bytes(body.into());
    req
}

/// Reads no error codes (statuses alone decide the retries).
struct Codes;

impl aws2_http::ErrorInspector for Codes {
    fn error_code(&self, _: &Response) -> Option<String> {
        None
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn async_sends_the_request_the_blocking_sender_sends() {
    let server = Server::start(vec![ok("a"), ok("b")]);
    let sender = sender();
    let req = put(&server, 300 << 10);
    let blocking = sender.send(&req, &s3_auth(), &Codes).unwrap();
    let http = sender.http().async_twin().unwrap();
    let task = runtime()
        .block_on(sender.send_async(&http, &req, &s3_auth(), &Codes))
        .unwrap();
    assert_eq!((blocking.status, blocking.bytes()), (200, &b"a"[..]));
    assert_eq!((task.status, task.bytes()), (200, &b"b"[..]));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].line, seen[1].line);
    assert!(seen[0].body == seen[1].body && seen[0].body.len() == 300 << 10);
    for name in [
        "authorization",
        "x-amz-date",
        "x-amz-content-sha256",
        "x-amz-checksum-crc32",
        "content-length",
        "user-agent",
    ] {
        assert!(seen[0].header(name).is_some(), "{name}");
        assert_eq!(seen[0].header(name), seen[1].header(name), "{name}");
    }
}

#[test]
fn async_sends_retry_as_the_blocking_sender_does() {
    let server = Server::start(vec![status(503), status(500), ok("done")]);
    let sender = sender();
    let http = sender.http().async_twin().unwrap();
    let response = runtime()
        .block_on(sender.send_async(&http, &put(&server, 10), &s3_auth(), &Codes))
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.retry_attempts, 2);
    assert_eq!(response.bytes(), b"done");
    assert_eq!(server.seen().len(), 3);
}

#[test]
fn paced_bodies_are_sent_whole_with_their_length() {
    let server = Server::start(vec![ok("")]);
    let sender = sender();
    let paced = Arc::new(AtomicU64::new(0));
    let calls = Arc::new(AtomicUsize::new(0));
    let (count, sum) = (Arc::clone(&calls), Arc::clone(&paced));
    let http = sender
        .http()
        .async_twin()
        .unwrap()
        .paced(Arc::new(move |n| {
            count.fetch_add(1, Ordering::SeqCst);
            sum.fetch_add(n, Ordering::SeqCst);
            Duration::from_millis(1)
        }));
    let len = 3 * PACE_SLICE + 5;
    let req = put(&server, len);
    let response = runtime()
        .block_on(sender.send_async(&http, &req, &s3_auth(), &Codes))
        .unwrap();
    assert_eq!(response.status, 200);
    let seen = server.seen();
    assert_eq!(
        seen[0].header("content-length"),
        Some(len.to_string().as_str())
    );
    assert!(seen[0].body.as_slice() == &*req_body(&req));
    assert_eq!(paced.load(Ordering::SeqCst), len as u64);
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

fn req_body(req: &Request) -> bytes::Bytes {
    match &req.body {
        aws2_http::Body::Bytes(b) => b.clone(),
        aws2_http::Body::Stream { .. } => unreachable!("the test bodies are in memory"),
    }
}
