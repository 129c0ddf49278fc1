//! EC2 `RunInstances` and Auto Scaling `CreateLaunchConfiguration` take `UserData` as text
//! and send it base64-encoded (`base64_encode_user_data`).

use aws2_core::Value;
use base64::Engine;
use indexmap::IndexMap;

/// Whether the operation encodes its `UserData`.
pub fn applies(model_name: &str, operation: &str) -> bool {
    matches!(
        (model_name, operation),
        ("ec2", "RunInstances") | ("autoscaling", "CreateLaunchConfiguration")
    )
}

/// Base64-encodes `UserData`.
pub fn encode(map: &mut IndexMap<String, Value>) {
    let b64 = base64::engine::general_purpose::STANDARD;
    let encoded = match map.get("UserData") {
        Some(Value::String(text)) => b64.encode(text.as_bytes()),
        Some(Value::Blob(bytes)) => b64.encode(bytes),
        _ => return,
    };
    map.insert("UserData".into(), Value::String(encoded));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_data_is_base64_encoded() {
        assert!(applies("ec2", "RunInstances"));
        assert!(!applies("ec2", "DescribeInstances"));
        let mut map = IndexMap::new();
        map.insert(
            "UserData".to_owned(),
            Value::String("#!/bin/sh\necho hi".into()),
        );
        encode(&mut map);
        assert_eq!(
            map.get("UserData").and_then(Value::as_str),
            Some("IyEvYmluL3NoCmVjaG8gaGk=")
        );
    }
}
