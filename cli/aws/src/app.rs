//! The command dispatcher: global options, then a custom command or a service operation.

use crate::args::convert::{BinaryFormat, Converter};
use crate::args::parse::ParsedArgs;
use crate::args::table::{self, Argument};
use crate::args::{parse, validate};
use crate::error::CliError;
use crate::globals::{self, GlobalOptions};
use crate::{skeleton, version};
use aws2_core::model::{Operation, Service};
use aws2_core::Value;
use indexmap::IndexMap;
use std::io::Write;

/// Runs one command line (without the program name) and returns the exit code.
pub fn run(argv: &[String]) -> i32 {
    match run_inner(argv) {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "{err}");
            err.exit_code()
        }
    }
}

fn run_inner(argv: &[String]) -> Result<i32, CliError> {
    let (globals, words) = globals::extract(argv)?;
    if globals.version {
        println!("{}", version::version_string());
        return Ok(0);
    }
    let Some(command) = words.first() else {
        return Err(CliError::usage("the following arguments are required: command"));
    };
    let service = match Service::load_by_cli_name(command) {
        Ok(s) => s,
        Err(aws2_core::model::ModelError::UnknownService(_)) => {
            return Err(CliError::usage(format!(
                "argument command: Found invalid choice '{command}'"
            )))
        }
        Err(e) => return Err(e.into()),
    };
    let Some(op_name) = words.get(1) else {
        return Err(CliError::usage("the following arguments are required: operation"));
    };
    let operation = service.operation_by_cli_name(op_name)?.ok_or_else(|| {
        CliError::usage(format!("argument operation: Found invalid choice '{op_name}'"))
    })?;
    run_operation(&globals, &service, &operation, &words[2..])
}

fn run_operation(
    globals: &GlobalOptions,
    service: &Service,
    operation: &Operation,
    words: &[String],
) -> Result<i32, CliError> {
    let table = table::build(service, operation)?;
    let paginated = false;
    let parsed = parse::parse(words, &table, paginated)?;
    if let Some(kind) = parsed.builtins.get("generate-cli-skeleton") {
        match kind.as_deref().unwrap_or("input") {
            "input" => {
                let json = match &operation.input {
                    Some(input) => skeleton::generate(service, &input.shape, false)?,
                    None => serde_json::json!({}),
                };
                print_json_plain(&json);
                return Ok(0);
            }
            other if other != "output" && other != "yaml-input" => {
                return Err(CliError::usage(format!(
                    "argument --generate-cli-skeleton: Invalid choice '{other}', valid choices are: input, output, yaml-input"
                )))
            }
            _ => {}
        }
    }
    let input = build_input(globals, service, operation, &table, &parsed)?;
    if let Some(input_ref) = &operation.input {
        validate::validate(service, input_ref, &input).map_err(CliError::Validation)?;
    }
    Err(CliError::other(format!(
        "calling {} is not available yet",
        operation.name
    )))
}

fn build_input(
    globals: &GlobalOptions,
    service: &Service,
    operation: &Operation,
    table: &[Argument],
    parsed: &ParsedArgs,
) -> Result<Value, CliError> {
    let converter = Converter {
        service,
        binary_format: match globals.binary_format.as_deref() {
            Some("raw-in-base64-out") => BinaryFormat::RawInBase64Out,
            _ => BinaryFormat::Base64,
        },
    };
    let mut input: IndexMap<String, Value> = IndexMap::new();
    let from_file = parsed.builtins.get("cli-input-json").cloned().flatten();
    if let (Some(text), Some(input_ref)) = (&from_file, &operation.input) {
        let text = if let Some(path) = text.strip_prefix("file://") {
            std::fs::read_to_string(path).map_err(|e| {
                CliError::Validation(format!("Error parsing parameter '--cli-input-json': Unable to load paramfile {text}: {e}"))
            })?
        } else {
            text.clone()
        };
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            CliError::Validation(format!(
                "Error parsing parameter '--cli-input-json': Invalid JSON received: {e}"
            ))
        })?;
        if let Value::Map(map) = converter.from_json("cli-input-json", &json, input_ref, false)? {
            input = map;
        }
    }
    let mut missing = Vec::new();
    for arg in table.iter().filter(|a| a.kind != table::ArgKind::OutFile) {
        match parsed.members.get(&arg.name) {
            Some(raw) => {
                let value = converter.convert_arg(arg, raw)?;
                input.insert(arg.member.clone(), value);
            }
            None if arg.required && !input.contains_key(&arg.member) => {
                missing.push(format!("--{}", arg.name))
            }
            None => {}
        }
    }
    if !missing.is_empty() {
        return Err(CliError::usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    Ok(Value::Map(input))
}

/// Prints JSON the way Python's `json.dumps(indent=4)` does.
fn print_json_plain(json: &serde_json::Value) {
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    use serde::Serialize;
    if json.serialize(&mut ser).is_ok() {
        buf.push(b'\n');
        let _ = std::io::stdout().write_all(&buf);
    }
}
