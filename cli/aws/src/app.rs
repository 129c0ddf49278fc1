//! The command dispatcher: global options, then a custom command or a service operation.

use crate::args::convert::Converter;
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

pub(crate) mod policy;

/// Runs one command line (without the program name) and returns the exit code.
pub fn run(argv: &[String]) -> i32 {
    let (globals, words) = match globals::extract(argv) {
        Ok(found) => found,
        Err(err) => return crate::failure::show(&err, None),
    };
    let mut expanded_globals = globals.clone();
    let words = match crate::alias::expand(&mut expanded_globals, words) {
        Ok(crate::alias::Expanded::Command(words)) => words,
        Ok(crate::alias::Expanded::Shell(code)) => return code,
        Err(err) => return crate::failure::show(&err, Some(&globals)),
    };
    let globals = expanded_globals;
    let recording = crate::history::recorder::start(&globals, argv, &words);
    let code = match run_inner(&globals, words) {
        Ok(code) => code,
        Err(err) => crate::failure::show(&err, Some(&globals)),
    };
    if recording {
        crate::history::recorder::finish(code);
    }
    code
}

fn run_inner(globals: &GlobalOptions, words: Vec<String>) -> Result<i32, CliError> {
    let words = options_after_command(words);
    crate::plugins::warn_if_configured();
    if globals.version {
        println!("{}", version::version_string());
        return Ok(0);
    }
    if let Some(code) = crate::command::dispatch::dispatch(globals, &words)? {
        return Ok(code);
    }
    run_service_command(globals, &words)
}

/// Runs `words` as a service operation (`ec2 describe-instances --instance-ids i-1`).
pub fn run_service_command(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let Some(command) = words.first() else {
        return Err(CliError::usage(
            "the following arguments are required: command",
        ));
    };
    crate::interrupt::install();
    let service = match Service::load_by_cli_name(command) {
        Ok(s) => std::sync::Arc::new(s),
        Err(aws2_core::model::ModelError::UnknownService(_)) => {
            let choices = crate::completer::command_choices();
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
    let operation = crate::customizations::find_operation(&service, op_name)?.ok_or_else(|| {
        let choices = crate::completer::operation_choices(&service, command);
        let choices: Vec<&str> = choices.iter().map(String::as_str).collect();
        CliError::invalid_choice("operation", op_name, &choices)
    })?;
    run_operation(globals, &service, &operation, op_name, &words[2..])
}

/// Unknown `--options` before the command and subcommand belong to the operation's options
/// (where they are reported as unknown), as the AWS CLI's parsers pass them along.
/// A command without subcommands (`update`) keeps its words as given.
fn options_after_command(words: Vec<String>) -> Vec<String> {
    let own = words
        .first()
        .and_then(|w| crate::command::group(w))
        .is_some_and(|g| g.own.is_some());
    if own {
        return words;
    }
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
    command: &str,
    words: &[String],
) -> Result<i32, CliError> {
    let table = table::build_for(service, operation, command)?;
    let paginated =
        aws2_client::Paginator::for_operation(service.model_name(), &operation.name).is_some();
    let parsed = parse::parse(words, &table, paginated)?;
    let skeleton_kind = parsed
        .builtins
        .get("generate-cli-skeleton")
        .map(|k| k.as_deref().unwrap_or("input"));
    match skeleton_kind {
        Some("input") => {
            let json = match &operation.input {
                Some(input) => skeleton::generate(service, &input.shape, false)?,
                None => serde_json::json!({}),
            };
            print_json_plain(&json);
            return Ok(0);
        }
        Some("yaml-input") => {
            let shape = operation.input.as_ref().map(|i| i.shape.as_str());
            let yaml = skeleton::yaml::generate(service, shape)?;
            let _ = std::io::stdout().write_all(yaml.as_bytes());
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
    let mut input = crate::input::build_input(globals, service, operation, &table, &parsed)?;
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
    if !stub_output {
        crate::customizations::before_call(service.model_name(), &operation.name)?;
    }
    let session = session::config_session(globals);
    let validation = session
        .value("parameter_validation")
        .map_err(|e| CliError::other(e.to_string()))?;
    crate::args::bucket_name::check(service.model_name(), &input).map_err(CliError::Validation)?;
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
    let (format, query) = crate::output_choice::format_and_query(globals, &session)?;
    let client = match stub_output {
        true => None,
        false => Some(session::client(globals, &session, service.clone())?),
    };
    if let (Some(client), Some(call)) = (
        &client,
        crate::customizations::call_hook(service.model_name(), &operation.name),
    ) {
        return call(&crate::customizations::registry::CallContext {
            globals,
            session: &session,
            client,
            operation,
            input: &input,
        });
    }
    // Text output formats each page on its own, as the AWS CLI does.
    let text_pages = format == aws2_output::Format::Text;
    let mut pages = Vec::new();
    let mut result = match (&paginator, &client) {
        (Some(p), Some(client)) => {
            let opts = aws2_client::PageOptions {
                max_items: max_items(&parsed)?,
                page_size: parse_count(&parsed, "page-size")?.or_else(|| {
                    crate::customizations::default_page_size(
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
                (Err(e), None) => return Err(crate::call_error::call_error(e)),
            }
        }
        (_, Some(client)) => client
            .call(operation, &input)
            .map_err(crate::call_error::call_error)?,
        (_, None) => stub_response(service, operation)?,
    };
    let output_ref = operation.output.as_ref();
    policy::decode_policies(service, output_ref, &mut result)?;
    crate::customizations::adjust_output(
        service.model_name(),
        &operation.name,
        &parsed,
        &mut result,
    )?;
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
                std::fs::write(path, bytes).map_err(|e| {
                    CliError::other(format!("{}: '{path}'", crate::errno::python_os_error(&e)))
                })?;
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
    let opts = crate::output_choice::output_options(globals, &operation.name);
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
        binary_format: crate::input::binary_format(globals)?,
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
        let mut current = IndexMap::new();
        let keys = if i == 0 {
            &p.non_aggregate_keys[..]
        } else {
            &[]
        };
        for key in keys.iter().chain(&p.result_keys) {
            let data = aws2_client::paginate::lookup(page, key)
                .cloned()
                .unwrap_or(Value::Null);
            aws2_client::paginate::set_path(&mut current, key, data);
        }
        out.push_str(&aws2_output::format_page(
            &Value::Map(current).to_json(style),
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

fn parse_count(parsed: &ParsedArgs, name: &str) -> Result<Option<i64>, CliError> {
    match parsed.builtins.get(name).cloned().flatten() {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| CliError::usage(format!("argument --{name}: invalid int value: '{v}'"))),
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
