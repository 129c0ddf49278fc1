//! CBOR bodies (the `smithy-rpc-v2-cbor` protocol).

use super::text::{format_timestamp, Precision, TimestampText};
use crate::model::{Service, ShapeType};
use crate::protocol::member::{type_mismatch, Member};
use crate::protocol::ProtocolError;
use crate::value::Value;

const UNSIGNED: u8 = 0;
const NEGATIVE: u8 = 1;
const BYTES: u8 = 2;
const TEXT: u8 = 3;
const ARRAY: u8 = 4;
const MAP: u8 = 5;
const TAG: u8 = 6;
const SIMPLE: u8 = 7;

/// Encodes values of shapes as CBOR.
pub(crate) struct CborWriter<'s> {
    /// The service, to resolve references.
    pub service: &'s Service,
    /// Timestamp precision.
    pub precision: Precision,
    /// Output.
    pub out: Vec<u8>,
}

impl CborWriter<'_> {
    fn head(&mut self, major: u8, n: u64) {
        let m = major << 5;
        if n < 24 {
            self.out.push(m | n as u8);
        } else if n < 0x100 {
            self.out.extend([m | 24, n as u8]);
        } else if n < 0x1_0000 {
            self.out.push(m | 25);
            self.out.extend((n as u16).to_be_bytes());
        } else if n < 0x1_0000_0000 {
            self.out.push(m | 26);
            self.out.extend((n as u32).to_be_bytes());
        } else {
            self.out.push(m | 27);
            self.out.extend(n.to_be_bytes());
        }
    }

    fn integer(&mut self, i: i64) {
        if i >= 0 {
            self.head(UNSIGNED, i as u64);
        } else {
            self.head(NEGATIVE, (-1 - i) as u64);
        }
    }

    fn text(&mut self, s: &str) {
        self.head(TEXT, s.len() as u64);
        self.out.extend_from_slice(s.as_bytes());
    }

    fn float(&mut self, f: f64, single: bool) {
        if f.is_nan() {
            self.out.extend([0xf9, 0x7e, 0x00]);
        } else if f == f64::INFINITY {
            self.out.extend([0xf9, 0x7c, 0x00]);
        } else if f == f64::NEG_INFINITY {
            self.out.extend([0xf9, 0xfc, 0x00]);
        } else if single {
            self.out.push(0xfa);
            self.out.extend((f as f32).to_be_bytes());
        } else {
            self.out.push(0xfb);
            self.out.extend(f.to_be_bytes());
        }
    }

    /// Encodes one value of a shape.
    pub fn value(&mut self, value: &Value, m: &Member<'_>) -> Result<(), ProtocolError> {
        match (m.ty(), value) {
            (_, Value::Null) => self.out.push(0xf6),
            (ShapeType::Structure, Value::Map(map)) => {
                let present: Vec<_> = map.iter().filter(|(_, v)| !v.is_null()).collect();
                self.head(MAP, present.len() as u64);
                for (key, item) in present {
                    let member = Member::resolve(self.service, m.struct_member(key)?)?;
                    self.text(member.name().unwrap_or(key));
                    self.value(item, &member)?;
                }
            }
            (ShapeType::List, Value::List(items)) => {
                let member = Member::resolve(self.service, m.list_member()?)?;
                self.head(ARRAY, items.len() as u64);
                for item in items {
                    self.value(item, &member)?;
                }
            }
            (ShapeType::Map, Value::Map(map)) => {
                let val = Member::resolve(self.service, m.map_value()?)?;
                self.head(MAP, map.len() as u64);
                for (k, v) in map {
                    self.text(k);
                    self.value(v, &val)?;
                }
            }
            (ShapeType::Timestamp, Value::Timestamp(ts)) => {
                self.head(TAG, 1);
                match format_timestamp(ts, "unixtimestamp", self.precision) {
                    TimestampText::Integer(i) => self.integer(i),
                    TimestampText::Float(f) => self.float(f, false),
                    TimestampText::Text(s) => self.text(&s),
                }
            }
            (_, Value::Blob(b)) => {
                self.head(BYTES, b.len() as u64);
                self.out.extend_from_slice(b);
            }
            (ShapeType::Blob, Value::String(s)) => {
                self.head(BYTES, s.len() as u64);
                self.out.extend_from_slice(s.as_bytes());
            }
            (_, Value::String(s)) => self.text(s),
            (_, Value::Bool(b)) => self.out.push((SIMPLE << 5) | if *b { 21 } else { 20 }),
            (ShapeType::Float, Value::Float(f)) => self.float(*f, true),
            (ShapeType::Float, Value::Integer(i)) => self.float(*i as f64, true),
            (ShapeType::Double | ShapeType::BigDecimal, Value::Integer(i)) => {
                self.float(*i as f64, false)
            }
            (_, Value::Float(f)) => self.float(*f, false),
            (_, Value::Integer(i)) => self.integer(*i),
            _ => return Err(type_mismatch(&m.shape)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_floats() {
        let service = Service::from_json(
            "t",
            &serde_json::json!({}),
            Default::default(),
            Default::default(),
        )
        .unwrap();
        let mut w = CborWriter {
            service: &service,
            precision: Precision::Default,
            out: Vec::new(),
        };
        w.integer(500);
        w.integer(-1);
        w.text("a");
        w.float(f64::NAN, false);
        assert_eq!(
            w.out,
            [0x19, 0x01, 0xf4, 0x20, 0x61, b'a', 0xf9, 0x7e, 0x00]
        );
    }
}
