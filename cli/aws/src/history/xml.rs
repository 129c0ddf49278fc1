//! XML bodies pretty-printed as Python's `xml.dom.minidom` does for the AWS CLI's history:
//! the document written compactly, each of its lines stripped and joined (dropping the
//! indentation a service sent), parsed again and written with four-space indents.

use roxmltree::{Document, Node, NodeType, ParsingOptions};

const DECLARATION: &str = "<?xml version=\"1.0\" ?>";

fn parse(text: &str) -> Option<Document<'_>> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).ok()
}

/// The pretty form of `text`, or `None` when it is not XML.
pub fn pretty(text: &str) -> Option<String> {
    let doc = parse(text)?;
    let mut compact = String::from(DECLARATION);
    for child in doc.root().children() {
        write_node(&mut compact, child, None);
    }
    let stripped: String = compact.lines().map(str::trim).collect();
    let doc = parse(&stripped)?;
    let mut out = format!("{DECLARATION}\n");
    for child in doc.root().children() {
        write_node(&mut out, child, Some(""));
    }
    Some(out)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
        .replace('>', "&gt;")
}

fn qualified(node: Node<'_, '_>, uri: Option<&str>, local: &str) -> String {
    match uri.and_then(|u| node.lookup_prefix(u)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{local}"),
        _ => local.to_owned(),
    }
}

/// The start of an element: its name, the namespaces it declares, then its attributes.
fn open_tag(out: &mut String, node: Node<'_, '_>) -> String {
    let name = qualified(node, node.tag_name().namespace(), node.tag_name().name());
    out.push('<');
    out.push_str(&name);
    let inherited: Vec<(Option<&str>, &str)> = node
        .parent_element()
        .map(|p| p.namespaces().map(|n| (n.name(), n.uri())).collect())
        .unwrap_or_default();
    for ns in node.namespaces() {
        if ns.name() == Some("xml") || inherited.contains(&(ns.name(), ns.uri())) {
            continue;
        }
        match ns.name() {
            Some(prefix) => out.push_str(&format!(" xmlns:{prefix}=\"{}\"", escape(ns.uri()))),
            None => out.push_str(&format!(" xmlns=\"{}\"", escape(ns.uri()))),
        }
    }
    for attr in node.attributes() {
        let attr_name = qualified(node, attr.namespace(), attr.name());
        out.push_str(&format!(" {attr_name}=\"{}\"", escape(attr.value())));
    }
    name
}

/// Writes a node compactly (`indent` `None`) or pretty-printed at `indent`.
fn write_node(out: &mut String, node: Node<'_, '_>, indent: Option<&str>) {
    let (pad, newl) = match indent {
        Some(pad) => (pad, "\n"),
        None => ("", ""),
    };
    match node.node_type() {
        NodeType::Element => {
            out.push_str(pad);
            let name = open_tag(out, node);
            let children: Vec<Node<'_, '_>> = node.children().collect();
            if children.is_empty() {
                out.push_str("/>");
                out.push_str(newl);
                return;
            }
            out.push('>');
            if children.len() == 1 && children[0].is_text() {
                out.push_str(&escape(children[0].text().unwrap_or_default()));
            } else {
                out.push_str(newl);
                let deeper = indent.map(|p| format!("{p}    "));
                for child in children {
                    write_node(out, child, deeper.as_deref());
                }
                out.push_str(pad);
            }
            out.push_str(&format!("</{name}>{newl}"));
        }
        NodeType::Text => {
            out.push_str(pad);
            out.push_str(&escape(node.text().unwrap_or_default()));
            out.push_str(newl);
        }
        NodeType::Comment => {
            out.push_str(&format!(
                "{pad}<!--{}-->{newl}",
                node.text().unwrap_or_default()
            ));
        }
        NodeType::PI => {
            if let Some(pi) = node.pi() {
                match pi.value {
                    Some(v) => out.push_str(&format!("{pad}<?{} {v}?>{newl}", pi.target)),
                    None => out.push_str(&format!("{pad}<?{}?>{newl}", pi.target)),
                }
            }
        }
        NodeType::Root => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_minidom() {
        let body = "<?xml version=\"1.0\"?>\n<R xmlns=\"urn:x\">\n  <A>1</A>\n  <B/><C><D>&amp;</D></C></R>";
        assert_eq!(
            pretty(body).unwrap(),
            "<?xml version=\"1.0\" ?>\n<R xmlns=\"urn:x\">\n    <A>1</A>\n    <B/>\n    <C>\n        <D>&amp;</D>\n    </C>\n</R>\n"
        );
        assert!(pretty("Action=GetUser").is_none());
    }
}
