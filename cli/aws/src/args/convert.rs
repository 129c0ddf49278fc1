//! Turns option text into typed values: parameter files, JSON, shorthand, and the scalar
//! conversions the AWS CLI applies per shape type.

use super::parse::RawValue;
use super::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::model::{Service, ShapeRef, ShapeType};
use aws2_core::{Timestamp, Value};
use indexmap::IndexMap;
use serde_json::Value as Json;

/// How blob values given as text are read (`--cli-binary-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BinaryFormat {
    /// Text is base64 (v2 default).
    #[default]
    Base64,
    /// Text is taken as raw bytes.
    RawInBase64Out,
}

/// Context for conversions.
pub struct Converter<'a> {
    /// The service whose shapes are used.
    pub service: &'a Service,
    /// How blob text is read.
    pub binary_format: BinaryFormat,
}

/// One option's text after parameter-file resolution.
enum Text {
    Str(String),
    Bytes(Vec<u8>),
}

fn param_error(name: &str, msg: impl std::fmt::Display) -> CliError {
    CliError::Validation(format!("Error parsing parameter '--{name}': {msg}"))
}

/// The bytes an option's value stands for: a `fileb://` file's bytes, a `file://` file's
/// text, or the value itself, with the messages of the options of the model.
pub(crate) fn param_file_bytes(name: &str, value: &str) -> Result<Vec<u8>, CliError> {
    Ok(match resolve_param_file(name, value)? {
        Text::Str(text) => text.into_bytes(),
        Text::Bytes(bytes) => bytes,
    })
}

/// Resolves `file://` and `fileb://` prefixes.
fn resolve_param_file(name: &str, value: &str) -> Result<Text, CliError> {
    let (path, binary) = if let Some(p) = value.strip_prefix("fileb://") {
        (p, true)
    } else if let Some(p) = value.strip_prefix("file://") {
        (p, false)
    } else {
        return Ok(Text::Str(value.to_owned()));
    };
    let expanded = expand_home(path);
    let bytes = std::fs::read(&expanded).map_err(|e| {
        param_error(
            name,
            format!(
                "Unable to load paramfile {value}: [Errno 2] {}: '{path}'",
                io_reason(&e)
            ),
        )
    })?;
    if binary {
        return Ok(Text::Bytes(bytes));
    }
    String::from_utf8(bytes).map(Text::Str).map_err(|_| {
        param_error(
            name,
            format!("Unable to load paramfile {value}: not UTF-8 text"),
        )
    })
}

/// Parses JSON text as the AWS CLI does (Python's `json.loads`, arrays and objects nested at
/// most `max_depth` deep). A document Python refuses is reported as
/// `<prefix>Invalid JSON: <why>\nJSON received: <text>`; nesting too deep, which Python does
/// not report as invalid JSON, is printed bare.
pub fn parse_json(text: &str, max_depth: usize, prefix: &str) -> Result<Json, CliError> {
    aws2_params::pyjson::parse_nested(text, max_depth).map_err(|e| {
        if e.is_value_error() {
            CliError::Validation(format!("{prefix}Invalid JSON: {e}\nJSON received: {text}"))
        } else {
            CliError::Other(e.to_string())
        }
    })
}

/// The text JSON values carry Python's non-finite floats as.
fn is_special_float(s: &str) -> bool {
    matches!(s, "NaN" | "Infinity" | "-Infinity")
}

fn io_reason(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory",
        std::io::ErrorKind::PermissionDenied => "Permission denied",
        _ => "Unable to read file",
    }
}

fn expand_home(path: &str) -> std::path::PathBuf {
    if let Some(rest) = path.strip_prefix("~/") {
        if let Some(home) = std::env::var_os("HOME") {
            return std::path::Path::new(&home).join(rest);
        }
    }
    std::path::PathBuf::from(path)
}

impl Converter<'_> {
    /// Converts the raw text of one option into the member's value.
    pub fn convert_arg(&self, arg: &Argument, raw: &RawValue) -> Result<Value, CliError> {
        match raw {
            RawValue::Flag(b) if arg.kind == ArgKind::BooleanValue => {
                let mut value = IndexMap::new();
                value.insert("Value".to_owned(), Value::Bool(*b));
                Ok(Value::Map(value))
            }
            RawValue::Flag(b) => Ok(Value::Bool(*b)),
            RawValue::One(text) if self.is_streaming_blob(&arg.shape_ref)? => {
                let path = expand_home(text.strip_prefix("fileb://").unwrap_or(text));
                if !path.is_file() {
                    return Err(param_error(
                        &arg.name,
                        "Blob values must be a path to a file.",
                    ));
                }
                std::fs::read(&path)
                    .map(Value::Blob)
                    .map_err(|e| CliError::other(format!("[Errno 2] {}: '{text}'", io_reason(&e))))
            }
            RawValue::One(text) => {
                let text = resolve_param_file(&arg.name, text)?;
                self.convert_text(&arg.name, text, &arg.shape_ref)
            }
            RawValue::Many(values) => {
                let shape = self.service.resolve(&arg.shape_ref)?;
                let item_ref = shape.member.as_deref().cloned().unwrap_or_default();
                if values.len() == 1 {
                    let text = resolve_param_file(&arg.name, &values[0])?;
                    if let Text::Str(s) = &text {
                        if s.trim_start().starts_with('[') {
                            return self.convert_text(&arg.name, text, &arg.shape_ref);
                        }
                    }
                    return Ok(Value::List(vec![
                        self.convert_text(&arg.name, text, &item_ref)?
                    ]));
                }
                let mut items = Vec::with_capacity(values.len());
                for v in values {
                    let text = resolve_param_file(&arg.name, v)?;
                    items.push(self.convert_text(&arg.name, text, &item_ref)?);
                }
                Ok(Value::List(items))
            }
        }
    }

    fn is_streaming_blob(&self, shape_ref: &ShapeRef) -> Result<bool, CliError> {
        let shape = self.service.resolve(shape_ref)?;
        Ok(shape.shape_type == ShapeType::Blob && (shape.streaming || shape_ref.streaming))
    }

    fn convert_text(
        &self,
        name: &str,
        text: Text,
        shape_ref: &ShapeRef,
    ) -> Result<Value, CliError> {
        let shape = self.service.resolve(shape_ref)?;
        let s = match text {
            Text::Bytes(b) if shape.shape_type == ShapeType::Blob => return Ok(Value::Blob(b)),
            Text::Bytes(b) => String::from_utf8(b)
                .map_err(|_| param_error(name, "fileb:// content is not UTF-8 text"))?,
            Text::Str(s) => s,
        };
        if shape.shape_type.is_scalar() && !shape.document {
            return self.scalar(name, &s, shape_ref);
        }
        let trimmed = s.trim_start();
        let keyed = matches!(shape.shape_type, ShapeType::Structure | ShapeType::Map);
        if keyed && !shape.document && trimmed.starts_with('[') {
            // The AWS CLI reads a structure or map as JSON only when it starts with `{`.
            return Err(param_error(name, format!("Invalid JSON:\n{s}")));
        }
        if shape.document || trimmed.starts_with('{') || trimmed.starts_with('[') {
            let prefix = format!("Error parsing parameter '--{name}': ");
            let json = parse_json(&s, aws2_params::pyjson::MAX_DEPTH, &prefix)?;
            return self.json_value(name, &json, shape_ref, false);
        }
        let json = aws2_params::shorthand::parse(&s).map_err(|e| param_error(name, e))?;
        self.json_value(name, &json, shape_ref, true)
    }

    fn scalar(&self, name: &str, s: &str, shape_ref: &ShapeRef) -> Result<Value, CliError> {
        self.json_value(name, &Json::String(s.to_owned()), shape_ref, true)
    }

    /// Converts JSON to a typed value. `lenient` accepts text for numbers, booleans and
    /// timestamps and a single item for a list (shorthand and plain option text); strict JSON
    /// keeps JSON types so that validation reports mismatches as the AWS CLI does.
    pub fn json_value(
        &self,
        name: &str,
        json: &Json,
        shape_ref: &ShapeRef,
        lenient: bool,
    ) -> Result<Value, CliError> {
        if json.is_null() {
            return Ok(Value::Null);
        }
        let shape = self.service.resolve(shape_ref)?;
        if shape.document {
            return Ok(Value::from_json(json));
        }
        Ok(match (shape.shape_type, json) {
            (ShapeType::Structure, Json::Object(map)) => {
                let mut out = IndexMap::new();
                for (k, v) in map {
                    let value = match shape.members.get(k) {
                        Some(m) => self.json_value(name, v, m, lenient)?,
                        None => Value::from_json(v),
                    };
                    out.insert(k.clone(), value);
                }
                Value::Map(out)
            }
            (ShapeType::Map, Json::Object(map)) => {
                let value_ref = shape.value.as_deref().cloned().unwrap_or_default();
                let mut out = IndexMap::new();
                for (k, v) in map {
                    out.insert(k.clone(), self.json_value(name, v, &value_ref, lenient)?);
                }
                Value::Map(out)
            }
            (ShapeType::List, Json::Array(items)) => {
                let item_ref = shape.member.as_deref().cloned().unwrap_or_default();
                Value::List(
                    items
                        .iter()
                        .map(|i| self.json_value(name, i, &item_ref, lenient))
                        .collect::<Result<_, _>>()?,
                )
            }
            (ShapeType::List, other) if lenient => {
                let item_ref = shape.member.as_deref().cloned().unwrap_or_default();
                Value::List(vec![self.json_value(name, other, &item_ref, lenient)?])
            }
            (ShapeType::Blob, Json::String(s)) => Value::Blob(self.blob_from_text(name, s)?),
            (ShapeType::Timestamp, Json::String(s)) => {
                Value::Timestamp(Timestamp::parse(s).map_err(|e| param_error(name, e))?)
            }
            (ShapeType::Timestamp, Json::Number(n)) => Value::Timestamp(
                Timestamp::from_epoch_f64(n.as_f64().unwrap_or(f64::NAN))
                    .map_err(|e| param_error(name, e))?,
            ),
            // The AWS CLI reports these conversions bare, without naming the parameter.
            (t, Json::String(s)) if lenient && t.is_integer() => {
                Value::Integer(s.trim().parse::<i64>().map_err(|_| {
                    CliError::other(format!("invalid literal for int() with base 10: '{s}'"))
                })?)
            }
            (t, Json::String(s)) if lenient && t.is_float() => {
                Value::Float(s.trim().parse::<f64>().map_err(|_| {
                    CliError::other(format!("could not convert string to float: '{s}'"))
                })?)
            }
            (ShapeType::Boolean, Json::String(s)) if lenient => {
                Value::Bool(s.trim().eq_ignore_ascii_case("true"))
            }
            (t, Json::Number(n)) if t.is_float() => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            // Python's JSON reads NaN, Infinity and -Infinity as floats; JSON values carry
            // them as text.
            (t, Json::String(s)) if t.is_float() && is_special_float(s) => {
                Value::Float(s.parse().unwrap_or(f64::NAN))
            }
            _ => Value::from_json(json),
        })
    }

    fn blob_from_text(&self, name: &str, s: &str) -> Result<Vec<u8>, CliError> {
        match self.binary_format {
            BinaryFormat::RawInBase64Out => Ok(s.as_bytes().to_vec()),
            BinaryFormat::Base64 => super::lenient_base64::decode(s)
                .ok_or_else(|| param_error(name, format!("Invalid base64: \"{s}\""))),
        }
    }
}
