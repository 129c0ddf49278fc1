//! Signed S3 calls through the client API to a real `s3s-fs` server on loopback, which checks
//! every signature: object keys with spaces, `+`, `~`, `%`, `/` and unicode round-trip, and a
//! wrong secret key is rejected.

use aws2_client::{CallError, Client, ClientConfig, EndpointSettings, Signing};
use aws2_core::{Service, Value};
use aws2_http::{
    Credentials, HttpClient, ProxySettings, RetryConfig, RetryMode, Sender, TransportConfig,
};
use indexmap::IndexMap;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const ACCESS_KEY: &str = "AKIAS3SFSTESTKEY0001";
const SECRET_KEY: &str = "s3s-fs-test-secret-key-0123456789abcdefgh";

struct S3sFs {
    child: Child,
    url: String,
    _root: tempfile::TempDir,
}

impl Drop for S3sFs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn s3s_fs_binary() -> std::path::PathBuf {
    let home_bin = std::env::var_os("HOME")
        .map(|h| std::path::Path::new(&h).join(".cargo/bin/s3s-fs"))
        .filter(|p| p.exists());
    home_bin.unwrap_or_else(|| "s3s-fs".into())
}

fn start() -> S3sFs {
    let root = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(s3s_fs_binary())
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
        .arg(root.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("s3s-fs is installed (scripts/test installs it)");
    for _ in 0..600 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    S3sFs {
        child,
        url: format!("http://127.0.0.1:{port}"),
        _root: root,
    }
}

fn client(server: &S3sFs, secret: &str) -> Client {
    let transport = TransportConfig {
        cli_version: "2.0.0".into(),
        user_agent_extra: String::new(),
        ca_bundle: None,
        verify_ssl: true,
        proxies: ProxySettings::from_env(&Default::default()),
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
            endpoint: EndpointSettings {
                region: Some("us-east-1".into()),
                endpoint_url: Some(server.url.clone()),
                ..Default::default()
            },
            signing: Signing::Credentials(Credentials::new(ACCESS_KEY, secret)),
            s3_payload_signing: false,
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
