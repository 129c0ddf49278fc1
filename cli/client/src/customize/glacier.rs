//! Service customizations that every caller of an operation gets, as botocore applies them
//! before a call: Glacier's account id default, API version header and checksums, and S3's
//! SSE-C key encoding with its MD5.

use aws2_core::Value;
use aws2_http::Request;
use base64::Engine;
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;

/// Whether a required member gets a default here, so the command line need not require it
/// (Glacier's `accountId`, `-` for the caller's account).
pub fn is_defaulted(model_name: &str, member: &str) -> bool {
    model_name == "glacier" && member == "accountId"
}

/// The input with this service's customizations applied, or `None` when none applies (so
/// the caller keeps the original without copying it).
pub fn adjusted_input(model_name: &str, input: &Value) -> Option<Value> {
    let needs = match model_name {
        "glacier" => input.get("accountId").is_none(),
        "s3" => ["SSECustomer", "CopySourceSSECustomer"].iter().any(|p| {
            input.get(&format!("{p}Key")).is_some() && input.get(&format!("{p}KeyMD5")).is_none()
        }),
        _ => false,
    };
    needs.then(|| {
        let mut copy = input.clone();
        adjust_input(model_name, &mut copy);
        copy
    })
}

/// Fills or rewrites input members before serialization.
pub fn adjust_input(model_name: &str, input: &mut Value) {
    let Value::Map(map) = input else {
        return;
    };
    match model_name {
        "glacier" if !map.contains_key("accountId") => {
            map.insert("accountId".into(), Value::String("-".into()));
        }
        "s3" => {
            for prefix in ["SSECustomer", "CopySourceSSECustomer"] {
                let key_name = format!("{prefix}Key");
                let md5_name = format!("{prefix}KeyMD5");
                let key = match map.get(&key_name) {
                    Some(Value::String(s)) => s.as_bytes().to_vec(),
                    Some(Value::Blob(b)) => b.clone(),
                    _ => continue,
                };
                // As botocore: only a key without its MD5 is encoded here, so a second pass
                // (or a caller that sent both) leaves the members alone.
                if map.contains_key(&md5_name) {
                    continue;
                }
                let b64 = base64::engine::general_purpose::STANDARD;
                let digest = md5::Md5::digest(&key);
                map.insert(md5_name, Value::String(b64.encode(digest)));
                map.insert(key_name, Value::String(b64.encode(&key)));
            }
        }
        _ => {}
    }
}

/// Adds headers to a serialized request (Glacier's version and checksums).
pub fn adjust_request(model_name: &str, api_version: &str, operation: &str, request: &mut Request) {
    if model_name != "glacier" {
        return;
    }
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
    fn sse_customer_key_is_encoded_with_its_md5() {
        let mut input = Value::Map(
            [("SSECustomerKey".to_string(), Value::String("k".repeat(32)))]
                .into_iter()
                .collect(),
        );
        adjust_input("s3", &mut input);
        let b64 = base64::engine::general_purpose::STANDARD;
        assert_eq!(
            input.get("SSECustomerKey").and_then(Value::as_str),
            Some(b64.encode("k".repeat(32)).as_str())
        );
        assert_eq!(
            input.get("SSECustomerKeyMD5").and_then(Value::as_str),
            Some(
                b64.encode(md5::Md5::digest("k".repeat(32).as_bytes()))
                    .as_str()
            )
        );
    }
}
