//! Request serializers, one module per protocol.

use super::{protocol_of, HttpRequest, ProtocolError};
use crate::model::{Operation, Service};
use crate::value::Value;

/// Serializes an operation's input for the service's protocol.
pub(super) fn serialize(
    service: &Service,
    operation: &Operation,
    input: &Value,
) -> Result<HttpRequest, ProtocolError> {
    let _ = (operation, input);
    Err(ProtocolError::UnsupportedProtocol(
        protocol_of(service).to_owned(),
    ))
}
