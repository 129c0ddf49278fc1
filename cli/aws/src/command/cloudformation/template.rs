//! Templates as the AWS CLI v2 reads and writes them: JSON when the text is JSON, else YAML
//! whose short-form intrinsic functions (`!Ref x`, `!GetAtt a.b`, `!Sub ...`) read as their
//! long forms (`Ref: x`, `Fn::GetAtt: [a, b]`, `Fn::Sub: ...`) and whose YAML 1.1 booleans
//! (`yes`, `off`) read as booleans; written back as ruamel.yaml's safe dumper writes them
//! (such strings quoted) or as `json.dumps(indent=4)`.

use crate::command::eks_kubeconfig::emit;
pub use crate::command::eks_kubeconfig::yaml::Node;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Reads a template's text.
pub fn parse(text: &str) -> Result<Node, String> {
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
        return Ok(from_json(json));
    }
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|e| e.to_string())?;
    if let Some(error) = builder.error {
        return Err(error);
    }
    Ok(builder.documents.into_iter().next().unwrap_or(Node::Null))
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

/// What is being built: a sequence or a mapping, with its anchor and intrinsic tag.
enum Frame {
    Seq(Vec<Node>, usize, Option<String>),
    Map(Vec<(Node, Node)>, Option<Node>, usize, Option<String>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    documents: Vec<Node>,
    error: Option<String>,
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

fn wrap(key: Option<String>, node: Node) -> Node {
    match key {
        Some(key) => Node::Map(vec![(Node::Str(key), node)]),
        None => node,
    }
}

impl Builder {
    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Frame::Seq(items, _, _)) => items.push(node),
            Some(Frame::Map(entries, key, _, _)) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    if entries.iter().any(|(existing, _)| *existing == k) && self.error.is_none() {
                        self.error = Some(format!("found duplicate key {k:?}"));
                    }
                    entries.push((k, node));
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, _mark: Marker) {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let node = match intrinsic(&tag) {
                    Some(key) if key == "Fn::GetAtt" => {
                        let parts = match text.split_once('.') {
                            Some((a, b)) => vec![Node::Str(a.into()), Node::Str(b.into())],
                            None => vec![Node::Str(text)],
                        };
                        wrap(Some(key), Node::Seq(parts))
                    }
                    Some(key) => wrap(Some(key), Node::Str(text)),
                    None => {
                        let is_str = tag
                            .as_ref()
                            .is_some_and(|t| t.suffix == "str" || t.suffix.ends_with(":str"));
                        if is_str || style != TScalarStyle::Plain {
                            Node::Str(text)
                        } else {
                            resolve(text)
                        }
                    }
                };
                self.finish(node, anchor);
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(Node::Null);
                self.finish(node, 0);
            }
            Event::SequenceStart(anchor, tag) => {
                self.stack
                    .push(Frame::Seq(Vec::new(), anchor, intrinsic(&tag)));
            }
            Event::MappingStart(anchor, tag) => {
                self.stack
                    .push(Frame::Map(Vec::new(), None, anchor, intrinsic(&tag)));
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq(items, anchor, key)) => {
                    self.finish(wrap(key, Node::Seq(items)), anchor)
                }
                Some(Frame::Map(entries, _, anchor, key)) => {
                    self.finish(wrap(key, Node::Map(entries)), anchor)
                }
                None => {}
            },
            _ => {}
        }
    }
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
