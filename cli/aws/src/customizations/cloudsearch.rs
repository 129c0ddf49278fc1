//! CloudSearch's flattened options, as the AWS CLI v2 has them: `cloudsearch
//! define-expression --name --expression` in place of the `Expression` structure,
//! `define-index-field --name --type --default-value --facet-enabled ...` in place of
//! `IndexField` (the options land in the `<Type>Options` structure the type names).

use super::registry::{Customization, InputContext, Target};
use super::{custom_arg, one};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::model::ShapeType;
use aws2_core::Value;
use indexmap::IndexMap;

/// The customization of `cloudsearch`.
pub const CUSTOMIZATION: Customization = Customization {
    arguments: Some(flatten),
    input: Some(hydrate),
    ..Customization::of("cloudsearch", |op| {
        op == "DefineExpression" || op == "DefineIndexField"
    })
};

/// How a flattened option's value becomes the member's.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Kept as text.
    Text,
    /// `false` (any case) is false, anything else true.
    Flag,
    /// A number when the field's type is numeric, else text.
    Default,
}

/// The options of `define-index-field` after `--name` and `--type`: name, member, kind, help.
const FIELD_OPTIONS: &[(&str, &str, Kind, &str)] = &[
    ("default-value", "DefaultValue", Kind::Default, "The value a document without this field gets for it."),
    ("facet-enabled", "FacetEnabled", Kind::Flag, "Whether facet information can be returned for the field."),
    ("search-enabled", "SearchEnabled", Kind::Flag, "Whether the field's contents can be searched."),
    ("return-enabled", "ReturnEnabled", Kind::Flag, "Whether the field can be returned in search results."),
    ("sort-enabled", "SortEnabled", Kind::Flag, "Whether the field can be used to sort search results."),
    ("source-field", "SourceField", Kind::Text, "The name of the field whose value this field is copied from."),
    ("highlight-enabled", "HighlightEnabled", Kind::Flag, "Whether highlights can be returned for the field."),
    ("analysis-scheme", "AnalysisScheme", Kind::Text, "The name of the analysis scheme of a text field."),
];

fn option(name: &str, kind: Kind, required: bool, doc: &'static str) -> Argument {
    Argument {
        doc,
        shape_type: if kind == Kind::Flag {
            ShapeType::Boolean
        } else {
            ShapeType::String
        },
        ..custom_arg(name, ArgKind::Single, required)
    }
}

fn flatten(target: &Target<'_>, args: &mut Vec<Argument>) {
    const NAME_DOC: &str = "The name of the expression or field, unique within the domain.";
    if target.operation == "DefineExpression" {
        // The expression's value takes the structure's place; its name comes last.
        let value = option("expression", Kind::Text, true, "The expression to evaluate for sorting or returning search results.");
        match args.iter().position(|a| a.name == "expression") {
            Some(at) => args[at] = value,
            None => args.push(value),
        }
        args.push(option("name", Kind::Text, true, NAME_DOC));
        return;
    }
    args.retain(|a| a.name != "index-field");
    args.push(option("name", Kind::Text, true, NAME_DOC));
    args.push(option("type", Kind::Text, true, "The type of the field, such as int, text or latlon."));
    for (name, _, kind, doc) in FIELD_OPTIONS {
        args.push(option(name, *kind, false, doc));
    }
}

fn hydrate(cx: &InputContext<'_>, input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    let text = |name: &str| one(cx.parsed, name).map(|v| Value::String(v.to_owned()));
    let mut structure = IndexMap::new();
    if cx.operation == "DefineExpression" {
        if let Some(v) = text("expression") {
            structure.insert("ExpressionValue".to_owned(), v);
        }
        if let Some(v) = text("name") {
            structure.insert("ExpressionName".to_owned(), v);
        }
        input.insert("Expression".to_owned(), Value::Map(structure));
        return Ok(());
    }
    if let Some(v) = text("name") {
        structure.insert("IndexFieldName".to_owned(), v);
    }
    let Some(field_type) = one(cx.parsed, "type") else {
        return Err(CliError::Validation("You must pass the --type option.".into()));
    };
    structure.insert("IndexFieldType".to_owned(), Value::String(field_type.to_owned()));
    let options_member = format!("{}Options", options_prefix(field_type));
    for (name, member, kind, _) in FIELD_OPTIONS {
        let Some(value) = one(cx.parsed, name) else {
            continue;
        };
        let value = match kind {
            Kind::Text => Value::String(value.to_owned()),
            Kind::Flag => Value::Bool(!value.eq_ignore_ascii_case("false")),
            Kind::Default => default_value(field_type, value)?,
        };
        let options = structure
            .entry(options_member.clone())
            .or_insert_with(|| Value::Map(IndexMap::new()));
        if let Value::Map(options) = options {
            options.insert((*member).to_owned(), value);
        }
    }
    input.insert("IndexField".to_owned(), Value::Map(structure));
    Ok(())
}

/// The prefix of the options structure of a field type: `int-array` → `IntArray`, `latlon`
/// → `LatLon`.
fn options_prefix(field_type: &str) -> String {
    let joined: String = field_type
        .split('-')
        .map(|word| {
            let lower = word.to_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect();
    if joined == "Latlon" {
        "LatLon".to_owned()
    } else {
        joined
    }
}

/// The default value as the field's type wants it, failing as Python's `int` and `float` do.
fn default_value(field_type: &str, value: &str) -> Result<Value, CliError> {
    match options_prefix(field_type).as_str() {
        "Int" | "IntArray" => crate::presigned::python_int(value).map(Value::Integer),
        "Double" | "DoubleArray" => value.trim().parse::<f64>().map(Value::Float).map_err(|_| {
            CliError::other(format!("could not convert string to float: '{value}'"))
        }),
        _ => Ok(Value::String(value.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_types_name_their_options() {
        assert_eq!(options_prefix("int-array"), "IntArray");
        assert_eq!(options_prefix("latlon"), "LatLon");
        assert_eq!(options_prefix("literal"), "Literal");
    }
}
