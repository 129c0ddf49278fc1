//! Checksums on the wire: uploads carry the CRC64NVME of their bytes, and a download whose bytes
//! do not match the checksum the server sent fails and leaves no file behind. A small
//! fixture server plays S3 so the checksum it returns can be wrong on purpose.

mod common;

use aws2_client::Client;
use aws2_http::Credentials;
use aws2_s3::TransferSettings;
use common::run_in;
use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

const BODY: &[u8] = b"hello world";
/// The base64 of the big-endian CRC32 of `BODY` (0x0d4a1185).
const BODY_CRC32: &str = "DUoRhQ==";
/// The base64 of the big-endian CRC64NVME of `BODY` (0x8d29d5c3f6ea8ebe).
const BODY_CRC64NVME: &str = "jSnVw/bqjr4=";

/// One request as the fixture saw it.
type Seen = common::Received;

/// Answers HEAD and GET with `BODY` and the checksum `crc`, and PUT with an ETag; records
/// every request.
fn fixture(crc: &'static str) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = Arc::clone(&log);
            std::thread::spawn(move || serve(stream, crc, &log));
        }
    });
    (url, seen)
}

fn serve(stream: TcpStream, crc: &str, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    while let Some(request) = common::read_request(&mut reader) {
        let method = request.method.clone();
        log.lock().unwrap().push(request);
        let fixed = "Last-Modified: Wed, 01 Jan 2025 00:00:00 GMT\r\nETag: \"5eb63bbbe01eeed093cb22bb8f5acdc3\"\r\n";
        let response = match method.as_str() {
            "HEAD" => format!(
                "HTTP/1.1 200 OK\r\n{fixed}Content-Length: {}\r\n\r\n",
                BODY.len()
            ),
            "GET" => format!(
                "HTTP/1.1 200 OK\r\n{fixed}x-amz-checksum-crc32: {crc}\r\nContent-Length: {}\r\n\r\n{}",
                BODY.len(),
                String::from_utf8_lossy(BODY)
            ),
            _ => format!("HTTP/1.1 200 OK\r\n{fixed}Content-Length: 0\r\n\r\n"),
        };
        out.write_all(response.as_bytes()).unwrap();
    }
}

fn client(url: &str) -> Client {
    common::client_with(url, Credentials::new("testing", "testing"), None)
}

fn header<'a>(seen: &'a Seen, name: &str) -> Option<&'a str> {
    seen.headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn uploads_carry_their_checksum_and_bad_downloads_are_refused() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    std::fs::write(dir.join("hello.txt"), BODY).unwrap();
    let settings = TransferSettings::default();

    // Upload: the body goes with its CRC64NVME (the AWS CLI v2's default), the algorithm's
    // header, and a signed SHA-256 (plain HTTP).
    let (url, seen) = fixture(BODY_CRC32);
    let c = client(&url);
    let up = run_in(&c, dir, settings, &["cp", "hello.txt", "s3://b/hello.txt"]);
    assert_eq!(up.code, 0, "{up:?}");
    let put = seen
        .lock()
        .unwrap()
        .iter()
        .find(|s| s.method == "PUT")
        .cloned()
        .expect("a PUT was sent");
    assert_eq!(put.body, BODY);
    assert_eq!(
        header(&put, "x-amz-checksum-crc64nvme"),
        Some(BODY_CRC64NVME)
    );
    assert_eq!(
        header(&put, "x-amz-sdk-checksum-algorithm"),
        Some("CRC64NVME")
    );
    assert_eq!(header(&put, "x-amz-checksum-crc32"), None);
    assert_eq!(
        header(&put, "x-amz-content-sha256"),
        Some("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
    );

    // Download with the right checksum: the file arrives, the request asked for it.
    let good = run_in(&c, dir, settings, &["cp", "s3://b/hello.txt", "good.txt"]);
    assert_eq!(good.code, 0, "{good:?}");
    assert_eq!(std::fs::read(dir.join("good.txt")).unwrap(), BODY);
    let get = seen
        .lock()
        .unwrap()
        .iter()
        .find(|s| s.method == "GET")
        .cloned()
        .unwrap();
    assert_eq!(header(&get, "x-amz-checksum-mode"), Some("ENABLED"));

    // A checksum that does not match: exit 1, the error names both, no file left behind.
    let (bad_url, _) = fixture("AAAAAA==");
    let bad = run_in(
        &client(&bad_url),
        dir,
        settings,
        &["cp", "s3://b/hello.txt", "bad.txt"],
    );
    assert_eq!(bad.code, 1, "{bad:?}");
    assert!(
        bad.err.contains(
            "download failed: s3://b/hello.txt to ./bad.txt Expected checksum AAAAAA== did not match calculated checksum: DUoRhQ=="
        ),
        "{bad:?}"
    );
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("bad")), "{names:?}");
}
