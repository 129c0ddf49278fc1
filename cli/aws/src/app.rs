//! The command dispatcher: global options, then a custom command or a service operation.

use crate::args::convert::{BinaryFormat, Converter};
use crate::args::parse::ParsedArgs;
use crate::args::table::{self, Argument};
use crate::args::{parse, validate};
use crate::error::CliError;
use crate::globals::{self, GlobalOptions};
use crate::{session, skeleton, version};
use aws2_core::model::{Operation, Service};
use aws2_core::Value;
use indexmap::IndexMap;
use std::io::Write;

mod policy;

/// Runs one command line (without the program name) and returns the exit code.
pub fn run(argv: &[String]) -> i32 {
    let (globals, words) = match globals::extract(argv) {
        Ok(found) => found,
        Err(err) => return crate::failure::show(&err, None),
    };
    match run_inner(&globals, words) {
        Ok(code) => code,
        Err(err) => crate::failure::show(&err, Some(&globals)),
    }
}

fn run_inner(globals: &GlobalOptions, words: Vec<String>) -> Result<i32, CliError> {
    let words = options_after_command(words);
    crate::customize::warn_plugins();
    if globals.version {
        println!("{}", version::version_string());
        return Ok(0);
    }
    if let Some(code) = crate::custom::dispatch(globals, &words)? {
        return Ok(code);
    }
    let Some(command) = words.first() else {
        return Err(CliError::usage(
            "the following arguments are required: command",
        ));
    };
    let service = match Service::load_by_cli_name(command) {
        Ok(s) => std::sync::Arc::new(s),
        Err(aws2_core::model::ModelError::UnknownService(_)) => {
            let choices = aws2_cli::completer::command_choices();
            let choices: Vec<&str> = choices.iter().map(String::as_str).collect();
            return Err(CliError::invalid_choice("command", command, &choices));
        }
        Err(e) => return Err(e.into()),
    };
    let Some(op_name) = words.get(1) else {
        return Err(CliError::usage(
            "the following arguments are required: operation",
        ));
    };
    let operation = service.operation_by_cli_name(op_name)?.ok_or_else(|| {
        let choices = aws2_cli::completer::operation_choices(&service, command);
        let choices: Vec<&str> = choices.iter().map(String::as_str).collect();
        CliError::invalid_choice("operation", op_name, &choices)
    })?;
    run_operation(globals, &service, &operation, &words[2..])
}

/// Unknown `--options` before the command and subcommand belong to the operation's options
/// (where they are reported as unknown), as the AWS CLI's parsers pass them along.
fn options_after_command(words: Vec<String>) -> Vec<String> {
    let mut leading = Vec::new();
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let positional = !word.starts_with("--");
        if out.len() < 2 && !positional {
            leading.push(word);
        } else {
            out.push(word);
        }
    }
    let at = out.len().min(2);
    out.splice(at..at, leading);
    out
}

fn run_operation(
    globals: &GlobalOptions,
    service: &std::sync::Arc<Service>,
    operation: &Operation,
    words: &[String],
) -> Result<i32, CliError> {
    let table = table::build(service, operation)?;
    let paginated =
        aws2_client::Paginator::for_operation(service.model_name(), &operation.name).is_some();
    let parsed = parse::parse(words, &table, paginated)?;
    let skeleton_kind = parsed
        .builtins
        .get("generate-cli-skeleton")
        .map(|k| k.as_deref().unwrap_or("input"));
    match skeleton_kind {
        Some(kind @ ("input" | "yaml-input")) => {
            let json = match &operation.input {
                Some(input) => skeleton::generate(service, &input.shape, false)?,
                None => serde_json::json!({}),
            };
            if kind == "input" {
                print_json_plain(&json);
            } else {
                let yaml = aws2_output::format(
                    &json,
                    aws2_output::Format::Yaml,
                    &aws2_output::OutputOptions::default(),
                )
                .map_err(|e| CliError::other(e.to_string()))?;
                let _ = std::io::stdout().write_all(yaml.as_bytes());
            }
            return Ok(0);
        }
        Some("output") | None => {}
        Some(other) => {
            return Err(CliError::usage(format!(
                "argument --generate-cli-skeleton: Invalid choice '{other}', valid choices are: input, output, yaml-input"
            )))
        }
    }
    // `--generate-cli-skeleton output` answers with a sample response instead of calling the
    // service; the rest (validation, --query, output format) is as for a real call.
    let stub_output = skeleton_kind == Some("output");
    let mut input = build_input(globals, service, operation, &table, &parsed)?;
    aws2_client::customize::adjust_input(service.model_name(), &mut input);
    // As the AWS CLI: pagination is off with --no-paginate or when a service token or page
    // limit (such as `--marker`, `--max-results`) is given; the paging options are then refused, except those that shadowed
    // a member of the same name (IAM's `--max-items`), which go back to that member.
    let paginator = aws2_client::Paginator::for_operation(service.model_name(), &operation.name)
        .filter(|p| {
            !stub_output
                && !globals.no_paginate
                && !p
                    .input_tokens
                    .iter()
                    .chain(p.limit_key.iter())
                    .any(|member| input.get(member).is_some())
        });
    if paginated && paginator.is_none() && !stub_output {
        restore_shadowed_paging_args(globals, service, &table, &parsed, &mut input)?;
    }
    let session = session::config_session(globals);
    let validation = session
        .value("parameter_validation")
        .map_err(|e| CliError::other(e.to_string()))?;
    if let (Some(input_ref), false) = (&operation.input, validation.as_deref() == Some("false")) {
        let first_request = match &paginator {
            Some(p) => first_page_request(p, &parsed, &input)?,
            None => input.clone(),
        };
        validate::validate(service, input_ref, &first_request).map_err(CliError::Validation)?;
    }
    let outfile = table
        .iter()
        .find(|a| a.kind == table::ArgKind::OutFile)
        .map(|a| (a.member.clone(), parsed.positionals.first().cloned()));
    if let Some((_, None)) = &outfile {
        return Err(CliError::usage(
            "the following arguments are required: outfile",
        ));
    }
    let format_name = match &globals.output {
        Some(o) => o.clone(),
        None => session
            .output()
            .map_err(|e| CliError::other(e.to_string()))?,
    };
    let format: aws2_output::Format = format_name
        .parse()
        .map_err(|_| CliError::other(format!("Unknown output type: {format_name}")))?;
    let query = globals
        .query
        .as_deref()
        .map(aws2_output::Query::compile)
        .transpose()
        .map_err(|e| {
            CliError::Validation(format!(
                "Bad value for --query {}: {e}",
                globals.query.as_deref().unwrap_or("")
            ))
        })?;
    let client = match stub_output {
        true => None,
        false => Some(session::client(globals, &session, service.clone())?),
    };
    // Text output formats each page on its own, as the AWS CLI does.
    let text_pages = format == aws2_output::Format::Text;
    let mut pages = Vec::new();
    let mut result = match (&paginator, &client) {
        (Some(p), Some(client)) => {
            let opts = aws2_client::PageOptions {
                max_items: max_items(&parsed)?,
                page_size: parse_count(&parsed, "page-size")?.or_else(|| {
                    crate::customize::default_page_size(
                        service.model_name(),
                        &operation.name,
                        &input,
                    )
                }),
                starting_token: parsed.builtins.get("starting-token").cloned().flatten(),
            };
            // Every page's request is validated, as botocore validates each call: a token
            // the service returns may be invalid as input (a too short table name).
            let validate_pages = validation.as_deref() != Some("false");
            let mut invalid_page: Option<String> = None;
            let outcome = aws2_client::paginate::run_with_pages(
                p,
                &input,
                &opts,
                |request| {
                    if let (true, Some(input_ref)) = (validate_pages, &operation.input) {
                        if let Err(report) = validate::validate(service, input_ref, request) {
                            invalid_page = Some(report);
                            return Err(aws2_client::CallError::Endpoint(String::new()));
                        }
                    }
                    client.call(operation, request)
                },
                |page| {
                    if text_pages {
                        pages.push(page.clone())
                    }
                },
            );
            match (outcome, invalid_page) {
                (Ok(result), _) => result,
                (Err(_), Some(report)) => return Err(CliError::Validation(report)),
                (Err(e), None) => return Err(call_error(e)),
            }
        }
        (_, Some(client)) => client.call(operation, &input).map_err(call_error)?,
        (_, None) => stub_response(service, operation)?,
    };
    let output_ref = operation.output.as_ref();
    policy::decode_policies(service, output_ref, &mut result)?;
    crate::customize::adjust_output(service.model_name(), &operation.name, &parsed, &mut result)?;
    for page in &mut pages {
        policy::decode_policies(service, output_ref, page)?;
    }
    if let Some((member, Some(path))) = &outfile {
        if let Value::Map(map) = &mut result {
            if let Some(body) = map.shift_remove(member) {
                let bytes = match body {
                    Value::Blob(b) => b,
                    Value::String(s) => s.into_bytes(),
                    _ => Vec::new(),
                };
                std::fs::write(path, bytes)
                    .map_err(|e| CliError::other(format!("{}: '{path}'", python_os_error(&e))))?;
            }
        }
    }
    let style = match session
        .cli_timestamp_format()
        .map_err(|e| CliError::other(e.to_string()))?
        .as_str()
    {
        "wire" => aws2_core::value::TimestampStyle::Wire,
        _ => aws2_core::value::TimestampStyle::Iso8601,
    };
    let json = result.to_json(style);
    let opts = aws2_output::OutputOptions {
        operation_name: operation.name.clone(),
        color: match globals.color.as_deref() {
            Some("on") => true,
            Some("off") => false,
            _ => crate::pager::stdout_is_terminal(),
        },
        terminal_width: terminal_width(),
    };
    let text = match &paginator {
        Some(p) if text_pages => format_text_pages(p, &pages, &json, query.as_ref(), &opts, style),
        _ => aws2_output::format_response(&json, format, query.as_ref(), &opts),
    }
    .map_err(|e| CliError::other(e.to_string()))?;
    // v2 pages long output on a terminal: `cli_pager` (`AWS_PAGER`, the profile) or `less -R`.
    let pager = if !globals.no_cli_pager && crate::pager::stdout_is_terminal() {
        match session
            .value("cli_pager")
            .map_err(|e| CliError::other(e.to_string()))?
        {
            Some(cmd) => Some(cmd),
            None => Some("less -R".to_owned()),
        }
    } else {
        None
    };
    crate::pager::show_through(&text, pager.as_deref())
        .map_err(|e| CliError::other(e.to_string()))?;
    Ok(0)
}

/// Paging options given while pagination is off: those that shadow a member of the same name
/// fill that member; any other is an error, as in the AWS CLI.
fn restore_shadowed_paging_args(
    globals: &GlobalOptions,
    service: &Service,
    table: &[Argument],
    parsed: &ParsedArgs,
    input: &mut Value,
) -> Result<(), CliError> {
    let converter = Converter {
        service,
        binary_format: binary_format(globals)?,
    };
    let mut refused = Vec::new();
    for name in table::PAGING_ARGS {
        let Some(Some(value)) = parsed.builtins.get(*name) else {
            continue;
        };
        match table
            .iter()
            .find(|a| a.name == *name && !a.member.is_empty())
        {
            Some(arg) => {
                let converted = converter.convert_arg(arg, &parse::RawValue::One(value.clone()))?;
                if let Value::Map(map) = input {
                    map.insert(arg.member.clone(), converted);
                }
            }
            None => refused.push(format!("--{name}")),
        }
    }
    if refused.is_empty() {
        return Ok(());
    }
    Err(CliError::validation(format!(
        "Cannot specify --no-paginate along with pagination arguments: {}",
        refused.join(", ")
    )))
}

/// The input as the first page's request carries it: with `--page-size` in the paginator's
/// limit key and the `--starting-token`'s tokens, so that invalid values fail validation as
/// in the AWS CLI.
fn first_page_request(
    p: &aws2_client::Paginator,
    parsed: &ParsedArgs,
    input: &Value,
) -> Result<Value, CliError> {
    let Value::Map(map) = input else {
        return Ok(input.clone());
    };
    let mut map = map.clone();
    if let Some(token) = parsed.builtins.get("starting-token").cloned().flatten() {
        let (tokens, _) =
            aws2_client::paginate::decode_token(p, &token).map_err(CliError::other)?;
        for (name, value) in tokens {
            if !value.is_null() && value.as_str() != Some("None") {
                map.insert(name, value);
            }
        }
    }
    if let (Some(limit), Some(size)) = (&p.limit_key, parse_count(parsed, "page-size")?) {
        map.insert(limit.clone(), Value::Integer(size));
    }
    Ok(Value::Map(map))
}

/// The sample response of `--generate-cli-skeleton output`: strings hold their member names;
/// it must pass validation against the output shape, as the AWS CLI's stubbed call checks.
fn stub_response(service: &Service, operation: &Operation) -> Result<Value, CliError> {
    let Some(output) = &operation.output else {
        return Ok(Value::Map(IndexMap::new()));
    };
    let json = skeleton::generate(service, &output.shape, true)?;
    let value = Value::from_json(&json);
    validate::validate(service, output, &value).map_err(CliError::Validation)?;
    Ok(value)
}

/// Text output of a paginated call, as the AWS CLI prints it: each page's result keys (the
/// first page also with the non-aggregated keys) queried and formatted on their own, then
/// `NextToken` when `--max-items` stopped early.
fn format_text_pages(
    p: &aws2_client::Paginator,
    pages: &[Value],
    full: &serde_json::Value,
    query: Option<&aws2_output::Query>,
    opts: &aws2_output::OutputOptions,
    style: aws2_core::value::TimestampStyle,
) -> Result<String, aws2_output::OutputError> {
    let text = aws2_output::Format::Text;
    let mut out = String::new();
    for (i, page) in pages.iter().enumerate() {
        let mut current = serde_json::Map::new();
        let keys = if i == 0 {
            &p.non_aggregate_keys[..]
        } else {
            &[]
        };
        for key in keys.iter().chain(&p.result_keys) {
            let data = aws2_client::paginate::lookup(page, key)
                .map(|v| v.to_json(style))
                .unwrap_or(serde_json::Value::Null);
            set_json_path(&mut current, key, data);
        }
        out.push_str(&aws2_output::format_page(
            &serde_json::Value::Object(current),
            text,
            query,
            opts,
        )?);
    }
    if let Some(token) = full.get("NextToken") {
        let wrapped = serde_json::json!({ "NextToken": { "NextToken": token } });
        out.push_str(&aws2_output::format_page(&wrapped, text, query, opts)?);
    }
    Ok(out)
}

/// Sets a dotted path (`A.B`) in a JSON object, creating the objects on the way.
fn set_json_path(
    target: &mut serde_json::Map<String, serde_json::Value>,
    path: &str,
    value: serde_json::Value,
) {
    match path.split_once('.') {
        None => {
            target.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let entry = target
                .entry(head.to_owned())
                .or_insert_with(|| serde_json::Value::Object(Default::default()));
            if let serde_json::Value::Object(inner) = entry {
                set_json_path(inner, rest, value);
            }
        }
    }
}

/// `--max-items`, with the AWS CLI's warning for a value below 1 (then treated as 0).
fn max_items(parsed: &ParsedArgs) -> Result<Option<usize>, CliError> {
    let value = parse_count(parsed, "max-items")?;
    if value.is_some_and(|n| n <= 0) {
        let _ = writeln!(
            std::io::stderr(),
            "warning: Non-positive values for --max-items may result in undefined behavior."
        );
    }
    Ok(value.map(|n| usize::try_from(n).unwrap_or(0)))
}

/// An I/O error as Python prints an `OSError`: `[Errno 2] No such file or directory`.
fn python_os_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "[Errno 2] No such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "[Errno 13] Permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "[Errno 21] Is a directory".to_owned(),
        _ => match e.raw_os_error() {
            Some(code) => format!("[Errno {code}] {e}"),
            None => e.to_string(),
        },
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80)
}

fn parse_count(parsed: &ParsedArgs, name: &str) -> Result<Option<i64>, CliError> {
    match parsed.builtins.get(name).cloned().flatten() {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| CliError::usage(format!("argument --{name}: invalid int value: '{v}'"))),
    }
}

pub(crate) fn call_error(e: aws2_client::CallError) -> CliError {
    match e {
        aws2_client::CallError::Service {
            operation,
            error,
            max_retries_reached,
        } => CliError::Service {
            details: Box::new(error_document(&error.fields)),
            code: error.code,
            operation,
            message: error.message,
            max_retries_reached,
        },
        aws2_client::CallError::NoRegion => CliError::NoRegion,
        other => CliError::other(other.to_string()),
    }
}

/// The error document of a service error, as botocore's client error keeps it: the `Error`
/// entries whose names the model knows (`Code`, `Message`, the exception's members), then
/// the exception's members that `Error` does not have.
fn error_document(fields: &Value) -> serde_json::Map<String, serde_json::Value> {
    let mut doc = serde_json::Map::new();
    let Value::Map(fields) = fields else {
        return doc;
    };
    let modeled: Vec<String> = fields
        .keys()
        .filter(|k| *k != "Error")
        .map(|k| k.to_ascii_lowercase())
        .chain(["code".to_owned(), "message".to_owned()])
        .collect();
    let style = aws2_core::value::TimestampStyle::Iso8601;
    if let Some(Value::Map(error)) = fields.get("Error") {
        for (k, v) in error {
            if modeled.contains(&k.to_ascii_lowercase()) {
                doc.insert(k.clone(), v.to_json(style));
            }
        }
    }
    for (k, v) in fields {
        if k != "Error" && !doc.contains_key(k) {
            doc.insert(k.clone(), v.to_json(style));
        }
    }
    doc
}

pub(crate) fn build_input(
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
            None if arg.required => missing.push(arg),
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
    if table
        .iter()
        .any(|a| a.member.is_empty() && a.name == table::COUNT_ARG)
    {
        let count = match parsed.members.get(table::COUNT_ARG) {
            Some(parse::RawValue::One(text)) => Some(text.as_str()),
            _ => None,
        };
        // The AWS CLI v2's `--count` customization raises an exception class it never
        // imported, so a malformed count ends with Python's NameError (exit 255).
        table::apply_count(count, &mut input)
            .map_err(|_| CliError::other("name 'ParamValidationError' is not defined"))?;
    }
    crate::customize::adjust_input(service.model_name(), &operation.name, parsed, &mut input)?;
    Ok(Value::Map(input))
}

/// `--cli-binary-format`, else the profile's `cli_binary_format`, else `base64`.
fn binary_format(globals: &GlobalOptions) -> Result<BinaryFormat, CliError> {
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
