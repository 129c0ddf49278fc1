//! The `rest-json` and `rest-xml` protocols: members bound to headers, prefixed header maps
//! and the status code, a payload member or the whole body, and each body's error
//! conventions.

use super::errors::{self, ErrorInfo};
use super::eventstream;
use super::json;
use super::query;
use super::scalar;
use super::xml::{self, Nodes, XmlWalker};
use super::Ctx;
use crate::model::{Location, ShapeRef, ShapeType};
use crate::protocol::member::Member;
use crate::protocol::{ParseResult, ProtocolError, ServiceError};
use crate::value::Value;
use indexmap::IndexMap;

/// The body format of a rest protocol.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body {
    /// `rest-json`.
    Json,
    /// `rest-xml`.
    Xml,
}

/// Parses a rest-json or rest-xml response.
pub(super) fn parse(ctx: &Ctx<'_>, kind: Body) -> ParseResult {
    if ctx.is_error() {
        return error(ctx, kind).map(Err);
    }
    match &ctx.operation.output {
        Some(output) if is_bucket_location(ctx) => {
            bucket_location(ctx, members(ctx, output, kind)?)
        }
        Some(output) => members(ctx, output, kind),
        None => Ok(Ok(Value::Map(IndexMap::new()))),
    }
}

fn is_bucket_location(ctx: &Ctx<'_>) -> bool {
    ctx.service.model_name() == "s3" && ctx.operation.name == "GetBucketLocation"
}

/// S3's `GetBucketLocation` answers with a bare `<LocationConstraint>` root that the model
/// cannot describe: as botocore's `parse_get_bucket_location`, the member is the root's text,
/// `null` when empty.
fn bucket_location(
    ctx: &Ctx<'_>,
    parsed: Result<Value, crate::protocol::ServiceError>,
) -> ParseResult {
    let Ok(Value::Map(mut map)) = parsed else {
        return Ok(parsed);
    };
    let text = String::from_utf8_lossy(&ctx.response.body);
    if text.trim().is_empty() {
        return Err(ProtocolError::MalformedDocument(no_element_found(&text)));
    }
    let doc = xml::parse_document(ctx, &text)?;
    let value = match doc.root_element().text() {
        Some(t) => Value::String(t.to_owned()),
        None => Value::Null,
    };
    map.insert("LocationConstraint".into(), value);
    Ok(Ok(Value::Map(map)))
}

/// Expat's complaint about a document with no element, at the end of `text`.
fn no_element_found(text: &str) -> String {
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, str::len);
    format!("no element found: line {line}, column {column}")
}

/// Parses every member of the structure `r` refers to from headers, status and body.
fn members(ctx: &Ctx<'_>, r: &ShapeRef, kind: Body) -> ParseResult {
    let res = Member::resolve(ctx.service, r)?;
    let shape = &res.shape;
    let mut out = IndexMap::new();
    for (name, member) in &shape.members {
        let m = Member::resolve(ctx.service, member)?;
        match m.location() {
            Some(Location::StatusCode) => {
                let v =
                    scalar::from_text(&ctx.response.status.to_string(), m.shape.shape_type, true)
                        .map_err(|e| ctx.invalid(e))?;
                out.insert(name.clone(), v);
            }
            Some(Location::Headers) => {
                let prefix = m.name().unwrap_or("");
                out.insert(name.clone(), prefixed_headers(ctx, prefix));
            }
            Some(Location::Header) => {
                let header = m.name().unwrap_or(name);
                if let Some(raw) = ctx.response.header(header) {
                    out.insert(name.clone(), header_value(ctx, &m, raw, kind)?);
                }
            }
            _ => {}
        }
    }
    let body = ctx.response.body.as_slice();
    if let Some(payload) = &shape.payload {
        let Some(member) = shape.members.get(payload) else {
            return Ok(Ok(Value::Map(out)));
        };
        let m = Member::resolve(ctx.service, member)?;
        if m.shape.eventstream {
            match eventstream::parse_events(ctx, member, body, payload_kind(kind))? {
                Ok(events) => out.insert(payload.clone(), events),
                Err(err) => return Ok(Err(err)),
            };
        } else if matches!(m.shape.shape_type, ShapeType::Blob | ShapeType::String) {
            if !body.is_empty() || m.shape.streaming || member.streaming {
                let v = if m.shape.shape_type == ShapeType::Blob {
                    Value::Blob(body.to_vec())
                } else {
                    Value::String(String::from_utf8_lossy(body).into_owned())
                };
                out.insert(payload.clone(), v);
            }
        } else if !body.trim_ascii().is_empty() {
            out.insert(payload.clone(), body_value(ctx, member, body, kind)?);
        }
    } else if let Value::Map(parsed) = body_value(ctx, r, body, kind)? {
        out.extend(parsed);
    }
    Ok(Ok(Value::Map(out)))
}

fn payload_kind(kind: Body) -> eventstream::Payload {
    match kind {
        Body::Json => eventstream::Payload::Json,
        Body::Xml => eventstream::Payload::Xml,
    }
}

/// Types a body (JSON object or XML root element) by a shape.
pub(crate) fn body_value(
    ctx: &Ctx<'_>,
    r: &ShapeRef,
    body: &[u8],
    kind: Body,
) -> Result<Value, ProtocolError> {
    match kind {
        Body::Json => json::typed_body(ctx, body, r),
        Body::Xml => {
            let text = String::from_utf8_lossy(body);
            if text.trim().is_empty() {
                return Ok(Value::Map(IndexMap::new()));
            }
            let doc = xml::parse_document(ctx, &text)?;
            XmlWalker::new(ctx, false).value(&Nodes::One(doc.root_element()), r)
        }
    }
}

/// All headers starting with `prefix` (case-insensitive), keyed by the rest of their name.
fn prefixed_headers(ctx: &Ctx<'_>, prefix: &str) -> Value {
    let prefix = prefix.to_ascii_lowercase();
    let mut out = IndexMap::new();
    for (name, value) in &ctx.response.headers {
        if name.len() >= prefix.len()
            && name.is_char_boundary(prefix.len())
            && name[..prefix.len()].eq_ignore_ascii_case(&prefix)
        {
            out.insert(
                name[prefix.len()..].to_owned(),
                Value::String(value.clone()),
            );
        }
    }
    Value::Map(out)
}

/// A header's value typed by its member: lists split on commas (quoted strings and HTTP
/// dates kept whole), `jsonvalue` strings decoded from base64 JSON.
fn header_value(
    ctx: &Ctx<'_>,
    m: &Member<'_>,
    raw: &str,
    kind: Body,
) -> Result<Value, ProtocolError> {
    let loose_bool = kind == Body::Json;
    match m.shape.shape_type {
        ShapeType::List => {
            let item_ref = m.shape.member.as_deref().cloned().unwrap_or_default();
            let item = Member::resolve(ctx.service, &item_ref)?;
            let mut items = split_header_list(raw);
            if item.shape.shape_type == ShapeType::Timestamp {
                items = join_http_dates(items);
            }
            items
                .iter()
                .map(|s| header_value(ctx, &item, s, kind))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List)
        }
        ShapeType::String if m.r.jsonvalue => {
            let bytes = scalar::decode_base64(raw).map_err(|e| ctx.invalid(e))?;
            serde_json::from_slice::<serde_json::Value>(&bytes)
                .map(|j| Value::from_json(&j))
                .map_err(|e| ctx.invalid(format!("invalid JSON header value: {e}")))
        }
        t => scalar::from_text(raw, t, loose_bool).map_err(|e| ctx.invalid(e)),
    }
}

/// Splits a header list on commas; double-quoted items may hold commas and `\` escapes.
fn split_header_list(raw: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut chars = raw.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next()),
                    '"' => break,
                    c => item.push(c),
                }
            }
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
            }
            items.push(item);
        } else {
            let mut ended = true;
            for c in chars.by_ref() {
                if c == ',' {
                    ended = false;
                    break;
                }
                item.push(c);
            }
            items.push(item.trim().to_owned());
            if ended {
                break;
            }
            continue;
        }
        if chars.peek().is_none() {
            break;
        }
    }
    items
}

/// Rejoins HTTP dates split at their own comma (`Mon`, `16 Dec 2019 …`).
fn join_http_dates(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    for item in items {
        match pending.take() {
            Some(day) => out.push(format!("{day}, {item}")),
            None if item.len() == 3 && item.chars().all(|c| c.is_ascii_alphabetic()) => {
                pending = Some(item)
            }
            None => out.push(item),
        }
    }
    out.extend(pending);
    out
}

fn error(ctx: &Ctx<'_>, kind: Body) -> Result<ServiceError, ProtocolError> {
    if errors::is_generic(ctx) {
        return errors::finish(ctx, errors::from_status(ctx), |_| Ok(Value::Null));
    }
    let info = match kind {
        Body::Json => {
            let body = json::decode(ctx, &ctx.response.body)
                .unwrap_or_else(|_| json::text_as_message(&ctx.response.body));
            json::error_info(ctx, &body, true)
        }
        Body::Xml => xml_error_info(ctx),
    };
    errors::finish(ctx, info, |r| {
        Ok(match members(ctx, r, kind) {
            Ok(Ok(v)) => v,
            _ => Value::Null,
        })
    })
}

/// Reads an S3 `<Error>` body or an `<ErrorResponse>` body; falls back to the status code.
fn xml_error_info(ctx: &Ctx<'_>) -> ErrorInfo {
    let text = xml::body_text(ctx);
    let doc = match xml::parse_document(ctx, &text) {
        Ok(doc) if !text.trim().is_empty() => doc,
        _ => {
            let mut info = errors::from_status(ctx);
            info.request_id = ctx.response.header("x-amz-request-id").map(str::to_owned);
            return info;
        }
    };
    let root = doc.root_element();
    if xml::tag(&root) == "Error" {
        let mut info = ErrorInfo::new("", "");
        if let Value::Map(mut details) = xml::untyped(root) {
            let body_id = details.shift_remove("RequestId");
            details.shift_remove("HostId");
            info.details.extend(details);
            info.request_id = errors::header_request_id(ctx)
                .or_else(|| body_id.and_then(|v| v.as_str().map(str::to_owned)));
        }
        info
    } else {
        query::error_info(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lists() {
        assert_eq!(split_header_list("a, b,c"), ["a", "b", "c"]);
        assert_eq!(
            split_header_list(r#""b,c", "\"def\"", a"#),
            ["b,c", "\"def\"", "a"]
        );
        assert_eq!(split_header_list(""), [""]);
        assert_eq!(
            join_http_dates(split_header_list(
                "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT"
            )),
            [
                "Mon, 16 Dec 2019 23:48:18 GMT",
                "Tue, 17 Dec 2019 23:48:18 GMT"
            ]
        );
    }
}
