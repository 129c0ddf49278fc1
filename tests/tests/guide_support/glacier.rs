//! A small S3 Glacier endpoint for the multipart walkthrough, which `moto_server` does not
//! serve: create and describe vaults, initiate, upload parts (each part's
//! `x-amz-sha256-tree-hash` and `x-amz-content-sha256` verified against its body) and complete
//! (the archive's tree hash verified against the parts). Everything else is a 404.

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

const MIB: usize = 1024 * 1024;

#[derive(Default)]
struct Upload {
    vault: String,
    description: String,
    /// Part start offset → (length, SHA-256 of each 1 MiB chunk).
    parts: BTreeMap<u64, (u64, Vec<[u8; 32]>)>,
}

#[derive(Default)]
struct State {
    vaults: BTreeMap<String, (u64, u64)>,
    uploads: HashMap<String, Upload>,
    next_id: u64,
    /// Parts whose tree hash and content hash headers were checked and correct.
    verified_parts: u64,
    /// Requests refused for a wrong or missing checksum.
    rejected: u64,
}

/// The running endpoint; the listener thread lives as long as the test process.
pub struct GlacierFixture {
    port: u16,
    state: Arc<Mutex<State>>,
}

impl GlacierFixture {
    /// Listens on a free loopback port.
    pub fn start() -> GlacierFixture {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &state);
                });
            }
        });
        GlacierFixture { port, state }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// (parts verified, requests rejected for a bad checksum).
    pub fn counts(&self) -> (u64, u64) {
        let s = self.state.lock().expect("state");
        (s.verified_parts, s.rejected)
    }
}

/// The SHA-256 tree hash of leaf hashes: pairs combined level by level, an odd one promoted.
pub fn tree_of(mut level: Vec<[u8; 32]>) -> [u8; 32] {
    if level.is_empty() {
        return Sha256::digest(b"").into();
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => {
                    let mut h = Sha256::new();
                    h.update(a);
                    h.update(b);
                    h.finalize().into()
                }
                [a] => *a,
                _ => unreachable!("chunks(2) yields one or two"),
            })
            .collect();
    }
    level[0]
}

fn leaves(body: &[u8]) -> Vec<[u8; 32]> {
    body.chunks(MIB).map(|c| Sha256::digest(c).into()).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct Request {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

fn read_request(stream: &mut TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut words = line.split_whitespace();
    let method = words.next().unwrap_or_default().to_owned();
    let path = words.next().unwrap_or_default().to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    if headers
        .get("expect")
        .map(|v| v.eq_ignore_ascii_case("100-continue"))
        == Some(true)
    {
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let mut body = Vec::new();
    if headers
        .get("transfer-encoding")
        .map(|v| v.contains("chunked"))
        == Some(true)
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    } else {
        let len: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        body.resize(len, 0);
        reader.read_exact(&mut body)?;
    }
    Ok(Request {
        method,
        path,
        headers,
        body,
    })
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn error(status: u16, code: &str, message: &str) -> Response {
    Response {
        status,
        headers: vec![("x-amzn-ErrorType".into(), code.into())],
        body: serde_json::json!({"code": code, "message": message, "type": "Client"}).to_string(),
    }
}

fn serve(mut stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    let req = read_request(&mut stream)?;
    let resp = {
        let mut s = state
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        handle(&req, &mut s)
    };
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\nx-amzn-RequestId: fixture\r\n",
        resp.status,
        resp.body.len()
    );
    for (k, v) in &resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(resp.body.as_bytes())?;
    stream.flush()
}

fn handle(req: &Request, s: &mut State) -> Response {
    let path = req.path.split('?').next().unwrap_or_default();
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let header = |name: &str| req.headers.get(name).cloned().unwrap_or_default();
    match (req.method.as_str(), parts.as_slice()) {
        ("PUT", [account, "vaults", vault]) => {
            s.vaults.entry((*vault).to_owned()).or_default();
            Response {
                status: 201,
                headers: vec![(
                    "Location".into(),
                    format!("/{}/vaults/{vault}", id(account)),
                )],
                body: String::new(),
            }
        }
        ("GET", [account, "vaults", vault]) => match s.vaults.get(*vault) {
            Some((count, size)) => Response {
                status: 200,
                headers: Vec::new(),
                body: serde_json::json!({
                    "VaultARN": format!("arn:aws:glacier:us-east-1:{}:vaults/{vault}", id(account)),
                    "VaultName": vault,
                    "CreationDate": "2019-01-01T00:00:00.000Z",
                    "LastInventoryDate": "2019-01-01T00:00:00.000Z",
                    "NumberOfArchives": count,
                    "SizeInBytes": size,
                })
                .to_string(),
            },
            None => error(404, "ResourceNotFoundException", "Vault not found"),
        },
        ("POST", [account, "vaults", vault, "multipart-uploads"]) => {
            if !s.vaults.contains_key(*vault) {
                return error(404, "ResourceNotFoundException", "Vault not found");
            }
            if header("x-amz-part-size") != MIB.to_string() {
                return error(400, "InvalidParameterValueException", "Invalid part size");
            }
            s.next_id += 1;
            let upload_id = format!("guideUpload{:04}", s.next_id);
            s.uploads.insert(
                upload_id.clone(),
                Upload {
                    vault: (*vault).to_owned(),
                    description: header("x-amz-archive-description"),
                    parts: BTreeMap::new(),
                },
            );
            Response {
                status: 201,
                headers: vec![
                    (
                        "Location".into(),
                        format!(
                            "/{}/vaults/{vault}/multipart-uploads/{upload_id}",
                            id(account)
                        ),
                    ),
                    ("x-amz-multipart-upload-id".into(), upload_id),
                ],
                body: String::new(),
            }
        }
        ("PUT", [_, "vaults", _, "multipart-uploads", upload_id]) => {
            let tree = hex(&tree_of(leaves(&req.body)));
            let linear = hex(&Sha256::digest(&req.body));
            if header("x-amz-sha256-tree-hash") != tree || header("x-amz-content-sha256") != linear
            {
                s.rejected += 1;
                return error(400, "InvalidParameterValueException", "Checksum mismatch");
            }
            let range = header("content-range");
            let start = range
                .trim_start_matches("bytes ")
                .split('-')
                .next()
                .and_then(|v| v.parse::<u64>().ok());
            let Some(upload) = s.uploads.get_mut(*upload_id) else {
                return error(404, "ResourceNotFoundException", "Upload not found");
            };
            let Some(start) = start else {
                return error(400, "InvalidParameterValueException", "Bad range");
            };
            upload
                .parts
                .insert(start, (req.body.len() as u64, leaves(&req.body)));
            s.verified_parts += 1;
            Response {
                status: 204,
                headers: vec![("x-amz-sha256-tree-hash".into(), tree)],
                body: String::new(),
            }
        }
        ("POST", [account, "vaults", vault, "multipart-uploads", upload_id]) => {
            let Some(upload) = s.uploads.get(*upload_id) else {
                return error(404, "ResourceNotFoundException", "Upload not found");
            };
            let size: u64 = upload.parts.values().map(|(len, _)| len).sum();
            let all: Vec<[u8; 32]> = upload.parts.values().flat_map(|(_, l)| l.clone()).collect();
            let tree = hex(&tree_of(all));
            if header("x-amz-sha256-tree-hash") != tree {
                s.rejected += 1;
                return error(400, "InvalidParameterValueException", "Tree hash mismatch");
            }
            if header("x-amz-archive-size") != size.to_string() {
                return error(
                    400,
                    "InvalidParameterValueException",
                    "Archive size mismatch",
                );
            }
            let archive_id = format!("archive-{}-{}", upload_id, upload.description.len());
            let vault_name = upload.vault.clone();
            s.uploads.remove(*upload_id);
            let entry = s.vaults.entry(vault_name).or_default();
            entry.0 += 1;
            entry.1 += size;
            Response {
                status: 201,
                headers: vec![
                    (
                        "Location".into(),
                        format!("/{}/vaults/{vault}/archives/{archive_id}", id(account)),
                    ),
                    ("x-amz-sha256-tree-hash".into(), tree),
                    ("x-amz-archive-id".into(), archive_id),
                ],
                body: String::new(),
            }
        }
        _ => error(
            404,
            "ResourceNotFoundException",
            "Not served by this fixture",
        ),
    }
}

/// The account id of a path (`-` is the caller's).
fn id(account: &str) -> &str {
    match account {
        "-" => "123456789012",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_hash_of_three_leaves_promotes_the_odd_one() {
        let l: Vec<[u8; 32]> = (0u8..3).map(|i| Sha256::digest([i]).into()).collect();
        let mut h = Sha256::new();
        h.update(l[0]);
        h.update(l[1]);
        let left: [u8; 32] = h.finalize().into();
        let mut h = Sha256::new();
        h.update(left);
        h.update(l[2]);
        let expected: [u8; 32] = h.finalize().into();
        assert_eq!(tree_of(l), expected);
    }
}
