//! Tagged YAML nodes inside the JSON values the YAML emitter takes: what ruamel.yaml writes
//! for the Python types of `aws ddb` (a `Decimal` as an int or float scalar, `Binary` as
//! `!!binary "…"`, a set as a `!!set` mapping of null values).
//!
//! A tagged node is a JSON object of exactly two entries, [`TAG`] (the tag to write, empty
//! for none) and [`NODE`] (the scalar's text, or for `!!set` the list of its members); the
//! keys begin with a NUL character, which no response's member name holds.

use serde_json::{Map, Value};

/// The entry holding the tag (`!!binary`, `!!int`, `!!set`, or empty for none).
pub const TAG: &str = "\u{0}yaml-tag";
/// The entry holding the tagged scalar's text, or the members of a `!!set`.
pub const NODE: &str = "\u{0}yaml-node";

/// A scalar written with `tag` (none when empty) before `text`; a `!!binary` scalar is
/// double-quoted, others are plain when libyaml allows it.
pub fn scalar(tag: &str, text: &str) -> Value {
    tagged(tag, Value::String(text.to_owned()))
}

/// A `!!set` of `members` (strings or tagged scalars, in the order to write them).
pub fn set(members: Vec<Value>) -> Value {
    tagged("!!set", Value::Array(members))
}

fn tagged(tag: &str, node: Value) -> Value {
    let mut map = Map::new();
    map.insert(TAG.to_owned(), Value::String(tag.to_owned()));
    map.insert(NODE.to_owned(), node);
    Value::Object(map)
}

/// The tag and node of a tagged node, `None` for any other mapping.
pub(crate) fn split(map: &Map<String, Value>) -> Option<(&str, &Value)> {
    if map.len() != 2 {
        return None;
    }
    Some((map.get(TAG)?.as_str()?, map.get(NODE)?))
}

/// The YAML 1.2 tag a plain scalar with this text resolves to: `int`, `float`, or `None`
/// for anything else (`ruamel.yaml` writes an explicit tag when it is not the node's).
pub fn implicit_number_tag(text: &str) -> Option<&'static str> {
    if crate::yaml::is_int(text) {
        Some("int")
    } else if crate::yaml::is_float(text) {
        Some("float")
    } else {
        None
    }
}

/// The text `--output yaml` prints for a tagged scalar alone (v2 writes a `Decimal` bare).
pub fn root_text(value: &Value) -> Option<String> {
    let (tag, node) = split(value.as_object()?)?;
    match (tag, node) {
        ("" | "!!int" | "!!float", Value::String(text)) => Some(format!("{text}\n")),
        _ => None,
    }
}
