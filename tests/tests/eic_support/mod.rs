//! A loopback stand-in for an EC2 Instance Connect Endpoint: a plain websocket server that
//! checks each handshake's pre-signed URL by computing its SigV4 signature again (secret key
//! `testing`), records its query parameters without the signature and the dates, and echoes
//! every binary frame until it has seen `expect` bytes, then closes with `close_code`.

pub mod stand_ins;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::protocol::CloseFrame;
use tungstenite::Message;

/// What one handshake sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handshake {
    /// The path of the URL.
    pub path: String,
    /// The query parameters in order, without `X-Amz-Signature` and with the dates masked.
    pub params: Vec<(String, String)>,
    /// The `Host` header.
    pub host: String,
    /// Whether the signature is the one the parameters and the secret key give.
    pub signature_valid: bool,
}

/// How the server behaves.
#[derive(Clone)]
pub struct Behaviour {
    /// Bytes to receive before closing.
    pub expect: usize,
    /// The close code (1000 ends cleanly) and reason.
    pub close: (u16, &'static str),
    /// Refuse the handshake with 403 and this body.
    pub refuse: Option<&'static str>,
    /// Answer with a text frame instead of echoing.
    pub text: bool,
}

/// The running server.
pub struct TunnelServer {
    /// `127.0.0.1:<port>`.
    pub address: String,
    /// Every handshake so far.
    pub handshakes: Arc<Mutex<Vec<Handshake>>>,
}

impl TunnelServer {
    /// Starts the server on a free loopback port.
    pub fn start(behaviour: Behaviour) -> TunnelServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let handshakes = Arc::new(Mutex::new(Vec::new()));
        let seen = handshakes.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = seen.clone();
                let behaviour = behaviour.clone();
                std::thread::spawn(move || serve(stream, &behaviour, &seen));
            }
        });
        TunnelServer {
            address,
            handshakes,
        }
    }

    /// The handshakes received.
    pub fn taken(&self) -> Vec<Handshake> {
        std::mem::take(&mut *self.handshakes.lock().unwrap())
    }
}

/// One connection: the handshake, then the echo (tungstenite's callback type returns the
/// refusal by value).
#[allow(clippy::result_large_err)]
fn serve(stream: TcpStream, behaviour: &Behaviour, seen: &Mutex<Vec<Handshake>>) {
    let callback = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
        let handshake = check(request);
        seen.lock().unwrap().push(handshake.clone());
        if let Some(body) = behaviour.refuse {
            let mut refusal = ErrorResponse::new(Some(body.to_owned()));
            *refusal.status_mut() = tungstenite::http::StatusCode::FORBIDDEN;
            return Err(refusal);
        }
        if !handshake.signature_valid {
            let mut refusal = ErrorResponse::new(Some("bad signature".to_owned()));
            *refusal.status_mut() = tungstenite::http::StatusCode::FORBIDDEN;
            return Err(refusal);
        }
        Ok(response)
    };
    let Ok(mut socket) = tungstenite::accept_hdr(stream, callback) else {
        return;
    };
    let mut received = 0;
    loop {
        match socket.read() {
            Ok(Message::Binary(data)) => {
                received += data.len();
                if behaviour.text {
                    let _ = socket.send(Message::text("not binary"));
                } else if !data.is_empty() {
                    let _ = socket.send(Message::Binary(data));
                }
                if received >= behaviour.expect {
                    let (code, reason) = behaviour.close;
                    let frame = CloseFrame {
                        code: CloseCode::from(code),
                        reason: reason.into(),
                    };
                    let _ = socket.close(Some(frame));
                }
            }
            Ok(_) => {}
            Err(_) => {
                // The client closed or went away; finish the closing handshake if we can.
                let _ = socket.flush();
                return;
            }
        }
    }
}

/// The handshake's URL, checked.
fn check(request: &Request) -> Handshake {
    let uri = request.uri();
    let path = uri.path().to_owned();
    let host = request
        .headers()
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let query = uri.query().unwrap_or_default();
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let signature = get("X-Amz-Signature");
    let date = get("X-Amz-Date");
    let credential = get("X-Amz-Credential");
    let scope: Vec<&str> = credential.splitn(2, '/').collect();
    let scope = scope.get(1).copied().unwrap_or_default();
    let mut canonical_query: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "X-Amz-Signature")
        .map(|(k, v)| (encode(k), encode(v)))
        .collect();
    canonical_query.sort();
    let canonical_query = canonical_query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let empty_hash = hex(&Sha256::digest(b""));
    let canonical = format!("GET\n{path}\n{canonical_query}\nhost:{host}\n\nhost\n{empty_hash}");
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let parts: Vec<&str> = scope.split('/').collect();
    let mut key = format!("AWS4{}", "testing").into_bytes();
    for part in &parts {
        key = hmac(&key, part.as_bytes());
    }
    let expected = hex(&hmac(&key, to_sign.as_bytes()));
    let params = pairs
        .into_iter()
        .filter(|(k, _)| k != "X-Amz-Signature")
        .map(|(k, v)| match k.as_str() {
            "X-Amz-Date" => (k, "<date>".to_owned()),
            "X-Amz-Credential" => {
                let masked: Vec<String> = v
                    .split('/')
                    .enumerate()
                    .map(|(i, s)| {
                        if i == 1 {
                            "<date>".to_owned()
                        } else {
                            s.to_owned()
                        }
                    })
                    .collect();
                (k, masked.join("/"))
            }
            _ => (k, v),
        })
        .collect();
    Handshake {
        path,
        params,
        host,
        signature_valid: parts.len() == 4 && expected == signature,
    }
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Percent-decoding of a query component.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// SigV4's URI encoding: everything but the unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The `sitecustomize` that routes the reference CLI's websocket (`awscrt.websocket.connect`,
/// always TLS on port 443) to the loopback server named by `EICE_TEST_ADDRESS`, without TLS;
/// the handshake request, its `Host` and URL are left as the CLI made them.
pub const SITECUSTOMIZE: &str = r#"
import os
_address = os.environ.get("EICE_TEST_ADDRESS")
if _address:
    import awscrt.websocket as _websocket
    _connect = _websocket.connect
    def _routed(**kwargs):
        host, port = _address.rsplit(":", 1)
        kwargs["host"] = host
        kwargs["port"] = int(port)
        kwargs["tls_connection_options"] = None
        return _connect(**kwargs)
    _websocket.connect = _routed
"#;

/// Echoes `expect` bytes, then closes cleanly.
pub fn clean(expect: usize) -> Behaviour {
    Behaviour {
        expect,
        close: (1000, ""),
        refuse: None,
        text: false,
    }
}
