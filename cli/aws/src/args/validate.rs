//! Local parameter validation against the input shape, with botocore's messages.

use aws2_core::model::{ModelError, Service, ShapeRef, ShapeType};
use aws2_core::Value;

/// Validates an input value; returns the `Parameter validation failed:` report on failure.
pub fn validate(service: &Service, input_ref: &ShapeRef, input: &Value) -> Result<(), String> {
    let mut errors = Vec::new();
    check(service, input_ref, input, "input", &mut errors).map_err(|e| e.to_string())?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Parameter validation failed:\n{}",
            errors.join("\n")
        ))
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Integer(_) => "<class 'int'>",
        Value::Float(_) => "<class 'float'>",
        Value::String(_) => "<class 'str'>",
        Value::Blob(_) => "<class 'bytes'>",
        Value::Timestamp(_) => "<class 'datetime.datetime'>",
        Value::List(_) => "<class 'list'>",
        Value::Map(_) => "<class 'dict'>",
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        // Python's `str()` of a list or dict: `['a', 'b']`, `{'k': 1}`.
        other => aws2_output::pyfmt::py_repr(&other.to_json(Default::default())),
    }
}

fn child(path: &str, key: &str) -> String {
    if path == "input" {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn check(
    service: &Service,
    shape_ref: &ShapeRef,
    value: &Value,
    path: &str,
    errors: &mut Vec<String>,
) -> Result<(), ModelError> {
    let shape = service.resolve(shape_ref)?;
    if shape.document || value.is_null() {
        return Ok(());
    }
    let mut invalid_type = |valid: &str| {
        errors.push(format!(
            "Invalid type for parameter {path}, value: {}, type: {}, valid types: {valid}",
            show(value),
            type_name(value)
        ))
    };
    match (shape.shape_type, value) {
        (ShapeType::Structure, Value::Map(map)) => {
            for required in &shape.required {
                // Top-level idempotency tokens are filled in when the request is built, as
                // botocore fills them before it validates.
                let token = path == "input"
                    && shape
                        .members
                        .get(required)
                        .is_some_and(aws2_client::customize::is_defaulted);
                if !token && map.get(required).is_none_or(Value::is_null) {
                    errors.push(format!(
                        "Missing required parameter in {path}: \"{required}\""
                    ));
                }
            }
            for (k, v) in map {
                match shape.members.get(k) {
                    Some(m) => check(service, m, v, &child(path, k), errors)?,
                    None => {
                        let names: Vec<&str> = shape.members.keys().map(String::as_str).collect();
                        errors.push(format!(
                            "Unknown parameter in {path}: \"{k}\", must be one of: {}",
                            names.join(", ")
                        ));
                    }
                }
            }
            if shape.union && map.values().filter(|v| !v.is_null()).count() > 1 {
                errors.push(format!(
                    "Invalid number of parameters set for tagged union structure {path}. Can only set one of the following keys: {}.",
                    shape.members.keys().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        }
        (ShapeType::Structure, _) => invalid_type("<class 'dict'>"),
        (ShapeType::List, Value::List(items)) => {
            check_range(shape.min, items.len() as f64, path, "length", errors);
            if let Some(member) = &shape.member {
                for (i, item) in items.iter().enumerate() {
                    check(service, member, item, &format!("{path}[{i}]"), errors)?;
                }
            }
        }
        (ShapeType::List, _) => invalid_type("<class 'list'>, <class 'tuple'>"),
        (ShapeType::Map, Value::Map(map)) => {
            if let Some(value_ref) = &shape.value {
                for (k, v) in map {
                    check(service, value_ref, v, &format!("{path}.{k}"), errors)?;
                }
            }
        }
        (ShapeType::Map, _) => invalid_type("<class 'dict'>"),
        (ShapeType::String, Value::String(s)) => {
            check_range(shape.min, s.chars().count() as f64, path, "length", errors)
        }
        (ShapeType::String, _) => invalid_type("<class 'str'>"),
        (ShapeType::Boolean, Value::Bool(_)) => {}
        (ShapeType::Boolean, _) => invalid_type("<class 'bool'>"),
        (t, Value::Integer(i)) if t.is_integer() => {
            check_range(shape.min, *i as f64, path, "value", errors)
        }
        (t, _) if t.is_integer() => invalid_type("<class 'int'>"),
        (t, Value::Integer(_) | Value::Float(_)) if t.is_float() => {}
        (t, _) if t.is_float() => {
            invalid_type("<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>")
        }
        (ShapeType::Timestamp, Value::Timestamp(_) | Value::String(_)) => {}
        (ShapeType::Timestamp, _) => invalid_type("<class 'datetime.datetime'>, <class 'str'>"),
        (ShapeType::Blob, Value::Blob(_)) => {}
        (ShapeType::Blob, _) => {
            invalid_type("<class 'bytes'>, <class 'bytearray'>, file-like object")
        }
        _ => {}
    }
    Ok(())
}

fn check_range(min: Option<f64>, actual: f64, path: &str, what: &str, errors: &mut Vec<String>) {
    if let Some(min) = min {
        if actual < min {
            errors.push(format!(
                "Invalid {what} for parameter {path}, value: {actual}, valid min {what}: {min}"
            ));
        }
    }
}
