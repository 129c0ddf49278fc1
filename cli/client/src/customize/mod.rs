//! Service customizations that every caller of an operation gets, as botocore's built-in
//! handlers apply them around a call (`botocore/handlers.py`): defaults and rewrites of the
//! input, changes to the serialized request, and decoding of the output. Each module holds
//! one handler family; `HANDLERS.md` lists the handlers left out and why.

mod checksum_mode;
mod glacier;
mod requests;
mod route53;
mod s3_copy;
mod s3_listing;
mod sse;
mod user_data;

pub use glacier::tree_hash;

use aws2_core::model::{Operation, Service, ShapeRef};
use aws2_core::Value;
use aws2_http::Request;

/// Whether a required member may be left out of a command line because it is filled in
/// when absent: idempotency tokens get a fresh UUID (`generate_idempotent_uuid`).
pub fn is_defaulted(member_ref: &ShapeRef) -> bool {
    member_ref.idempotency_token
}

/// Fills or rewrites input members that need no model: Glacier's account id and S3's
/// customer key encoding.
pub fn adjust_input(model_name: &str, input: &mut Value) {
    let Value::Map(map) = input else {
        return;
    };
    match model_name {
        "glacier" => glacier::default_account_id(map),
        "s3" => sse::encode_keys(map),
        _ => {}
    }
}

/// The input as the operation's request is built from it, or `None` when no customization
/// changes it (so the caller keeps the original without copying it).
pub fn before_call(service: &Service, operation: &Operation, input: &Value) -> Option<Value> {
    let model_name = service.model_name();
    let op = operation.name.as_str();
    let input_shape = operation
        .input
        .as_ref()
        .and_then(|r| service.resolve(r).ok());
    let needed = match model_name {
        "glacier" => input.get("accountId").is_none(),
        "s3" => {
            sse::needed(input)
                || decodes_listing(model_name, op, input)
                || (matches!(op, "CopyObject" | "UploadPartCopy")
                    && input.get("CopySource").is_some())
        }
        "route53" => input_shape
            .as_ref()
            .is_some_and(|s| route53::needed(s, input)),
        _ => user_data::applies(model_name, op) && input.get("UserData").is_some(),
    } || checksum_mode::needed(operation, input);
    if !needed {
        return None;
    }
    let mut copy = input.clone();
    if !matches!(copy, Value::Map(_)) {
        copy = Value::Map(Default::default());
    }
    let Value::Map(map) = &mut copy else {
        unreachable!("made a map above")
    };
    match model_name {
        "glacier" => glacier::default_account_id(map),
        "s3" => {
            sse::encode_keys(map);
            s3_listing::request_url_encoding(op, map);
            s3_copy::quote_copy_source(op, map);
        }
        "route53" => {
            if let Some(shape) = &input_shape {
                route53::strip_id_prefixes(shape, map);
            }
        }
        _ if user_data::applies(model_name, op) => user_data::encode(map),
        _ => {}
    }
    checksum_mode::enable(operation, map);
    Some(copy)
}

/// Whether the output of a call with this input (as the caller gave it) has url-encoded keys
/// to decode: an S3 listing that asked for them on its own.
pub fn decodes_listing(model_name: &str, operation: &str, input: &Value) -> bool {
    model_name == "s3"
        && matches!(
            operation,
            "ListObjects" | "ListObjectsV2" | "ListObjectVersions"
        )
        && input.get("EncodingType").is_none()
}

/// Rewrites an output as the handlers after a call do (decoded listing keys).
pub fn after_call(model_name: &str, operation: &str, input: &Value, output: &mut Value) {
    if decodes_listing(model_name, operation, input) {
        s3_listing::decode_output(operation, output);
    }
}

/// The signing name a service's requests use when the endpoint rules name none, where it is
/// not the model's: botocore takes it from the credential scope of the service's endpoint in
/// `endpoints.json`, custom endpoints included (Import/Export signs as `IngestionService`).
pub fn signing_name(model_name: &str) -> Option<&'static str> {
    (model_name == "importexport").then_some("IngestionService")
}

/// Changes a serialized request before it is signed (`input` as the caller gave it;
/// `payload_apart` when the streaming payload came apart from it, read from a file); true
/// when the body changed, so that checksums over it are to be computed again.
pub fn adjust_request(
    service: &Service,
    operation: &str,
    input: &Value,
    payload_apart: bool,
    request: &mut Request,
) -> bool {
    let model_name = service.model_name();
    let api_version = &service.metadata().api_version;
    if model_name == "glacier" {
        glacier::adjust_request(api_version, operation, request);
    }
    requests::adjust(
        model_name,
        api_version,
        operation,
        input,
        payload_apart,
        request,
    )
}
