//! The task-based sender against a scripted loopback server: the same signed request as the
//! blocking sender, the same retries, and a paced body sent whole with its length.

mod support;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use aws2_http::sigv4::SigningSettings;
use aws2_http::{
    Auth, CredentialSource, Credentials, CredentialsError, Hooks, HttpClient, LoadCredentials,
    Request, Response, RetryConfig, RetryMode, Sender, TransportConfig, PACE_SLICE,
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

/// Credentials that are fetched for every attempt (`ASIA1`, `ASIA2`, ...), noting the thread
/// that fetched them; or that cannot be fetched at all.
struct Fetching {
    loads: AtomicUsize,
    threads: std::sync::Mutex<Vec<std::thread::ThreadId>>,
    fail: bool,
}

impl Fetching {
    fn new(fail: bool) -> Arc<Fetching> {
        Arc::new(Fetching {
            loads: AtomicUsize::new(0),
            threads: std::sync::Mutex::new(Vec::new()),
            fail,
        })
    }
}

impl LoadCredentials for Fetching {
    fn load(&self) -> Result<Arc<Credentials>, CredentialsError> {
        self.threads
            .lock()
            .unwrap()
            .push(std::thread::current().id());
        if self.fail {
            return Err(CredentialsError("the role could not be assumed".into()));
        }
        let n = self.loads.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(Arc::new(Credentials::new(format!("ASIA{n}"), "SECRET")))
    }

    fn cached(&self) -> Option<Arc<Credentials>> {
        None
    }
}

fn fetching_auth(source: &Arc<Fetching>) -> Auth {
    Auth::SigV4 {
        credentials: CredentialSource::Loaded(Arc::clone(source) as Arc<dyn LoadCredentials>),
        region: "us-east-1".to_string(),
        service: "s3".to_string(),
        settings: SigningSettings::s3(),
    }
}

fn signing_key(seen: &support::Seen) -> String {
    let auth = seen.header("authorization").unwrap();
    let rest = &auth[auth.find("Credential=").unwrap() + "Credential=".len()..];
    rest.split('/').next().unwrap().to_owned()
}

#[test]
fn every_attempt_asks_for_credentials_and_fetches_run_off_the_runtime() {
    let server = Server::start(vec![status(503), ok("a"), status(503), ok("b")]);
    let sender = sender();
    let source = Fetching::new(false);
    let http = sender.http().async_twin().unwrap();
    let response = runtime()
        .block_on(sender.send_async(&http, &put(&server, 10), &fetching_auth(&source), &Codes))
        .unwrap();
    assert_eq!(response.status, 200);
    let here = std::thread::current().id();
    assert!(source.threads.lock().unwrap().iter().all(|t| *t != here));
    let blocking = sender
        .send(&put(&server, 10), &fetching_auth(&source), &Codes)
        .unwrap();
    assert_eq!(blocking.status, 200);
    let keys: Vec<String> = server.seen().iter().map(signing_key).collect();
    assert_eq!(keys, ["ASIA1", "ASIA2", "ASIA3", "ASIA4"]);
}

#[test]
fn credentials_that_cannot_be_fetched_fail_the_request_unsent() {
    let server = Server::start(vec![ok("a")]);
    let sender = sender();
    let source = Fetching::new(true);
    let http = sender.http().async_twin().unwrap();
    let err = runtime()
        .block_on(sender.send_async(&http, &put(&server, 10), &fetching_auth(&source), &Codes))
        .unwrap_err();
    assert!(matches!(err, aws2_http::Error::Credentials(_)), "{err:?}");
    assert_eq!(err.to_string(), "the role could not be assumed");
    let err = sender
        .send(&put(&server, 10), &fetching_auth(&source), &Codes)
        .unwrap_err();
    assert_eq!(err.to_string(), "the role could not be assumed");
    assert!(server.seen().is_empty());
}
