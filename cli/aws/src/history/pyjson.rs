//! JSON text as Python's `json.dumps` writes it (ASCII only, `", "` and `": "` separators;
//! with an indent, keys sorted), and Python's `str` of a decoded JSON value: the two forms
//! the AWS CLI's history stores and shows.

use serde_json::Value;

/// `json.dumps(value)`: one line, keys in their order.
pub fn dumps(value: &Value) -> String {
    let mut out = String::new();
    write_compact(&mut out, value);
    out
}

/// `json.dumps(value, sort_keys=True, indent=4)`.
pub fn dumps_pretty(value: &Value) -> String {
    let mut out = String::new();
    write_pretty(&mut out, value, 0);
    out
}

fn write_compact(out: &mut String, value: &Value) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_compact(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(out, key);
                out.push_str(": ");
                write_compact(out, item);
            }
            out.push('}');
        }
        scalar => write_scalar(out, scalar),
    }
}

fn write_pretty(out: &mut String, value: &Value, level: usize) {
    let pad = |out: &mut String, level: usize| {
        out.push('\n');
        out.push_str(&" ".repeat(level * 4));
    };
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pad(out, level + 1);
                write_pretty(out, item, level + 1);
            }
            pad(out, level);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.chars().cmp(b.chars()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pad(out, level + 1);
                write_string(out, key);
                out.push_str(": ");
                write_pretty(out, &map[key], level + 1);
            }
            pad(out, level);
            out.push('}');
        }
        other => write_compact(out, other),
    }
}

fn write_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s),
        Value::Array(_) | Value::Object(_) => write_compact(out, value),
    }
}

/// A string as `json.dumps` quotes it, with `ensure_ascii`.
fn write_string(out: &mut String, s: &str) {
    aws2_text::json::write_string(out, s, aws2_text::json::Escape::Ascii);
}

/// Python's `str()` of a decoded JSON value: a string as it is, anything else as its repr.
pub use aws2_output::pyfmt::py_str;

#[cfg(test)]
mod tests {
    use super::*;
    use aws2_output::pyfmt::py_repr;

    #[test]
    fn writes_as_python_does() {
        let v: Value = serde_json::from_str(r#"{"b": [1, "é"], "a": {}, "c": []}"#).unwrap();
        assert_eq!(dumps(&v), r#"{"b": [1, "\u00e9"], "a": {}, "c": []}"#);
        assert_eq!(
            dumps_pretty(&v),
            "{\n    \"a\": {},\n    \"b\": [\n        1,\n        \"\\u00e9\"\n    ],\n    \"c\": []\n}"
        );
        assert_eq!(py_repr(&v), "{'b': [1, 'é'], 'a': {}, 'c': []}");
    }
}
