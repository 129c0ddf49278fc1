//! Templates as the AWS CLI v2 reads and writes them: JSON when the text is JSON, else YAML
//! whose short-form intrinsic functions (`!Ref x`, `!GetAtt a.b`, `!Sub ...`) read as their
//! long forms (`Ref: x`, `Fn::GetAtt: [a, b]`, `Fn::Sub: ...`) and whose YAML 1.1 booleans
//! (`yes`, `off`) read as booleans; written back as ruamel.yaml's safe dumper writes them
//! (such strings quoted) or as `json.dumps(indent=4)`.

use crate::command::eks_kubeconfig::emit;
use crate::command::eks_kubeconfig::yaml::{load_documents, Schema};
pub use crate::command::eks_kubeconfig::yaml::Node;
use yaml_rust2::parser::Tag;

/// How templates read: short-form intrinsic tags as their long forms, YAML 1.1 booleans.
const TEMPLATE: Schema = Schema {
    wrap_key: intrinsic,
    tagged_scalar: intrinsic_value,
    plain: resolve,
};

/// Reads a template's text.
pub fn parse(text: &str) -> Result<Node, String> {
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
        return Ok(from_json(json));
    }
    let documents = load_documents(text, &TEMPLATE, false)?;
    Ok(documents.into_iter().next().unwrap_or(Node::Null))
}

fn from_json(value: serde_json::Value) -> Node {
    use serde_json::Value as J;
    match value {
        J::Null => Node::Null,
        J::Bool(b) => Node::Bool(b),
        J::Number(n) => {
            let text = n.to_string();
            if text.contains(['.', 'e', 'E']) {
                Node::Float(text.parse().unwrap_or(f64::NAN))
            } else {
                Node::Int(text)
            }
        }
        J::String(s) => Node::Str(s),
        J::Array(items) => Node::Seq(items.into_iter().map(from_json).collect()),
        J::Object(map) => Node::Map(
            map.into_iter()
                .map(|(k, v)| (Node::Str(k), from_json(v)))
                .collect(),
        ),
    }
}

/// Whether a string would read back as something else than a string, so that the dumper
/// quotes it: the YAML 1.2 core types and the YAML 1.1 booleans.
fn quoted(text: &str) -> bool {
    yaml11_bool(text).is_some() || aws2_output::resolves_to_other_type(text)
}

fn yaml11_bool(text: &str) -> Option<bool> {
    match text {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// The template as YAML (`yaml_dump`).
pub fn to_yaml(node: &Node) -> String {
    emit::dump_with(node, quoted, Some(80))
}

/// The template as `json.dumps(template, indent=4, ensure_ascii=False)`; refused, as
/// Python refuses it, when it holds a date or a timestamp.
pub fn to_json(node: &Node) -> Result<String, String> {
    if let Some(kind) = unserializable(node) {
        return Err(format!("Object of type {kind} is not JSON serializable"));
    }
    Ok(aws2_output::json::to_json(
        &json_value(node),
        aws2_output::json::JsonStyle::cli(),
    ))
}

/// The Python type of the first date or timestamp in `node`.
fn unserializable(node: &Node) -> Option<&'static str> {
    match node {
        Node::Plain(text) if text.len() == 10 => Some("date"),
        Node::Plain(_) => Some("datetime"),
        Node::Seq(items) => items.iter().find_map(unserializable),
        Node::Map(entries) => entries
            .iter()
            .find_map(|(k, v)| unserializable(k).or_else(|| unserializable(v))),
        _ => None,
    }
}

fn json_value(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match node {
        Node::Null => J::Null,
        Node::Bool(b) => J::Bool(*b),
        Node::Int(text) => text
            .parse::<serde_json::Number>()
            .map(J::Number)
            .unwrap_or_else(|_| J::String(text.clone())),
        Node::Float(f) => serde_json::Number::from_f64(*f)
            .map(J::Number)
            .unwrap_or(J::Null),
        Node::Str(s) | Node::Plain(s) => J::String(s.clone()),
        Node::Seq(items) => J::Array(items.iter().map(json_value).collect()),
        Node::Map(entries) => J::Object(
            entries
                .iter()
                .map(|(k, v)| (key_text(k), json_value(v)))
                .collect(),
        ),
    }
}

/// A mapping key as text, as `json.dumps` writes keys that are not strings.
fn key_text(key: &Node) -> String {
    match key {
        Node::Str(s) | Node::Plain(s) | Node::Int(s) => s.clone(),
        Node::Bool(true) => "true".to_owned(),
        Node::Bool(false) => "false".to_owned(),
        Node::Null => "null".to_owned(),
        Node::Float(f) => aws2_output::pyfmt::float_repr(*f),
        other => format!("{other:?}"),
    }
}

/// The long-form key of a short-form intrinsic tag (`!Ref` → `Ref`, `!Sub` → `Fn::Sub`).
fn intrinsic(tag: &Option<Tag>) -> Option<String> {
    let tag = tag.as_ref()?;
    if tag.handle != "!" {
        return None;
    }
    let name = tag.suffix.as_str();
    Some(if matches!(name, "Ref" | "Condition") {
        name.to_owned()
    } else {
        format!("Fn::{name}")
    })
}

/// The value of a short-form scalar: `!GetAtt a.b` names a resource and an attribute.
fn intrinsic_value(key: &str, text: String) -> Node {
    if key != "Fn::GetAtt" {
        return Node::Str(text);
    }
    Node::Seq(match text.split_once('.') {
        Some((a, b)) => vec![Node::Str(a.into()), Node::Str(b.into())],
        None => vec![Node::Str(text)],
    })
}

/// A plain scalar's node: the YAML 1.1 booleans, then the safe loader's types.
fn resolve(text: String) -> Node {
    match yaml11_bool(&text) {
        Some(b) => Node::Bool(b),
        None => crate::command::eks_kubeconfig::yaml::resolve(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_read_as_long_forms() {
        let t = parse("A: !Ref x\nB: !GetAtt r.Arn\nC: !Sub [a, {b: c}]\nD: yes\nE: 'no'\n")
            .unwrap();
        assert_eq!(
            to_yaml(&t),
            "A:\n  Ref: x\nB:\n  Fn::GetAtt:\n  - r\n  - Arn\nC:\n  Fn::Sub:\n  - a\n  - b: c\nD: true\nE: 'no'\n"
        );
    }

    #[test]
    fn json_is_written_as_python_writes_it() {
        let t = parse("{\"a\": [1, 2.5, {}], \"b\": \"x\"}").unwrap();
        assert_eq!(
            to_json(&t).unwrap(),
            "{\n    \"a\": [\n        1,\n        2.5,\n        {}\n    ],\n    \"b\": \"x\"\n}"
        );
    }
}
