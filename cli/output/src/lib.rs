//! Output of the `aws` command: the `json`, `text`, `table`, `yaml` and
//! `yaml-stream` formatters, byte-for-byte as the AWS CLI prints them, and
//! the `--query` (JMESPath) engine.
//!
//! Not for: choosing the format from config or environment, paging, or
//! converting timestamps and blobs (the caller hands in finished JSON values).

mod eaw;
pub mod json;
pub mod pyfmt;
pub mod query;
mod table;
mod text;
mod yaml;
pub mod yaml_tag;

pub use query::{ErrorKind, Query, QueryError};
pub use yaml::resolves_to_other_type;

use serde_json::Value;
use std::str::FromStr;

/// An output format (`--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Indented JSON.
    Json,
    /// Tab-separated text.
    Text,
    /// Boxed ASCII tables.
    Table,
    /// A YAML document.
    Yaml,
    /// YAML, one list item per page.
    YamlStream,
    /// Nothing at all (`--output off`): the command runs for its side effects and exit code.
    Off,
}

impl FromStr for Format {
    type Err = OutputError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "json" => Format::Json,
            "text" => Format::Text,
            "table" => Format::Table,
            "yaml" => Format::Yaml,
            "yaml-stream" => Format::YamlStream,
            "off" => Format::Off,
            other => return Err(OutputError::UnknownFormat(other.to_string())),
        })
    }
}

/// Errors from formatting.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// `--output` named no known format.
    #[error("Unknown output type: {0}")]
    UnknownFormat(String),
    /// The value cannot be laid out as a table.
    #[error("{0}")]
    Table(String),
    /// The `--query` expression failed.
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// Settings that shape the output.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// The operation's name (`DescribeInstances`), the table's title.
    pub operation_name: String,
    /// Colour the output (already resolved from `--color on|off|auto`).
    pub color: bool,
    /// Terminal columns; wider tables are turned vertical. 80 when unknown.
    pub terminal_width: usize,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            operation_name: String::new(),
            color: false,
            terminal_width: 80,
        }
    }
}

fn is_empty_object(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.is_empty())
}

/// Formats a complete (already queried) result.
pub fn format(value: &Value, format: Format, opts: &OutputOptions) -> Result<String, OutputError> {
    Ok(match format {
        Format::Json => {
            if is_empty_object(value) {
                String::new()
            } else {
                let mut style = json::JsonStyle::cli();
                style.color = opts.color;
                let mut s = json::to_json(value, style);
                s.push('\n');
                s
            }
        }
        Format::Text => text::format_text(value),
        Format::Table => {
            table::format_table(&opts.operation_name, value, opts.terminal_width, opts.color)?
                .unwrap_or_default()
        }
        Format::Yaml => {
            if is_empty_object(value) {
                String::new()
            } else {
                yaml::to_yaml(value)
            }
        }
        Format::YamlStream => {
            if is_empty_object(value) {
                String::new()
            } else {
                yaml::to_yaml(&Value::Array(vec![value.clone()]))
            }
        }
        Format::Off => String::new(),
    })
}

/// Formats a whole response: drops `ResponseMetadata`, applies `query`, then
/// formats. Use for json, table and yaml, which see the aggregated result,
/// and for text output of a response that is not paginated.
pub fn format_response(
    response: &Value,
    format: Format,
    query: Option<&Query>,
    opts: &OutputOptions,
) -> Result<String, OutputError> {
    let mut data = response.clone();
    if let Value::Object(map) = &mut data {
        map.shift_remove("ResponseMetadata");
    }
    let data = match query {
        Some(q) => q.apply(&data)?,
        None => data,
    };
    self::format(&data, format, opts)
}

/// Formats one page of a paginated response for streaming output: `text`
/// applies `query` to each page on its own (as the AWS CLI does), and
/// `yaml-stream` writes each page as one list item.
pub fn format_page(
    page: &Value,
    format: Format,
    query: Option<&Query>,
    opts: &OutputOptions,
) -> Result<String, OutputError> {
    let data = match query {
        Some(q) => q.apply(page)?,
        None => page.clone(),
    };
    match format {
        Format::Text => Ok(text::format_text(&data)),
        other => self::format(&data, other, opts),
    }
}
