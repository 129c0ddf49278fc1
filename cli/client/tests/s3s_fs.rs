//! Signed S3 calls through the client API to a real `s3s-fs` server on loopback, which checks
//! every signature: object keys with spaces, `+`, `~`, `%`, `/` and unicode round-trip, and a
//! wrong secret key is rejected.

use aws2_client::{CallError, Client, ClientConfig, EndpointSettings, Signing};
use aws2_core::{Service, Value};
use aws2_e2e::S3sFs;
use aws2_http::{
    Credentials, HttpClient, ProxySettings, RetryConfig, RetryMode, Sender, TransportConfig,
};
use indexmap::IndexMap;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

const ACCESS_KEY: &str = "AKIAS3SFSTESTKEY0001";
const SECRET_KEY: &str = "s3s-fs-test-secret-key-0123456789abcdefgh";

fn start() -> S3sFs {
    S3sFs::start(ACCESS_KEY, SECRET_KEY)
}

fn client(server: &S3sFs, secret: &str) -> Client {
    client_with(server.url.clone(), secret, None, None)
}

/// A client for `endpoint`, optionally with S3 virtual-hosted addressing and an HTTP proxy.
fn client_with(
    endpoint: String,
    secret: &str,
    addressing: Option<&str>,
    proxy: Option<String>,
) -> Client {
    let mut proxy_env = std::collections::HashMap::new();
    if let Some(p) = proxy {
        proxy_env.insert("HTTP_PROXY".to_string(), p);
    }
    let transport = TransportConfig {
        cli_version: "2.0.0".into(),
        user_agent_extra: String::new(),
        ca_bundle: None,
        verify_ssl: true,
        proxies: ProxySettings::from_env(&proxy_env),
        connect_timeout: Some(Duration::from_secs(30)),
        read_timeout: Some(Duration::from_secs(60)),
        tcp_keepalive: false,
    };
    let sender = Sender::new(
        HttpClient::new(&transport).unwrap(),
        RetryConfig {
            mode: RetryMode::Standard,
            max_attempts: Some(1),
            service: "s3".into(),
        },
    )
    .unwrap();
    Client::new(
        Arc::new(Service::load("s3").unwrap()),
        ClientConfig {
            endpoint: {
                let mut settings = EndpointSettings {
                    region: Some("us-east-1".into()),
                    endpoint_url: Some(endpoint),
                    ..Default::default()
                };
                settings.s3.addressing_style = addressing.map(str::to_owned);
                settings
            },
            signing: Signing::Credentials(Credentials::new(ACCESS_KEY, secret).into()),
            s3_payload_signing: None,
        },
        Arc::new(sender),
    )
}

fn input(pairs: &[(&str, Value)]) -> Value {
    Value::Map(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<IndexMap<_, _>>(),
    )
}

fn call(client: &Client, op: &str, pairs: &[(&str, Value)]) -> Result<Value, CallError> {
    client.call(&client.service().operation(op).unwrap(), &input(pairs))
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

#[test]
fn signed_s3_calls_round_trip_awkward_keys_and_bad_signatures_fail() {
    let server = start();
    let good = client(&server, SECRET_KEY);
    call(&good, "CreateBucket", &[("Bucket", s("sigv4-bucket"))]).unwrap();
    let keys = [
        "plain.txt",
        "with space.txt",
        "plus+sign",
        "tilde~name",
        "percent%20literal",
        "dir/sub dir/file",
        "ünïcödé/日本語.txt",
        "equals=and&amp",
    ];
    for key in keys {
        let body = format!("contents of {key}").into_bytes();
        call(
            &good,
            "PutObject",
            &[
                ("Bucket", s("sigv4-bucket")),
                ("Key", s(key)),
                ("Body", Value::Blob(body.clone())),
            ],
        )
        .unwrap_or_else(|e| panic!("put {key}: {e}"));
        let got = call(
            &good,
            "GetObject",
            &[("Bucket", s("sigv4-bucket")), ("Key", s(key))],
        )
        .unwrap_or_else(|e| panic!("get {key}: {e}"));
        assert_eq!(got.get("Body"), Some(&Value::Blob(body)), "{key}");
    }
    let listed = call(
        &good,
        "ListObjectsV2",
        &[("Bucket", s("sigv4-bucket")), ("Prefix", s("dir/"))],
    )
    .unwrap();
    let Some(Value::List(contents)) = listed.get("Contents") else {
        panic!("{listed:?}")
    };
    assert_eq!(contents.len(), 1);
    assert_eq!(
        contents[0].get("Key").and_then(Value::as_str),
        Some("dir/sub dir/file")
    );

    let bad = client(&server, "not-the-secret-key-0000000000000000000000");
    let err = call(&bad, "ListObjectsV2", &[("Bucket", s("sigv4-bucket"))]).unwrap_err();
    match err {
        CallError::Service { error, .. } => {
            assert_eq!(error.code, "SignatureDoesNotMatch", "{error:?}");
            assert_eq!(error.status, 403);
        }
        other => panic!("expected a signature error, got {other}"),
    }
    eprintln!(
        "s3s-fs signed calls: {}/{} keys round-tripped, bad signature rejected",
        keys.len(),
        keys.len()
    );
}

/// A forwarding HTTP proxy for the test: takes absolute-form requests (as clients send them to
/// a proxy) and passes each to the loopback port of `upstream`, keeping the `Host` header, so
/// that virtual-hosted names such as `bucket.localhost` reach the server without DNS.
struct ForwardingProxy {
    port: u16,
    hosts: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl ForwardingProxy {
    fn start(upstream: u16) -> ForwardingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hosts = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = hosts.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = seen.clone();
                std::thread::spawn(move || forward(stream, upstream, &seen));
            }
        });
        ForwardingProxy { port, hosts }
    }
}

fn forward(mut client: std::net::TcpStream, upstream: u16, hosts: &std::sync::Mutex<Vec<String>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut head = Vec::new();
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if head.is_empty() {
            // `GET http://host:port/path HTTP/1.1` -> `GET /path HTTP/1.1`
            let mut parts = line.splitn(3, ' ');
            let (method, target, version) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            let path = target
                .split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
                .unwrap_or(target);
            line = format!("{method} {path} {version}");
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("host:") {
            hosts.lock().unwrap().push(line[5..].trim().to_owned());
        }
        if let Some(v) = lower.strip_prefix("content-length:") {
            content_length = v.trim().parse().unwrap_or(0);
        }
        if lower.starts_with("connection:") || lower.starts_with("proxy-connection:") {
            continue;
        }
        if line == "\r\n" {
            head.extend_from_slice(b"Connection: close\r\n\r\n");
            break;
        }
        head.extend_from_slice(line.as_bytes());
    }
    let mut body = vec![0; content_length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let Ok(mut up) = std::net::TcpStream::connect(("127.0.0.1", upstream)) else {
        return;
    };
    let _ = up.write_all(&head);
    let _ = up.write_all(&body);
    let mut response = Vec::new();
    let _ = up.read_to_end(&mut response);
    if client.write_all(&response).is_err() {
        return;
    }
    // The upstream closed after one response; so does this connection.
    let _ = client.shutdown(std::net::Shutdown::Both);
}

#[test]
fn virtual_hosted_style_requests_are_signed_for_the_bucket_host() {
    let server = start();
    let proxy = ForwardingProxy::start(server.port);
    let virtual_client = client_with(
        format!("http://localhost:{}", server.port),
        SECRET_KEY,
        Some("virtual"),
        Some(format!("http://127.0.0.1:{}", proxy.port)),
    );
    call(
        &virtual_client,
        "CreateBucket",
        &[("Bucket", s("vhost-bucket"))],
    )
    .unwrap();
    for key in ["a b+c~d", "dir/ü/日本"] {
        let body = format!("virtual {key}").into_bytes();
        call(
            &virtual_client,
            "PutObject",
            &[
                ("Bucket", s("vhost-bucket")),
                ("Key", s(key)),
                ("Body", Value::Blob(body.clone())),
            ],
        )
        .unwrap_or_else(|e| panic!("put {key}: {e}"));
        // Read back path-style, without the proxy: the same object.
        let got = call(
            &client(&server, SECRET_KEY),
            "GetObject",
            &[("Bucket", s("vhost-bucket")), ("Key", s(key))],
        )
        .unwrap_or_else(|e| panic!("get {key}: {e}"));
        assert_eq!(got.get("Body"), Some(&Value::Blob(body)), "{key}");
    }
    let expected_host = format!("vhost-bucket.localhost:{}", server.port);
    let hosts = proxy.hosts.lock().unwrap().clone();
    assert_eq!(
        hosts.len(),
        3,
        "create and two puts went through the proxy: {hosts:?}"
    );
    assert!(hosts.iter().all(|h| *h == expected_host), "{hosts:?}");
    eprintln!("s3s-fs virtual-hosted style: 2/2 keys written through bucket.localhost");
}
