//! XML bodies (the `rest-xml` protocol), written as botocore's ElementTree output.

use super::text::{base64, float_text, format_timestamp, py_str, Precision};
use crate::model::{Service, ShapeType};
use crate::protocol::member::{type_mismatch, Member};
use crate::protocol::ProtocolError;
use crate::value::Value;

/// An XML element under construction.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: Option<String>,
    children: Vec<Element>,
}

impl Element {
    fn new(name: &str) -> Element {
        Element {
            name: name.to_owned(),
            ..Element::default()
        }
    }

    fn set_attr(&mut self, name: String, value: String) {
        match self.attrs.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((name, value)),
        }
    }

    fn add_namespace(&mut self, m: &Member<'_>) {
        if let Some(ns) = m.xml_namespace() {
            let name = match ns.prefix.as_deref() {
                Some(p) if !p.is_empty() => format!("xmlns:{p}"),
                _ => "xmlns".to_owned(),
            };
            self.set_attr(name, ns.uri.clone());
        }
    }

    fn render(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            escape(out, v, true);
            out.push('"');
        }
        let text = self.text.as_deref().unwrap_or("");
        if text.is_empty() && self.children.is_empty() {
            out.push_str(" />");
            return;
        }
        out.push('>');
        escape(out, text, false);
        for child in &self.children {
            child.render(out);
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

fn escape(out: &mut String, text: &str, attr: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' if attr => out.push_str("&#13;"),
            '\t' if attr => out.push_str("&#09;"),
            c => out.push(c),
        }
    }
}

/// Serializes `value` of the shape `m` as an XML document whose root element is `root`.
pub(crate) fn document(
    service: &Service,
    precision: Precision,
    value: &Value,
    m: &Member<'_>,
    root: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Vec<u8>, ProtocolError> {
    let writer = XmlWriter { service, precision };
    let mut pseudo = Element::default();
    if m.ty() == ShapeType::Structure {
        writer.structure(&mut pseudo, value, m, root, keep)?;
    } else {
        writer.value(&mut pseudo, value, m, root)?;
    }
    let mut out = String::new();
    for child in &pseudo.children {
        child.render(&mut out);
    }
    Ok(out.into_bytes())
}

struct XmlWriter<'s> {
    service: &'s Service,
    precision: Precision,
}

impl XmlWriter<'_> {
    fn value(
        &self,
        parent: &mut Element,
        value: &Value,
        m: &Member<'_>,
        name: &str,
    ) -> Result<(), ProtocolError> {
        match (m.ty(), value) {
            (_, Value::Null) => Ok(()),
            (ShapeType::Structure, _) => self.structure(parent, value, m, name, &|_| true),
            (ShapeType::List, Value::List(items)) => self.list(parent, items, m, name),
            (ShapeType::Map, Value::Map(map)) => {
                let key = Member::resolve(self.service, m.map_key()?)?;
                let val = Member::resolve(self.service, m.map_value()?)?;
                let key_name = key.name().unwrap_or("key").to_owned();
                let val_name = val.name().unwrap_or("value").to_owned();
                let flattened = m.flattened();
                let mut node = Element::new(name);
                node.add_namespace(m);
                for (k, v) in map {
                    let mut entry = Element::new(if flattened { name } else { "entry" });
                    self.value(&mut entry, &Value::String(k.clone()), &key, &key_name)?;
                    self.value(&mut entry, v, &val, &val_name)?;
                    if flattened {
                        parent.children.push(entry);
                    } else {
                        node.children.push(entry);
                    }
                }
                if !flattened {
                    parent.children.push(node);
                }
                Ok(())
            }
            (_, Value::List(_) | Value::Map(_)) => Err(type_mismatch(&m.shape)),
            (ty, v) => {
                let mut node = Element::new(name);
                node.text = Some(self.scalar_text(ty, v, m));
                node.add_namespace(m);
                parent.children.push(node);
                Ok(())
            }
        }
    }

    fn scalar_text(&self, ty: ShapeType, v: &Value, m: &Member<'_>) -> String {
        match (ty, v) {
            (_, Value::Bool(b)) => b.to_string(),
            (ShapeType::Blob, Value::Blob(b)) => base64(b),
            (ShapeType::Blob, Value::String(s)) => base64(s.as_bytes()),
            (_, Value::Timestamp(ts)) => {
                let format = m.timestamp_format().unwrap_or("iso8601");
                format_timestamp(ts, format, self.precision).into_text()
            }
            (_, Value::Float(f)) => float_text(*f),
            (_, v) => py_str(v),
        }
    }

    fn structure(
        &self,
        parent: &mut Element,
        value: &Value,
        m: &Member<'_>,
        name: &str,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<(), ProtocolError> {
        let Value::Map(map) = value else {
            return Err(type_mismatch(&m.shape));
        };
        let mut node = Element::new(name);
        node.add_namespace(m);
        for (key, item) in map {
            if item.is_null() || !keep(key) {
                continue;
            }
            let member = Member::resolve(self.service, m.struct_member(key)?)?;
            let member_name = member.name().unwrap_or(key).to_owned();
            if member.r.xml_attribute {
                let text = self.scalar_text(member.ty(), item, &member);
                node.set_attr(member_name, text);
                continue;
            }
            self.value(&mut node, item, &member, &member_name)?;
        }
        parent.children.push(node);
        Ok(())
    }

    fn list(
        &self,
        parent: &mut Element,
        items: &[Value],
        m: &Member<'_>,
        name: &str,
    ) -> Result<(), ProtocolError> {
        let member = Member::resolve(self.service, m.list_member()?)?;
        if m.flattened() {
            // Elements go straight into the parent, each named like the list.
            parent.add_namespace(m);
            for item in items {
                self.value(parent, item, &member, name)?;
            }
        } else {
            let element_name = member.name().unwrap_or("member").to_owned();
            let mut node = Element::new(name);
            node.add_namespace(m);
            for item in items {
                self.value(&mut node, item, &member, &element_name)?;
            }
            parent.children.push(node);
        }
        Ok(())
    }
}
