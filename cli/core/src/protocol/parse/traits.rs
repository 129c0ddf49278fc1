//! Traits as the parsers see them: a member reference's traits laid over its target shape's.

use crate::model::{Location, Service, Shape, ShapeRef};
use std::sync::Arc;

/// A shape reference resolved to its target, with the merged traits.
pub(crate) struct Resolved<'r> {
    /// The reference.
    pub r: &'r ShapeRef,
    /// The target shape.
    pub shape: Arc<Shape>,
}

impl<'r> Resolved<'r> {
    /// Resolves a reference.
    pub fn new(r: &'r ShapeRef, service: &Service) -> Result<Self, crate::model::ModelError> {
        Ok(Resolved {
            r,
            shape: service.resolve(r)?,
        })
    }

    /// The wire name: the reference's `locationName`, else the shape's.
    pub fn location_name(&self) -> Option<&str> {
        self.r
            .location_name
            .as_deref()
            .or(self.shape.location_name.as_deref())
    }

    /// Whether the list or map is flattened.
    pub fn flattened(&self) -> bool {
        self.r.flattened || self.shape.flattened
    }

    /// The HTTP binding: the reference's `location`, else the shape's.
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
}

/// The error code an exception shape answers to: its `error.code`, else its name.
pub(crate) fn error_code_of(shape: &Shape) -> Option<&str> {
    if !shape.exception {
        return None;
    }
    Some(
        shape
            .error
            .as_ref()
            .and_then(|e| e.code.as_deref())
            .unwrap_or(&shape.name),
    )
}
