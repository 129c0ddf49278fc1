//! Parameter and result values: a JSON-like tree that also holds bytes and timestamps, as
//! botocore's Python objects do.

use crate::model::{ModelError, Service, ShapeRef, ShapeType};
use crate::timestamp::{Timestamp, TimestampError};
use base64::Engine;
use indexmap::IndexMap;
use serde_json::Value as Json;

/// A parameter or result value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// No value.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    String(String),
    /// Bytes.
    Blob(Vec<u8>),
    /// A point in time.
    Timestamp(Timestamp),
    /// A list.
    List(Vec<Value>),
    /// A structure or map, in insertion order.
    Map(IndexMap<String, Value>),
}

/// A JSON value that does not fit the shape it is given for.
#[derive(Debug, thiserror::Error)]
pub enum ValueError {
    /// The model could not be navigated.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The JSON type does not match the shape type.
    #[error(
        "Invalid type for parameter {path}, value: {value}, type: {found}, valid types: {expected}"
    )]
    Type {
        /// Dotted path of the parameter.
        path: String,
        /// The offending value, as JSON.
        value: String,
        /// The JSON type found.
        found: &'static str,
        /// The types accepted.
        expected: &'static str,
    },
    /// A timestamp that cannot be parsed.
    #[error("Invalid timestamp for parameter {path}: {source}")]
    Timestamp {
        /// Dotted path of the parameter.
        path: String,
        /// The parse error.
        source: TimestampError,
    },
}

/// How timestamps and blobs are rendered when a value becomes JSON for output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimestampStyle {
    /// ISO 8601 as the CLI prints by default (`2013-09-17T00:55:03+00:00`).
    #[default]
    Iso8601,
    /// The text as received on the wire.
    Wire,
}

fn json_type_name(json: &Json) -> &'static str {
    match json {
        Json::Null => "NoneType",
        Json::Bool(_) => "bool",
        Json::Number(n) if n.is_f64() => "float",
        Json::Number(_) => "int",
        Json::String(_) => "str",
        Json::Array(_) => "list",
        Json::Object(_) => "dict",
    }
}

impl Value {
    /// Converts JSON without a shape: objects become maps, numbers integers or floats.
    pub fn from_json(json: &Json) -> Value {
        match json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::List(items.iter().map(Value::from_json).collect()),
            Json::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Converts JSON for a shape: timestamps from epoch numbers or text, blobs from text
    /// (its UTF-8 bytes), numbers to the shape's numeric kind. Unknown structure members are
    /// kept untyped (validation is a separate step).
    pub fn from_json_for_shape(
        json: &Json,
        shape_ref: &ShapeRef,
        service: &Service,
    ) -> Result<Value, ValueError> {
        Self::convert(json, shape_ref, service, &mut String::new())
    }

    fn convert(
        json: &Json,
        shape_ref: &ShapeRef,
        service: &Service,
        path: &mut String,
    ) -> Result<Value, ValueError> {
        if json.is_null() {
            return Ok(Value::Null);
        }
        let shape = service.resolve(shape_ref)?;
        let mismatch = |expected: &'static str, path: &str| ValueError::Type {
            path: path.to_owned(),
            value: json.to_string(),
            found: json_type_name(json),
            expected,
        };
        if shape.document || shape_ref.jsonvalue {
            return Ok(Value::from_json(json));
        }
        Ok(match shape.shape_type {
            ShapeType::Structure => {
                let map = json
                    .as_object()
                    .ok_or_else(|| mismatch("<class 'dict'>", path))?;
                let mut out = IndexMap::new();
                for (k, v) in map {
                    let value = match shape.members.get(k) {
                        Some(member) => {
                            let len = path.len();
                            push_path(path, k);
                            let value = Self::convert(v, member, service, path)?;
                            path.truncate(len);
                            value
                        }
                        None => Value::from_json(v),
                    };
                    out.insert(k.clone(), value);
                }
                Value::Map(out)
            }
            ShapeType::List => {
                let items = json
                    .as_array()
                    .ok_or_else(|| mismatch("<class 'list'>, <class 'tuple'>", path))?;
                let member = shape.member.as_deref().cloned().unwrap_or_default();
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    out.push(Self::convert(item, &member, service, path)?);
                    path.truncate(len);
                }
                Value::List(out)
            }
            ShapeType::Map => {
                let map = json
                    .as_object()
                    .ok_or_else(|| mismatch("<class 'dict'>", path))?;
                let value_ref = shape.value.as_deref().cloned().unwrap_or_default();
                let mut out = IndexMap::new();
                for (k, v) in map {
                    let len = path.len();
                    push_path(path, k);
                    out.insert(k.clone(), Self::convert(v, &value_ref, service, path)?);
                    path.truncate(len);
                }
                Value::Map(out)
            }
            ShapeType::String => match json {
                Json::String(s) => Value::String(s.clone()),
                _ => return Err(mismatch("<class 'str'>", path)),
            },
            ShapeType::Boolean => match json {
                Json::Bool(b) => Value::Bool(*b),
                _ => return Err(mismatch("<class 'bool'>", path)),
            },
            t if t.is_integer() => match json.as_i64() {
                Some(i) => Value::Integer(i),
                None => return Err(mismatch("<class 'int'>", path)),
            },
            t if t.is_float() => match json {
                Json::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
                Json::String(s) if s == "NaN" || s == "Infinity" || s == "-Infinity" => {
                    Value::Float(s.parse::<f64>().unwrap_or(f64::NAN))
                }
                _ => {
                    return Err(mismatch(
                        "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
                        path,
                    ))
                }
            },
            ShapeType::Timestamp => match json {
                Json::Number(n) => Value::Timestamp(
                    Timestamp::from_epoch_f64(n.as_f64().unwrap_or(f64::NAN)).map_err(
                        |source| ValueError::Timestamp {
                            path: path.clone(),
                            source,
                        },
                    )?,
                ),
                Json::String(s) => Value::Timestamp(Timestamp::parse(s).map_err(|source| {
                    ValueError::Timestamp {
                        path: path.clone(),
                        source,
                    }
                })?),
                _ => return Err(mismatch("<class 'datetime.datetime'>, <class 'str'>", path)),
            },
            ShapeType::Blob => match json {
                Json::String(s) => Value::Blob(s.as_bytes().to_vec()),
                _ => {
                    return Err(mismatch(
                        "<class 'bytes'>, <class 'bytearray'>, file-like object",
                        path,
                    ))
                }
            },
            _ => Value::from_json(json),
        })
    }

    /// Converts to JSON for output: blobs as base64 text, timestamps per `style`.
    pub fn to_json(&self, style: TimestampStyle) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Integer(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(Json::Number)
                .unwrap_or_else(|| Json::String(python_float_text(*f))),
            Value::String(s) => Json::String(s.clone()),
            Value::Blob(b) => Json::String(base64::engine::general_purpose::STANDARD.encode(b)),
            Value::Timestamp(ts) => match (style, &ts.wire) {
                (TimestampStyle::Wire, Some(wire)) if ts.wire_is_number => wire
                    .parse::<serde_json::Number>()
                    .map_or_else(|_| Json::String(wire.clone()), Json::Number),
                (TimestampStyle::Wire, Some(wire)) => Json::String(wire.clone()),
                _ => Json::String(ts.to_cli_iso8601()),
            },
            Value::List(items) => Json::Array(items.iter().map(|v| v.to_json(style)).collect()),
            Value::Map(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), v.to_json(style)))
                    .collect(),
            ),
        }
    }

    /// The member of a map value, if this is a map that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(map) => map.get(key),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

fn push_path(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn python_float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f > 0.0 {
        "Infinity".into()
    } else {
        "-Infinity".into()
    }
}
