//! Typing an XML body by its shape (`query`, `ec2`, `rest-xml`): element names from
//! `locationName`, flattened and wrapped lists and maps, XML attributes, and the error
//! element of exception shapes.

use super::scalar;
use super::tree::unknown_member;
use super::Ctx;
use crate::model::{ShapeRef, ShapeType};
use crate::protocol::member::Member;
use crate::protocol::ProtocolError;
use crate::value::Value;
use indexmap::IndexMap;
use roxmltree::{Document, Node, ParsingOptions};

/// One element, or the repeated elements of one name.
#[derive(Clone)]
pub(crate) enum Nodes<'a, 'i> {
    /// A single element.
    One(Node<'a, 'i>),
    /// Repeated elements of the same name, in document order.
    Many(Vec<Node<'a, 'i>>),
}

impl<'a, 'i> Nodes<'a, 'i> {
    fn first(&self) -> Node<'a, 'i> {
        match self {
            Nodes::One(n) => *n,
            Nodes::Many(v) => v[0],
        }
    }

    fn into_vec(self) -> Vec<Node<'a, 'i>> {
        match self {
            Nodes::One(n) => vec![n],
            Nodes::Many(v) => v,
        }
    }
}

/// Parses an XML document (DTDs allowed, never fetched).
pub(crate) fn parse_document<'i>(
    ctx: &Ctx<'_>,
    text: &'i str,
) -> Result<Document<'i>, ProtocolError> {
    let opts = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts)
        .map_err(|e| ctx.invalid(format!("invalid XML received: {e}")))
}

/// The body as UTF-8 text (invalid sequences replaced).
pub(crate) fn body_text(ctx: &Ctx<'_>) -> String {
    String::from_utf8_lossy(&ctx.response.body).into_owned()
}

/// The element's local name.
pub(crate) fn tag<'a>(node: &Node<'a, '_>) -> &'a str {
    node.tag_name().name()
}

/// The element's text before its first child element (empty when none).
pub(crate) fn text(node: &Node<'_, '_>) -> String {
    let mut out = String::new();
    for child in node.children() {
        if child.is_element() {
            break;
        }
        if let Some(t) = child.text().filter(|_| child.is_text()) {
            out.push_str(t);
        }
    }
    out
}

/// Child elements grouped by local name, repeated names collected in order.
pub(crate) fn children_by_name<'a, 'i>(node: Node<'a, 'i>) -> IndexMap<&'a str, Nodes<'a, 'i>> {
    let mut out: IndexMap<&'a str, Nodes<'a, 'i>> = IndexMap::new();
    for child in node.children().filter(Node::is_element) {
        let name = tag(&child);
        match out.get_mut(name) {
            None => {
                out.insert(name, Nodes::One(child));
            }
            Some(existing) => {
                let mut list = std::mem::replace(existing, Nodes::Many(Vec::new())).into_vec();
                list.push(child);
                *existing = Nodes::Many(list);
            }
        }
    }
    out
}

/// An element without a model: elements with children become maps (repeated names keep
/// the last), leaves their text.
pub(crate) fn untyped(node: Node<'_, '_>) -> Value {
    if !node.children().any(|c| c.is_element()) {
        return Value::String(text(&node));
    }
    let mut out = IndexMap::new();
    for (name, nodes) in children_by_name(node) {
        let last = match nodes {
            Nodes::One(n) => n,
            Nodes::Many(v) => v[v.len() - 1],
        };
        out.insert(name.to_owned(), untyped(last));
    }
    Value::Map(out)
}

/// Walks XML elements by shape.
pub(crate) struct XmlWalker<'c, 'a> {
    ctx: &'c Ctx<'a>,
    /// Exception structures live under `Response/Errors/Error` (ec2) rather than
    /// `ErrorResponse/Error`.
    ec2: bool,
}

impl<'c, 'a> XmlWalker<'c, 'a> {
    /// A walker for the protocol.
    pub fn new(ctx: &'c Ctx<'a>, ec2: bool) -> Self {
        XmlWalker { ctx, ec2 }
    }

    /// Types the element(s) by the shape `r` refers to.
    pub fn value(&self, nodes: &Nodes<'_, '_>, r: &ShapeRef) -> Result<Value, ProtocolError> {
        let res = Member::resolve(self.ctx.service, r)?;
        let shape = &res.shape;
        match shape.shape_type {
            ShapeType::Structure => {
                let mut node = nodes.first();
                if shape.exception {
                    node = self.error_root(node);
                }
                self.structure(node, &res)
            }
            ShapeType::List => {
                let member = shape.member.as_deref().cloned().unwrap_or_default();
                let items: Vec<Node> = match nodes {
                    Nodes::One(n) if !res.flattened() => {
                        n.children().filter(Node::is_element).collect()
                    }
                    other => other.clone().into_vec(),
                };
                items
                    .into_iter()
                    .map(|item| self.value(&Nodes::One(item), &member))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::List)
            }
            ShapeType::Map => self.map(nodes, &res),
            t => {
                let node = nodes.first();
                scalar::from_text(&text(&node), t, false).map_err(|e| self.ctx.invalid(e))
            }
        }
    }

    fn structure(&self, node: Node<'_, '_>, res: &Member<'_>) -> Result<Value, ProtocolError> {
        let shape = &res.shape;
        let mut children = children_by_name(node);
        if shape.union {
            let mut names = children.keys().filter(|k| **k != "__type");
            if let (Some(tag), None) = (names.next(), names.next()) {
                let known = shape
                    .members
                    .iter()
                    .any(|(name, m)| m.location_name.as_deref().unwrap_or(name) == *tag);
                if !known {
                    return Ok(unknown_member(tag));
                }
            }
        }
        let mut out = IndexMap::new();
        for (name, member) in &shape.members {
            let m = Member::resolve(self.ctx.service, member)?;
            if m.outside_body() {
                continue;
            }
            let key = self.member_key(name, &m)?;
            // The member's own name when the shape-derived name is absent (smithy's rule).
            let own = member.location_name.as_deref().unwrap_or(name);
            let found = children
                .shift_remove(key.as_str())
                .or_else(|| children.shift_remove(own));
            if let Some(found) = found {
                out.insert(name.clone(), self.value(&found, member)?);
            } else if member.xml_attribute {
                if let Some(v) = attribute(node, m.name().unwrap_or(name)) {
                    let v = scalar::from_text(v, m.shape.shape_type, false)
                        .map_err(|e| self.ctx.invalid(e))?;
                    out.insert(name.clone(), v);
                }
            }
        }
        Ok(Value::Map(out))
    }

    /// The element name of a member: a flattened list's member `locationName` when it has
    /// one, else the member's (or its shape's) `locationName`, else the member name.
    fn member_key(&self, name: &str, m: &Member<'_>) -> Result<String, ProtocolError> {
        if m.shape.shape_type == ShapeType::List && m.flattened() {
            if let Some(item) = m.shape.member.as_deref() {
                let item = Member::resolve(self.ctx.service, item)?;
                if let Some(n) = item.name() {
                    return Ok(n.to_owned());
                }
            }
        }
        Ok(m.name().unwrap_or(name).to_owned())
    }

    fn map(&self, nodes: &Nodes<'_, '_>, res: &Member<'_>) -> Result<Value, ProtocolError> {
        let shape = &res.shape;
        let key_ref = shape.key.as_deref().cloned().unwrap_or_default();
        let value_ref = shape.value.as_deref().cloned().unwrap_or_default();
        let key_name = Member::resolve(self.ctx.service, &key_ref)?
            .name()
            .unwrap_or("key")
            .to_owned();
        let value_name = Member::resolve(self.ctx.service, &value_ref)?
            .name()
            .unwrap_or("value")
            .to_owned();
        let entries: Vec<Node> = match nodes {
            Nodes::One(n) if !res.flattened() => n.children().filter(Node::is_element).collect(),
            other => other.clone().into_vec(),
        };
        let mut out = IndexMap::new();
        for entry in entries {
            let mut key = None;
            let mut value = None;
            for part in entry.children().filter(Node::is_element) {
                let t = tag(&part);
                if t == key_name {
                    key = Some(text(&part));
                } else if t == value_name {
                    value = Some(self.value(&Nodes::One(part), &value_ref)?);
                } else {
                    return Err(self.ctx.invalid(format!("unknown tag in map entry: {t}")));
                }
            }
            if let (Some(k), Some(v)) = (key, value) {
                out.insert(k, v);
            }
        }
        Ok(Value::Map(out))
    }

    /// The element holding an exception's members.
    fn error_root<'x, 'i>(&self, root: Node<'x, 'i>) -> Node<'x, 'i> {
        let child = |node: Node<'x, 'i>, name: &str| {
            node.children().find(|c| c.is_element() && tag(c) == name)
        };
        if self.ec2 {
            if let Some(err) = child(root, "Errors").and_then(|e| child(e, "Error")) {
                return err;
            }
        } else if tag(&root) == "ErrorResponse" {
            if let Some(err) = child(root, "Error") {
                return err;
            }
        }
        root
    }
}

/// An attribute by its modeled name (`name` or `prefix:name`, the prefix standing for any
/// namespace).
fn attribute<'a>(node: Node<'a, '_>, location_name: &str) -> Option<&'a str> {
    let (prefix, local) = match location_name.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, location_name),
    };
    node.attributes()
        .find(|a| a.name() == local && a.namespace().is_some() == prefix.is_some())
        .map(|a| a.value())
}
