//! Response parsers, one module per protocol, over shared pieces: scalar conversion, the
//! XML and JSON-like body walkers, HTTP bindings of the rest protocols, event streams and
//! the error conventions.
//!
//! The behaviour follows botocore's parsers: absent members stay absent, timestamps keep
//! their wire text, blobs become bytes, and an HTTP status of 301 or more is an error.

mod cbor;
mod errors;
mod eventstream;
mod json;
mod query;
mod rest;
mod scalar;
mod traits;
mod tree;
mod xml;

use super::{protocol_of, HttpResponse, ParseResult, ProtocolError};
use crate::model::{Operation, Service};

/// Parses a response for the service's protocol.
pub(super) fn parse(
    service: &Service,
    operation: &Operation,
    response: &HttpResponse,
) -> ParseResult {
    let ctx = Ctx {
        service,
        operation,
        response,
    };
    match protocol_of(service) {
        "query" => query::parse(&ctx, false),
        "ec2" => query::parse(&ctx, true),
        "json" => json::parse(&ctx),
        "rest-json" => rest::parse(&ctx, rest::Body::Json),
        "rest-xml" => rest::parse(&ctx, rest::Body::Xml),
        "smithy-rpc-v2-cbor" => cbor::parse(&ctx),
        other => Err(ProtocolError::UnsupportedProtocol(other.to_owned())),
    }
}

/// What every parser needs: the model and the response.
pub(crate) struct Ctx<'a> {
    /// The service model.
    pub service: &'a Service,
    /// The operation whose response this is.
    pub operation: &'a Operation,
    /// The response.
    pub response: &'a HttpResponse,
}

impl Ctx<'_> {
    /// Whether the response is an error (botocore treats 301 and up as errors).
    pub fn is_error(&self) -> bool {
        self.response.status >= 301
    }

    /// A parse failure for this response.
    pub fn invalid(&self, message: impl Into<String>) -> ProtocolError {
        ProtocolError::InvalidResponse {
            status: self.response.status,
            message: message.into(),
        }
    }
}
