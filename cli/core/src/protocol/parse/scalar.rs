//! Scalars from text (XML element text, header values) and lenient base64.

use crate::model::ShapeType;
use crate::timestamp::Timestamp;
use crate::value::Value;
use base64::Engine;

/// Why a scalar could not be read.
pub(crate) type ScalarError = String;

/// Converts text to a value of a scalar shape type. `loose_bool` accepts any case of
/// `true` (rest-json headers); otherwise only `true` is true (XML).
pub(crate) fn from_text(
    text: &str,
    shape_type: ShapeType,
    loose_bool: bool,
) -> Result<Value, ScalarError> {
    Ok(match shape_type {
        ShapeType::Boolean => Value::Bool(if loose_bool {
            text.trim().eq_ignore_ascii_case("true")
        } else {
            text == "true"
        }),
        t if t.is_integer() => Value::Integer(parse_int(text)?),
        t if t.is_float() => Value::Float(parse_float(text)?),
        ShapeType::Timestamp => Value::Timestamp(timestamp(text)?),
        ShapeType::Blob => Value::Blob(decode_base64(text)?),
        _ => Value::String(text.to_owned()),
    })
}

/// An integer as Python's `int()` reads it (surrounding whitespace allowed).
pub(crate) fn parse_int(text: &str) -> Result<i64, ScalarError> {
    let t = text.trim();
    t.parse::<i64>()
        .or_else(|_| t.replace('_', "").parse::<i64>())
        .map_err(|_| format!("invalid integer: {text:?}"))
}

/// A float as Python's `float()` reads it, including `NaN`, `Infinity` and `-Infinity`.
pub(crate) fn parse_float(text: &str) -> Result<f64, ScalarError> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| format!("invalid number: {text:?}"))
}

/// A timestamp in any wire form (ISO 8601, RFC 822, epoch seconds), keeping the text.
pub(crate) fn timestamp(text: &str) -> Result<Timestamp, ScalarError> {
    Timestamp::parse(text).map_err(|e| e.to_string())
}

/// A timestamp from epoch seconds given as a number, keeping the number as its wire form
/// (`Some(i)` for an integer, printed as Python prints an `int`; otherwise as a `float`).
pub(crate) fn timestamp_from_epoch(
    secs: f64,
    integer: Option<i64>,
) -> Result<Timestamp, ScalarError> {
    let mut ts = Timestamp::from_epoch_f64(secs).map_err(|e| e.to_string())?;
    ts.wire = Some(match integer {
        Some(i) => i.to_string(),
        None => {
            serde_json::Number::from_f64(secs).map_or_else(|| secs.to_string(), |n| n.to_string())
        }
    });
    ts.wire_is_number = true;
    Ok(ts)
}

/// Decodes base64 the way Python's `b64decode` does by default: characters outside the
/// alphabet are dropped, missing padding is tolerated.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, ScalarError> {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(cleaned.as_bytes())
        .map_err(|e| format!("invalid base64 data: {e}"))
}

/// The standard reason phrase of an HTTP status code (empty when unknown).
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    match status {
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_from_text() {
        assert_eq!(
            from_text(" 42 ", ShapeType::Integer, false).unwrap(),
            Value::Integer(42)
        );
        assert!(matches!(
            from_text("-Infinity", ShapeType::Double, false).unwrap(),
            Value::Float(f) if f == f64::NEG_INFINITY
        ));
        assert_eq!(
            from_text("True", ShapeType::Boolean, false).unwrap(),
            Value::Bool(false)
        );
        assert_eq!(
            from_text("True", ShapeType::Boolean, true).unwrap(),
            Value::Bool(true)
        );
        assert_eq!(decode_base64("dmFsdWU=\n").unwrap(), b"value");
        assert_eq!(decode_base64("dmFsdWU").unwrap(), b"value");
        assert!(from_text("x", ShapeType::Long, false).is_err());
    }
}
