//! S3 listings ask for url-encoded keys (`encoding-type=url`) unless the caller chose an
//! encoding, and the keys of the answer are decoded again before anyone sees them, so keys
//! with characters XML cannot carry survive (`set_list_objects_encoding_type_url`,
//! `decode_list_object*`).

use aws2_core::Value;
use indexmap::IndexMap;

/// The members decoded in a listing's output: top-level ones, and (list, member) pairs.
type Decoded = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

/// The members decoded in each listing's output.
fn decoded_members(operation: &str) -> Option<Decoded> {
    Some(match operation {
        "ListObjects" => (
            &["Delimiter", "Marker", "NextMarker"],
            &[("Contents", "Key"), ("CommonPrefixes", "Prefix")],
        ),
        "ListObjectsV2" => (
            &["Delimiter", "Prefix", "StartAfter"],
            &[("Contents", "Key"), ("CommonPrefixes", "Prefix")],
        ),
        "ListObjectVersions" => (
            &["KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"],
            &[
                ("Versions", "Key"),
                ("DeleteMarkers", "Key"),
                ("CommonPrefixes", "Prefix"),
            ],
        ),
        _ => return None,
    })
}

/// Sets `EncodingType` to `url` for a listing that has none; true when it did (the output
/// is then to be decoded).
pub fn request_url_encoding(operation: &str, map: &mut IndexMap<String, Value>) -> bool {
    if decoded_members(operation).is_none() || map.contains_key("EncodingType") {
        return false;
    }
    map.insert("EncodingType".into(), Value::String("url".into()));
    true
}

/// Decodes the url-encoded members of a listing's output.
pub fn decode_output(operation: &str, output: &mut Value) {
    let (Some((top, nested)), Value::Map(map)) = (decoded_members(operation), output) else {
        return;
    };
    for name in top {
        decode(map.get_mut(*name));
    }
    for (list, member) in nested {
        if let Some(Value::List(items)) = map.get_mut(*list) {
            for item in items {
                if let Value::Map(entry) = item {
                    decode(entry.get_mut(*member));
                }
            }
        }
    }
}

fn decode(value: Option<&mut Value>) {
    if let Some(Value::String(text)) = value {
        // urllib's `unquote`: `+` stays, invalid UTF-8 becomes U+FFFD.
        *text = percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_ask_for_url_encoding_unless_one_is_chosen() {
        let mut map = IndexMap::new();
        assert!(request_url_encoding("ListObjectsV2", &mut map));
        assert_eq!(map.get("EncodingType").and_then(Value::as_str), Some("url"));
        assert!(!request_url_encoding("ListObjectsV2", &mut map));
        assert!(!request_url_encoding("ListBuckets", &mut IndexMap::new()));
        // ListMultipartUploads is not among botocore's listings.
        assert!(!request_url_encoding(
            "ListMultipartUploads",
            &mut IndexMap::new()
        ));
    }

    #[test]
    fn keys_are_decoded() {
        let json = serde_json::json!({
            "NextMarker": "a%20b",
            "Contents": [{"Key": "x%2By+z", "Size": 1}],
            "CommonPrefixes": [{"Prefix": "p%2F"}],
            "Name": "bucket%20name"
        });
        let mut output = Value::from_json(&json);
        decode_output("ListObjects", &mut output);
        let json = output.to_json(aws2_core::value::TimestampStyle::Iso8601);
        assert_eq!(json["NextMarker"], "a b");
        assert_eq!(json["Contents"][0]["Key"], "x+y+z");
        assert_eq!(json["CommonPrefixes"][0]["Prefix"], "p/");
        assert_eq!(json["Name"], "bucket%20name", "other members stay");
    }
}
