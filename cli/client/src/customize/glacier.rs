//! Glacier: the account id `-` when none is given, the API version header, and the linear
//! and tree SHA-256 hashes of uploaded archives and parts.

use aws2_core::Value;
use aws2_http::Request;
use indexmap::IndexMap;
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;

/// Fills `accountId` with `-` (the caller's account) when absent (`inject_account_id`).
pub fn default_account_id(map: &mut IndexMap<String, Value>) {
    if !map.contains_key("accountId") {
        map.insert("accountId".into(), Value::String("-".into()));
    }
}

/// Adds the version header, and the checksums of an upload (`add_glacier_version`,
/// `add_glacier_checksums`).
pub fn adjust_request(api_version: &str, operation: &str, request: &mut Request) {
    request.set_header("x-amz-glacier-version", api_version);
    if matches!(operation, "UploadArchive" | "UploadMultipartPart") {
        if let aws2_http::Body::Bytes(body) = &request.body {
            let linear = hex::encode(Sha256::digest(body));
            let tree = tree_hash(body);
            if request.header("x-amz-content-sha256").is_none() {
                request.set_header("x-amz-content-sha256", linear);
            }
            if request.header("x-amz-sha256-tree-hash").is_none() {
                request.set_header("x-amz-sha256-tree-hash", tree);
            }
        }
    }
}

/// The SHA-256 tree hash of Glacier: hashes of 1 MiB chunks combined pairwise to one root.
pub fn tree_hash(data: &[u8]) -> String {
    let mut level: Vec<[u8; 32]> = data.chunks(MIB).map(|c| Sha256::digest(c).into()).collect();
    if level.is_empty() {
        return hex::encode(Sha256::digest(b""));
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
                _ => unreachable!("chunks(2) yields one or two items"),
            })
            .collect();
    }
    hex::encode(level[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_hash_of_small_and_multi_chunk_bodies() {
        // One chunk: the tree hash is the plain SHA-256.
        assert_eq!(tree_hash(b"hello"), hex::encode(Sha256::digest(b"hello")));
        // Three chunks: ((h0 h1) h2).
        let data: Vec<u8> = (0..2 * MIB + 10).map(|i| (i % 251) as u8).collect();
        let h: Vec<[u8; 32]> = data.chunks(MIB).map(|c| Sha256::digest(c).into()).collect();
        let mut first = Sha256::new();
        first.update(h[0]);
        first.update(h[1]);
        let first: [u8; 32] = first.finalize().into();
        let mut root = Sha256::new();
        root.update(first);
        root.update(h[2]);
        assert_eq!(tree_hash(&data), hex::encode(root.finalize()));
    }

    #[test]
    fn account_id_defaults_to_the_callers() {
        let mut map = IndexMap::new();
        default_account_id(&mut map);
        assert_eq!(map.get("accountId").and_then(Value::as_str), Some("-"));
        map.insert("accountId".into(), Value::String("1234".into()));
        default_account_id(&mut map);
        assert_eq!(map.get("accountId").and_then(Value::as_str), Some("1234"));
    }
}
