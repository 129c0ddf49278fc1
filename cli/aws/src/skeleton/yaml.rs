//! `--generate-cli-skeleton yaml-input`: the sample input as the AWS CLI v2 prints it with
//! ruamel.yaml's round-trip dumper. Members come in model order, each with an end-of-line
//! comment (`[REQUIRED]`, the first sentence of its documentation, its valid values); the
//! first commented key of a mapping is set off by two spaces, the others by one, as ruamel
//! places a comment that has no column of its own.

use super::scalar;
use crate::help::docs::{Docs, Want};
use aws2_core::model::{ModelError, Service, Shape, ShapeType};

/// A node of the skeleton, its scalars already rendered.
enum Node {
    Scalar(String),
    Map(Vec<Entry>),
    List(Box<Node>),
}

/// One key of a mapping, with the text written after its value (` # ...`), if any.
struct Entry {
    key: String,
    value: Node,
    comment: Option<String>,
}

/// The YAML skeleton of `shape_name` (`None`: an operation without input).
pub fn generate(service: &Service, shape_name: Option<&str>) -> Result<String, ModelError> {
    let Some(shape_name) = shape_name else {
        return Ok("{}\n".to_owned());
    };
    // A service without docs, or with unreadable ones, gives skeletons without comments.
    let docs = Docs::load(service.model_name(), Want::All).unwrap_or_default();
    let generator = Generator {
        service,
        docs: &docs,
    };
    let root = generator.shape(&*service.shape(shape_name)?, &mut Vec::new())?;
    let mut out = String::new();
    match &root {
        Node::Map(entries) if !entries.is_empty() => write_map(&mut out, entries, 0, false),
        _ => out.push_str("{}\n"),
    }
    Ok(out)
}

struct Generator<'a> {
    service: &'a Service,
    docs: &'a Docs,
}

impl Generator<'_> {
    fn shape(&self, shape: &Shape, stack: &mut Vec<String>) -> Result<Node, ModelError> {
        stack.push(shape.name.clone());
        let node = self.shape_inner(shape, stack);
        stack.pop();
        node
    }

    fn shape_inner(&self, shape: &Shape, stack: &mut Vec<String>) -> Result<Node, ModelError> {
        Ok(match shape.shape_type {
            ShapeType::Structure => {
                if stack.iter().filter(|s| **s == shape.name).count() > 1 {
                    return Ok(Node::Map(Vec::new()));
                }
                let mut entries: Vec<Entry> = Vec::new();
                for (member, member_ref) in &shape.members {
                    let target = self.service.resolve(member_ref)?;
                    // Enum values on the reference win over the target's, as botocore
                    // merges member traits into the shape.
                    let values = member_ref
                        .enum_values
                        .as_ref()
                        .or(target.enum_values.as_ref());
                    let value = match (&member_ref.enum_values, target.shape_type) {
                        (Some(own), ShapeType::String) => Node::Scalar(scalar::yaml_string(
                            own.first().map_or("", String::as_str),
                        )),
                        _ => self.shape(&target, stack)?,
                    };
                    let text = self.comment(shape, member, &target.name, values);
                    let comment = text.map(|t| separator(&entries, member) + &t);
                    entries.push(Entry {
                        key: member.clone(),
                        value,
                        comment,
                    });
                }
                Node::Map(entries)
            }
            ShapeType::List => match &shape.member {
                Some(member) => {
                    let target = self.service.resolve(member)?;
                    Node::List(Box::new(self.shape(&target, stack)?))
                }
                None => Node::Scalar("[]".to_owned()),
            },
            ShapeType::Map => {
                let mut entries = Vec::new();
                if let Some(value) = &shape.value {
                    let target = self.service.resolve(value)?;
                    entries.push(Entry {
                        key: "KeyName".to_owned(),
                        value: self.shape(&target, stack)?,
                        comment: None,
                    });
                }
                Node::Map(entries)
            }
            ShapeType::String => Node::Scalar(scalar::yaml_string(
                shape
                    .enum_values
                    .as_ref()
                    .and_then(|e| e.first())
                    .map_or("", String::as_str),
            )),
            ShapeType::Integer | ShapeType::Long => Node::Scalar("0".to_owned()),
            ShapeType::Float | ShapeType::Double => Node::Scalar("0.0".to_owned()),
            ShapeType::Boolean => Node::Scalar("true".to_owned()),
            ShapeType::Timestamp => Node::Scalar("1970-01-01 00:00:00".to_owned()),
            ShapeType::Blob => Node::Scalar("!!binary ''".to_owned()),
            _ => Node::Scalar(String::new()),
        })
    }

    /// The comment of a member: `# [REQUIRED] <first sentence> Valid values are: ...`, or
    /// none when all of that is blank.
    fn comment(
        &self,
        parent: &Shape,
        member: &str,
        target: &str,
        values: Option<&Vec<String>>,
    ) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if parent.required.iter().any(|r| r == member) {
            parts.push("[REQUIRED]".to_owned());
        }
        let doc = self
            .docs
            .member(&parent.name, member)
            .or_else(|| self.docs.shape(target))
            .unwrap_or("");
        parts.push(scalar::doc_overview(doc));
        if let Some(values) = values {
            parts.push(format!("Valid values are: {}.", values.join(", ")));
        }
        let text = parts.join(" ");
        (!text.trim().is_empty()).then(|| format!("# {text}"))
    }
}

/// What goes between a value and its comment: one space when an earlier key of the mapping
/// gives the comment a column (the previous key, else one before the first key that sorts at
/// or after this one), otherwise two (ruamel's `_yaml_get_column`).
fn separator(earlier: &[Entry], key: &str) -> String {
    let previous = earlier.last().is_some_and(|e| e.comment.is_some());
    let before = || {
        earlier
            .iter()
            .take_while(|e| e.key.as_str() < key)
            .any(|e| e.comment.is_some())
    };
    if previous || before() {
        " ".to_owned()
    } else {
        "  ".to_owned()
    }
}

/// Writes a mapping's keys at `indent`; with `inline`, the first key continues the current
/// line (after a sequence's `- `).
fn write_map(out: &mut String, entries: &[Entry], indent: usize, inline: bool) {
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 || !inline {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&scalar::yaml_string(&entry.key));
        out.push(':');
        let comment = entry.comment.as_deref().unwrap_or("");
        match &entry.value {
            Node::Scalar(text) => {
                if !text.is_empty() {
                    out.push(' ');
                    out.push_str(text);
                }
                out.push_str(comment);
                out.push('\n');
            }
            Node::Map(inner) if inner.is_empty() => {
                out.push_str(" {}");
                out.push_str(comment);
                out.push('\n');
            }
            Node::Map(inner) => {
                out.push_str(comment);
                out.push('\n');
                write_map(out, inner, indent + 2, false);
            }
            Node::List(item) => {
                out.push_str(comment);
                out.push('\n');
                write_list(out, item, indent, false);
            }
        }
    }
}

/// Writes a one-item sequence at `indent` (a sequence under a key is not indented further).
fn write_list(out: &mut String, item: &Node, indent: usize, inline: bool) {
    if !inline {
        out.push_str(&" ".repeat(indent));
    }
    out.push_str("- ");
    match item {
        Node::Scalar(text) => {
            out.push_str(text);
            out.push('\n');
        }
        Node::Map(entries) if entries.is_empty() => out.push_str("{}\n"),
        Node::Map(entries) => write_map(out, entries, indent + 2, true),
        Node::List(inner) => write_list(out, inner, indent + 2, true),
    }
}
