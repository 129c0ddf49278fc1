//! Runs every case of the SigV4 test suite (canonical request, string to sign, authorization)
//! and a few S3 and pre-signing checks.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws2_http::sigv4::{self, PayloadHash, SigningParams, SigningSettings};
use aws2_http::{Body, Credentials, Request};

const TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/botocore/tests/unit/auth/aws4_testsuite")
}

fn signing_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_440_938_160) // 2015-08-30T12:36:00Z
}

/// Every directory holding a `<name>.req` file, as its path relative to the suite.
fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("suite directory")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.join(format!("{name}.req")).exists() {
                out.push(path.clone());
            }
            cases(&path, out);
        }
    }
}

/// Parses a raw `.req` file into a request (header continuation lines are folded in).
fn parse_raw(raw: &str) -> Request {
    let (head, body) = match raw.split_once("\n\n") {
        Some((h, b)) => (h, b),
        None => (raw, ""),
    };
    let mut lines = head.lines();
    let request_line = lines.next().expect("request line");
    let (method, rest) = request_line.split_once(' ').expect("method");
    let target = rest.strip_suffix(" HTTP/1.1").unwrap_or(rest);
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            if let Some(last) = headers.last_mut() {
                last.1.push('\n');
                last.1.push_str(line);
            }
            continue;
        }
        let (name, value) = line.split_once(':').expect("header");
        headers.push((name.to_string(), value.to_string()));
    }
    let host = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone())
        .expect("host header");
    Request {
        method: method.to_string(),
        url: format!("https://{host}{target}"),
        headers,
        body: Body::Bytes(body.as_bytes().to_vec().into()),
    }
}

#[test]
fn sigv4_suite() {
    let mut dirs = Vec::new();
    cases(&suite_dir(), &mut dirs);
    assert!(dirs.len() >= 25, "suite not found at {:?}", suite_dir());
    let mut passed = 0;
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let read = |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
        let mut request = parse_raw(&read("req"));
        // A token the signed request carries but the raw request lacks comes from the
        // credentials; it is signed unless the case adds it after signing.
        let token = parse_raw(&read("sreq"))
            .header("x-amz-security-token")
            .filter(|_| request.header("x-amz-security-token").is_none())
            .map(str::to_string);
        let token_after = name == "post-sts-header-after";
        let mut credentials =
            Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        let mut settings = SigningSettings::default();
        if token_after {
            assert_eq!(token.as_deref(), Some(TOKEN));
            settings.sign_session_token = false;
        }
        credentials.session_token = token.clone();
        let params = SigningParams {
            credentials: &credentials,
            region: "us-east-1",
            service: "service",
            time: signing_time(),
            settings,
        };
        let sig = sigv4::sign(&mut request, &params).expect("sign");
        let mut ok = sig.canonical_request == read("creq")
            && sig.string_to_sign == read("sts")
            && sig.authorization == read("authz").trim_end();
        if token_after {
            ok &= request.header("x-amz-security-token") == Some(TOKEN);
        }
        if let Some(token) = &token {
            ok &= request.header("x-amz-security-token") == Some(token.as_str());
        }
        if ok {
            passed += 1;
        } else {
            failures.push(format!(
                "{name}:\n--- creq\n{}\n--- sts\n{}\n--- authz\n{}",
                sig.canonical_request, sig.string_to_sign, sig.authorization
            ));
        }
    }
    println!("sigv4 suite: {passed}/{}", dirs.len());
    eprintln!("sigv4 suite: {passed}/{}", dirs.len());
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

fn s3_params(credentials: &Credentials, settings: SigningSettings) -> SigningParams<'_> {
    SigningParams {
        credentials,
        region: "us-east-1",
        service: "s3",
        time: UNIX_EPOCH + Duration::from_secs(1_369_353_600), // 2013-05-24T00:00:00Z
        settings,
    }
}

/// The S3 documentation's GET Object example (header auth).
#[test]
fn s3_get_object_example() {
    let credentials = Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    let mut request = Request::new("GET", "https://examplebucket.s3.amazonaws.com/test.txt");
    request.headers.push(("Range".into(), "bytes=0-9".into()));
    let sig = sigv4::sign(
        &mut request,
        &s3_params(&credentials, SigningSettings::s3()),
    )
    .unwrap();
    assert_eq!(
        sig.signature,
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    );
    assert_eq!(
        request.header("x-amz-content-sha256"),
        Some(sigv4::EMPTY_SHA256)
    );
}

/// The S3 documentation's pre-signed URL example.
#[test]
fn s3_presigned_url_example() {
    let credentials = Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    let request = Request::new("GET", "https://examplebucket.s3.amazonaws.com/test.txt");
    let settings = SigningSettings {
        payload: PayloadHash::Unsigned,
        ..SigningSettings::s3()
    };
    let (url, sig) = sigv4::presign(
        &request,
        &s3_params(&credentials, settings),
        Duration::from_secs(86_400),
    )
    .unwrap();
    assert_eq!(
        sig.signature,
        "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    );
    assert!(url.starts_with("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature="));
}

/// S3 keys are signed exactly as sent: no normalization, no second encoding.
#[test]
fn s3_paths_are_not_normalized_or_reencoded() {
    let credentials = Credentials::new("AKID", "SECRET");
    let url = "https://b.s3.amazonaws.com/a//b/../c%20d%2B~%25";
    let mut request = Request::new("PUT", url);
    request.body = Body::Bytes(b"hi".to_vec().into());
    let settings = SigningSettings {
        payload: PayloadHash::Unsigned,
        ..SigningSettings::s3()
    };
    let sig = sigv4::sign(&mut request, &s3_params(&credentials, settings)).unwrap();
    let path = sig.canonical_request.lines().nth(1).unwrap();
    assert_eq!(path, "/a//b/../c%20d%2B~%25");
    assert!(sig.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
    assert_eq!(
        request.header("x-amz-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );

    let mut other = Request::new("GET", "https://svc.amazonaws.com/a//b/../c%20d");
    let sig = sigv4::sign(
        &mut other,
        &s3_params(&credentials, SigningSettings::default()),
    )
    .unwrap();
    assert_eq!(sig.canonical_request.lines().nth(1).unwrap(), "/a/c%2520d");
}

/// A session token is signed and sent; a streaming body is hashed from its opener.
#[test]
fn session_token_and_streaming_body() {
    let mut credentials = Credentials::new("AKID", "SECRET");
    credentials.session_token = Some("TOKEN".into());
    let data = b"streamed body".to_vec();
    let opener_data = data.clone();
    let mut request = Request::new("PUT", "https://b.s3.amazonaws.com/k");
    request.body = Body::Stream {
        length: data.len() as u64,
        open: std::sync::Arc::new(move || {
            Ok(Box::new(std::io::Cursor::new(opener_data.clone()))
                as Box<dyn std::io::Read + Send>)
        }),
    };
    let sig = sigv4::sign(
        &mut request,
        &s3_params(&credentials, SigningSettings::s3()),
    )
    .unwrap();
    assert_eq!(request.header("x-amz-security-token"), Some("TOKEN"));
    assert!(sig
        .canonical_request
        .contains("x-amz-security-token:TOKEN\n"));
    assert!(sig.canonical_request.ends_with(&sigv4::sha256_hex(&data)));
}
