//! S3's customer-provided encryption keys: the key is sent base64-encoded with its MD5
//! (`sse_md5`, `copy_source_sse_md5`).

use aws2_core::Value;
use base64::Engine;
use indexmap::IndexMap;

const PREFIXES: [&str; 2] = ["SSECustomer", "CopySourceSSECustomer"];

/// Whether an input has a key without its MD5.
pub fn needed(input: &Value) -> bool {
    PREFIXES.iter().any(|p| {
        input.get(&format!("{p}Key")).is_some() && input.get(&format!("{p}KeyMD5")).is_none()
    })
}

/// Encodes each key that comes without its MD5 and adds the MD5.
pub fn encode_keys(map: &mut IndexMap<String, Value>) {
    for prefix in PREFIXES {
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
        let digest = <md5::Md5 as md5::Digest>::digest(&key);
        map.insert(md5_name, Value::String(b64.encode(digest)));
        map.insert(key_name, Value::String(b64.encode(&key)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_customer_key_is_encoded_with_its_md5() {
        let mut map: IndexMap<String, Value> =
            [("SSECustomerKey".to_string(), Value::String("k".repeat(32)))]
                .into_iter()
                .collect();
        assert!(needed(&Value::Map(map.clone())));
        encode_keys(&mut map);
        let b64 = base64::engine::general_purpose::STANDARD;
        assert_eq!(
            map.get("SSECustomerKey").and_then(Value::as_str),
            Some(b64.encode("k".repeat(32)).as_str())
        );
        let md5 = <md5::Md5 as md5::Digest>::digest("k".repeat(32).as_bytes());
        assert_eq!(
            map.get("SSECustomerKeyMD5").and_then(Value::as_str),
            Some(b64.encode(md5).as_str())
        );
        assert!(!needed(&Value::Map(map)));
    }
}
