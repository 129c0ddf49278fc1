//! Type coercion of parsed shorthand against the input shape, as the AWS CLI does it after
//! parsing: numbers and booleans from text, a single value where a list is expected becomes a
//! one-item list, and document members are refused.

use crate::scalar::{shorthand_bool, to_float, to_int};
use crate::shape::{ParamKind, ParamShape};
use serde_json::Value;

/// Why a parsed shorthand value does not fit its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoerceError {
    /// A shorthand problem (document members); reported as a parameter parse error.
    Shorthand(String),
    /// A number or boolean conversion that failed; reported bare.
    Value(String),
}

enum Visit {
    Document,
    Failed(CoerceError),
}

impl From<String> for Visit {
    fn from(message: String) -> Self {
        Self::Failed(CoerceError::Value(message))
    }
}

/// Coerces a whole parsed parameter in place. Only values below the top level change: the
/// top-level value itself (a scalar, or a non-list where a list is expected) is left as is.
pub fn coerce<S: ParamShape>(value: &mut Value, shape: &S) -> Result<(), CoerceError> {
    let applies = match shape.kind() {
        ParamKind::Structure | ParamKind::Map => true,
        ParamKind::List => value.is_array(),
        _ => false,
    };
    if !applies {
        return Ok(());
    }
    visit(value, shape).map_err(|err| match err {
        Visit::Document => CoerceError::Shorthand(
            "Shorthand syntax does not support document types. Use JSON input for top-level argument."
                .to_owned(),
        ),
        Visit::Failed(err) => err,
    })
}

fn visit<S: ParamShape>(value: &mut Value, shape: &S) -> Result<(), Visit> {
    match shape.kind() {
        ParamKind::Document => Err(Visit::Document),
        ParamKind::Structure => {
            let Value::Object(map) = value else {
                return Ok(());
            };
            for (name, member) in shape.members() {
                let Some(child) = map.get_mut(&name) else {
                    continue;
                };
                match visit(child, &member) {
                    Err(Visit::Document) => {
                        return Err(Visit::Failed(CoerceError::Shorthand(format!(
                            "Shorthand syntax does not support document types. Use JSON input \
                             for top-level argument to specify nested parameter: {name}"
                        ))))
                    }
                    other => other?,
                }
            }
            Ok(())
        }
        ParamKind::List => {
            match value {
                Value::Array(items) => {
                    if let Some(member) = shape.list_member() {
                        for item in items {
                            visit(item, &member)?;
                        }
                    }
                }
                other => *other = Value::Array(vec![other.take()]),
            }
            Ok(())
        }
        ParamKind::Map => {
            if let (Value::Object(map), Some(value_shape)) = (value, shape.map_value()) {
                for child in map.values_mut() {
                    visit(child, &value_shape)?;
                }
            }
            Ok(())
        }
        ParamKind::Integer | ParamKind::Long => {
            *value = to_int(value)?;
            Ok(())
        }
        ParamKind::Float | ParamKind::Double => {
            *value = to_float(value)?;
            Ok(())
        }
        ParamKind::Boolean => {
            if let Some(b) = shorthand_bool(value)? {
                *value = Value::Bool(b);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
