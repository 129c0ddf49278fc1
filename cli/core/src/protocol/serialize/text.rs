//! Text forms shared by the serializers: Python-compatible number text, percent-encoding,
//! base64 and the timestamp wire formats.

use crate::timestamp::Timestamp;
use crate::value::Value;
use base64::Engine;
use chrono::{TimeZone, Utc};

/// Characters besides ASCII alphanumerics that are never percent-encoded.
const UNRESERVED: &[u8] = b"-_.~";

/// Percent-encodes `text`, keeping unreserved characters and those in `extra_safe`.
pub(crate) fn percent_encode(text: &str, extra_safe: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || UNRESERVED.contains(&b) || extra_safe.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Standard base64 of bytes.
pub(crate) fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A float as Python's `repr` writes it (`1.0`, `1e+16`, `1.5e-05`, `nan`, `inf`).
pub(crate) fn py_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Shortest round-trip digits and the decimal exponent.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp >= n - 1 {
            format!("{digits}{}.0", "0".repeat((exp - (n - 1)) as usize))
        } else if exp >= 0 {
            let (int, frac) = digits.split_at((exp + 1) as usize);
            format!("{int}.{frac}")
        } else {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let mant = if rest.is_empty() {
            first.to_owned()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.abs())
    }
}

/// The text botocore writes for a float outside JSON numbers: `NaN`, `Infinity`,
/// `-Infinity`, or Python's repr.
pub(crate) fn float_text(f: f64) -> String {
    special_float(f).map_or_else(|| py_float(f), str::to_owned)
}

/// `NaN`, `Infinity` or `-Infinity` for the non-finite floats.
pub(crate) fn special_float(f: f64) -> Option<&'static str> {
    if f.is_nan() {
        Some("NaN")
    } else if f == f64::INFINITY {
        Some("Infinity")
    } else if f == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// What Python's `str()` gives for a scalar value (used where botocore passes values through
/// untouched, e.g. map-valued query strings and prefix headers).
pub(crate) fn py_str(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => py_float(*f),
        Value::String(s) => s.clone(),
        Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Timestamp(ts) => ts.to_iso8601_wire(),
        Value::List(_) | Value::Map(_) => super::json::to_python_json(value, true),
    }
}

/// Precision of timestamps written as ISO 8601 or epoch seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Precision {
    /// Microseconds in ISO 8601 when present, whole seconds for epoch numbers.
    #[default]
    Default,
    /// Always milliseconds (ISO 8601 and epoch numbers).
    Millisecond,
}

/// A timestamp rendered for the wire.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TimestampText {
    /// Text (`iso8601`, `rfc822`).
    Text(String),
    /// Whole epoch seconds.
    Integer(i64),
    /// Fractional epoch seconds (millisecond precision).
    Float(f64),
}

impl TimestampText {
    /// The text form of the rendered timestamp.
    pub(crate) fn into_text(self) -> String {
        match self {
            TimestampText::Text(s) => s,
            TimestampText::Integer(i) => i.to_string(),
            TimestampText::Float(f) => py_float(f),
        }
    }
}

/// Renders a timestamp in a model format (`iso8601`, `rfc822`, `unixTimestamp`;
/// case-insensitive). Unknown formats fall back to ISO 8601.
pub(crate) fn format_timestamp(
    ts: &Timestamp,
    format: &str,
    precision: Precision,
) -> TimestampText {
    let micros = ts.nanos / 1000;
    let dt = Utc
        .timestamp_opt(ts.secs, 0)
        .single()
        .unwrap_or(chrono::DateTime::<Utc>::UNIX_EPOCH);
    match format.to_ascii_lowercase().as_str() {
        "unixtimestamp" => match precision {
            Precision::Default => TimestampText::Integer(ts.secs),
            Precision::Millisecond => {
                TimestampText::Float(ts.secs as f64 + f64::from(micros / 1000) / 1000.0)
            }
        },
        "rfc822" => TimestampText::Text(dt.format("%a, %d %b %Y %H:%M:%S GMT").to_string()),
        _ => {
            let base = dt.format("%Y-%m-%dT%H:%M:%S").to_string();
            TimestampText::Text(match precision {
                Precision::Millisecond => format!("{base}.{:03}Z", micros / 1000),
                Precision::Default if micros > 0 => format!("{base}.{micros:06}Z"),
                Precision::Default => format!("{base}Z"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_python() {
        for (f, s) in [
            (1.0, "1.0"),
            (1.5, "1.5"),
            (1234.5, "1234.5"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (-2.25, "-2.25"),
            (123456789012345.0, "123456789012345.0"),
        ] {
            assert_eq!(py_float(f), s);
        }
        assert_eq!(float_text(f64::NAN), "NaN");
        assert_eq!(float_text(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn encodes_and_formats() {
        assert_eq!(percent_encode("a b/c~", b""), "a%20b%2Fc~");
        assert_eq!(percent_encode("a b/c", b"/"), "a%20b/c");
        let ts = Timestamp::from_epoch_f64(1422172800.123).unwrap();
        assert_eq!(
            format_timestamp(&ts, "iso8601", Precision::Default),
            TimestampText::Text("2015-01-25T08:00:00.123000Z".into())
        );
        assert_eq!(
            format_timestamp(&ts, "unixTimestamp", Precision::Default),
            TimestampText::Integer(1422172800)
        );
        assert_eq!(
            format_timestamp(&ts, "rfc822", Precision::Default).into_text(),
            "Sun, 25 Jan 2015 08:00:00 GMT"
        );
    }
}
