//! `--debug` logs show the exchange but never the secrets in it.

mod support;

use std::sync::Mutex;

use aws2_http::sigv4::SigningSettings;
use aws2_http::{
    Auth, Body, Credentials, HttpClient, Request, RetryConfig, Sender, TransportConfig,
};
use support::{Action, Server};

static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        LINES.lock().unwrap().push(record.args().to_string());
    }
    fn flush(&self) {}
}

#[test]
fn debug_log_redacts_secrets() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Debug);
    let server = Server::start(vec![Action::Respond(
        200,
        vec![],
        "<Credentials><AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>RESPONSE-SECRET</SecretAccessKey><SessionToken>RESPONSE-TOKEN</SessionToken></Credentials>".into(),
    )]);
    let mut credentials = Credentials::new("AKIDEXAMPLE", "REQUEST-SECRET");
    credentials.session_token = Some("REQUEST-TOKEN".into());
    let auth = Auth::SigV4 {
        credentials: credentials.into(),
        region: "us-east-1".into(),
        service: "sts".into(),
        settings: SigningSettings::default(),
    };
    let mut req = Request::new("POST", format!("{}/", server.url()));
    req.body = Body::Bytes(b"Action=AssumeRole&Version=2011-06-15".to_vec().into());
    let http = HttpClient::new(&TransportConfig::default()).unwrap();
    let sender = Sender::new(http, RetryConfig::default()).unwrap();
    let resp = sender
        .send(&req, &auth, &|_: &aws2_http::Response| None)
        .unwrap();
    assert_eq!(resp.status, 200);

    let sent_signature = server.seen()[0]
        .header("authorization")
        .and_then(|a| a.split("Signature=").nth(1))
        .unwrap()
        .to_string();
    let log = LINES.lock().unwrap().join("\n");
    assert!(log.contains("Sending http request"), "{log}");
    assert!(log.contains("Action=AssumeRole"), "{log}");
    assert!(log.contains("<AccessKeyId>ASIAX</AccessKeyId>"), "{log}");
    for secret in [
        "REQUEST-SECRET",
        "REQUEST-TOKEN",
        "RESPONSE-SECRET",
        "RESPONSE-TOKEN",
        sent_signature.as_str(),
    ] {
        assert!(!log.contains(secret), "{secret} leaked into:\n{log}");
    }
}
