//! Test support: a `moto_server` on a free loopback port, an S3 client for it, a printer
//! that captures output, and the AWS CLI v2 (`aws`) run against the same server as the oracle.
#![allow(dead_code)]

use aws2_client::{Client, ClientConfig, EndpointSettings, Signing};
use aws2_http::{Credentials, HttpClient, RetryConfig, Sender, TransportConfig};
use aws2_s3::report::Printer;
use aws2_s3::{Context, TransferSettings};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `moto_server`, killed on drop.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Moto {
    /// Starts a server and waits until it answers.
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server is installed");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// An S3 client for this server.
    pub fn client(&self) -> Client {
        client_for(&self.url)
    }

    /// Runs the AWS CLI v2's `aws s3 <args>` in `dir` against this server.
    pub fn python(&self, dir: &Path, args: &[&str]) -> Output {
        python_at(&self.url, dir, args)
    }
}

/// An S3 client (region `us-east-1`) for the server at `url`.
pub fn client_for(url: &str) -> Client {
    client_with(url, Credentials::new("testing", "testing"), None)
}

/// An S3 client for the server at `url` with these credentials and `payload_signing_enabled`.
pub fn client_with(url: &str, credentials: Credentials, payload_signing: Option<bool>) -> Client {
    let http = HttpClient::new(&TransportConfig::default()).unwrap();
    let retry = RetryConfig {
        service: "s3".into(),
        ..Default::default()
    };
    let sender = Sender::new(http, retry).unwrap();
    let endpoint = EndpointSettings {
        region: Some("us-east-1".into()),
        endpoint_url: Some(url.to_owned()),
        ..Default::default()
    };
    Client::new(
        Arc::new(aws2_core::Service::load("s3").unwrap()),
        ClientConfig {
            endpoint,
            signing: Signing::Credentials(credentials.into()),
            s3_payload_signing: payload_signing,
        },
        Arc::new(sender),
    )
}

/// Runs the AWS CLI v2's `aws s3 <args>` in `dir` against the server at `url`.
pub fn python_at(url: &str, dir: &Path, args: &[&str]) -> Output {
    let out = aws2_e2e::oracle::v2_command()
        .arg("--endpoint-url")
        .arg(url)
        .arg("s3")
        .args(args)
        .current_dir(dir)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("the AWS CLI v2 oracle runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a command printed and its exit code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub out: String,
    /// Standard error.
    pub err: String,
}

impl Output {
    /// Standard output's lines, sorted (transfers finish in any order).
    pub fn sorted(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.out.lines().map(str::to_owned).collect();
        lines.sort();
        lines
    }
}

#[derive(Default)]
struct Capture {
    out: Mutex<String>,
    err: Mutex<String>,
    terminal: bool,
}

impl Printer for Capture {
    fn out(&self, line: &str) {
        let mut o = self.out.lock().unwrap();
        o.push_str(line);
        o.push('\n');
    }

    fn err(&self, line: &str) {
        let mut e = self.err.lock().unwrap();
        e.push_str(line);
        e.push('\n');
    }

    fn is_terminal(&self) -> bool {
        self.terminal
    }

    fn progress(&self, text: &str) {
        let mut o = self.out.lock().unwrap();
        o.push_str(text);
        o.push('\r');
    }
}

static CWD: Mutex<()> = Mutex::new(());

/// Runs `aws s3 <args>` through the library in `dir` (the working directory, which the
/// messages are relative to) with `settings`.
pub fn run_in(client: &Client, dir: &Path, settings: TransferSettings, args: &[&str]) -> Output {
    run_with(client, dir, settings, false, args)
}

/// [`run_in`] as if standard output were a terminal (progress lines end in `\r`).
pub fn run_with(
    client: &Client,
    dir: &Path,
    settings: TransferSettings,
    terminal: bool,
    args: &[&str],
) -> Output {
    run_full(client, None, dir, settings, terminal, args)
}

/// [`run_in`] with a client of its own for the source bucket of S3-to-S3 transfers (as
/// `--source-region` gives).
pub fn run_with_source(
    client: &Client,
    source: &Client,
    dir: &Path,
    settings: TransferSettings,
    args: &[&str],
) -> Output {
    run_full(client, Some(source), dir, settings, false, args)
}

/// Reads `fileb://` values as the binary does (`file://` too, as text).
fn read_param_file(value: &str) -> Result<Option<Vec<u8>>, String> {
    let path = match value.strip_prefix("fileb://") {
        Some(p) => p,
        None => match value.strip_prefix("file://") {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    std::fs::read(path)
        .map(Some)
        .map_err(|e| format!("Unable to load paramfile {value}: {e}"))
}

fn run_full(
    client: &Client,
    source_client: Option<&Client>,
    dir: &Path,
    settings: TransferSettings,
    terminal: bool,
    args: &[&str],
) -> Output {
    let _guard = CWD.lock().unwrap_or_else(|e| e.into_inner());
    let previous = std::env::current_dir().unwrap();
    std::env::set_current_dir(dir).unwrap();
    let capture = Capture {
        terminal,
        ..Capture::default()
    };
    let ctx = Context {
        client,
        source_client,
        settings,
        region: Some("us-east-1".into()),
        printer: &capture,
        param_files: Some(&read_param_file),
    };
    let words: Vec<String> = args[1..].iter().map(|s| s.to_string()).collect();
    // The options as the `aws` binary reads them, with its exit code for a bad command line.
    let parsed = match aws2_cli::command::s3::parse(args[0], &words) {
        Ok(parsed) => parsed,
        Err(e) => {
            std::env::set_current_dir(previous).unwrap();
            return Output {
                code: e.exit_code(),
                out: String::new(),
                err: e.to_string(),
            };
        }
    };
    let code = match aws2_s3::run(&ctx, args[0], &parsed) {
        Ok(code) => code,
        // The exit codes the `aws` binary gives these errors, as the AWS CLI v2 does.
        Err(aws2_s3::S3Error::Usage(m)) => {
            capture.err(&m);
            252
        }
        Err(aws2_s3::S3Error::UnknownOptions(o)) => {
            capture.err(&format!("Unknown options: {}", o.join(", ")));
            252
        }
        Err(aws2_s3::S3Error::Validation(m)) => {
            capture.err(&m);
            252
        }
        Err(aws2_s3::S3Error::Call(call)) => {
            capture.err(&call.to_string());
            match *call {
                aws2_client::CallError::Service { .. } => 254,
                _ => 255,
            }
        }
        Err(aws2_s3::S3Error::Other(m)) => {
            capture.err(&m);
            255
        }
    };
    std::env::set_current_dir(previous).unwrap();
    Output {
        code,
        out: capture.out.into_inner().unwrap(),
        err: capture.err.into_inner().unwrap(),
    }
}

/// [`run_in`] with the default settings.
pub fn run(client: &Client, dir: &Path, args: &[&str]) -> Output {
    run_in(client, dir, TransferSettings::default(), args)
}

/// Writes a file, creating its directories, modified a minute ago (so that an upload in the
/// same second is never older than the file, whatever the clock's sub-second part).
pub fn write(root: &Path, rel: &str, data: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, data).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() - Duration::from_secs(60))
        .unwrap();
}

/// Deterministic pseudo-random bytes (a linear congruential sequence from `seed`).
pub fn data(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u8
        })
        .collect()
}

/// The lines of `text` with `from` replaced by `to`, sorted.
pub fn swap(text: &str, from: &str, to: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.replace(from, to)).collect();
    lines.sort();
    lines
}

/// The lines of `text`, sorted.
pub fn sorted(text: &str) -> Vec<String> {
    swap(text, "", "")
}

/// An object's ETag, by `HeadObject`.
pub fn etag(client: &Client, bucket: &str, key: &str) -> String {
    let out = aws2_s3::api::call(
        client,
        "HeadObject",
        aws2_s3::api::input(vec![
            ("Bucket", aws2_s3::api::s(bucket)),
            ("Key", aws2_s3::api::s(key)),
        ]),
    )
    .unwrap();
    aws2_s3::api::text(&out, "ETag").unwrap().to_owned()
}

/// Asserts that a command failed as the AWS CLI v2 failed: the same exit code, and the same
/// message on its `aws: [ERROR]:` line (after `An error occurred (ParamValidation): ` for an
/// invalid command line or unknown options).
pub fn fails_alike(mine: &Output, py: &Output, args: &[&str]) {
    assert_eq!(mine.code, py.code, "aws s3 {args:?}: {mine:?} {py:?}");
    assert_ne!(mine.code, 0, "aws s3 {args:?}");
    let message = mine.err.trim();
    // Failed and skipped transfers (exit 1 and 2) print their own lines.
    if mine.code == 1 || mine.code == 2 {
        assert!(py.err.contains(message), "aws s3 {args:?}: {mine:?} {py:?}");
        return;
    }
    let expected = if mine.code == 252 {
        format!("aws: [ERROR]: An error occurred (ParamValidation): {message}")
    } else {
        format!("aws: [ERROR]: {message}")
    };
    assert!(
        py.err.contains(&expected),
        "aws s3 {args:?}: expected {expected:?} in {py:?}"
    );
}

/// One HTTP/1.1 request as a test server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method.
    pub method: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
}

/// Reads the next request of a connection; `None` when the client closed it.
pub fn read_request(reader: &mut impl std::io::BufRead) -> Option<Received> {
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return None;
    }
    let method = line.split(' ').next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .map_or(0, |(_, value)| value.parse().unwrap());
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    Some(Received {
        method,
        headers,
        body,
    })
}
