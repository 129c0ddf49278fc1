//! Shapes as help text: type names, the indented `Name -> (type)` tree of OPTIONS and OUTPUT,
//! the JSON and shorthand syntax of an option, and the set of shapes a page needs.

use super::docs::Docs;
use super::page::{Page, Style};
use aws2_core::model::{ModelError, Service, Shape, ShapeRef, ShapeType};
use std::collections::HashSet;

/// Columns a nested level of the tree is indented by.
pub const STEP: usize = 3;

/// What a help page reads from: the model and its docs.
pub struct Ctx<'a> {
    /// The service model.
    pub service: &'a Service,
    /// Its documentation.
    pub docs: &'a Docs,
}

/// The name help shows for a shape's type.
pub fn type_name(shape: &Shape) -> &'static str {
    if shape.union {
        return "tagged union structure";
    }
    if shape.document {
        return "document";
    }
    match shape.shape_type {
        ShapeType::Structure => "structure",
        ShapeType::List => "list",
        ShapeType::Map => "map",
        ShapeType::String => "string",
        ShapeType::Integer => "integer",
        ShapeType::Long => "long",
        ShapeType::Short => "short",
        ShapeType::Byte => "byte",
        ShapeType::Float => "float",
        ShapeType::Double => "double",
        ShapeType::BigDecimal => "bigdecimal",
        ShapeType::BigInteger => "biginteger",
        ShapeType::Boolean => "boolean",
        ShapeType::Timestamp => "timestamp",
        ShapeType::Blob => {
            if shape.streaming {
                "streaming blob"
            } else {
                "blob"
            }
        }
    }
}

/// Every shape name reachable from the given references.
pub fn reachable<'a>(
    service: &Service,
    roots: impl IntoIterator<Item = &'a ShapeRef>,
) -> Result<HashSet<String>, ModelError> {
    let mut seen = HashSet::new();
    let mut stack: Vec<String> = roots.into_iter().map(|r| r.shape.clone()).collect();
    while let Some(name) = stack.pop() {
        if seen.contains(&name) {
            continue;
        }
        let shape = service.shape(&name)?;
        seen.insert(name);
        stack.extend(shape.members.values().map(|m| m.shape.clone()));
        for r in [&shape.member, &shape.key, &shape.value]
            .into_iter()
            .flatten()
        {
            stack.push(r.shape.clone());
        }
    }
    Ok(seen)
}

/// The first line of a tree node.
pub enum Label<'a> {
    /// An option: `--name (type)`, with `[required]` when required.
    Option {
        /// The option as typed (`--dry-run | --no-dry-run` for booleans).
        name: &'a str,
        /// Whether the option is required.
        required: bool,
    },
    /// A structure member or map key/value: `Name -> (type)`.
    Member(&'a str),
    /// A list element: `(type)`.
    Element,
}

impl Ctx<'_> {
    /// Writes one node of the shape tree and, below it, its documentation and children.
    pub fn tree(
        &self,
        page: &mut Page,
        indent: usize,
        label: Label<'_>,
        shape_ref: &ShapeRef,
        doc: Option<&str>,
        stack: &mut Vec<String>,
    ) -> Result<(), ModelError> {
        let shape = self.service.resolve(shape_ref)?;
        let ty = format!("({})", type_name(&shape));
        page.blank();
        match label {
            Label::Option { name, required } => {
                let mut pieces = vec![
                    (Style::Bold, name),
                    (Style::Plain, " "),
                    (Style::Plain, &ty),
                ];
                if required {
                    pieces.push((Style::Plain, " [required]"));
                }
                page.styled_line(indent, &pieces);
            }
            Label::Member(name) => page.styled_line(
                indent,
                &[
                    (Style::Bold, name),
                    (Style::Plain, " -> "),
                    (Style::Plain, &ty),
                ],
            ),
            Label::Element => page.line(indent, &ty),
        }
        let inner = indent + STEP;
        if let Some(doc) = doc.or_else(|| self.docs.shape(&shape.name)) {
            page.html(inner, doc);
        }
        if shape_ref.deprecated || shape.deprecated {
            page.blank();
            page.line(inner, "This member is deprecated.");
        }
        self.constraints(page, inner, &shape);
        if stack.iter().any(|s| s == &shape.name) {
            page.blank();
            page.line(inner, "( ... recursive ... )");
            return Ok(());
        }
        stack.push(shape.name.clone());
        let result = self.children(page, inner, &shape, stack);
        stack.pop();
        result
    }

    fn children(
        &self,
        page: &mut Page,
        indent: usize,
        shape: &Shape,
        stack: &mut Vec<String>,
    ) -> Result<(), ModelError> {
        match shape.shape_type {
            ShapeType::Structure => {
                if shape.union && !shape.members.is_empty() {
                    page.blank();
                    let names: Vec<&str> = shape.members.keys().map(String::as_str).collect();
                    page.text(
                        indent,
                        &format!(
                            "Note: This is a Tagged Union structure. Only one of the following top level keys can be set: {}.",
                            names.join(", ")
                        ),
                    );
                }
                for (name, member) in &shape.members {
                    let doc = self.docs.member(&shape.name, name);
                    self.tree(page, indent, Label::Member(name), member, doc, stack)?;
                }
            }
            ShapeType::List => {
                if let Some(member) = &shape.member {
                    let doc = self.docs.member(&shape.name, ".member");
                    self.tree(page, indent, Label::Element, member, doc, stack)?;
                }
            }
            ShapeType::Map => {
                if let Some(key) = &shape.key {
                    let doc = self.docs.member(&shape.name, ".key");
                    self.tree(page, indent, Label::Member("key"), key, doc, stack)?;
                }
                if let Some(value) = &shape.value {
                    let doc = self.docs.member(&shape.name, ".value");
                    self.tree(page, indent, Label::Member("value"), value, doc, stack)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Enum values and value constraints of a scalar.
    fn constraints(&self, page: &mut Page, indent: usize, shape: &Shape) {
        if !shape.shape_type.is_scalar() {
            return;
        }
        let mut items = Vec::new();
        if let Some(min) = shape.min {
            items.push(format!("min: {min}"));
        }
        if let Some(max) = shape.max {
            items.push(format!("max: {max}"));
        }
        if let Some(pattern) = &shape.pattern {
            items.push(format!("pattern: {pattern}"));
        }
        if !items.is_empty() {
            page.blank();
            page.line(indent, "Constraints:");
            page.blank();
            for item in &items {
                page.line(indent, &format!("o {item}"));
            }
        }
        if let Some(values) = shape.enum_values.as_deref().filter(|v| !v.is_empty()) {
            page.blank();
            page.line(indent, "Possible values:");
            page.blank();
            for v in values {
                page.line(indent, &format!("o {v}"));
            }
        }
    }

    /// The JSON syntax of a value of a shape, as indented lines.
    pub fn json_syntax(&self, shape_ref: &ShapeRef) -> Result<Vec<String>, ModelError> {
        let mut lines = vec![String::new()];
        self.json_value(shape_ref, 0, &mut lines, &mut Vec::new())?;
        Ok(lines)
    }

    fn json_value(
        &self,
        shape_ref: &ShapeRef,
        depth: usize,
        lines: &mut Vec<String>,
        stack: &mut Vec<String>,
    ) -> Result<(), ModelError> {
        let shape = self.service.resolve(shape_ref)?;
        let pad = "  ".repeat(depth + 1);
        let close_pad = "  ".repeat(depth);
        let last = |lines: &mut Vec<String>, s: &str| {
            if let Some(l) = lines.last_mut() {
                l.push_str(s);
            }
        };
        if shape.document {
            last(lines, "{...}");
            return Ok(());
        }
        let recursive = stack.iter().any(|s| s == &shape.name);
        match shape.shape_type {
            ShapeType::Structure if recursive => last(lines, "{ ... recursive ... }"),
            ShapeType::Structure => {
                last(lines, "{");
                stack.push(shape.name.clone());
                let count = shape.members.len();
                for (i, (name, member)) in shape.members.iter().enumerate() {
                    lines.push(format!("{pad}\"{name}\": "));
                    self.json_value(member, depth + 1, lines, stack)?;
                    if i + 1 < count {
                        last(lines, ",");
                    }
                }
                stack.pop();
                lines.push(format!("{close_pad}}}"));
            }
            ShapeType::List => {
                last(lines, "[");
                lines.push(pad.clone());
                if let Some(member) = &shape.member {
                    self.json_value(member, depth + 1, lines, stack)?;
                }
                lines.push(format!("{pad}..."));
                lines.push(format!("{close_pad}]"));
            }
            ShapeType::Map => {
                last(lines, "{");
                let key = match &shape.key {
                    Some(k) => self.scalar_syntax(&*self.service.resolve(k)?),
                    None => "\"string\"".to_owned(),
                };
                lines.push(format!("{pad}{key}: "));
                if let Some(value) = &shape.value {
                    self.json_value(value, depth + 1, lines, stack)?;
                }
                last(lines, ",");
                lines.push(format!("{pad}..."));
                lines.push(format!("{close_pad}}}"));
            }
            _ => {
                let s = self.scalar_syntax(&shape);
                last(lines, &s);
            }
        }
        Ok(())
    }

    fn scalar_syntax(&self, shape: &Shape) -> String {
        match (&shape.enum_values, shape.shape_type) {
            (Some(values), _) if !values.is_empty() => values
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join("|"),
            (_, ShapeType::String) => "\"string\"".to_owned(),
            (_, ShapeType::Boolean) => "true|false".to_owned(),
            _ => type_name(shape).to_owned(),
        }
    }

    /// The shorthand syntax of an option's value, when the shape is simple enough for one.
    pub fn shorthand_syntax(&self, shape_ref: &ShapeRef) -> Result<Option<String>, ModelError> {
        let shape = self.service.resolve(shape_ref)?;
        if shape.document {
            return Ok(None);
        }
        Ok(match shape.shape_type {
            ShapeType::Structure => self.flat_structure(&shape)?,
            ShapeType::List => {
                let Some(member) = &shape.member else {
                    return Ok(None);
                };
                let inner = self.service.resolve(member)?;
                match inner.shape_type {
                    ShapeType::Structure => {
                        self.flat_structure(&inner)?.map(|s| format!("{s} ..."))
                    }
                    t if t.is_scalar() && !inner.document => {
                        let v = match t {
                            ShapeType::String if inner.enum_values.is_none() => {
                                "\"string\"".to_owned()
                            }
                            _ => self.scalar_shorthand(&inner),
                        };
                        Some(format!("{v} {v} ..."))
                    }
                    _ => None,
                }
            }
            ShapeType::Map => {
                let value = match &shape.value {
                    Some(v) => self.service.resolve(v)?,
                    None => return Ok(None),
                };
                if !value.shape_type.is_scalar() || value.document {
                    return Ok(None);
                }
                let v = self.scalar_shorthand(&value);
                Some(format!("KeyName1={v},KeyName2={v}"))
            }
            _ => None,
        })
    }

    fn flat_structure(&self, shape: &Shape) -> Result<Option<String>, ModelError> {
        let mut parts = Vec::new();
        for (name, member) in &shape.members {
            let target = self.service.resolve(member)?;
            if !target.shape_type.is_scalar() || target.document {
                return Ok(None);
            }
            parts.push(format!("{name}={}", self.scalar_shorthand(&target)));
        }
        Ok((!parts.is_empty()).then(|| parts.join(",")))
    }

    fn scalar_shorthand(&self, shape: &Shape) -> String {
        match (&shape.enum_values, shape.shape_type) {
            (Some(values), _) if !values.is_empty() => values.join("|"),
            (_, ShapeType::String) => "string".to_owned(),
            _ => type_name(shape).to_owned(),
        }
    }
}
