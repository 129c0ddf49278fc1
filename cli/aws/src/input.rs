//! An operation's input from its command line: the options' values, `--cli-input-json` and
//! `--cli-input-yaml` documents, the required members, and the customizations' changes.

use crate::args::convert::{BinaryFormat, Converter};
use crate::args::parse::ParsedArgs;
use crate::args::table::{self, Argument};
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_core::model::{Operation, Service};
use aws2_core::Value;
use indexmap::IndexMap;

/// The input of `operation` from its parsed command line.
pub fn build_input(
    globals: &GlobalOptions,
    service: &Service,
    operation: &Operation,
    table: &[Argument],
    parsed: &ParsedArgs,
) -> Result<Value, CliError> {
    let converter = Converter {
        service,
        binary_format: binary_format(globals)?,
    };
    let json_input = parsed.builtins.get("cli-input-json").cloned().flatten();
    let yaml_input = parsed.builtins.get("cli-input-yaml").cloned().flatten();
    if json_input.is_some() && yaml_input.is_some() {
        return Err(CliError::validation(
            "Only one --cli-input- parameter may be specified.",
        ));
    }
    let option = if yaml_input.is_some() {
        "cli-input-yaml"
    } else {
        "cli-input-json"
    };
    let document = match (json_input.or(yaml_input), &operation.input) {
        (Some(text), Some(input_ref)) => Some((text, input_ref)),
        _ => None,
    };
    let mut given = Vec::new();
    let mut missing = Vec::new();
    for arg in table.iter().filter(|a| a.kind != table::ArgKind::OutFile) {
        if arg.member.is_empty() {
            continue;
        }
        match parsed.members.get(&arg.name) {
            Some(raw) => given.push((arg, raw)),
            // As the AWS CLI, a boolean option is never required on the command line;
            // validation reports its member missing.
            None if arg.required && arg.kind != table::ArgKind::Boolean => missing.push(arg),
            None => {}
        }
    }
    // Required options are checked as the command line is read, before any value is; an input
    // document may supply them, so it is read first when given.
    if document.is_none() {
        require(&missing)?;
    }
    let mut members = Vec::with_capacity(given.len());
    for (arg, raw) in given {
        members.push((arg.member.clone(), converter.convert_arg(arg, raw)?));
    }
    // The input document comes last in the argument table: it is loaded and read after the
    // other parameters.
    let mut input: IndexMap<String, Value> = IndexMap::new();
    if let Some((text, input_ref)) = document {
        let json = read_input_document(option, &text)?;
        if let Value::Map(map) = converter.json_value(option, &json, input_ref, false)? {
            input = map;
        }
        missing.retain(|arg| !input.contains_key(&arg.member));
        require(&missing)?;
    }
    input.extend(members);
    crate::customizations::adjust_input(
        globals,
        service.model_name(),
        &operation.name,
        parsed,
        &mut input,
    )?;
    Ok(Value::Map(input))
}

/// `--cli-binary-format`, else the profile's `cli_binary_format`, else `base64`.
pub fn binary_format(globals: &GlobalOptions) -> Result<BinaryFormat, CliError> {
    let name = session::config_session(globals).cli_binary_format()?;
    Ok(match name.as_str() {
        "raw-in-base64-out" => BinaryFormat::RawInBase64Out,
        _ => BinaryFormat::Base64,
    })
}

/// Refuses a command line that leaves out required options.
fn require(missing: &[&Argument]) -> Result<(), CliError> {
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing.iter().map(|a| format!("--{}", a.name)).collect();
    Err(CliError::usage(format!(
        "the following arguments are required: {}",
        names.join(", ")
    )))
}

/// Loads and parses the `--cli-input-json` or `--cli-input-yaml` (`option`) document `text`
/// (a `file://` path or the document itself), with the AWS CLI's messages.
fn read_input_document(option: &str, text: &str) -> Result<serde_json::Value, CliError> {
    let text = if let Some(path) = text.strip_prefix("file://") {
        let expanded = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
            _ => std::path::PathBuf::from(path),
        };
        std::fs::read_to_string(&expanded).map_err(|e| {
            let reason = match e.kind() {
                std::io::ErrorKind::NotFound => "No such file or directory".to_owned(),
                _ => e.to_string(),
            };
            // The file is loaded as the option's value: the message names the option.
            CliError::Validation(format!(
                "Error parsing parameter '--{option}': Unable to load paramfile {text}: [Errno 2] {reason}: '{path}'"
            ))
        })?
    } else {
        text.to_owned()
    };
    // The AWS CLI names the document without dashes in the messages about its contents.
    let json = if option == "cli-input-yaml" {
        crate::args::yaml_input::yaml_to_json(&text).map_err(|_| {
            CliError::Validation(format!(
                "Error parsing parameter '{option}': Invalid YAML received."
            ))
        })?
    } else {
        aws2_params::pyjson::parse_nested(&text, aws2_params::pyjson::CLI_INPUT_MAX_DEPTH).map_err(
            |e| match e.is_value_error() {
                true => CliError::Validation(format!(
                    "Error parsing parameter '{option}': Invalid JSON received."
                )),
                false => CliError::other(e.to_string()),
            },
        )?
    };
    if !json.is_object() {
        return Err(CliError::Validation(format!(
            "Error parsing parameter '--{option}': Invalid type: expecting map, received <class '{}'>",
            python_type(&json, &text)
        )));
    }
    Ok(json)
}

/// The name of the Python type `json.loads` gives for the document `text`, parsed as `json`.
fn python_type(json: &serde_json::Value, text: &str) -> &'static str {
    match json {
        serde_json::Value::Null => "NoneType",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(n) if n.is_f64() => "float",
        serde_json::Value::Number(_) => "int",
        // NaN, Infinity and -Infinity come back as text, but are floats to Python.
        serde_json::Value::String(_)
            if !text
                .trim_start_matches([' ', '\t', '\n', '\r'])
                .starts_with('"') =>
        {
            "float"
        }
        serde_json::Value::String(_) => "str",
        serde_json::Value::Array(_) => "list",
        serde_json::Value::Object(_) => "dict",
    }
}
