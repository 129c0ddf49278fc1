//! Response parsers, one module per protocol.

use super::{protocol_of, HttpResponse, ParseResult, ProtocolError};
use crate::model::{Operation, Service};

/// Parses a response for the service's protocol.
pub(super) fn parse(
    service: &Service,
    operation: &Operation,
    response: &HttpResponse,
) -> ParseResult {
    let _ = (operation, response);
    Err(ProtocolError::UnsupportedProtocol(
        protocol_of(service).to_owned(),
    ))
}
