//! A plain HTTP/1.1 file server on a free loopback port, serving a channel directory for the
//! update tests, with two faults it can inject per path: a body cut short of its announced
//! length, and a connection closed before any response. It can also serve HTTPS with a
//! certificate from a CA made by the test ([`test_ca`]).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A fault served for one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Announce the full length, send half of the body, close.
    Truncate,
    /// Read the request and close the connection without answering.
    Drop,
}

/// The running server; stopped on drop.
pub struct FileServer {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    port: u16,
    stop: Arc<AtomicBool>,
    faults: Arc<Mutex<BTreeMap<String, Fault>>>,
    requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl FileServer {
    /// Serves `root` over HTTP on 127.0.0.1 at a port picked by binding port 0.
    pub fn start(root: PathBuf) -> FileServer {
        FileServer::spawn(root, None)
    }

    /// Serves `root` over HTTPS with `tls`; [`FileServer::base`] is then
    /// `https://localhost:<port>`.
    pub fn start_tls(root: PathBuf, tls: Arc<rustls::ServerConfig>) -> FileServer {
        FileServer::spawn(root, Some(tls))
    }

    fn spawn(root: PathBuf, tls: Option<Arc<rustls::ServerConfig>>) -> FileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let faults: Arc<Mutex<BTreeMap<String, Fault>>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let base = match &tls {
            None => format!("http://127.0.0.1:{port}"),
            Some(_) => format!("https://localhost:{port}"),
        };
        let thread = {
            let (stop, faults, requests) = (stop.clone(), faults.clone(), requests.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    match &tls {
                        None => {
                            let mut stream = stream;
                            serve(&mut stream, &root, &faults, &requests);
                            let _ = stream.shutdown(Shutdown::Both);
                        }
                        Some(config) => {
                            let Ok(conn) = rustls::ServerConnection::new(config.clone()) else {
                                continue;
                            };
                            let mut tls = rustls::StreamOwned::new(conn, stream);
                            serve(&mut tls, &root, &faults, &requests);
                            tls.conn.send_close_notify();
                            let _ = tls.flush();
                            let _ = tls.sock.shutdown(Shutdown::Both);
                        }
                    }
                }
            })
        };
        FileServer {
            base,
            port,
            stop,
            faults,
            requests,
            thread: Some(thread),
        }
    }

    /// Serves `fault` for requests of `path` (e.g. `/2.0.2/x.zip`).
    pub fn fault(&self, path: &str, fault: Fault) {
        self.faults.lock().unwrap().insert(path.to_owned(), fault);
    }

    /// The paths requested so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one request on `stream` (the caller closes it).
fn serve(
    stream: &mut (impl Read + Write),
    root: &std::path::Path,
    faults: &Mutex<BTreeMap<String, Fault>>,
    requests: &Mutex<Vec<String>>,
) {
    let Some(head) = read_head(stream) else {
        return;
    };
    let path = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_owned();
    requests.lock().unwrap().push(path.clone());
    let fault = faults.lock().unwrap().get(&path).copied();
    if fault == Some(Fault::Drop) {
        return;
    }
    let file = root.join(path.trim_start_matches('/'));
    let safe = !path.split('/').any(|c| c == "..");
    let body = if safe {
        std::fs::read(&file).ok()
    } else {
        None
    };
    let Some(body) = body else {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let _ = stream.flush();
        return;
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let sent = match fault {
        Some(Fault::Truncate) => &body[..body.len() / 2],
        _ => &body[..],
    };
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(sent))
        .and_then(|()| stream.flush());
}

/// Reads the request head (up to the blank line), at most 64 KiB.
fn read_head(stream: &mut impl Read) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 64 << 10 || stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    String::from_utf8(head).ok()
}

/// A CA made for the test and a server configuration for `localhost` and `127.0.0.1` with a
/// certificate it issued; returns the CA certificate (PEM) and the configuration.
pub fn test_ca() -> (String, Arc<rustls::ServerConfig>) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose};
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "aws2 installer test CA");
    let ca_pem = ca.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(leaf.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .unwrap();
    (ca_pem, Arc::new(config))
}
