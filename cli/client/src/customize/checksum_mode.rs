//! Operations whose responses carry checksums ask for them: the `httpChecksum` trait's
//! `requestValidationModeMember` is `ENABLED` unless given, as botocore sets it while
//! `response_checksum_validation` is `when_supported` (the default).

use aws2_core::model::Operation;
use aws2_core::Value;
use indexmap::IndexMap;

/// The validation mode member of an operation, if it has one.
pub fn mode_member(operation: &Operation) -> Option<&str> {
    operation
        .http_checksum
        .as_ref()?
        .get("requestValidationModeMember")?
        .as_str()
}

/// Whether the input lacks the operation's validation mode member.
pub fn needed(operation: &Operation, input: &Value) -> bool {
    mode_member(operation).is_some_and(|m| input.get(m).is_none())
}

/// Sets the validation mode member to `ENABLED` when absent.
pub fn enable(operation: &Operation, map: &mut IndexMap<String, Value>) {
    if let Some(member) = mode_member(operation) {
        map.entry(member.to_owned())
            .or_insert_with(|| Value::String("ENABLED".into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws2_core::Service;

    #[test]
    fn get_object_asks_for_checksums() {
        let service = Service::load("s3").unwrap();
        let get = service.operation("GetObject").unwrap();
        assert_eq!(mode_member(&get), Some("ChecksumMode"));
        let mut map = IndexMap::new();
        assert!(needed(&get, &Value::Map(map.clone())));
        enable(&get, &mut map);
        assert_eq!(
            map.get("ChecksumMode").and_then(Value::as_str),
            Some("ENABLED")
        );
        let list = service.operation("ListBuckets").unwrap();
        assert!(!needed(&list, &Value::Map(IndexMap::new())));
    }
}
