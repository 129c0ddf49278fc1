//! The values of `aws ddb`: what an item's YAML or an expression's literal stands for (v2's
//! Python types: `None`, `bool`, `Decimal`, `str`, `Binary`, sets, lists and dicts), the
//! DynamoDB `AttributeValue` each becomes, and the YAML nodes a response's values print as.

use aws2_core::Value;
use aws2_output::yaml_tag;
use base64::Engine;
use serde_json::{Map, Value as Json};

/// One value of an item or an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `null` (`{"NULL": true}`).
    Null,
    /// `true` / `false` (`BOOL`).
    Bool(bool),
    /// A number, as the text Python's `str(Decimal)` gives (`N`).
    Number(String),
    /// Text (`S`).
    Str(String),
    /// Bytes (`B`).
    Binary(Vec<u8>),
    /// A set, its members in the order given, duplicates dropped.
    Set(Vec<Item>),
    /// A list (`L`).
    List(Vec<Item>),
    /// A mapping with text keys (`M`).
    Map(Vec<(String, Item)>),
}

/// The text Python's `str(Decimal(text))` gives, or `None` when `text` is not a decimal.
pub fn decimal_text(text: &str) -> Option<String> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let all = format!("{int}{frac}");
    let digits = match all.trim_start_matches('0') {
        "" => "0",
        d => d,
    };
    let exp = exponent - frac.len() as i64;
    let left = exp + digits.len() as i64;
    let dot = if exp <= 0 && left > -6 { left } else { 1 };
    let n = digits.len() as i64;
    let (int_part, frac_part) = if dot <= 0 {
        ("0".to_owned(), format!(".{}{digits}", "0".repeat((-dot) as usize)))
    } else if dot >= n {
        (format!("{digits}{}", "0".repeat((dot - n) as usize)), String::new())
    } else {
        (digits[..dot as usize].to_owned(), format!(".{}", &digits[dot as usize..]))
    };
    let exp_part = if left == dot {
        String::new()
    } else {
        format!("E{:+}", left - dot)
    };
    let sign = if negative { "-" } else { "" };
    Some(format!("{sign}{int_part}{frac_part}{exp_part}"))
}

/// The number as sent, or the signals v2's 38-digit decimal context traps for one with
/// more significant digits.
fn check_precision(text: &str) -> Result<String, String> {
    let mantissa = text.split(['E', 'e']).next().unwrap_or(text);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    if digits.len() <= 38 {
        return Ok(text.to_owned());
    }
    if digits[38..].bytes().all(|b| b == b'0') {
        Err("[<class 'decimal.Rounded'>]".into())
    } else {
        Err("[<class 'decimal.Inexact'>, <class 'decimal.Rounded'>]".into())
    }
}

/// Whether a decimal's text stands for a whole number (`Decimal == to_integral()`).
fn is_integral(text: &str) -> bool {
    let mantissa = text.split(['E', 'e']).next().unwrap_or(text);
    let exponent: i64 = text
        .split_once(['E', 'e'])
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let frac = mantissa.split_once('.').map_or("", |(_, f)| f);
    // The digits after the point that the exponent leaves fractional must all be zeros.
    let fractional = (frac.len() as i64 - exponent).max(0) as usize;
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let start = digits.len().saturating_sub(fractional);
    digits[start..].bytes().all(|b| b == b'0')
}

impl Item {
    /// The DynamoDB type name of this value (`S`, `NS`, …), or v2's message for a set of
    /// mixed or unsupported members.
    fn type_name(&self) -> Result<&'static str, String> {
        Ok(match self {
            Item::Null => "NULL",
            Item::Bool(_) => "BOOL",
            Item::Number(_) => "N",
            Item::Str(_) => "S",
            Item::Binary(_) => "B",
            Item::List(_) => "L",
            Item::Map(_) => "M",
            Item::Set(members) => {
                let kind = |m: &Item| match m {
                    Item::Number(_) => Some("NS"),
                    Item::Str(_) => Some("SS"),
                    Item::Binary(_) => Some("BS"),
                    _ => None,
                };
                // An empty set is a number set to v2 (every member passes its first test).
                let first = members.first().map_or(Some("NS"), kind);
                match first {
                    Some(k) if members.iter().all(|m| kind(m) == Some(k)) => k,
                    _ => return Err(format!("Unsupported type \"<class 'set'>\" for value \"{}\"", self.python_repr())),
                }
            }
        })
    }

    /// The `AttributeValue` this value is sent as.
    pub fn attribute_value(&self) -> Result<Value, String> {
        let type_name = self.type_name()?;
        let inner = match self {
            Item::Null => Value::Bool(true),
            Item::Bool(b) => Value::Bool(*b),
            Item::Number(n) => Value::String(check_precision(n)?),
            Item::Str(s) => Value::String(s.clone()),
            Item::Binary(b) => Value::Blob(b.clone()),
            Item::Set(members) => Value::List(
                members
                    .iter()
                    .map(|m| match m {
                        Item::Number(n) => check_precision(n).map(Value::String),
                        Item::Str(n) => Ok(Value::String(n.clone())),
                        Item::Binary(b) => Ok(Value::Blob(b.clone())),
                        _ => Ok(Value::Null),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Item::List(items) => Value::List(
                items
                    .iter()
                    .map(Item::attribute_value)
                    .collect::<Result<_, _>>()?,
            ),
            Item::Map(entries) => Value::Map(attribute_map(entries)?),
        };
        Ok(Value::Map([(type_name.to_owned(), inner)].into_iter().collect()))
    }

    /// Python's `repr` of the value, as v2's messages show it.
    pub fn python_repr(&self) -> String {
        match self {
            Item::Null => "None".into(),
            Item::Bool(b) => if *b { "True" } else { "False" }.into(),
            // YAML's ints load as Python ints, its floats as Decimals.
            Item::Number(n) if n.bytes().all(|b| b.is_ascii_digit() || b == b'-') => n.clone(),
            Item::Number(n) => format!("Decimal('{n}')"),
            Item::Str(s) => aws2_pyrepr::str_repr(s),
            Item::Binary(b) => format!("Binary({})", bytes_repr(b)),
            Item::Set(m) => format!("{{{}}}", join(m.iter().map(Item::python_repr))),
            Item::List(m) => format!("[{}]", join(m.iter().map(Item::python_repr))),
            Item::Map(m) => format!(
                "{{{}}}",
                join(m.iter().map(|(k, v)| format!("{}: {}", aws2_pyrepr::str_repr(k), v.python_repr())))
            ),
        }
    }
}

/// Python's `repr` of bytes (`b'hi\\x00'`).
fn bytes_repr(bytes: &[u8]) -> String {
    let mut out = String::from("b'");
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\'"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('\'');
    out
}

/// The only entry of a one-entry map (an `AttributeValue`'s type and value).
fn single_entry(value: &Value) -> Option<(&str, &Value)> {
    match value {
        Value::Map(m) if m.len() == 1 => m.iter().next().map(|(k, v)| (k.as_str(), v)),
        _ => None,
    }
}

fn join(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join(", ")
}

/// The `AttributeValue` map of an item's attributes.
pub fn attribute_map(entries: &[(String, Item)]) -> Result<indexmap::IndexMap<String, Value>, String> {
    entries
        .iter()
        .map(|(k, v)| Ok((k.clone(), v.attribute_value()?)))
        .collect()
}

/// The bytes of a blob in a response (parsed, or still base64 text).
fn blob_bytes(value: &Value) -> Vec<u8> {
    match value {
        Value::Blob(b) => b.clone(),
        Value::String(s) => base64::engine::general_purpose::STANDARD
            .decode(s)
            .unwrap_or_else(|_| s.clone().into_bytes()),
        _ => Vec::new(),
    }
}

/// A number as v2's YAML dumper writes a `Decimal`: an int or a float node, with its tag
/// when the text alone would not resolve to it.
fn number_node(text: &str) -> Json {
    let text = decimal_text(text).unwrap_or_else(|| text.to_owned());
    let tag = if is_integral(&text) { "int" } else { "float" };
    if yaml_tag::implicit_number_tag(&text) == Some(tag) {
        yaml_tag::scalar("", &text)
    } else {
        yaml_tag::scalar(&format!("!!{tag}"), &text)
    }
}

fn binary_node(bytes: &[u8]) -> Json {
    yaml_tag::scalar("!!binary", &base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The YAML node of an `AttributeValue` of a response.
pub fn attribute_node(value: &Value) -> Json {
    let Some((kind, inner)) = single_entry(value) else {
        return Json::Null;
    };
    match (kind, inner) {
        ("NULL", _) => Json::Null,
        ("BOOL", Value::Bool(b)) => Json::Bool(*b),
        ("N", Value::String(n)) => number_node(n),
        ("S", Value::String(s)) => Json::String(s.clone()),
        ("B", b) => binary_node(&blob_bytes(b)),
        ("SS" | "NS" | "BS", Value::List(members)) => set_node(kind, members),
        ("L", Value::List(items)) => Json::Array(items.iter().map(attribute_node).collect()),
        ("M", Value::Map(m)) => Json::Object(attribute_nodes(m)),
        _ => Json::Null,
    }
}

/// The YAML nodes of an item's attributes.
pub fn attribute_nodes(map: &indexmap::IndexMap<String, Value>) -> Map<String, Json> {
    map.iter().map(|(k, v)| (k.clone(), attribute_node(v))).collect()
}

/// A set, its members sorted as Python sorts them (numbers by value, text by code point,
/// bytes by their bytes) and duplicates dropped.
fn set_node(kind: &str, members: &[Value]) -> Json {
    match kind {
        "NS" => {
            let mut numbers: Vec<(f64, String)> = members
                .iter()
                .filter_map(|m| m.as_str())
                .map(|n| (n.parse::<f64>().unwrap_or(0.0), n.to_owned()))
                .collect();
            numbers.sort_by(|a, b| a.0.total_cmp(&b.0));
            numbers.dedup_by(|a, b| a.0 == b.0);
            yaml_tag::set(numbers.iter().map(|(_, n)| number_node(n)).collect())
        }
        "SS" => {
            let mut texts: Vec<&str> = members.iter().filter_map(|m| m.as_str()).collect();
            texts.sort_unstable();
            texts.dedup();
            yaml_tag::set(texts.into_iter().map(|t| Json::String(t.to_owned())).collect())
        }
        _ => {
            let mut bytes: Vec<Vec<u8>> = members.iter().map(blob_bytes).collect();
            bytes.sort();
            bytes.dedup();
            yaml_tag::set(bytes.iter().map(|b| binary_node(b)).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_print_as_python_does() {
        for (given, shown) in [
            ("1", "1"),
            ("1.50", "1.50"),
            (".5", "0.5"),
            ("1e3", "1E+3"),
            ("1e-7", "1E-7"),
            ("-0.0", "-0.0"),
            ("0.000001", "0.000001"),
            ("00012", "12"),
            ("1.5e2", "1.5E+2"),
        ] {
            assert_eq!(decimal_text(given).as_deref(), Some(shown), "{given}");
        }
        assert_eq!(decimal_text("1.2.3"), None);
        assert!(is_integral("1E+3") && is_integral("-0.0") && is_integral("2.000"));
        assert!(!is_integral("1.50") && !is_integral("1E-7"));
    }
}
