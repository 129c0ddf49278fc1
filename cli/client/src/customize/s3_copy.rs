//! S3's `CopySource` (`bucket/key[?versionId=…]`) goes out with its key percent-encoded, as
//! botocore's `handle_copy_source_param` quotes it.

use aws2_core::Value;
use indexmap::IndexMap;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What Python's `quote(value, safe='-._~/')` leaves alone.
const SOURCE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Quotes a text `CopySource` (for `CopyObject` and `UploadPartCopy`).
pub fn quote_copy_source(operation: &str, map: &mut IndexMap<String, Value>) {
    if !matches!(operation, "CopyObject" | "UploadPartCopy") {
        return;
    }
    if let Some(Value::String(source)) = map.get_mut("CopySource") {
        *source = quoted(source);
    }
}

/// `bucket/key` quoted, a trailing `?versionId=…` (with no whitespace) kept as it is.
fn quoted(source: &str) -> String {
    let version = source.rfind("?versionId=").filter(|&i| {
        let id = &source[i + "?versionId=".len()..];
        !id.is_empty() && !id.chars().any(char::is_whitespace)
    });
    match version {
        Some(i) => format!(
            "{}{}",
            utf8_percent_encode(&source[..i], SOURCE),
            &source[i..]
        ),
        None => utf8_percent_encode(source, SOURCE).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_quoted_and_version_ids_kept() {
        assert_eq!(quoted("b/key with space"), "b/key%20with%20space");
        assert_eq!(quoted("b/a+b~c"), "b/a%2Bb~c");
        assert_eq!(quoted("b/k é?versionId=v1"), "b/k%20%C3%A9?versionId=v1");
        assert_eq!(quoted("b/k?versionId=a b"), "b/k%3FversionId%3Da%20b");
    }
}
