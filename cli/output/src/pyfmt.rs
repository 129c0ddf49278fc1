//! Python-compatible rendering of scalars: `repr(float)`, `str(value)` and
//! the integer/float distinction the AWS CLI's Python runtime makes.

use serde_json::{Number, Value};

/// A JSON number classified the way Python's `json.loads` would load it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// A number written without fraction or exponent.
    Int(i64),
    /// A number with a fraction or exponent (or an integer too large for i64).
    Float(f64),
}

impl Num {
    /// The value as f64.
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

/// True when the number's text is a float literal (has a fraction or exponent).
pub fn is_float_text(text: &str) -> bool {
    text.contains(['.', 'e', 'E'])
}

/// Classifies a JSON number.
pub fn classify(n: &Number) -> Num {
    let text = n.to_string();
    if !is_float_text(&text) {
        if let Ok(i) = text.parse::<i64>() {
            return Num::Int(i);
        }
    }
    Num::Float(text.parse::<f64>().unwrap_or(f64::NAN))
}

/// Builds a JSON value from a `Num`; non-finite floats become null.
pub fn num_value(n: Num) -> Value {
    match n {
        Num::Int(i) => Value::from(i),
        Num::Float(f) => Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
    }
}

/// Python's `repr(float)`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0.0");
    }
    // Shortest round-trip digits, e.g. "1.2345e-7".
    let sci = format!("{:e}", f.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    // Position of the decimal point relative to the digit string.
    let decpt = exp + 1;
    let body = if -4 < decpt && decpt <= 16 {
        let nd = digits.len() as i32;
        if decpt <= 0 {
            format!("0.{}{}", "0".repeat((-decpt) as usize), digits)
        } else if decpt >= nd {
            format!("{}{}.0", digits, "0".repeat((decpt - nd) as usize))
        } else {
            let (a, b) = digits.split_at(decpt as usize);
            format!("{a}.{b}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let e = decpt - 1;
        let esign = if e < 0 { '-' } else { '+' };
        format!("{mantissa}e{esign}{:02}", e.abs())
    };
    format!("{sign}{body}")
}

/// How Python prints a JSON number loaded by `json.loads` (`str()`/`repr()`).
pub fn number_text(n: &Number) -> String {
    let text = n.to_string();
    if is_float_text(&text) {
        return float_repr(text.parse::<f64>().unwrap_or(f64::NAN));
    }
    normalize_int(&text)
}

/// Normalizes an integer literal the way Python's `int` prints it.
fn normalize_int(text: &str) -> String {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        return "0".to_string();
    }
    if neg {
        format!("-{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// Python's `str(value)` for a scalar loaded from JSON (`True`, `None`, ...).
/// Containers are rendered as Python's `str` of a list/dict.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

/// Python's `repr(value)` for a value loaded from JSON.
pub fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(n) => number_text(n),
        Value::String(s) => str_repr(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(py_repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", str_repr(k), py_repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Python's `repr(str)`.
fn str_repr(s: &str) -> String {
    aws2_pyrepr::str_repr(s)
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn float_repr_matches_python() {
        let cases = [
            (1.0, "1.0"),
            (1e20, "1e+20"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (-0.0, "-0.0"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (12345.678, "12345.678"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "{f}");
        }
    }
}
