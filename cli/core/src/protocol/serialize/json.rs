//! JSON bodies (the `json` and `rest-json` protocols), written as Python's `json.dumps` does.

use super::text::{base64, format_timestamp, py_float, special_float, Precision, TimestampText};
use crate::model::{Service, ShapeType};
use crate::protocol::member::Member;
use crate::protocol::ProtocolError;
use crate::value::Value;
use aws2_text::json::{write_string, Escape};

/// Writes a value of a shape as JSON.
pub(crate) struct JsonWriter<'s> {
    /// The service, to resolve references.
    pub service: &'s Service,
    /// Timestamp precision.
    pub precision: Precision,
    /// Output.
    pub out: String,
}

impl<'s> JsonWriter<'s> {
    /// A writer with an empty output.
    pub fn new(service: &'s Service, precision: Precision) -> Self {
        JsonWriter {
            service,
            precision,
            out: String::new(),
        }
    }

    /// Writes the members of a structure value that `keep` accepts as one JSON object.
    pub fn structure(
        &mut self,
        value: &Value,
        member: &Member<'_>,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<(), ProtocolError> {
        let Value::Map(map) = value else {
            return Err(crate::protocol::member::type_mismatch(&member.shape));
        };
        self.out.push('{');
        let mut first = true;
        for (key, item) in map {
            if item.is_null() || !keep(key) {
                continue;
            }
            let r = member.struct_member(key)?;
            let m = Member::resolve(self.service, r)?;
            if !first {
                self.out.push_str(", ");
            }
            first = false;
            write_string(&mut self.out, m.name().unwrap_or(key), Escape::Ascii);
            self.out.push_str(": ");
            self.value(item, &m)?;
        }
        self.out.push('}');
        Ok(())
    }

    /// Writes one value of a shape.
    pub fn value(&mut self, value: &Value, member: &Member<'_>) -> Result<(), ProtocolError> {
        if value.is_null() || member.shape.document {
            write_python_json(&mut self.out, value, false);
            return Ok(());
        }
        match (member.ty(), value) {
            (ShapeType::Structure, _) => self.structure(value, member, &|_| true)?,
            (ShapeType::List, Value::List(items)) => {
                let m = Member::resolve(self.service, member.list_member()?)?;
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.value(item, &m)?;
                }
                self.out.push(']');
            }
            (ShapeType::Map, Value::Map(map)) => {
                let m = Member::resolve(self.service, member.map_value()?)?;
                self.out.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    write_string(&mut self.out, key, Escape::Ascii);
                    self.out.push_str(": ");
                    self.value(item, &m)?;
                }
                self.out.push('}');
            }
            (ShapeType::Timestamp, Value::Timestamp(ts)) => {
                let format = member.timestamp_format().unwrap_or("unixtimestamp");
                match format_timestamp(ts, format, self.precision) {
                    TimestampText::Text(s) => write_string(&mut self.out, &s, Escape::Ascii),
                    TimestampText::Integer(i) => self.out.push_str(&i.to_string()),
                    TimestampText::Float(f) => self.out.push_str(&py_float(f)),
                }
            }
            (ShapeType::Blob, Value::Blob(bytes)) => {
                write_string(&mut self.out, &base64(bytes), Escape::Ascii)
            }
            (ShapeType::Blob, Value::String(s)) => {
                write_string(&mut self.out, &base64(s.as_bytes()), Escape::Ascii)
            }
            _ => write_python_json(&mut self.out, value, false),
        }
        Ok(())
    }
}

/// Untyped value as Python's `json.dumps` writes it; `compact` drops the spaces after
/// separators. Non-finite floats become the strings `NaN`, `Infinity`, `-Infinity`.
pub(crate) fn to_python_json(value: &Value, compact: bool) -> String {
    let mut out = String::new();
    write_python_json(&mut out, value, compact);
    out
}

fn write_python_json(out: &mut String, value: &Value, compact: bool) {
    let (item_sep, key_sep) = if compact { (",", ":") } else { (", ", ": ") };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Integer(i) => out.push_str(&i.to_string()),
        Value::Float(f) => match special_float(*f) {
            Some(s) => write_string(out, s, Escape::Ascii),
            None => out.push_str(&py_float(*f)),
        },
        Value::String(s) => write_string(out, s, Escape::Ascii),
        Value::Blob(b) => write_string(out, &base64(b), Escape::Ascii),
        Value::Timestamp(ts) => out.push_str(&ts.secs.to_string()),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_python_json(out, item, compact);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_string(out, k, Escape::Ascii);
                out.push_str(key_sep);
                write_python_json(out, v, compact);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_style_json() {
        let mut map = indexmap::IndexMap::new();
        map.insert("a".to_owned(), Value::Float(1.0));
        map.insert("b".to_owned(), Value::String("é\n".into()));
        map.insert(
            "c".to_owned(),
            Value::List(vec![Value::Integer(1), Value::Null]),
        );
        let v = Value::Map(map);
        assert_eq!(
            to_python_json(&v, false),
            r#"{"a": 1.0, "b": "\u00e9\n", "c": [1, null]}"#
        );
        assert_eq!(
            to_python_json(&v, true),
            r#"{"a":1.0,"b":"\u00e9\n","c":[1,null]}"#
        );
    }
}
