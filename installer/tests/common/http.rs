//! A plain HTTP/1.1 file server on a free loopback port, serving a channel directory for the
//! update tests, with two faults it can inject per path: a body cut short of its announced
//! length, and a connection closed before any response.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
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
    /// Serves `root` on 127.0.0.1 at a port picked by binding port 0.
    pub fn start(root: PathBuf) -> FileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let faults: Arc<Mutex<BTreeMap<String, Fault>>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let thread = {
            let (stop, faults, requests) = (stop.clone(), faults.clone(), requests.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    serve(stream, &root, &faults, &requests);
                }
            })
        };
        FileServer {
            base: format!("http://127.0.0.1:{port}"),
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

/// Answers one request on `stream`, then closes it.
fn serve(
    mut stream: TcpStream,
    root: &std::path::Path,
    faults: &Mutex<BTreeMap<String, Fault>>,
    requests: &Mutex<Vec<String>>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    requests.lock().unwrap().push(path.clone());
    let fault = faults.lock().unwrap().get(&path).copied();
    if fault == Some(Fault::Drop) {
        let _ = stream.shutdown(Shutdown::Both);
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
    let _ = stream.shutdown(Shutdown::Both);
}
