//! `aws ddb put` and `aws ddb select`, the high-level DynamoDB commands: items written in
//! YAML (one or a list; `-` reads standard input) put with `PutItem` or, for several items
//! without `--condition`, `BatchWriteItem` 25 at a time; a table or index searched with
//! `Query` when `--key-condition` is given and `Scan` otherwise, its items printed as YAML.
//! Expressions take names and literals inline; they are sent as `#nN` and `:nN`.

mod expr;
mod lexer;
mod load;
mod types;

use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O};
use crate::args::argparse::Parsed;
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_core::{Service, Value};
use indexmap::IndexMap;
use std::sync::Arc;
use types::Item;

const CONDITION_DOC: &str = "A condition that must be satisfied in order for a conditional put \
     operation to succeed. For CLI specific syntax see aws help ddb-expressions.";

/// The `ddb` command group.
pub const GROUP: GroupSpec = GroupSpec {
    name: "ddb",
    description: "High level DynamoDB commands.",
    extends_service: false,
    own: None,
    commands: &[
        CommandSpec {
            name: "select",
            description: "select searches a table or index.\n\nUnder the hood, this operation \
                          will use query if --key-condition is specified, or scan otherwise.\n\n\
                          Only yaml output is supported for this operation.",
            options: &[
                O::positional("table_name", Nargs::One, "<table-name>"),
                O::value(
                    "index-name",
                    "The name of a secondary index to scan. This index can be any local \
                     secondary index or global secondary index.",
                ),
                O::value(
                    "projection",
                    "A string that identifies one or more attributes to retrieve from the \
                     specified table or index, separated by commas. For CLI specific syntax \
                     see aws help ddb-expressions.",
                )
                .nargs(Nargs::OneOrMore),
                O::value(
                    "filter",
                    "A string that contains conditions that DynamoDB applies after the \
                     operation, but before the data is returned to you. Items that do not \
                     satisfy the --filter criteria are not returned.",
                )
                .nargs(Nargs::OneOrMore),
                O::value(
                    "key-condition",
                    "The condition that specifies the key value(s) for items to be retrieved. \
                     Must perform an equality test on a single partition key value, and may \
                     compare a single sort key value.",
                )
                .nargs(Nargs::OneOrMore),
                O::value(
                    "attributes",
                    "The attributes to be returned in the result: ALL, ALL_PROJECTED (only \
                     when querying an index) or COUNT (the number of matching items).",
                )
                .choices(&["ALL", "ALL_PROJECTED", "COUNT"]),
                O::flag(
                    "consistent-read",
                    "Determines the read consistency model: strongly consistent reads with \
                     --consistent-read (the default), eventually consistent reads otherwise.",
                ),
                O::flag("no-consistent-read", ""),
                O::flag(
                    "return-consumed-capacity",
                    "Will include the aggregate ConsumedCapacity for the operation; with \
                     --index-name, that of each table and secondary index accessed.",
                ),
                O::flag("no-return-consumed-capacity", ""),
                O::value(
                    "starting-token",
                    "A token to specify where to start paginating. This is the NextToken \
                     from a previously truncated response.",
                ),
                O::value(
                    "max-items",
                    "The total number of items to return in the command's output. If the \
                     total number of items available is more than the value specified, a \
                     NextToken is provided in the command's output.",
                )
                .typed("integer"),
                O::value(
                    "page-size",
                    "The size of each page to get in the AWS service call. This does not \
                     affect the number of items returned in the command's output.",
                )
                .typed("integer"),
            ],
        },
        CommandSpec {
            name: "put",
            description: "put puts one or more items into a table.",
            options: &[
                O::positional("table_name", Nargs::One, "<table-name>"),
                O::positional("items", Nargs::One, "<items>"),
                O::value("condition", CONDITION_DOC).nargs(Nargs::OneOrMore),
            ],
        },
    ],
};

/// The most items one `BatchWriteItem` takes.
const BATCH_SIZE: usize = 25;

/// Runs `aws ddb select|put` (`words` from `ddb` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let Some(sub) = words.get(1) else {
        return Err(CliError::Validation(
            "usage: aws [options] ddb <subcommand> [parameters]\naws: [ERROR]: too few arguments"
                .into(),
        ));
    };
    let Some(spec) = GROUP.command(sub) else {
        return Err(CliError::usage(format!(
            "argument subcommand: Found invalid choice '{sub}'\n"
        )));
    };
    let args = custom::parse(spec, &words[2..])?;
    let ddb = Ddb::new(globals)?;
    if sub == "put" {
        put(&ddb, &args)?;
        return Ok(0);
    }
    select(globals, &ddb, &args)
}

/// The DynamoDB client of a command and its model.
struct Ddb {
    service: Arc<Service>,
    client: aws2_client::Client,
}

impl Ddb {
    fn new(globals: &GlobalOptions) -> Result<Ddb, CliError> {
        let session = session::config_session(globals);
        let service = Arc::new(Service::load("dynamodb")?);
        let client = session::client(globals, &session, service.clone())?;
        Ok(Ddb { service, client })
    }

    /// Checks `input` against the model, as botocore does, and calls `operation`.
    fn call(&self, operation: &str, input: &Value) -> Result<Value, CliError> {
        let op = self.service.operation(operation)?;
        if let Some(input_ref) = &op.input {
            crate::args::validate::validate(&self.service, input_ref, input)
                .map_err(CliError::Validation)?;
        }
        self.client
            .call(&op, input)
            .map_err(crate::call_error::call_error)
    }
}

/// The values of the last `name` given (argparse keeps the last of an option given twice).
fn last_values(args: &Parsed, name: &str) -> Option<String> {
    let given = args.given.iter().rev().find(|g| g.name == name)?;
    Some(given.values.join(" "))
}

/// Which of a flag and its `no-` form was given last, `default` when neither.
fn last_flag(args: &Parsed, name: &str, default: bool) -> bool {
    let negative = format!("no-{name}");
    args.given
        .iter()
        .rev()
        .find_map(|g| {
            (g.name == name)
                .then_some(true)
                .or((g.name == negative).then_some(false))
        })
        .unwrap_or(default)
}

/// Adds `expression`'s text as `member`, and its names and values, to `input`; gives the
/// number of substitutions made.
fn add_expression(
    input: &mut IndexMap<String, Value>,
    member: &str,
    expression: &str,
    offset: usize,
) -> Result<usize, CliError> {
    let found = expr::extract(expression, offset).map_err(CliError::Validation)?;
    input.insert(member.into(), Value::String(found.expression));
    if !found.names.is_empty() {
        let names = input
            .entry("ExpressionAttributeNames".to_owned())
            .or_insert_with(|| Value::Map(IndexMap::new()));
        if let Value::Map(names) = names {
            for (k, v) in &found.names {
                names.insert(k.clone(), Value::String(v.clone()));
            }
        }
    }
    if !found.values.is_empty() {
        let values = input
            .entry("ExpressionAttributeValues".to_owned())
            .or_insert_with(|| Value::Map(IndexMap::new()));
        if let Value::Map(values) = values {
            for (k, v) in &found.values {
                let value = v.attribute_value().map_err(CliError::other)?;
                values.insert(k.clone(), value);
            }
        }
    }
    Ok(found.names.len() + found.values.len())
}

fn put(ddb: &Ddb, args: &Parsed) -> Result<(), CliError> {
    let table = args.value("table_name").unwrap_or_default().to_owned();
    let given = args.value("items").unwrap_or_default();
    let text = if given == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| CliError::other(e.to_string()))?
    } else {
        // v2 names a positional without dashes.
        let bytes = crate::args::convert::param_file_bytes("items", given).map_err(|e| match e {
            CliError::Validation(m) => CliError::Validation(m.replacen("'--items'", "'items'", 1)),
            other => other,
        })?;
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let items = match load::load(&text).map_err(CliError::other)? {
        Item::List(items) => items,
        one => vec![one],
    };
    let condition = last_values(args, "condition");
    let mut base = IndexMap::new();
    base.insert("ReturnConsumedCapacity".to_owned(), Value::String("NONE".into()));
    if items.len() > 1 && condition.is_some() {
        return Err(CliError::Validation(
            "--condition is not supported for multiple items".into(),
        ));
    }
    if let Some(condition) = &condition {
        add_expression(&mut base, "ConditionExpression", condition, 0)?;
    }
    // botocore refuses an item that is null (an empty document) as a value of the wrong type.
    if let Some(i) = items.iter().position(|i| *i == Item::Null) {
        let path = if items.len() > 1 {
            format!("RequestItems.{table}[{i}].PutRequest.Item")
        } else {
            "Item".to_owned()
        };
        return Err(CliError::Validation(format!(
            "Parameter validation failed:\nInvalid type for parameter {path}, value: None, type: <class 'NoneType'>, valid types: <class 'dict'>"
        )));
    }
    if items.len() > 1 {
        return batch_write(ddb, &table, &items, base);
    }
    base.insert("TableName".to_owned(), Value::String(table));
    for item in &items {
        let mut input = base.clone();
        input.insert("Item".to_owned(), item_value(item)?);
        ddb.call("PutItem", &Value::Map(input))?;
    }
    Ok(())
}

/// An item as sent: its attributes' `AttributeValue`s, or the value itself when it is not a
/// mapping (which the model's check then refuses, as botocore's does).
fn item_value(item: &Item) -> Result<Value, CliError> {
    Ok(match item {
        Item::Map(entries) => Value::Map(types::attribute_map(entries).map_err(CliError::other)?),
        Item::Null => Value::Null,
        Item::Bool(b) => Value::Bool(*b),
        Item::Number(n) => n.parse().map_or(Value::String(n.clone()), Value::Integer),
        Item::Str(s) => Value::String(s.clone()),
        Item::Binary(b) => Value::Blob(b.clone()),
        Item::List(_) | Item::Set(_) => Value::List(Vec::new()),
    })
}

fn batch_write(
    ddb: &Ddb,
    table: &str,
    items: &[Item],
    base: IndexMap<String, Value>,
) -> Result<(), CliError> {
    let mut requests: Vec<Value> = items
        .iter()
        .map(|item| {
            let put = [("Item".to_owned(), item_value(item)?)].into_iter().collect();
            Ok(Value::Map(
                [("PutRequest".to_owned(), Value::Map(put))].into_iter().collect(),
            ))
        })
        .collect::<Result<_, CliError>>()?;
    while !requests.is_empty() {
        let rest = requests.split_off(requests.len().min(BATCH_SIZE));
        let mut input = base.clone();
        let batch = [(table.to_owned(), Value::List(requests))].into_iter().collect();
        input.insert("RequestItems".to_owned(), Value::Map(batch));
        let result = ddb.call("BatchWriteItem", &Value::Map(input))?;
        requests = rest;
        if let Some(Value::List(unprocessed)) =
            result.get("UnprocessedItems").and_then(|u| u.get(table))
        {
            requests.extend(unprocessed.iter().cloned());
        }
    }
    Ok(())
}

/// The request of `select`, in v2's order of its members.
fn select_input(args: &Parsed) -> Result<IndexMap<String, Value>, CliError> {
    let mut input = IndexMap::new();
    let table = args.value("table_name").unwrap_or_default();
    input.insert("TableName".to_owned(), Value::String(table.into()));
    let consistent = last_flag(args, "consistent-read", true);
    input.insert("ConsistentRead".to_owned(), Value::Bool(consistent));
    let index = args.value("index-name");
    if let Some(index) = index {
        input.insert("IndexName".to_owned(), Value::String(index.into()));
    }
    let mut count = 0;
    if let Some(projection) = last_values(args, "projection") {
        count = add_expression(&mut input, "ProjectionExpression", &projection, count)?;
    }
    if let Some(filter) = last_values(args, "filter") {
        count += add_expression(&mut input, "FilterExpression", &filter, count)?;
    }
    if let Some(key) = last_values(args, "key-condition") {
        add_expression(&mut input, "KeyConditionExpression", &key, count)?;
    }
    if let Some(attributes) = args.value("attributes") {
        let select = match attributes {
            "ALL" => "ALL_ATTRIBUTES",
            "ALL_PROJECTED" => "ALL_PROJECTED_ATTRIBUTES",
            other => other,
        };
        input.insert("Select".to_owned(), Value::String(select.into()));
    }
    let capacity = match (last_flag(args, "return-consumed-capacity", false), index) {
        (false, _) => "NONE",
        (true, Some(_)) => "INDEXES",
        (true, None) => "TOTAL",
    };
    input.insert("ReturnConsumedCapacity".to_owned(), Value::String(capacity.into()));
    Ok(input)
}

/// An integer option's value (v2 reads it with Python's `int`).
fn integer(args: &Parsed, name: &str) -> Result<Option<i64>, CliError> {
    args.value(name)
        .map(|v| {
            v.trim().parse::<i64>().map_err(|_| {
                CliError::other(format!("invalid literal for int() with base 10: '{v}'"))
            })
        })
        .transpose()
}

fn select(globals: &GlobalOptions, ddb: &Ddb, args: &Parsed) -> Result<i32, CliError> {
    if let Some(output) = globals.output.as_deref().filter(|o| *o != "yaml") {
        return Err(CliError::Validation(format!(
            "{output} output format is not supported for ddb commands"
        )));
    }
    let operation = if args.value("key-condition").is_some() {
        "Query"
    } else {
        "Scan"
    };
    let max_items = integer(args, "max-items")?;
    let page_size = integer(args, "page-size")?;
    let starting_token = args.value("starting-token");
    if globals.no_paginate {
        let used: Vec<&str> = [
            ("--starting-token", starting_token.is_some_and(|t| !t.is_empty())),
            ("--page-size", page_size.is_some_and(|n| n != 0)),
            ("--max-items", max_items.is_some_and(|n| n != 0)),
        ]
        .into_iter()
        .filter_map(|(name, used)| used.then_some(name))
        .collect();
        if !used.is_empty() {
            return Err(CliError::Validation(format!(
                "Cannot specify --no-paginate along with pagination arguments: {}",
                used.join(", ")
            )));
        }
    }
    let input = Value::Map(select_input(args)?);
    let mut result = match aws2_client::paginate::Paginator::for_operation(
        ddb.service.model_name(),
        operation,
    ) {
        Some(p) if !globals.no_paginate => {
            let opts = aws2_client::PageOptions {
                max_items: max_items.filter(|n| *n > 0).map(|n| n as usize),
                page_size: page_size.filter(|n| *n > 0),
                starting_token: starting_token.filter(|t| !t.is_empty()).map(str::to_owned),
            };
            let mut invalid = None;
            let outcome = aws2_client::paginate::run(&p, &input, &opts, |request| {
                ddb.call(operation, request).map_err(|e| {
                    invalid = Some(e);
                    aws2_client::CallError::Endpoint(String::new())
                })
            });
            match (outcome, invalid) {
                (Ok(result), _) => result,
                (Err(_), Some(e)) => return Err(e),
                (Err(e), None) => return Err(crate::call_error::call_error(e)),
            }
        }
        _ => ddb.call(operation, &input)?,
    };
    if let Value::Map(m) = &mut result {
        if m.get("ConsumedCapacity").is_some_and(Value::is_null) {
            m.shift_remove("ConsumedCapacity");
        }
    }
    print_result(globals, &result)
}

/// Prints a `Query` or `Scan` result as v2's YAML, items with their Python types.
fn print_result(globals: &GlobalOptions, result: &Value) -> Result<i32, CliError> {
    let mut json = match result.to_json(aws2_core::value::TimestampStyle::Iso8601) {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    if let Some(Value::List(items)) = result.get("Items") {
        let nodes = items
            .iter()
            .map(|item| match item {
                Value::Map(m) => serde_json::Value::Object(types::attribute_nodes(m)),
                _ => serde_json::Value::Null,
            })
            .collect();
        json.insert("Items".into(), serde_json::Value::Array(nodes));
    }
    if let Some(Value::Map(key)) = result.get("LastEvaluatedKey") {
        json.insert(
            "LastEvaluatedKey".into(),
            serde_json::Value::Object(types::attribute_nodes(key)),
        );
    }
    let query = crate::output_choice::compiled_query(globals)?;
    let opts = crate::output_choice::output_options(globals, "select");
    let text = aws2_output::format_response(
        &serde_json::Value::Object(json),
        aws2_output::Format::Yaml,
        query.as_ref(),
        &opts,
    )
    .map_err(|e| CliError::other(e.to_string()))?;
    print!("{text}");
    Ok(0)
}
