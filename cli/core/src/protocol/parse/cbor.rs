//! The `smithy-rpc-v2-cbor` protocol: a CBOR body whose members are keyed by member name,
//! timestamps as tag 1 epoch seconds, errors with `__type` like the JSON protocols.

use super::errors;
use super::eventstream;
use super::json;
use super::scalar;
use super::tree::{self, Keys};
use super::Ctx;
use crate::model::ShapeRef;
use crate::protocol::{ParseResult, ProtocolError, ServiceError};
use crate::value::Value;
use ciborium::value::Value as Cbor;
use indexmap::IndexMap;

/// Parses an RPC v2 CBOR response.
pub(super) fn parse(ctx: &Ctx<'_>) -> ParseResult {
    if ctx.is_error() {
        return error(ctx).map(Err);
    }
    let Some(output) = &ctx.operation.output else {
        return Ok(Ok(Value::Map(IndexMap::new())));
    };
    if let Some(stream) = eventstream::stream_member(ctx, output)? {
        return eventstream::parse_rpc(ctx, output, &stream, eventstream::Payload::Cbor);
    }
    typed_body(ctx, &ctx.response.body, output).map(Ok)
}

/// Decodes a CBOR body into an untyped value (empty is `{}`).
pub(crate) fn decode(ctx: &Ctx<'_>, body: &[u8]) -> Result<Value, ProtocolError> {
    if body.is_empty() {
        return Ok(Value::Map(IndexMap::new()));
    }
    let cbor: Cbor = ciborium::de::from_reader(body)
        .map_err(|e| ctx.invalid(format!("invalid CBOR received: {e}")))?;
    convert(ctx, cbor)
}

/// Decodes a CBOR body and types it by a structure shape.
pub(crate) fn typed_body(ctx: &Ctx<'_>, body: &[u8], r: &ShapeRef) -> Result<Value, ProtocolError> {
    let raw = decode(ctx, body)?;
    match tree::typed(ctx, raw, r, Keys::MemberName)? {
        Value::Null => Ok(Value::Map(IndexMap::new())),
        v => Ok(v),
    }
}

fn convert(ctx: &Ctx<'_>, cbor: Cbor) -> Result<Value, ProtocolError> {
    Ok(match cbor {
        Cbor::Null => Value::Null,
        Cbor::Bool(b) => Value::Bool(b),
        Cbor::Integer(i) => {
            let wide = i128::from(i);
            match i64::try_from(wide) {
                Ok(v) => Value::Integer(v),
                Err(_) => Value::Float(wide as f64),
            }
        }
        Cbor::Float(f) => Value::Float(f),
        Cbor::Text(s) => Value::String(s),
        Cbor::Bytes(b) => Value::Blob(b),
        Cbor::Array(items) => Value::List(
            items
                .into_iter()
                .map(|v| convert(ctx, v))
                .collect::<Result<_, _>>()?,
        ),
        Cbor::Map(entries) => {
            let mut out = IndexMap::new();
            for (k, v) in entries {
                let key = match convert(ctx, k)? {
                    Value::String(s) => s,
                    other => other.to_json(Default::default()).to_string(),
                };
                // Nulls stay: maps are read as sparse; structures skip null members later.
                out.insert(key, convert(ctx, v)?);
            }
            Value::Map(out)
        }
        Cbor::Tag(1, inner) => {
            let (secs, integer) = match convert(ctx, *inner)? {
                Value::Integer(i) => (i as f64, Some(i)),
                Value::Float(f) => (f, None),
                other => {
                    return Err(ctx.invalid(format!("unable to parse datetime value: {other:?}")))
                }
            };
            Value::Timestamp(
                scalar::timestamp_from_epoch(secs, integer).map_err(|e| ctx.invalid(e))?,
            )
        }
        Cbor::Tag(tag, _) => {
            return Err(ctx.invalid(format!("unsupported CBOR tag: {tag}")));
        }
        _ => Value::Null,
    })
}

fn error(ctx: &Ctx<'_>) -> Result<ServiceError, ProtocolError> {
    if errors::is_generic(ctx) {
        return errors::finish(ctx, errors::from_status(ctx), |_| Ok(Value::Null));
    }
    let body = match decode(ctx, &ctx.response.body) {
        Ok(v @ Value::Map(_)) => v,
        _ => Value::Map(IndexMap::new()),
    };
    let info = json::error_info(ctx, &body, false);
    errors::finish(ctx, info, |r| {
        typed_body(ctx, &ctx.response.body, r).or(Ok(Value::Null))
    })
}
