//! The wire protocols: `query`, `ec2`, `json` (1.0/1.1), `rest-json`, `rest-xml` and
//! `smithy-rpc-v2-cbor`. [`serialize`] turns an operation's input value into an
//! [`HttpRequest`]; [`parse`] turns an [`HttpResponse`] into the output value or a
//! [`ServiceError`].

mod member;
mod parse;
mod serialize;

pub use serialize::{checksum_base64, serialize_with, ChecksumCalculation, SerializeOptions};

use crate::model::{Metadata, ModelError, Operation, Service};
use crate::value::Value;

/// A serialized request, before endpoint resolution and signing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpRequest {
    /// HTTP method.
    pub method: String,
    /// Path and query string, starting with `/` (joined to the endpoint's path later).
    pub uri: String,
    /// Headers in order; names as the protocol writes them.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Host prefix from the operation's `endpoint` trait, with labels filled in.
    pub host_prefix: Option<String>,
}

impl HttpRequest {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// The first header of that name (case-insensitive) in a list of headers.
fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A received response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// An error the service returned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceError {
    /// The error code, e.g. `InvalidParameterValue`.
    pub code: String,
    /// The message.
    pub message: String,
    /// HTTP status.
    pub status: u16,
    /// The request id, when the service sent one.
    pub request_id: Option<String>,
    /// The error's modeled fields (when the code matches a modeled exception), including
    /// `Error` details where the protocol has them.
    pub fields: Value,
}

/// Errors of serialization or parsing.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    /// The model could not be navigated.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The service's protocol is not one we speak.
    #[error("unsupported protocol: {0}")]
    UnsupportedProtocol(String),
    /// An input value does not fit its shape.
    #[error("{0}")]
    InvalidInput(String),
    /// A document the response must hold is not there or not well formed, worded as the
    /// AWS CLI's XML parser words it (`no element found: line 1, column 0`).
    #[error("{0}")]
    MalformedDocument(String),
    /// The response could not be parsed.
    #[error("unable to parse response ({status}): {message}")]
    InvalidResponse {
        /// HTTP status of the response.
        status: u16,
        /// What went wrong.
        message: String,
    },
}

/// The outcome of parsing a response: the output value or the service's error.
pub type ParseResult = Result<Result<Value, ServiceError>, ProtocolError>;

/// The protocol a service uses, resolved from its metadata as the AWS CLI resolves it: when the
/// model lists `protocols`, the first of [`PRIORITY_ORDERED_PROTOCOLS`] that the list contains
/// (whatever the list's own order), otherwise the legacy `protocol`.
pub fn protocol_of(service: &Service) -> &str {
    resolve_protocol(service.metadata())
}

/// [`protocol_of`] over a model's metadata.
pub fn resolve_protocol(meta: &Metadata) -> &str {
    if meta.protocols.is_empty() {
        return meta.protocol.as_str();
    }
    PRIORITY_ORDERED_PROTOCOLS
        .iter()
        .copied()
        .find(|p| meta.protocols.iter().any(|q| q == p))
        .unwrap_or(meta.protocol.as_str())
}

/// The protocols the CLI speaks, most preferred first (botocore's
/// `PRIORITY_ORDERED_SUPPORTED_PROTOCOLS`).
pub const PRIORITY_ORDERED_PROTOCOLS: &[&str] = &[
    "json",
    "rest-json",
    "rest-xml",
    "smithy-rpc-v2-cbor",
    "query",
    "ec2",
];

/// Serializes an operation's input into an HTTP request.
pub fn serialize(
    service: &Service,
    operation: &Operation,
    input: &Value,
) -> Result<HttpRequest, ProtocolError> {
    serialize::serialize(service, operation, input)
}

/// Parses an HTTP response of an operation into its output or the service's error.
pub fn parse(service: &Service, operation: &Operation, response: &HttpResponse) -> ParseResult {
    parse::parse(service, operation, response)
}

/// Parses a response it owns: a successful blob payload (an S3 object body, a Lambda invoke
/// result) moves into the output instead of being copied; everything else is [`parse`].
pub fn parse_owned(
    service: &Service,
    operation: &Operation,
    mut response: HttpResponse,
) -> ParseResult {
    if (200..300).contains(&response.status) {
        if let Some((member, streaming)) = blob_payload(service, operation)? {
            let body = std::mem::take(&mut response.body);
            return Ok(parse(service, operation, &response)?.map(|mut value| {
                if let Value::Map(map) = &mut value {
                    if !body.is_empty() || streaming {
                        map.insert(member, Value::Blob(body));
                    }
                }
                value
            }));
        }
    }
    parse(service, operation, &response)
}

/// The output's payload member when it is a blob (and whether it streams).
fn blob_payload(
    service: &Service,
    operation: &Operation,
) -> Result<Option<(String, bool)>, ProtocolError> {
    if !matches!(protocol_of(service), "rest-xml" | "rest-json") {
        return Ok(None);
    }
    let Some(output) = &operation.output else {
        return Ok(None);
    };
    let shape = service.resolve(output)?;
    let Some(payload) = &shape.payload else {
        return Ok(None);
    };
    let Some(member) = shape.members.get(payload) else {
        return Ok(None);
    };
    let target = service.resolve(member)?;
    Ok(
        (target.shape_type == crate::model::ShapeType::Blob && !target.eventstream)
            .then(|| (payload.clone(), target.streaming || member.streaming)),
    )
}
