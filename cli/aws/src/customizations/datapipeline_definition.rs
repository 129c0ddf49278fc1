//! Data Pipeline's definition format, as the AWS CLI v2 has it: `put-pipeline-definition
//! --pipeline-definition` (in place of `--pipeline-objects`) with `--parameter-objects`,
//! `--parameter-values` (`key=value` words) and `--parameter-values-uri`, the same two
//! parameter-value options on `activate-pipeline`, and `get-pipeline-definition` printing the
//! definition (`objects`, `parameters`, `values`) rather than the API's lists.

use super::{custom_arg, one};
use crate::args::parse::{ParsedArgs, RawValue};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;
use serde_json::{json, Map, Value as Json};

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|target, args| definition_arguments(target.operation, args)),
    input: Some(|cx, input| definition_input(cx.parsed, input)),
    output: Some(|_, output| api_to_definition(output)),
    ..super::registry::Customization::of("datapipeline", |op| {
        matches!(
            op,
            "PutPipelineDefinition" | "ActivatePipeline" | "GetPipelineDefinition"
        )
    })
};

/// The options' help texts.
const DEFINITION_DOC: &str = "The JSON pipeline definition: a file://path to a pipeline \
                              definition file, or the definition itself.";
const PARAMETER_OBJECTS_DOC: &str = "The JSON parameter objects: a file://path, or the \
                                     objects themselves, as a definition's \"parameters\".";
const VALUES_URI_DOC: &str = "The JSON parameter values: a file://path to a file whose \
                              \"values\" hold them, or that document itself.";
const VALUES_DOC: &str = "Parameter values as key=value words; a key given more than once \
                          takes every value.";

fn definition_arguments(operation: &str, args: &mut Vec<Argument>) {
    let custom = |name: &str, kind: ArgKind, required: bool, doc: &'static str| Argument {
        doc,
        ..custom_arg(name, kind, required)
    };
    if operation == "PutPipelineDefinition" {
        args.retain(|a| a.name != "pipeline-objects");
        replace(args, custom("parameter-objects", ArgKind::Single, false, PARAMETER_OBJECTS_DOC));
        args.push(custom("pipeline-definition", ArgKind::Single, true, DEFINITION_DOC));
    }
    if operation == "GetPipelineDefinition" {
        return;
    }
    args.push(custom("parameter-values-uri", ArgKind::Single, false, VALUES_URI_DOC));
    replace(args, custom("parameter-values", ArgKind::List, false, VALUES_DOC));
}

/// Puts `arg` in the place of the model's option of the same name (or last, when none).
fn replace(args: &mut Vec<Argument>, arg: Argument) {
    match args.iter_mut().find(|a| a.name == arg.name) {
        Some(slot) => *slot = arg,
        None => args.push(arg),
    }
}

/// Builds the API's lists from the options given, in the order of the argument table.
fn definition_input(
    parsed: &ParsedArgs,
    input: &mut IndexMap<String, Value>,
) -> Result<(), CliError> {
    let mut put = |key: &str, value: Json| {
        input.insert(key.to_owned(), Value::from_json(&value));
    };
    let mut values_given = false;
    if let Some(text) = one(parsed, "parameter-objects") {
        let mut document = read_json("parameter-objects", text)?;
        let objects = definition_to_api_parameters(&mut document)?;
        put("parameterObjects", objects.unwrap_or(Json::Null));
    }
    if let Some(RawValue::Many(words)) = parsed.members.get("parameter-values") {
        put("parameterValues", inline_values(words)?);
        values_given = true;
    }
    if let Some(text) = one(parsed, "pipeline-definition") {
        let mut document = read_json("pipeline-definition", text)?;
        let objects = definition_to_api_objects(&mut document)?;
        let parameters = definition_to_api_parameters(&mut document)?;
        let values = definition_to_parameter_values(&document);
        put("pipelineObjects", objects);
        if let (false, Some(parameters)) = (parsed.members.contains_key("parameter-objects"), parameters) {
            put("parameterObjects", parameters);
        }
        if let (false, Some(values)) = (values_given, values) {
            put("parameterValues", values);
            values_given = true;
        }
    }
    if let Some(text) = one(parsed, "parameter-values-uri") {
        if values_given {
            return Err(CliError::validation(
                "Only parameter-values or parameter-values-uri is allowed",
            ));
        }
        let document = read_json("parameter-values-uri", text)?;
        put(
            "parameterValues",
            definition_to_parameter_values(&document).unwrap_or(Json::Null),
        );
    }
    Ok(())
}

/// An option's JSON document (its `file://` file's, or itself), with Python's messages.
fn read_json(option: &str, text: &str) -> Result<Json, CliError> {
    let bytes = crate::args::convert::param_file_bytes(option, text)?;
    let text = String::from_utf8_lossy(&bytes);
    aws2_params::pyjson::parse_nested(&text, usize::MAX).map_err(|e| CliError::other(e.to_string()))
}

/// `key=value` words as parameter values; a repeated key collects a list.
fn inline_values(words: &[String]) -> Result<Json, CliError> {
    let mut values = Map::new();
    for word in words {
        let (key, value) = word.split_once('=').ok_or_else(|| {
            CliError::validation(format!("Error in parameter: Invalid inline parameter format: {word}"))
        })?;
        add_value(&mut values, key, json!(value));
    }
    Ok(definition_to_parameter_values(&json!({ "values": values })).unwrap_or(Json::Null))
}

/// v2's report of a definition it cannot read.
fn definition_error(message: String) -> CliError {
    CliError::validation(format!("Error in pipeline definition: {message}\n"))
}

/// Python's `json.dumps` of a definition element, for messages.
fn dumped(value: &Json) -> String {
    super::python_json(value)
}

/// The definition's `objects` as the API's `pipelineObjects`.
fn definition_to_api_objects(definition: &mut Json) -> Result<Json, CliError> {
    let Some(objects) = definition.get_mut("objects") else {
        return Err(definition_error("Missing \"objects\" key".to_owned()));
    };
    let mut api = Vec::new();
    for element in elements(objects) {
        let Some(id) = element.shift_remove("id") else {
            return Err(definition_error(format!(
                "Missing \"id\" key of element: {}",
                dumped(&Json::Object(element.clone()))
            )));
        };
        let name = element.shift_remove("name").unwrap_or_else(|| id.clone());
        api.push(json!({ "id": id, "name": name, "fields": fields(element) }));
    }
    Ok(Json::Array(api))
}

/// The definition's `parameters` as the API's `parameterObjects`, if it has them.
fn definition_to_api_parameters(definition: &mut Json) -> Result<Option<Json>, CliError> {
    let Some(parameters) = definition.get_mut("parameters") else {
        return Ok(None);
    };
    let mut api = Vec::new();
    for element in elements(parameters) {
        let Some(id) = element.shift_remove("id") else {
            return Err(definition_error(format!(
                "Missing \"id\" key of parameter: {}",
                dumped(&Json::Object(element.clone()))
            )));
        };
        api.push(json!({ "id": id, "attributes": fields(element) }));
    }
    Ok(Some(Json::Array(api)))
}

/// The definition's `values` as the API's `parameterValues`, if it has them.
fn definition_to_parameter_values(definition: &Json) -> Option<Json> {
    let values = definition.get("values")?;
    let mut api = Vec::new();
    if let Json::Object(values) = values {
        for (key, value) in values {
            match value {
                Json::Array(items) => api.extend(
                    items
                        .iter()
                        .map(|item| json!({ "id": key, "stringValue": item })),
                ),
                one => api.push(json!({ "id": key, "stringValue": one })),
            }
        }
    }
    Some(Json::Array(api))
}

/// The objects of a definition list (anything else holds none).
fn elements(list: &mut Json) -> impl Iterator<Item = &mut Map<String, Json>> {
    let items = match list {
        Json::Array(items) => items.as_mut_slice(),
        _ => &mut [],
    };
    items.iter_mut().filter_map(Json::as_object_mut)
}

/// An element's other keys, sorted, as API fields: `{"ref": id}` a reference, a list one
/// field per item.
fn fields(element: &Map<String, Json>) -> Json {
    let mut keys: Vec<&String> = element.keys().collect();
    keys.sort();
    let mut fields = Vec::new();
    for key in keys {
        let value = &element[key];
        let items = match value {
            Json::Array(items) => items.iter().collect(),
            one => vec![one],
        };
        for item in items {
            fields.push(match item {
                Json::Object(map) if map.len() == 1 && map.contains_key("ref") => {
                    json!({ "key": key, "refValue": map["ref"] })
                }
                other => json!({ "key": key, "stringValue": other }),
            });
        }
    }
    Json::Array(fields)
}

/// Adds `value` under `key`, collecting the values of a repeated key in a list.
fn add_value(map: &mut Map<String, Json>, key: &str, value: Json) {
    match map.get_mut(key) {
        None => {
            map.insert(key.to_owned(), value);
        }
        Some(Json::Array(items)) => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Json::Array(vec![first, value]);
        }
    }
}

/// `get-pipeline-definition`'s reply as a definition: `objects`, `parameters`, `values`.
fn api_to_definition(output: &mut Value) -> Result<(), CliError> {
    let Value::Map(fields) = output else {
        return Ok(());
    };
    let style = aws2_core::value::TimestampStyle::Iso8601;
    let take = |fields: &mut IndexMap<String, Value>, key: &str| {
        fields.shift_remove(key).map(|v| match v.to_json(style) {
            Json::Array(items) => items,
            _ => Vec::new(),
        })
    };
    if let Some(objects) = take(fields, "pipelineObjects") {
        let converted = objects.iter().map(|element| {
            let mut current = Map::new();
            current.insert("id".into(), element["id"].clone());
            current.insert("name".into(), element["name"].clone());
            for field in element["fields"].as_array().into_iter().flatten() {
                let key = field["key"].as_str().unwrap_or_default();
                let value = match field.get("stringValue") {
                    Some(text) => text.clone(),
                    None => json!({ "ref": field["refValue"] }),
                };
                add_value(&mut current, key, value);
            }
            Json::Object(current)
        });
        let converted: Vec<Json> = converted.collect();
        fields.insert("objects".into(), Value::from_json(&Json::Array(converted)));
    }
    if let Some(parameters) = take(fields, "parameterObjects") {
        let converted: Vec<Json> = parameters
            .iter()
            .map(|element| {
                let mut current = Map::new();
                current.insert("id".into(), element["id"].clone());
                for attribute in element["attributes"].as_array().into_iter().flatten() {
                    let key = attribute["key"].as_str().unwrap_or_default();
                    add_value(&mut current, key, attribute["stringValue"].clone());
                }
                Json::Object(current)
            })
            .collect();
        fields.insert("parameters".into(), Value::from_json(&Json::Array(converted)));
    }
    if let Some(values) = take(fields, "parameterValues") {
        let mut converted = Map::new();
        for element in &values {
            let key = element["id"].as_str().unwrap_or_default();
            add_value(&mut converted, key, element["stringValue"].clone());
        }
        fields.insert("values".into(), Value::from_json(&Json::Object(converted)));
    }
    Ok(())
}
