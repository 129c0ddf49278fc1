//! The kubeconfig file as YAML nodes, read with the YAML 1.2 core types of the safe loader
//! (mappings keep their order; [`super::emit`] writes them back).

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One YAML node, with the types the safe loader gives plain scalars.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer, as its decimal digits.
    Int(String),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A plain scalar of another type (a date, a timestamp), written back as it was read.
    Plain(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(k, Node::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key` of a mapping, in place when it is there, else at the end.
    pub fn set(&mut self, key: &str, value: Node) {
        if let Node::Map(entries) = self {
            match entries
                .iter_mut()
                .find(|(k, _)| matches!(k, Node::Str(s) if s == key))
            {
                Some(entry) => entry.1 = value,
                None => entries.push((Node::Str(key.to_owned()), value)),
            }
        }
    }

    /// A string node.
    pub fn str(text: &str) -> Node {
        Node::Str(text.to_owned())
    }

    /// A mapping of string keys.
    pub fn map(entries: Vec<(&str, Node)>) -> Node {
        Node::Map(entries.into_iter().map(|(k, v)| (Node::str(k), v)).collect())
    }

    /// The Python type name the AWS CLI's messages give this node's value.
    pub fn python_type(&self) -> &'static str {
        match self {
            Node::Null => "<class 'NoneType'>",
            Node::Bool(_) => "<class 'bool'>",
            Node::Int(_) => "<class 'int'>",
            Node::Float(_) => "<class 'float'>",
            Node::Str(_) => "<class 'str'>",
            Node::Plain(text) if text.len() == 10 => "<class 'datetime.date'>",
            Node::Plain(_) => "<class 'datetime.datetime'>",
            Node::Seq(_) => "<class 'list'>",
            Node::Map(_) => "<class 'collections.OrderedDict'>",
        }
    }
}

/// Reads a YAML document; `None` for a stream without one (an empty file).
pub fn load(text: &str) -> Result<Option<Node>, String> {
    let mut documents = load_documents(text, &SAFE, true)?;
    if documents.len() > 1 {
        return Err("expected a single document in the stream".to_owned());
    }
    Ok(documents.pop())
}

/// How a reader types what it reads: the key a node's tag wraps it in (a one-entry mapping;
/// none for the safe loader), a tagged scalar's value under that key, and plain scalars.
pub struct Schema {
    /// The key of the mapping a tagged node is wrapped in, if its tag asks for one.
    pub wrap_key: fn(&Option<Tag>) -> Option<String>,
    /// The value a scalar with a wrapping tag stands for (the key and the scalar's text).
    pub tagged_scalar: fn(&str, String) -> Node,
    /// The node of an untagged plain scalar.
    pub plain: fn(String) -> Node,
}

/// The safe loader's schema: tags wrap nothing, plain scalars have the YAML 1.2 core types.
pub const SAFE: Schema = Schema {
    wrap_key: |_| None,
    tagged_scalar: |_, text| Node::Str(text),
    plain: resolve,
};

/// Reads the documents of a YAML stream with `schema`; `multi` lets the stream hold several.
pub fn load_documents(text: &str, schema: &Schema, multi: bool) -> Result<Vec<Node>, String> {
    let mut builder = Builder {
        schema,
        stack: Vec::new(),
        anchors: HashMap::new(),
        documents: Vec::new(),
        error: None,
    };
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, multi)
        .map_err(|e| e.to_string())?;
    match builder.error {
        Some(error) => Err(error),
        None => Ok(builder.documents),
    }
}

/// What is being built: a sequence or a mapping, with its anchor and the key its tag wraps it
/// in.
enum Frame {
    Seq(Vec<Node>, usize, Option<String>),
    Map(Vec<(Node, Node)>, Option<Node>, usize, Option<String>),
}

struct Builder<'a> {
    schema: &'a Schema,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    documents: Vec<Node>,
    error: Option<String>,
}

/// `node`, or a one-entry mapping of `key` to it.
fn wrap(key: Option<String>, node: Node) -> Node {
    match key {
        Some(key) => Node::Map(vec![(Node::Str(key), node)]),
        None => node,
    }
}

impl Builder<'_> {
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

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, ev: Event, _mark: Marker) {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let node = match (self.schema.wrap_key)(&tag) {
                    Some(key) => {
                        let value = (self.schema.tagged_scalar)(&key, text);
                        wrap(Some(key), value)
                    }
                    None => {
                        let is_str = tag
                            .as_ref()
                            .is_some_and(|t| t.suffix == "str" || t.suffix.ends_with(":str"));
                        if is_str || style != TScalarStyle::Plain {
                            Node::Str(text)
                        } else {
                            (self.schema.plain)(text)
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
                let key = (self.schema.wrap_key)(&tag);
                self.stack.push(Frame::Seq(Vec::new(), anchor, key));
            }
            Event::MappingStart(anchor, tag) => {
                let key = (self.schema.wrap_key)(&tag);
                self.stack.push(Frame::Map(Vec::new(), None, anchor, key));
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

/// The node a plain scalar reads as under the YAML 1.2 core schema.
pub(crate) fn resolve(text: String) -> Node {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Node::Null,
        "true" | "True" | "TRUE" => return Node::Bool(true),
        "false" | "False" | "FALSE" => return Node::Bool(false),
        _ => {}
    }
    if !aws2_output::resolves_to_other_type(&text) {
        return Node::Str(text);
    }
    if let Some(int) = integer(&text) {
        return Node::Int(int);
    }
    if let Some(f) = float(&text) {
        return Node::Float(f);
    }
    Node::Plain(text)
}

/// An integer scalar (`12`, `-0x1F`, `0o17`, `1_000`) as decimal digits.
fn integer(text: &str) -> Option<String> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let body = body.replace('_', "");
    let (digits, radix) = match body.get(..2) {
        Some("0x") => (&body[2..], 16),
        Some("0o") => (&body[2..], 8),
        Some("0b") => (&body[2..], 2),
        _ => (body.as_str(), 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = match u128::from_str_radix(digits, radix) {
        Ok(n) => n.to_string(),
        Err(_) if radix == 10 => digits.trim_start_matches('0').to_owned(),
        Err(_) => return None,
    };
    Some(if negative && magnitude != "0" {
        format!("-{magnitude}")
    } else {
        magnitude
    })
}

/// A float scalar (`1.5`, `1e3`, `.inf`, `.nan`).
fn float(text: &str) -> Option<f64> {
    let lower = text.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['-', '+']);
    let sign = if lower.starts_with('-') { -1.0 } else { 1.0 };
    match unsigned {
        ".inf" => Some(sign * f64::INFINITY),
        ".nan" => Some(f64::NAN),
        _ => lower.replace('_', "").parse().ok(),
    }
}
