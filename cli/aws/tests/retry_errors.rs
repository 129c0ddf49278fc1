//! When every attempt fails, the error says so as the Python CLI says it:
//! `An error occurred (...) when calling the X operation (reached max retries: N): ...`, in
//! standard retry mode, against a server that only ever answers 503 or 400. The `legacy` mode
//! is refused as the AWS CLI v2 refuses it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;

/// Answers every request with `status` and `body` (JSON), forever.
fn always(status: &'static str, body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut out = stream;
                loop {
                    let mut len = 0usize;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let line = line.trim_end().to_ascii_lowercase();
                        if line.is_empty() {
                            break;
                        }
                        if let Some(v) = line.strip_prefix("content-length:") {
                            len = v.trim().parse().unwrap();
                        }
                    }
                    let mut body_in = vec![0; len];
                    reader.read_exact(&mut body_in).unwrap();
                    let reply = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    out.write_all(reply.as_bytes()).unwrap();
                }
            });
        }
    });
    url
}

/// Runs `program dynamodb list-tables` against `url` with the retry settings; returns the exit
/// code and standard error.
fn run(program: &str, url: &str, mode: &str, attempts: &str) -> (i32, String) {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(program)
        .args(["dynamodb", "list-tables", "--endpoint-url", url])
        .env("HOME", home.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
        .env("AWS_RETRY_MODE", mode)
        .env("AWS_MAX_ATTEMPTS", attempts)
        .output()
        .expect("the CLI runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exhausted_retries_are_reported_as_in_v2() {
    let unavailable = always("503 Service Unavailable", "");
    let throttled = always(
        "400 Bad Request",
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}"#,
    );
    let invalid = always(
        "400 Bad Request",
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"Bad input"}"#,
    );
    let aws2 = env!("CARGO_BIN_EXE_aws");
    let mut checks = 0;
    for (url, mode, attempts, suffix) in [
        (&unavailable, "standard", "2", Some(1)),
        (&throttled, "standard", "3", Some(2)),
        // Not retryable: attempts were left, no suffix.
        (&invalid, "standard", "3", None),
        // The only attempt allowed failed: standard mode marks it.
        (&invalid, "standard", "1", Some(0)),
    ] {
        let mine = run(aws2, url, mode, attempts);
        let oracle = aws2_e2e::oracle::v2_bin();
        let python = run(oracle.to_str().expect("UTF-8 path"), url, mode, attempts);
        assert_eq!(mine, python, "{mode} {attempts}");
        assert_eq!(mine.0, 254, "{mine:?}");
        let note = suffix.map(|n| format!(" (reached max retries: {n})"));
        assert_eq!(
            mine.1.contains("(reached max retries"),
            note.is_some(),
            "{mode} {attempts}: {mine:?}"
        );
        if let Some(note) = note {
            assert!(mine.1.contains(&note), "{mine:?}");
        }
        checks += 1;
    }
    eprintln!("retry errors: {checks} cases identical to the AWS CLI v2");
}

#[test]
fn legacy_retry_mode_is_refused_as_the_aws_cli_v2_refuses_it() {
    let unavailable = always("503 Service Unavailable", "");
    let (code, stderr) = run(env!("CARGO_BIN_EXE_aws"), &unavailable, "legacy", "2");
    assert_eq!(code, 255, "{stderr}");
    assert!(
        stderr.contains(
            r#"Invalid value provided to "mode": "legacy" must be one of: "standard" or "adaptive""#
        ),
        "{stderr}"
    );
}
