//! A shape as seen through one reference: the shape definition's serialization traits with
//! the reference's traits laid over them, as botocore merges them.

use crate::model::{Location, Service, Shape, ShapeRef, ShapeType, XmlNamespace};
use crate::protocol::ProtocolError;
use std::sync::Arc;

/// A resolved shape reference.
#[derive(Debug, Clone)]
pub(crate) struct Member<'r> {
    /// The reference (member traits).
    pub r: &'r ShapeRef,
    /// The target shape.
    pub shape: Arc<Shape>,
}

impl<'r> Member<'r> {
    /// Resolves a reference against the service.
    pub fn resolve(service: &Service, r: &'r ShapeRef) -> Result<Member<'r>, ProtocolError> {
        Ok(Member {
            r,
            shape: service.resolve(r)?,
        })
    }

    /// The shape's type.
    pub fn ty(&self) -> ShapeType {
        self.shape.shape_type
    }

    /// The serialized name (`locationName` of the reference, else of the shape).
    pub fn name(&self) -> Option<&str> {
        self.r
            .location_name
            .as_deref()
            .or(self.shape.location_name.as_deref())
    }

    /// Whether the list or map is flattened.
    pub fn flattened(&self) -> bool {
        self.r.flattened || self.shape.flattened
    }

    /// The XML namespace, if any.
    pub fn xml_namespace(&self) -> Option<&XmlNamespace> {
        self.r
            .xml_namespace
            .as_ref()
            .or(self.shape.xml_namespace.as_ref())
    }

    /// The `timestampFormat` trait, if any.
    pub fn timestamp_format(&self) -> Option<&str> {
        self.r
            .timestamp_format
            .as_deref()
            .or(self.shape.timestamp_format.as_deref())
    }

    /// The HTTP binding.
    pub fn location(&self) -> Option<Location> {
        self.r.location.or(self.shape.location)
    }

    /// Whether the member is bound outside the body (headers, status code) or is an event
    /// header.
    pub fn outside_body(&self) -> bool {
        matches!(
            self.location(),
            Some(Location::Header | Location::Headers | Location::StatusCode)
        ) || self.r.eventheader
    }

    /// The payload member of a structure (rest protocols).
    pub fn payload(&self) -> Option<&str> {
        self.r.payload.as_deref().or(self.shape.payload.as_deref())
    }

    /// The list member reference.
    pub fn list_member(&self) -> Result<&ShapeRef, ProtocolError> {
        self.shape
            .member
            .as_deref()
            .ok_or_else(|| invalid_model(&self.shape.name, "list without member"))
    }

    /// The map key reference.
    pub fn map_key(&self) -> Result<&ShapeRef, ProtocolError> {
        self.shape
            .key
            .as_deref()
            .ok_or_else(|| invalid_model(&self.shape.name, "map without key"))
    }

    /// The map value reference.
    pub fn map_value(&self) -> Result<&ShapeRef, ProtocolError> {
        self.shape
            .value
            .as_deref()
            .ok_or_else(|| invalid_model(&self.shape.name, "map without value"))
    }

    /// A structure member's reference.
    pub fn struct_member(&self, name: &str) -> Result<&ShapeRef, ProtocolError> {
        self.shape.members.get(name).ok_or_else(|| {
            ProtocolError::InvalidInput(format!("Unknown parameter {name} for {}", self.shape.name))
        })
    }
}

/// An error for a model that cannot be serialized.
pub(crate) fn invalid_model(shape: &str, what: &str) -> ProtocolError {
    ProtocolError::InvalidInput(format!("invalid model: shape {shape}: {what}"))
}

/// An error for an input value whose type does not fit its shape.
pub(crate) fn type_mismatch(shape: &Shape) -> ProtocolError {
    ProtocolError::InvalidInput(format!(
        "Invalid type for a parameter of shape {} ({:?})",
        shape.name, shape.shape_type
    ))
}
