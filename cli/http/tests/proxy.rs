//! Requests go through an HTTP proxy from `HTTP_PROXY` (with Basic credentials) and bypass it
//! for hosts in `NO_PROXY`. The environment is passed as a map.

mod support;

use std::collections::HashMap;

use aws2_http::{Auth, HttpClient, ProxySettings, Request, RetryConfig, Sender, TransportConfig};
use base64::Engine;
use support::{ok, Server};

fn client(env: &[(&str, String)]) -> Sender {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let config = TransportConfig {
        proxies: ProxySettings::from_env(&env),
        ..TransportConfig::default()
    };
    let http = HttpClient::new(&config).expect("client");
    Sender::new(http, RetryConfig::default()).expect("sender")
}

fn no_code(_: &aws2_http::Response) -> Option<String> {
    None
}

#[test]
fn http_proxy_sees_requests_with_basic_credentials() {
    let proxy = Server::start(vec![ok("via proxy")]);
    let sender = client(&[(
        "HTTP_PROXY",
        format!("http://alice:s%40cret@127.0.0.1:{}", proxy.port),
    )]);
    let req = Request::new("GET", "http://service.example.invalid/path?x=1");
    let resp = sender.send(&req, &Auth::Anonymous, &no_code).unwrap();
    assert_eq!(resp.bytes(), b"via proxy");
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].line,
        "GET http://service.example.invalid/path?x=1 HTTP/1.1"
    );
    let expected = base64::engine::general_purpose::STANDARD.encode("alice:s@cret");
    assert_eq!(
        seen[0].header("proxy-authorization"),
        Some(format!("Basic {expected}").as_str())
    );
    assert!(seen[0]
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("aws-cli/")));
}

#[test]
fn no_proxy_hosts_bypass_the_proxy() {
    let proxy = Server::start(vec![ok("via proxy")]);
    let target = Server::start(vec![ok("direct")]);
    let sender = client(&[
        ("http_proxy", format!("http://127.0.0.1:{}", proxy.port)),
        ("HTTP_PROXY", "http://127.0.0.1:1".to_string()),
        ("NO_PROXY", "localhost,127.0.0.1".to_string()),
    ]);
    let req = Request::new("GET", format!("{}/direct", target.url()));
    let resp = sender.send(&req, &Auth::Anonymous, &no_code).unwrap();
    assert_eq!(resp.bytes(), b"direct");
    assert_eq!(target.seen().len(), 1);
    assert_eq!(target.seen()[0].line, "GET /direct HTTP/1.1");
    assert!(proxy.seen().is_empty());

    // The lower-case http_proxy won over HTTP_PROXY (port 1 would refuse the connection).
    let req = Request::new("GET", "http://elsewhere.example.invalid/");
    let resp = sender.send(&req, &Auth::Anonymous, &no_code).unwrap();
    assert_eq!(resp.bytes(), b"via proxy");
    assert_eq!(proxy.seen().len(), 1);
}
