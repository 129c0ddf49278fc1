//! A scripted HTTP/1.1 server on loopback for the transport tests: each connection serves one
//! request with the next scripted action, then closes.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Action {
    /// Answer with a status, extra headers and a body.
    Respond(u16, Vec<(String, String)>, String),
    /// Close the connection without answering.
    Reset,
}

/// A received request: its head (request line and headers) and body.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The request line, e.g. `GET /x HTTP/1.1`.
    pub line: String,
    /// Headers with lower-case names.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Seen {
    /// A header value by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The server: its port and what it has seen.
pub struct Server {
    /// The loopback port.
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Starts a server that plays `script` in order, then repeats its last action.
    pub fn start(script: Vec<Action>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        std::thread::spawn(move || {
            let mut n = 0;
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let action = script
                    .get(n)
                    .or(script.last())
                    .cloned()
                    .unwrap_or(Action::Reset);
                n += 1;
                if let Some(req) = read_request(&mut stream) {
                    record.lock().unwrap().push(req);
                }
                respond(&mut stream, &action);
            }
        });
        Server { port, seen }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Writes the action's answer (or nothing, for a reset).
pub fn respond(stream: &mut impl Write, action: &Action) {
    if let Action::Respond(status, headers, body) = action {
        let mut out = format!(
            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (n, v) in headers {
            out.push_str(&format!("{n}: {v}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(body);
        let _ = stream.write_all(out.as_bytes());
        let _ = stream.flush();
    }
}

/// Reads one request (head and `Content-Length` body).
pub fn read_request(stream: &mut impl Read) -> Option<Seen> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    Some(Seen {
        line,
        headers,
        body,
    })
}

/// The delays a sender asked to sleep.
pub type SleepLog = Arc<Mutex<Vec<Duration>>>;

/// Test hooks: no real sleeping (the requested delays are recorded), fixed jitter of 0.5.
pub fn recording_hooks() -> (aws2_http::Hooks, SleepLog) {
    let sleeps = Arc::new(Mutex::new(Vec::new()));
    let record = sleeps.clone();
    let hooks = aws2_http::Hooks {
        sleep: Arc::new(move |d| record.lock().unwrap().push(d)),
        now: Arc::new(std::time::SystemTime::now),
        random: Arc::new(|| 0.5),
    };
    (hooks, sleeps)
}

/// A JSON-protocol style error body.
pub fn json_error(code: &str) -> Action {
    Action::Respond(
        400,
        vec![("Content-Type".into(), "application/x-amz-json-1.0".into())],
        format!("{{\"__type\":\"{code}\",\"message\":\"m\"}}"),
    )
}

/// Reads `__type` from a JSON error body (the core's protocol parsers do this for real).
pub fn json_error_code(resp: &aws2_http::Response) -> Option<String> {
    let body = String::from_utf8_lossy(resp.bytes()).into_owned();
    let start = body.find("\"__type\":\"")? + 10;
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string())
}

/// `200 OK` with a body.
pub fn ok(body: &str) -> Action {
    Action::Respond(200, vec![], body.to_string())
}

/// A bare status with an empty body.
pub fn status(code: u16) -> Action {
    Action::Respond(code, vec![], String::new())
}
