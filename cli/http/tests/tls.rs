//! HTTPS to a local server whose certificate comes from a CA made by the test: trusted with
//! the CA bundle, a clear certificate error without it, accepted with verification off.

mod support;

use std::net::TcpListener;
use std::sync::Arc;

use aws2_http::{
    Auth, Error, HttpClient, Request, RetryConfig, Sender, TransportConfig, TransportError,
};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use support::{ok, read_request, respond};

/// Starts an HTTPS server for `localhost`; returns its port and the CA certificate (PEM).
fn https_server() -> (u16, String) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "aws2 test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let ca_pem = ca_cert.pem();
    let issuer = Issuer::new(ca_params, ca_key);

    let leaf_key = KeyPair::generate().unwrap();
    let leaf_params =
        CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(leaf.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let Ok(conn) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut tls = rustls::StreamOwned::new(conn, stream);
            if read_request(&mut tls).is_some() {
                respond(&mut tls, &ok("secure"));
                tls.conn.send_close_notify();
                let _ = std::io::Write::flush(&mut tls);
            }
        }
    });
    (port, ca_pem)
}

fn sender(config: TransportConfig) -> Sender {
    Sender::new(HttpClient::new(&config).unwrap(), RetryConfig::default()).unwrap()
}

fn no_code(_: &aws2_http::Response) -> Option<String> {
    None
}

#[test]
fn ca_bundle_is_trusted_and_missing_ca_fails_clearly() {
    let (port, ca_pem) = https_server();
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("ca.pem");
    std::fs::write(&bundle, &ca_pem).unwrap();
    let req = Request::new(
        "GET",
        format!("https://localhost:{port}/?X-Amz-Signature=abc"),
    );

    let trusted = sender(TransportConfig {
        ca_bundle: Some(bundle),
        ..TransportConfig::default()
    });
    let resp = trusted.send(&req, &Auth::Anonymous, &no_code).unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.bytes(), b"secure");

    let untrusted = sender(TransportConfig::default());
    let err = untrusted
        .send(&req, &Auth::Anonymous, &no_code)
        .unwrap_err();
    let message = err.to_string();
    match err {
        Error::Transport {
            source: TransportError::Tls { .. },
            retry_attempts,
        } => assert_eq!(retry_attempts, 0, "certificate errors are not retried"),
        other => panic!("expected a TLS error, got {other:?}"),
    }
    assert!(
        message.starts_with(&format!(
            "SSL validation failed for https://localhost:{port}/?X-Amz-Signature=<redacted> "
        )) && message.contains("certificate verify failed")
            && message.contains("UnknownIssuer"),
        "{message}"
    );
    // The URL is named whole, as botocore names it, with the signature's value hidden.
    assert!(!message.contains("abc"), "{message}");

    let unverified = sender(TransportConfig {
        verify_ssl: false,
        ..TransportConfig::default()
    });
    let resp = unverified.send(&req, &Auth::Anonymous, &no_code).unwrap();
    assert_eq!(resp.bytes(), b"secure");
}

#[test]
fn unreadable_ca_bundle_is_a_clear_error() {
    let config = TransportConfig {
        ca_bundle: Some("/nonexistent/ca.pem".into()),
        ..TransportConfig::default()
    };
    let err = HttpClient::new(&config).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot use CA bundle /nonexistent/ca.pem:"),
        "{err}"
    );
}
