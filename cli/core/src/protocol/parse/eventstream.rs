//! Event streams (`application/vnd.amazon.eventstream`): the binary message framing, and
//! typing each event by its member of the stream's union.

use super::rest::{self, Body};
use super::scalar;
use super::{cbor, errors, json, Ctx};
use crate::model::{ShapeRef, ShapeType};
use crate::protocol::member::Member;
use crate::protocol::{ParseResult, ProtocolError, ServiceError};
use crate::value::Value;
use indexmap::IndexMap;

/// How event payloads are encoded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Payload {
    /// JSON payloads.
    Json,
    /// XML payloads.
    Xml,
    /// CBOR payloads.
    Cbor,
}

/// One framed message.
struct Message {
    headers: IndexMap<String, Value>,
    payload: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(Value::as_str)
    }
}

/// The output member that is an event stream, if any.
pub(crate) fn stream_member(
    ctx: &Ctx<'_>,
    output: &ShapeRef,
) -> Result<Option<(String, ShapeRef)>, ProtocolError> {
    let shape = ctx.service.resolve(output)?;
    for (name, member) in &shape.members {
        if ctx.service.resolve(member)?.eventstream {
            return Ok(Some((name.clone(), member.clone())));
        }
    }
    Ok(None)
}

/// An RPC output with an event stream member: the `initial-response` event holds the other
/// members, the remaining events become the stream member's list.
pub(crate) fn parse_rpc(
    ctx: &Ctx<'_>,
    output: &ShapeRef,
    stream: &(String, ShapeRef),
    kind: Payload,
) -> ParseResult {
    let mut messages = decode(ctx, &ctx.response.body)?;
    let mut out = IndexMap::new();
    if messages
        .first()
        .is_some_and(|m| m.header(":event-type") == Some("initial-response"))
    {
        let initial = messages.remove(0);
        if let Value::Map(map) = body(ctx, output, &initial.payload, kind)? {
            out.extend(map);
        }
    }
    match events(ctx, &stream.1, messages, kind)? {
        Ok(list) => {
            out.insert(stream.0.clone(), list);
            Ok(Ok(Value::Map(out)))
        }
        Err(err) => Ok(Err(err)),
    }
}

/// The events of a stream body, as a list of single-key maps `{EventType: event}`, or the
/// service error an `exception` or `error` message carries.
pub(crate) fn parse_events(
    ctx: &Ctx<'_>,
    stream: &ShapeRef,
    bytes: &[u8],
    kind: Payload,
) -> ParseResult {
    let messages = decode(ctx, bytes)?;
    events(ctx, stream, messages, kind)
}

fn events(ctx: &Ctx<'_>, stream: &ShapeRef, messages: Vec<Message>, kind: Payload) -> ParseResult {
    let stream_shape = ctx.service.resolve(stream)?;
    let mut out = Vec::new();
    for message in messages {
        match message.header(":message-type").unwrap_or("event") {
            "event" => {
                let Some(event_type) = message.header(":event-type") else {
                    continue;
                };
                let Some(member) = stream_shape.members.get(event_type) else {
                    continue;
                };
                let event = event(ctx, member, &message, kind)?;
                let mut wrapped = IndexMap::new();
                wrapped.insert(event_type.to_owned(), event);
                out.push(Value::Map(wrapped));
            }
            "exception" => {
                let code = message.header(":exception-type").unwrap_or("");
                let (message_text, fields) = match stream_shape.members.get(code) {
                    Some(member) => {
                        let fields = body(ctx, member, &message.payload, kind)?;
                        let text = ["Message", "message"]
                            .iter()
                            .find_map(|k| fields.get(k).and_then(Value::as_str))
                            .unwrap_or("")
                            .to_owned();
                        (text, fields)
                    }
                    None => (String::new(), Value::Map(IndexMap::new())),
                };
                return Ok(Err(stream_error(ctx, code, &message_text, fields)));
            }
            _ => {
                let code = message.header(":error-code").unwrap_or("");
                let text = message.header(":error-message").unwrap_or("");
                return Ok(Err(stream_error(
                    ctx,
                    code,
                    text,
                    Value::Map(IndexMap::new()),
                )));
            }
        }
    }
    Ok(Ok(Value::List(out)))
}

/// The service error an `exception` or `error` event carries.
fn stream_error(ctx: &Ctx<'_>, code: &str, message: &str, fields: Value) -> ServiceError {
    let mut fields = match fields {
        Value::Map(map) => map,
        _ => IndexMap::new(),
    };
    let mut details = IndexMap::new();
    details.insert("Code".to_owned(), Value::String(code.to_owned()));
    details.insert("Message".to_owned(), Value::String(message.to_owned()));
    fields.insert("Error".to_owned(), Value::Map(details));
    ServiceError {
        code: code.to_owned(),
        message: message.to_owned(),
        status: ctx.response.status,
        request_id: errors::header_request_id(ctx),
        fields: Value::Map(fields),
    }
}

fn event(
    ctx: &Ctx<'_>,
    r: &ShapeRef,
    message: &Message,
    kind: Payload,
) -> Result<Value, ProtocolError> {
    let shape = ctx.service.resolve(r)?;
    let mut out = IndexMap::new();
    for (name, member) in &shape.members {
        if !member.eventheader {
            continue;
        }
        if let Some(v) = message.headers.get(name) {
            let m = Member::resolve(ctx.service, member)?;
            let v = match (m.shape.shape_type, v) {
                (ShapeType::Timestamp, Value::Integer(ms)) => Value::Timestamp(
                    scalar::timestamp_from_epoch(*ms as f64 / 1000.0, None)
                        .map_err(|e| ctx.invalid(e))?,
                ),
                _ => v.clone(),
            };
            out.insert(name.clone(), v);
        }
    }
    let explicit = shape.members.iter().find(|(_, m)| m.eventpayload);
    match explicit {
        Some((name, member)) => {
            let m = Member::resolve(ctx.service, member)?;
            let v = match m.shape.shape_type {
                ShapeType::Blob => Value::Blob(message.payload.clone()),
                ShapeType::String => {
                    Value::String(String::from_utf8_lossy(&message.payload).into_owned())
                }
                _ => body(ctx, member, &message.payload, kind)?,
            };
            out.insert(name.clone(), v);
        }
        None => {
            if let Value::Map(map) = body(ctx, r, &message.payload, kind)? {
                out.extend(map);
            }
        }
    }
    Ok(Value::Map(out))
}

fn body(ctx: &Ctx<'_>, r: &ShapeRef, bytes: &[u8], kind: Payload) -> Result<Value, ProtocolError> {
    match kind {
        Payload::Json => json::typed_body(ctx, bytes, r),
        Payload::Xml => rest::body_value(ctx, r, bytes, Body::Xml),
        Payload::Cbor => cbor::typed_body(ctx, bytes, r),
    }
}

/// Splits a body into messages, checking lengths and CRCs.
fn decode(ctx: &Ctx<'_>, mut bytes: &[u8]) -> Result<Vec<Message>, ProtocolError> {
    let bad = |what: &str| ctx.invalid(format!("invalid event stream message: {what}"));
    let mut out = Vec::new();
    while !bytes.is_empty() {
        if bytes.len() < 16 {
            return Err(bad("truncated prelude"));
        }
        let total = u32_at(bytes, 0) as usize;
        let headers_len = u32_at(bytes, 4) as usize;
        if total < 16 + headers_len || total > bytes.len() {
            return Err(bad("bad length"));
        }
        if crc32fast::hash(&bytes[..8]) != u32_at(bytes, 8) {
            return Err(bad("prelude checksum mismatch"));
        }
        if crc32fast::hash(&bytes[..total - 4]) != u32_at(bytes, total - 4) {
            return Err(bad("message checksum mismatch"));
        }
        let headers =
            decode_headers(&bytes[12..12 + headers_len]).ok_or_else(|| bad("bad header"))?;
        let payload = bytes[12 + headers_len..total - 4].to_vec();
        out.push(Message { headers, payload });
        bytes = &bytes[total..];
    }
    Ok(out)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn take<'b>(b: &mut &'b [u8], n: usize) -> Option<&'b [u8]> {
    if b.len() < n {
        return None;
    }
    let (head, tail) = b.split_at(n);
    *b = tail;
    Some(head)
}

fn decode_headers(mut b: &[u8]) -> Option<IndexMap<String, Value>> {
    let mut out = IndexMap::new();
    while !b.is_empty() {
        let name_len = take(&mut b, 1)?[0] as usize;
        let name = String::from_utf8_lossy(take(&mut b, name_len)?).into_owned();
        let kind = take(&mut b, 1)?[0];
        let int = |b: &mut &[u8], n: usize| -> Option<i64> {
            let raw = take(b, n)?;
            let mut buf = [0u8; 8];
            buf[8 - n..].copy_from_slice(raw);
            let v = i64::from_be_bytes(buf);
            let shift = 64 - 8 * n as u32;
            Some(if shift == 0 { v } else { (v << shift) >> shift })
        };
        let value = match kind {
            0 => Value::Bool(true),
            1 => Value::Bool(false),
            2 => Value::Integer(int(&mut b, 1)?),
            3 => Value::Integer(int(&mut b, 2)?),
            4 => Value::Integer(int(&mut b, 4)?),
            5 | 8 => Value::Integer(int(&mut b, 8)?),
            6 | 7 => {
                let len = u16::from_be_bytes([take(&mut b, 1)?[0], take(&mut b, 1)?[0]]) as usize;
                let raw = take(&mut b, len)?;
                if kind == 6 {
                    Value::Blob(raw.to_vec())
                } else {
                    Value::String(String::from_utf8_lossy(raw).into_owned())
                }
            }
            9 => Value::Blob(take(&mut b, 16)?.to_vec()),
            _ => return None,
        };
        out.insert(name, value);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use crate::model::Service;
    use crate::protocol::{parse, HttpResponse};
    use crate::value::Value;
    use serde_json::json;

    fn message(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
        let mut h = Vec::new();
        for (name, value) in headers {
            h.push(name.len() as u8);
            h.extend_from_slice(name.as_bytes());
            h.push(7);
            h.extend_from_slice(&(value.len() as u16).to_be_bytes());
            h.extend_from_slice(value.as_bytes());
        }
        let total = (16 + h.len() + payload.len()) as u32;
        let mut out = Vec::new();
        out.extend_from_slice(&total.to_be_bytes());
        out.extend_from_slice(&(h.len() as u32).to_be_bytes());
        out.extend_from_slice(&crc32fast::hash(&out).to_be_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(payload);
        out.extend_from_slice(&crc32fast::hash(&out).to_be_bytes());
        out
    }

    fn service() -> Service {
        let shapes = json!({
            "Out": {"type": "structure", "payload": "Stream",
                    "members": {"Stream": {"shape": "Stream"}}},
            "Stream": {"type": "structure", "eventstream": true,
                       "members": {"Data": {"shape": "Data"}, "Boom": {"shape": "Boom"}}},
            "Data": {"type": "structure", "event": true,
                     "members": {"Text": {"shape": "S"}}},
            "Boom": {"type": "structure", "exception": true,
                     "members": {"Message": {"shape": "S"}, "Reason": {"shape": "S"}}},
            "S": {"type": "string"}
        });
        let ops = json!({"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"},
                               "output": {"shape": "Out"}}});
        Service::from_json(
            "test",
            &json!({"protocol": "rest-json"}),
            ops.as_object().unwrap().clone(),
            shapes.as_object().unwrap().clone(),
        )
        .unwrap()
    }

    #[test]
    fn events_and_exception_events() {
        let service = service();
        let op = service.operation("Op").unwrap();
        let data = message(
            &[(":message-type", "event"), (":event-type", "Data")],
            br#"{"Text": "hi"}"#,
        );
        let response = HttpResponse {
            status: 200,
            headers: vec![],
            body: data.clone(),
        };
        let out = parse(&service, &op, &response).unwrap().unwrap();
        let events = out.get("Stream").unwrap();
        assert_eq!(
            events,
            &Value::List(vec![Value::Map(
                [(
                    "Data".to_owned(),
                    Value::Map([("Text".to_owned(), Value::String("hi".into()))].into())
                )]
                .into()
            )])
        );

        let mut body = data;
        body.extend(message(
            &[(":message-type", "exception"), (":exception-type", "Boom")],
            br#"{"Message": "it broke", "Reason": "r"}"#,
        ));
        let response = HttpResponse {
            status: 200,
            headers: vec![],
            body,
        };
        let err = parse(&service, &op, &response).unwrap().unwrap_err();
        assert_eq!(err.code, "Boom");
        assert_eq!(err.message, "it broke");
        assert_eq!(err.fields.get("Reason"), Some(&Value::String("r".into())));

        let mut corrupt = message(&[(":event-type", "Data")], b"{}");
        let last = corrupt.len() - 1;
        corrupt[last] ^= 1;
        let response = HttpResponse {
            status: 200,
            headers: vec![],
            body: corrupt,
        };
        assert!(parse(&service, &op, &response).is_err());
    }
}
