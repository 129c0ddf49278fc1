//! Traits of shapes as the parsers read them.

use crate::model::Shape;

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
