//! Conversions of text to numbers and booleans with the AWS CLI's rules and messages.

use crate::pyfmt::py_repr;
use crate::shorthand_space as is_space;
use serde_json::{Number, Value};

/// Type name of a JSON value as the AWS CLI's messages call it.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(_) => "int",
        Value::String(_) => "str",
    }
}

/// Digits with single `_` separators between digits (and nothing else).
fn strip_underscores(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            let ok = i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
            if !ok {
                return None;
            }
        }
    }
    Some(text.replace('_', ""))
}

/// An integer from text (`int(value)`): surrounding whitespace, a sign and `_` are allowed.
pub fn to_int(value: &Value) -> Result<Value, String> {
    let text = match value {
        Value::String(text) => text,
        Value::Number(n) if n.is_i64() || n.is_u64() => return Ok(value.clone()),
        other => {
            return Err(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                type_name(other)
            ))
        }
    };
    let invalid = || format!("invalid literal for int() with base 10: {}", py_repr(text));
    let trimmed = text.trim_matches(is_space);
    let (negative, digits) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let digits = strip_underscores(digits).ok_or_else(invalid)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let significant = digits.trim_start_matches('0');
    let canonical = match (significant.is_empty(), negative) {
        (true, _) => "0".to_owned(),
        (false, true) => format!("-{significant}"),
        (false, false) => significant.to_owned(),
    };
    canonical
        .parse::<Number>()
        .map(Value::Number)
        .map_err(|_| invalid())
}

/// A float from text (`float(value)`); infinities and NaN cannot be sent and are refused.
pub fn to_float(value: &Value) -> Result<Value, String> {
    let text = match value {
        Value::String(text) => text,
        Value::Number(n) => {
            return n
                .as_f64()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| "could not convert number to float".to_owned())
        }
        other => {
            return Err(format!(
                "float() argument must be a string or a real number, not '{}'",
                type_name(other)
            ))
        }
    };
    let invalid = || format!("could not convert string to float: {}", py_repr(text));
    let trimmed = text.trim_matches(is_space);
    let cleaned = strip_underscores(trimmed).ok_or_else(invalid)?;
    let parsed: f64 = cleaned.parse().map_err(|_| invalid())?;
    Number::from_f64(parsed)
        .map(Value::Number)
        .ok_or_else(invalid)
}

/// A top-level boolean value: `false` in any case is false, any other non-empty text is true.
pub fn to_bool(text: &str) -> bool {
    !(text.is_empty() || text.to_lowercase() == "false")
}

/// A boolean inside shorthand: only `true`/`false` (any case) convert; other values stay.
pub fn shorthand_bool(value: &Value) -> Result<Option<bool>, String> {
    match value {
        Value::String(text) => Ok(match text.to_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }),
        other => Err(format!(
            "'{}' object has no attribute 'lower'",
            type_name(other)
        )),
    }
}
