//! The `json` protocol (1.0 and 1.1) and the JSON body and error conventions it shares with
//! `rest-json`: `__type` codes with namespaces, the `x-amzn-errortype` header, `code`.

use super::errors::{self, ErrorInfo};
use super::eventstream;
use super::tree::{self, Keys};
use super::Ctx;
use crate::model::ShapeRef;
use crate::protocol::{ParseResult, ProtocolError, ServiceError};
use crate::value::Value;

/// Parses a json-protocol response.
pub(super) fn parse(ctx: &Ctx<'_>) -> ParseResult {
    if ctx.is_error() {
        return error(ctx, false).map(Err);
    }
    let Some(output) = &ctx.operation.output else {
        return Ok(Ok(Value::Map(Default::default())));
    };
    if let Some(stream) = eventstream::stream_member(ctx, output)? {
        return eventstream::parse_rpc(ctx, output, &stream, eventstream::Payload::Json);
    }
    typed_body(ctx, &ctx.response.body, output).map(Ok)
}

/// Decodes a JSON body (empty is `{}`).
pub(crate) fn decode(ctx: &Ctx<'_>, body: &[u8]) -> Result<Value, ProtocolError> {
    if body.trim_ascii().is_empty() {
        return Ok(Value::Map(Default::default()));
    }
    serde_json::from_slice::<serde_json::Value>(body)
        .map(|j| Value::from_json(&j))
        .map_err(|e| ctx.invalid(format!("invalid JSON received: {e}")))
}

/// Decodes a JSON body and types it by a structure shape.
/// A body that is not JSON reads as `{"message": <text>}`, as botocore reads it.
pub(crate) fn typed_body(ctx: &Ctx<'_>, body: &[u8], r: &ShapeRef) -> Result<Value, ProtocolError> {
    let raw = decode(ctx, body).unwrap_or_else(|_| text_as_message(body));
    match tree::typed(ctx, raw, r, Keys::LocationName)? {
        Value::Null => Ok(Value::Map(Default::default())),
        v => Ok(v),
    }
}

/// An error body: JSON when it is JSON, else its text as the message.
fn error_body(ctx: &Ctx<'_>) -> Value {
    match decode(ctx, &ctx.response.body) {
        Ok(v @ Value::Map(_)) => v,
        _ => text_as_message(&ctx.response.body),
    }
}

/// `{"message": <body text>}`.
pub(crate) fn text_as_message(body: &[u8]) -> Value {
    let mut map = indexmap::IndexMap::new();
    map.insert(
        "message".to_owned(),
        Value::String(String::from_utf8_lossy(body).into_owned()),
    );
    Value::Map(map)
}

/// A code reduced to its bare name: `aws.ns#Name:http://…` → `Name`.
pub(crate) fn sanitize_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code)
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_json(Default::default()).to_string()),
    }
}

/// Reads the code and message of a JSON error body. `rest` gives the `x-amzn-errortype`
/// header and a `code` member precedence over `__type` (rest-json); otherwise they are used
/// only when `__type` is absent.
pub(crate) fn error_info(ctx: &Ctx<'_>, body: &Value, rest: bool) -> ErrorInfo {
    let message = text_of(body.get("message"))
        .or_else(|| text_of(body.get("Message")))
        .unwrap_or_default();
    let type_code = text_of(body.get("__type"));
    let header_code = ctx.response.header("x-amzn-errortype").map(str::to_owned);
    let body_code = text_of(body.get("code")).or_else(|| text_of(body.get("Code")));
    let code = if rest {
        header_code.or(body_code).or(type_code)
    } else {
        type_code.or(header_code).or(body_code)
    }
    .unwrap_or_else(|| ctx.response.status.to_string());
    let mut info = ErrorInfo::new(sanitize_code(&code), message);
    info.apply_query_compatible(ctx);
    info.request_id = errors::header_request_id(ctx);
    info
}

fn error(ctx: &Ctx<'_>, rest: bool) -> Result<ServiceError, ProtocolError> {
    if errors::is_generic(ctx) {
        return errors::finish(ctx, errors::from_status(ctx), |_| Ok(Value::Null));
    }
    let body = error_body(ctx);
    let info = error_info(ctx, &body, rest);
    errors::finish(ctx, info, |r| {
        typed_body(ctx, &ctx.response.body, r).or(Ok(Value::Null))
    })
}
