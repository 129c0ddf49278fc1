//! Request serializers, one module per protocol, behind one entry point that also fills
//! idempotency tokens, expands the host prefix and adds the checksums the model requires.

mod cbor;
mod checksum;
mod json;
mod query;
mod rest;
mod text;
mod token;
mod xml;

pub use checksum::{checksum_base64, ChecksumCalculation};

use super::{protocol_of, HttpRequest, ProtocolError};
use crate::model::{Operation, Service};
use crate::protocol::member::Member;
use crate::value::Value;
use text::Precision;

/// Options of [`serialize_with`].
#[derive(Debug, Clone, Default)]
pub struct SerializeOptions {
    /// The token put into absent idempotency-token members; a fresh UUID v4 when `None`.
    pub idempotency_token: Option<String>,
    /// When request checksums are computed.
    pub checksum_calculation: ChecksumCalculation,
}

/// Serializes an operation's input for the service's protocol with default options.
pub(super) fn serialize(
    service: &Service,
    operation: &Operation,
    input: &Value,
) -> Result<HttpRequest, ProtocolError> {
    serialize_with(service, operation, input, &SerializeOptions::default())
}

/// Serializes an operation's input for the service's protocol.
pub fn serialize_with(
    service: &Service,
    operation: &Operation,
    input: &Value,
    options: &SerializeOptions,
) -> Result<HttpRequest, ProtocolError> {
    let input_shape = match &operation.input {
        Some(r) => Some(service.resolve(r)?),
        None => None,
    };
    let filled = match &input_shape {
        Some(shape) => token::fill(shape, input, options.idempotency_token.as_deref()),
        None => None,
    };
    let input = filled.as_ref().unwrap_or(input);
    let ctx = Context {
        service,
        operation,
        input,
        precision: precision_for(service),
    };
    let protocol = protocol_of(service);
    let mut request = match protocol {
        "query" => query::serialize(&ctx, false)?,
        "ec2" => query::serialize(&ctx, true)?,
        "json" => json_request(&ctx)?,
        "rest-json" => rest::serialize(&ctx, rest::BodyKind::Json)?,
        "rest-xml" => rest::serialize(&ctx, rest::BodyKind::Xml)?,
        "smithy-rpc-v2-cbor" => cbor_request(&ctx)?,
        other => return Err(ProtocolError::UnsupportedProtocol(other.to_owned())),
    };
    request.host_prefix = host_prefix(&ctx, input_shape.as_deref())?;
    checksum::apply(
        operation,
        input_shape.as_deref(),
        input,
        &mut request,
        options.checksum_calculation,
    )?;
    Ok(request)
}

/// What every protocol serializer works from.
pub(crate) struct Context<'c> {
    /// The service model.
    pub service: &'c Service,
    /// The operation.
    pub operation: &'c Operation,
    /// The input value (with idempotency tokens filled).
    pub input: &'c Value,
    /// Timestamp precision for ISO 8601 and epoch numbers.
    pub precision: Precision,
}

impl Context<'_> {
    /// The operation's input shape, if it has one.
    pub fn input_member(&self) -> Result<Option<Member<'_>>, ProtocolError> {
        match &self.operation.input {
            Some(r) => Ok(Some(Member::resolve(self.service, r)?)),
            None => Ok(None),
        }
    }
}

/// Services whose serializer writes millisecond timestamps.
fn precision_for(service: &Service) -> Precision {
    if service.model_name() == "bedrock-agentcore" {
        Precision::Millisecond
    } else {
        Precision::Default
    }
}

fn query_compatible_header(ctx: &Context<'_>, request: &mut HttpRequest) {
    if ctx.service.metadata().is_query_compatible() {
        request
            .headers
            .push(("x-amzn-query-mode".into(), "true".into()));
    }
}

/// The `json` protocol: `X-Amz-Target` names the operation, the body is the input as JSON.
fn json_request(ctx: &Context<'_>) -> Result<HttpRequest, ProtocolError> {
    let meta = ctx.service.metadata();
    let mut request = HttpRequest {
        method: ctx.operation.http.method.clone(),
        uri: "/".into(),
        ..HttpRequest::default()
    };
    request.headers.push((
        "X-Amz-Target".into(),
        format!(
            "{}.{}",
            meta.target_prefix.as_deref().unwrap_or_default(),
            ctx.operation.name
        ),
    ));
    request.headers.push((
        "Content-Type".into(),
        format!(
            "application/x-amz-json-{}",
            meta.json_version.as_deref().unwrap_or("1.0")
        ),
    ));
    query_compatible_header(ctx, &mut request);
    request.body = match ctx.input_member()? {
        Some(input) => {
            let mut writer = json::JsonWriter::new(ctx.service, ctx.precision);
            writer.structure(ctx.input, &input, &|_| true)?;
            writer.out.into_bytes()
        }
        None => b"{}".to_vec(),
    };
    Ok(request)
}

/// The `smithy-rpc-v2-cbor` protocol.
fn cbor_request(ctx: &Context<'_>) -> Result<HttpRequest, ProtocolError> {
    let meta = ctx.service.metadata();
    let mut request = HttpRequest {
        method: "POST".into(),
        uri: format!(
            "/service/{}/operation/{}",
            meta.target_prefix.as_deref().unwrap_or_default(),
            ctx.operation.name
        ),
        ..HttpRequest::default()
    };
    if let Some(input) = ctx.input_member()? {
        let mut writer = cbor::CborWriter {
            service: ctx.service,
            precision: ctx.precision,
            out: Vec::new(),
        };
        writer.value(ctx.input, &input)?;
        request.body = writer.out;
    }
    request
        .headers
        .push(("smithy-protocol".into(), "rpc-v2-cbor".into()));
    let media_type = if has_event_stream_output(ctx)? {
        "application/vnd.amazon.eventstream"
    } else {
        "application/cbor"
    };
    query_compatible_header(ctx, &mut request);
    request.headers.push(("Accept".into(), media_type.into()));
    if !request.body.is_empty() {
        request
            .headers
            .push(("Content-Type".into(), media_type.into()));
    }
    Ok(request)
}

fn has_event_stream_output(ctx: &Context<'_>) -> Result<bool, ProtocolError> {
    let Some(output) = &ctx.operation.output else {
        return Ok(false);
    };
    let shape = ctx.service.resolve(output)?;
    for r in shape.members.values() {
        if ctx.service.resolve(r)?.eventstream {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Expands the operation's host prefix template with its `hostLabel` members.
fn host_prefix(
    ctx: &Context<'_>,
    input_shape: Option<&crate::model::Shape>,
) -> Result<Option<String>, ProtocolError> {
    let Some(endpoint) = &ctx.operation.endpoint else {
        return Ok(None);
    };
    let mut prefix = endpoint.host_prefix.clone();
    let Some(shape) = input_shape else {
        return Ok(Some(prefix));
    };
    let mut bad = Vec::new();
    for (name, r) in &shape.members {
        if !r.host_label {
            continue;
        }
        let value = ctx.input.get(name).and_then(Value::as_str).unwrap_or("");
        let valid = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !valid {
            bad.push(name.as_str());
        }
        prefix = prefix.replace(&format!("{{{name}}}"), value);
    }
    if !bad.is_empty() {
        return Err(ProtocolError::InvalidInput(format!(
            "Invalid value for parameter(s): {}. Must contain only alphanumeric characters, hyphen, or period.",
            bad.join(", ")
        )));
    }
    Ok(Some(prefix))
}
