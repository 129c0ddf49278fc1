//! The `rest-json` and `rest-xml` protocols: members bound to the URI, query string and
//! headers, the rest to a JSON or XML body (or a payload member).

use super::json::{to_python_json, JsonWriter};
use super::text::{base64, float_text, format_timestamp, percent_encode, py_str};
use super::{xml, Context};
use crate::model::{Location, ShapeType};
use crate::protocol::member::{invalid_model, type_mismatch, Member};
use crate::protocol::{HttpRequest, ProtocolError};
use crate::timestamp::Timestamp;
use crate::value::Value;
use indexmap::IndexMap;

/// The body format of a rest protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    /// `rest-json`.
    Json,
    /// `rest-xml`.
    Xml,
}

/// Serializes a rest-protocol request.
pub(crate) fn serialize(ctx: &Context<'_>, kind: BodyKind) -> Result<HttpRequest, ProtocolError> {
    let http = &ctx.operation.http;
    let mut request = HttpRequest {
        method: http.method.clone(),
        ..HttpRequest::default()
    };
    let Some(input) = ctx.input_member()? else {
        request.uri = http.request_uri.clone();
        return Ok(request);
    };
    let Value::Map(params) = ctx.input else {
        return Err(type_mismatch(&input.shape));
    };

    let mut labels: IndexMap<String, String> = IndexMap::new();
    let mut query: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut headers: IndexMap<String, String> = IndexMap::new();
    let mut body_keys: Vec<&str> = Vec::new();
    for (key, value) in params {
        if value.is_null() {
            continue;
        }
        let m = Member::resolve(ctx.service, input.struct_member(key)?)?;
        let name = m.name().unwrap_or(key).to_owned();
        match m.location() {
            Some(Location::Uri) => {
                labels.insert(name, ctx.uri_value(value, &m)?);
            }
            Some(Location::Querystring) => match value {
                Value::Map(map) => {
                    for (k, v) in map {
                        let texts = match v {
                            Value::List(items) => items.iter().map(py_str).collect(),
                            v => vec![py_str(v)],
                        };
                        // Members bound by name win over entries of a query map.
                        query.entry(k.clone()).or_insert(texts);
                    }
                }
                Value::List(items) => {
                    let member = Member::resolve(ctx.service, m.list_member()?)?;
                    let texts = items
                        .iter()
                        .map(|v| ctx.uri_value(v, &member))
                        .collect::<Result<_, _>>()?;
                    query.insert(name, texts);
                }
                v => {
                    query.insert(name, vec![ctx.uri_value(v, &m)?]);
                }
            },
            Some(Location::Header) => {
                if matches!(value, Value::List(items) if items.is_empty()) {
                    continue;
                }
                headers.insert(name, ctx.header_value(value, &m)?);
            }
            Some(Location::Headers) => {
                let Value::Map(map) = value else {
                    return Err(type_mismatch(&m.shape));
                };
                for (k, v) in map {
                    headers.insert(format!("{name}{k}"), py_str(v));
                }
            }
            _ => body_keys.push(key.as_str()),
        }
    }

    request.uri = render_uri(&http.request_uri, &labels)?;
    if !query.is_empty() {
        let encoded = query
            .iter()
            .flat_map(|(k, vs)| {
                vs.iter()
                    .map(move |v| format!("{}={}", percent_encode(k, b""), percent_encode(v, b"")))
            })
            .collect::<Vec<_>>()
            .join("&");
        if !encoded.is_empty() {
            request
                .uri
                .push(if request.uri.contains('?') { '&' } else { '?' });
            request.uri.push_str(&encoded);
        }
    }
    request.headers = headers.into_iter().collect();

    let payload = input.payload();
    let payload_member = payload
        .map(|p| {
            Ok::<_, ProtocolError>((p, Member::resolve(ctx.service, input.struct_member(p)?)?))
        })
        .transpose()?;
    let streaming = matches!(&payload_member, Some((_, m)) if matches!(m.ty(), ShapeType::Blob | ShapeType::String));
    match payload_member {
        Some((_, m)) if streaming => {
            let value = payload.and_then(|p| params.get(p)).unwrap_or(&Value::Null);
            request.body = match value {
                Value::Blob(b) => b.clone(),
                Value::String(s) => s.as_bytes().to_vec(),
                Value::Null => Vec::new(),
                _ => return Err(type_mismatch(&m.shape)),
            };
        }
        Some((key, m)) => match params.get(key) {
            Some(value) if !value.is_null() => {
                let root = m.name().unwrap_or(&m.shape.name).to_owned();
                request.body = body(ctx, kind, value, &m, &root, &|_| true)?;
            }
            _ if kind == BodyKind::Json => request.body = b"{}".to_vec(),
            _ => {}
        },
        None if !body_keys.is_empty() => {
            let root = input.name().unwrap_or(&input.shape.name).to_owned();
            request.body = body(ctx, kind, ctx.input, &input, &root, &|k| {
                body_keys.contains(&k)
            })?;
        }
        None => {
            let mut unbound = false;
            for r in input.shape.members.values() {
                unbound |= Member::resolve(ctx.service, r)?.location().is_none();
            }
            if kind == BodyKind::Json && unbound {
                request.body = b"{}".to_vec();
            }
        }
    }
    if kind == BodyKind::Json
        && !streaming
        && !request.body.is_empty()
        && request.header("Content-Type").is_none()
    {
        request
            .headers
            .push(("Content-Type".into(), "application/json".into()));
    }
    Ok(request)
}

fn body(
    ctx: &Context<'_>,
    kind: BodyKind,
    value: &Value,
    m: &Member<'_>,
    root: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Vec<u8>, ProtocolError> {
    match kind {
        BodyKind::Xml => xml::document(ctx.service, ctx.precision, value, m, root, keep),
        BodyKind::Json => {
            let mut writer = JsonWriter::new(ctx.service, ctx.precision);
            if m.ty() == ShapeType::Structure && !m.shape.document {
                writer.structure(value, m, keep)?;
            } else {
                writer.value(value, m)?;
            }
            Ok(writer.out.into_bytes())
        }
    }
}

/// Fills `{Label}` and greedy `{Label+}` placeholders of a request URI template.
fn render_uri(template: &str, labels: &IndexMap<String, String>) -> Result<String, ProtocolError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after
            .find('}')
            .ok_or_else(|| invalid_model(template, "unclosed label in requestUri"))?;
        let label = &after[..end];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let value = labels.get(name).ok_or_else(|| {
            ProtocolError::InvalidInput(format!("Missing required parameter in input: \"{name}\""))
        })?;
        out.push_str(&percent_encode(value, if greedy { b"/" } else { b"" }));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

impl Context<'_> {
    /// A URI label or query string value.
    fn uri_value(&self, value: &Value, m: &Member<'_>) -> Result<String, ProtocolError> {
        Ok(match value {
            Value::Bool(b) => b.to_string(),
            Value::Timestamp(ts) => {
                let format = m.timestamp_format().unwrap_or("iso8601");
                format_timestamp(ts, format, self.precision).into_text()
            }
            Value::Float(f) => float_text(*f),
            Value::Blob(b) => base64(b),
            Value::List(_) | Value::Map(_) => return Err(type_mismatch(&m.shape)),
            v => py_str(v),
        })
    }

    /// A header value.
    fn header_value(&self, value: &Value, m: &Member<'_>) -> Result<String, ProtocolError> {
        if m.r.jsonvalue && m.ty() == ShapeType::String {
            return Ok(base64(to_python_json(value, true).as_bytes()));
        }
        Ok(match value {
            Value::Timestamp(ts) => {
                let format = m.timestamp_format().unwrap_or("rfc822");
                let whole = Timestamp::from_secs(ts.secs);
                format_timestamp(&whole, format, self.precision).into_text()
            }
            Value::List(items) => {
                let member = Member::resolve(self.service, m.list_member()?)?;
                let mut parts = Vec::with_capacity(items.len());
                for item in items.iter().filter(|v| !v.is_null()) {
                    parts.push(match (member.ty(), item) {
                        (ShapeType::String, Value::String(s)) => escape_list_item(s),
                        _ => self.header_value(item, &member)?,
                    });
                }
                parts.join(",")
            }
            Value::Bool(b) => b.to_string(),
            Value::Float(f) => float_text(*f),
            Value::Blob(b) => base64(b),
            Value::Map(_) => return Err(type_mismatch(&m.shape)),
            v => py_str(v),
        })
    }
}

fn escape_list_item(s: &str) -> String {
    if s.contains('"') || s.contains(',') {
        format!("\"{}\"", s.replace('"', "\\\""))
    } else {
        s.to_owned()
    }
}
