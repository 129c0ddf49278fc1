//! IAM returns policy documents as URL-encoded JSON text; the AWS CLI turns every member of
//! the `policyDocumentType` shape into the JSON document it holds (botocore's
//! `json_decode_policies`), leaving values that do not decode as they are.

use aws2_core::model::{ModelError, Service, ShapeRef, ShapeType};
use aws2_core::Value;

/// The shape IAM uses for policy documents.
const POLICY_SHAPE: &str = "policyDocumentType";

/// Decodes the policy documents of an IAM response in place; other services are untouched.
pub fn decode_policies(
    service: &Service,
    output: Option<&ShapeRef>,
    value: &mut Value,
) -> Result<(), ModelError> {
    match output {
        Some(output) if service.model_name() == "iam" => walk(service, output, value),
        _ => Ok(()),
    }
}

fn walk(service: &Service, shape_ref: &ShapeRef, value: &mut Value) -> Result<(), ModelError> {
    let shape = service.resolve(shape_ref)?;
    match (shape.shape_type, value) {
        (ShapeType::Structure, Value::Map(map)) => {
            for (name, member_ref) in &shape.members {
                let Some(member) = map.get_mut(name) else {
                    continue;
                };
                let target = service.resolve(member_ref)?;
                if target.shape_type == ShapeType::String && member_ref.shape == POLICY_SHAPE {
                    if let Some(decoded) = member.as_str().and_then(decode_document) {
                        *member = decoded;
                    }
                } else {
                    walk(service, member_ref, member)?;
                }
            }
        }
        (ShapeType::List, Value::List(items)) => {
            if let Some(item_ref) = &shape.member {
                for item in items {
                    walk(service, item_ref, item)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// `json.loads(urllib.parse.unquote(text))`, or `None` when it is not JSON.
fn decode_document(text: &str) -> Option<Value> {
    let json: serde_json::Value = serde_json::from_str(&unquote(text)).ok()?;
    Some(Value::from_json(&json))
}

/// Python's `urllib.parse.unquote`: `%XX` escapes become bytes (invalid UTF-8 replaced); `+`
/// stays as it is.
fn unquote(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquotes_like_python() {
        assert_eq!(unquote("%7B%22a%22%3A%201%7D"), "{\"a\": 1}");
        assert_eq!(unquote("a+b%2"), "a+b%2");
        assert_eq!(unquote("%e2%82%ac%"), "€%");
    }

    #[test]
    fn decodes_policy_documents_only_when_json() {
        let doc = decode_document("%7B%22Version%22%3A%20%222012-10-17%22%7D").unwrap();
        assert_eq!(
            doc.get("Version").and_then(Value::as_str),
            Some("2012-10-17")
        );
        assert!(decode_document("not%20json").is_none());
    }
}
