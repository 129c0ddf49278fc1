//! A failed call as the CLI reports it: the service's error document as botocore keeps it.

use crate::error::CliError;
use aws2_core::Value;

/// The CLI error of a failed call.
pub fn call_error(e: aws2_client::CallError) -> CliError {
    match e {
        aws2_client::CallError::Service {
            operation,
            error,
            max_retries_reached,
        } => CliError::Service {
            details: Box::new(error_document(&error.fields)),
            code: error.code,
            operation,
            message: error.message,
            max_retries_reached,
        },
        aws2_client::CallError::NoRegion => CliError::NoRegion,
        other => CliError::other(other.to_string()),
    }
}

/// The error document of a service error, as botocore's client error keeps it: the `Error`
/// entries whose names the model knows (`Code`, `Message`, the exception's members), then
/// the exception's members that `Error` does not have.
fn error_document(fields: &Value) -> serde_json::Map<String, serde_json::Value> {
    let mut doc = serde_json::Map::new();
    let Value::Map(fields) = fields else {
        return doc;
    };
    let modeled: Vec<String> = fields
        .keys()
        .filter(|k| *k != "Error")
        .map(|k| k.to_ascii_lowercase())
        .chain(["code".to_owned(), "message".to_owned()])
        .collect();
    let style = aws2_core::value::TimestampStyle::Iso8601;
    if let Some(Value::Map(error)) = fields.get("Error") {
        for (k, v) in error {
            if modeled.contains(&k.to_ascii_lowercase()) {
                doc.insert(k.clone(), v.to_json(style));
            }
        }
    }
    for (k, v) in fields {
        if k != "Error" && !doc.contains_key(k) {
            doc.insert(k.clone(), v.to_json(style));
        }
    }
    doc
}
