//! A capturing HTTP server on a free loopback port: it records every request it receives
//! (method, target, headers, body) and answers each with a reply chosen by a function of the
//! request, by default one that every protocol's parser reads as an empty success, or
//! interrupts the client with SIGINT and holds the reply ([`Recorder::interrupting`]).
//!
//! A request is recorded before it is answered, so once a client has its response (or has
//! exited) the request is in [`Recorder::requests`]. The server stops when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// One request as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The request target: the path and query string as sent.
    pub target: String,
    /// The headers in the order sent, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body, with a chunked transfer encoding removed.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query string.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    /// The query string without `?` (empty when there is none).
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }
}

/// What the server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Headers besides `Content-Length`, which is always sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A reply with a status, a content type and a body.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        let mut headers = vec![("x-amzn-RequestId".to_owned(), REQUEST_ID.to_owned())];
        if !content_type.is_empty() {
            headers.push(("Content-Type".to_owned(), content_type.to_owned()));
        }
        Reply {
            status,
            headers,
            body: body.into(),
        }
    }

    /// The empty success of the request's protocol, as both CLIs parse it:
    /// - `json` (an `X-Amz-Target` header): `{}`;
    /// - `smithy-rpc-v2-cbor` (a `smithy-protocol` header): an empty CBOR map;
    /// - `query` and `ec2` (a form body with `Action=`): `<{Action}Response>` holding an
    ///   empty `<{Action}Result>` (the query parser looks for the result wrapper);
    /// - `rest-json` and `rest-xml`: an empty body, which both parse as no members.
    pub fn empty_success(request: &Recorded) -> Reply {
        if request.header("x-amz-target").is_some() {
            return Reply::new(200, "application/x-amz-json-1.1", "{}");
        }
        if request.header("smithy-protocol").is_some() {
            let mut reply = Reply::new(200, "application/cbor", vec![0xa0]);
            reply
                .headers
                .push(("smithy-protocol".to_owned(), "rpc-v2-cbor".to_owned()));
            return reply;
        }
        if let Some(action) = form_action(request) {
            let xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response>\
                 <{action}Result></{action}Result><ResponseMetadata><RequestId>{REQUEST_ID}\
                 </RequestId></ResponseMetadata></{action}Response>"
            );
            return Reply::new(200, "text/xml", xml);
        }
        Reply::new(200, "", Vec::new())
    }

    /// A client error of the request's protocol with this code and message (status 400), as a
    /// service returns it.
    pub fn error(request: &Recorded, code: &str, message: &str) -> Reply {
        if request.header("x-amz-target").is_some() {
            let body = serde_json::json!({ "__type": code, "message": message }).to_string();
            return Reply::new(400, "application/x-amz-json-1.1", body);
        }
        if request.header("smithy-protocol").is_some() {
            // Both CLIs read the JSON error form of a query-compatible rpc-v2-cbor error poorly;
            // a CBOR map {"__type": code, "message": message} is the protocol's own form.
            let mut body = vec![0xa2];
            for text in ["__type", code, "message", message] {
                cbor_text(&mut body, text);
            }
            let mut reply = Reply::new(400, "application/cbor", body);
            reply
                .headers
                .push(("smithy-protocol".to_owned(), "rpc-v2-cbor".to_owned()));
            return reply;
        }
        let is_form = form_action(request).is_some();
        let xml = if is_form && ec2_version(request) {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>\
                 <Message>{message}</Message></Error></Errors><RequestID>{REQUEST_ID}</RequestID></Response>"
            )
        } else if is_form {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>\
                 <Message>{message}</Message></Error><RequestId>{REQUEST_ID}</RequestId></ErrorResponse>"
            )
        } else if request
            .header("content-type")
            .is_some_and(|c| c.contains("json"))
            || request.body.first() == Some(&b'{')
        {
            let mut reply = Reply::new(
                400,
                "application/json",
                serde_json::json!({ "message": message }).to_string(),
            );
            reply
                .headers
                .push(("x-amzn-ErrorType".to_owned(), code.to_owned()));
            return reply;
        } else {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>\
                 <Message>{message}</Message><RequestId>{REQUEST_ID}</RequestId></Error>"
            )
        };
        Reply::new(400, "text/xml", xml)
    }
}

/// The request id every reply carries.
pub const REQUEST_ID: &str = "11111111-2222-3333-4444-555555555555";

/// A CBOR text string (major type 3).
fn cbor_text(out: &mut Vec<u8>, text: &str) {
    let len = text.len();
    if len < 24 {
        out.push(0x60 | len as u8);
    } else if len < 256 {
        out.extend([0x78, len as u8]);
    } else {
        out.push(0x79);
        out.extend((len as u16).to_be_bytes());
    }
    out.extend(text.as_bytes());
}

/// The `Action` of a form-encoded (`query` or `ec2` protocol) request.
fn form_action(request: &Recorded) -> Option<String> {
    let form = request
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return None;
    }
    let body = String::from_utf8_lossy(&request.body);
    body.split('&')
        .find_map(|pair| pair.strip_prefix("Action="))
        .map(str::to_owned)
}

/// Whether a form request names an EC2 API version (`Version=2016-11-15`).
fn ec2_version(request: &Recorded) -> bool {
    String::from_utf8_lossy(&request.body)
        .split('&')
        .any(|pair| pair == "Version=2016-11-15")
}

/// Chooses the reply to a request.
pub type Responder = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// What the server does with each request once it is recorded.
#[derive(Clone)]
enum Mode {
    /// Answers with the responder's reply.
    Answer(Arc<Responder>),
    /// Sends the responder's reply as the start of a body that never ends (an event stream
    /// still open) and holds the connection until the client closes it.
    Hold(Arc<Responder>),
    /// Sends SIGINT to the process that sent the request, as Ctrl-C in its terminal would,
    /// and never answers: the connection is held until the client closes it.
    Interrupt,
}

/// The running server.
pub struct Recorder {
    port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Recorder {
    /// Starts a server that answers every request with [`Reply::empty_success`].
    pub fn start() -> Recorder {
        Recorder::with_responder(Reply::empty_success)
    }

    /// Starts a server that answers each request with `responder(request)`.
    pub fn with_responder(
        responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> Recorder {
        Recorder::with_mode(Mode::Answer(Arc::new(responder)))
    }

    /// Starts a server that interrupts the sender of every request with SIGINT once the
    /// request has arrived, and holds the reply: the client is interrupted while it waits
    /// for a response, at the same point of every run.
    pub fn interrupting() -> Recorder {
        Recorder::with_mode(Mode::Interrupt)
    }

    /// Starts a server that answers each request with the head and body of
    /// `responder(request)` as the first chunk of a chunked body it never ends, and holds the
    /// connection until the client closes it.
    pub fn holding(responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Recorder {
        Recorder::with_mode(Mode::Hold(Arc::new(responder)))
    }

    fn with_mode(mode: Mode) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let requests = Arc::clone(&requests);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let requests = Arc::clone(&requests);
                    let mode = mode.clone();
                    std::thread::spawn(move || serve(stream, &requests, &mode));
                }
            })
        };
        Recorder {
            port,
            requests,
            stop,
            acceptor: Some(acceptor),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests received so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("request log").clone()
    }

    /// Returns the requests received so far and forgets them.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.requests.lock().expect("request log"))
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the acceptor, which sees the flag and returns.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Serves the requests of one connection until the client closes it.
fn serve(stream: TcpStream, requests: &Mutex<Vec<Recorded>>, mode: &Mode) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader, &mut writer) {
        let close = request
            .header("connection")
            .is_some_and(|c| c.eq_ignore_ascii_case("close"));
        let responder = match mode {
            Mode::Answer(responder) => responder,
            Mode::Hold(responder) => {
                let reply = responder(&request);
                requests.lock().expect("request log").push(request);
                if crate::event_stream::write_held(&mut writer, &reply).is_ok() {
                    let _ = std::io::copy(&mut reader, &mut std::io::sink());
                }
                break;
            }
            Mode::Interrupt => {
                requests.lock().expect("request log").push(request);
                let interrupted = match (writer.peer_addr(), writer.local_addr()) {
                    (Ok(peer), Ok(local)) => crate::interrupt::interrupt_peer(peer, local),
                    _ => false,
                };
                // Held until the interrupted client closes the connection (closed at once
                // when no sender was found, so that the client does not wait for ever).
                if interrupted {
                    let _ = std::io::copy(&mut reader, &mut std::io::sink());
                }
                break;
            }
        };
        let reply = responder(&request);
        requests.lock().expect("request log").push(request);
        if write_reply(&mut writer, &reply).is_err() || close {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}

/// Reads one request; `None` at the end of the connection or on a malformed request.
/// Answers `Expect: 100-continue` before reading the body, so the client does not wait.
fn read_request(reader: &mut BufReader<TcpStream>, writer: &mut TcpStream) -> Option<Recorded> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        let blank = line == b"\r\n" || line == b"\n";
        head.extend_from_slice(&line);
        if blank && head.len() > line.len() {
            break;
        }
        if blank {
            head.clear();
        }
    }
    let mut header_buf = [httparse::EMPTY_HEADER; 128];
    let mut parsed = httparse::Request::new(&mut header_buf);
    parsed.parse(&head).ok()?;
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_owned(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let mut request = Recorded {
        method: parsed.method?.to_owned(),
        target: parsed.path?.to_owned(),
        headers,
        body: Vec::new(),
    };
    if request
        .header("expect")
        .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
    {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").ok()?;
    }
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if chunked {
        request.body = read_chunked(reader)?;
    } else if let Some(length) = request.header("content-length") {
        let length: usize = length.trim().parse().ok()?;
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        request.body = body;
    }
    Some(request)
}

/// Reads a chunked body and its trailer.
fn read_chunked(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let size = line.trim().split(';').next()?;
        let size = usize::from_str_radix(size, 16).ok()?;
        if size == 0 {
            // Trailer fields up to the blank line.
            loop {
                let mut trailer = String::new();
                if reader.read_line(&mut trailer).ok()? == 0 || trailer.trim().is_empty() {
                    return Some(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).ok()?;
        let mut crlf = [0; 2];
        reader.read_exact(&mut crlf).ok()?;
    }
}

fn write_reply(writer: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&reply.body);
    writer.write_all(&bytes)?;
    writer.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(port: u16, raw: &[u8]) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(raw).unwrap();
        stream.shutdown(Shutdown::Write).unwrap();
        let mut out = String::new();
        stream.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn records_requests_and_answers_by_protocol() {
        let server = Recorder::start();
        let port = server
            .endpoint()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let json = send(
            port,
            b"POST /?a=1 HTTP/1.1\r\nHost: x\r\nX-Amz-Target: S.Op\r\nContent-Length: 2\r\n\r\n{}",
        );
        assert!(json.starts_with("HTTP/1.1 200 OK\r\n"), "{json}");
        assert!(json.ends_with("\r\n\r\n{}"), "{json}");
        let query = send(
            port,
            b"POST / HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
              Transfer-Encoding: chunked\r\n\r\n5\r\nActio\r\n8\r\nn=Get&V=\r\n0\r\n\r\n",
        );
        assert!(
            query.contains("<GetResponse><GetResult></GetResult>"),
            "{query}"
        );
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].method, "POST");
        assert_eq!(requests[0].path(), "/");
        assert_eq!(requests[0].query(), "a=1");
        assert_eq!(requests[0].header("x-amz-target"), Some("S.Op"));
        assert_eq!(requests[0].body, b"{}");
        assert_eq!(requests[1].body, b"Action=Get&V=");
        assert_eq!(server.take().len(), 2);
        assert!(server.requests().is_empty());
    }

    #[test]
    fn answers_expect_continue_and_keeps_connections_alive() {
        let server = Recorder::with_responder(|r| Reply::error(r, "NoSuchKey", "gone"));
        let port = server
            .endpoint()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let out = send(
            port,
            b"PUT /b/k HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc\
              GET /b/k HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        );
        assert!(
            out.starts_with("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400"),
            "{out}"
        );
        assert_eq!(out.matches("<Code>NoSuchKey</Code>").count(), 2, "{out}");
        let requests = server.requests();
        assert_eq!(requests[0].body, b"abc");
        assert_eq!(requests[1].method, "GET");
    }
}
