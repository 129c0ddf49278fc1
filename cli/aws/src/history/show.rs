//! `aws history show`: a command's events in the AWS CLI v2's detailed format: a titled
//! section per event (API calls numbered `[n]`), local times, parameters and headers as
//! sorted JSON, bodies pretty-printed as XML or JSON, signatures cut short.

use chrono::TimeZone;
use serde_json::Value;

use super::db::Record;
use super::pyjson::{dumps_pretty, py_str};

const BRIGHT: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// How a value is shown.
#[derive(Clone, Copy)]
enum Format {
    Plain,
    Dictionary,
    Body,
    Headers,
}

/// One value of a section: its description, payload key (none: the whole payload), format.
type ValueSpec = (&'static str, Option<&'static str>, Format);

/// An event's title and values.
fn section(event_type: &str) -> Option<(Option<&'static str>, Vec<ValueSpec>)> {
    use Format::*;
    Some(match event_type {
        "CLI_VERSION" => (
            Some("AWS CLI command entered"),
            vec![("with AWS CLI version", None, Plain)],
        ),
        "CLI_ARGUMENTS" => (None, vec![("with arguments", None, Plain)]),
        "API_CALL" => (
            Some("API call made"),
            vec![
                ("to service", Some("service"), Plain),
                ("using operation", Some("operation"), Plain),
                ("with parameters", Some("params"), Dictionary),
            ],
        ),
        "HTTP_REQUEST" => (
            Some("HTTP request sent"),
            vec![
                ("to URL", Some("url"), Plain),
                ("with method", Some("method"), Plain),
                ("with headers", Some("headers"), Headers),
                ("with body", Some("body"), Body),
            ],
        ),
        "HTTP_RESPONSE" => (
            Some("HTTP response received"),
            vec![
                ("with status code", Some("status_code"), Plain),
                ("with headers", Some("headers"), Dictionary),
                ("with body", Some("body"), Body),
            ],
        ),
        "PARSED_RESPONSE" => (
            Some("HTTP response parsed"),
            vec![("parsed to", None, Dictionary)],
        ),
        "CLI_RC" => (
            Some("AWS CLI command exited"),
            vec![("with return code", None, Plain)],
        ),
        _ => return None,
    })
}

/// Which events are shown.
pub struct Filter {
    /// Only these event types, when given.
    pub include: Option<Vec<String>>,
    /// Not these event types, when given.
    pub exclude: Option<Vec<String>>,
}

impl Filter {
    fn shows(&self, event_type: &str) -> bool {
        match (&self.include, &self.exclude) {
            (Some(only), _) if !only.is_empty() => only.iter().any(|e| e == event_type),
            (_, Some(not)) if !not.is_empty() => !not.iter().any(|e| e == event_type),
            _ => true,
        }
    }
}

/// A time in milliseconds since the epoch as local `2026-12-03 16:51:35.968`.
fn format_timestamp(ms: i64) -> String {
    match chrono::Local.timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S%.3f").to_string(),
        None => String::new(),
    }
}

/// Renders the events of one command.
pub fn render(records: &[Record], filter: &Filter, color: bool) -> Result<String, String> {
    let paint = |text: &str, code: &str| match color {
        true => format!("{code}{text}{RESET}"),
        false => text.to_owned(),
    };
    let signature =
        regex::Regex::new("Signature=([a-z0-9]{4})[a-z0-9]{60}").map_err(|e| e.to_string())?;
    let mut api_ids: Vec<String> = Vec::new();
    let mut out = String::new();
    for record in records {
        if !filter.shows(&record.event_type) {
            continue;
        }
        let Some((title, values)) = section(&record.event_type) else {
            continue;
        };
        let payload: Value = serde_json::from_str(&record.payload).map_err(|e| e.to_string())?;
        if let Some(title) = title {
            let mut heading = title.to_owned();
            if let Some(id) = record.request_id.as_deref().filter(|id| !id.is_empty()) {
                let num = match api_ids.iter().position(|known| known == id) {
                    Some(n) => n,
                    None => {
                        api_ids.push(id.to_owned());
                        api_ids.len() - 1
                    }
                };
                heading = format!("[{num}] {heading}");
            }
            out.push('\n');
            out.push_str(&paint(&heading, BRIGHT));
            out.push('\n');
            out.push_str(&paint("at time: ", CYAN));
            out.push_str(&format_timestamp(record.timestamp));
            out.push('\n');
        }
        for (description, key, format) in values {
            let value = match key {
                Some(key) => payload.get(key).ok_or_else(|| format!("'{key}'"))?,
                None => &payload,
            };
            let mut line = paint(&format!("{description}: "), CYAN);
            line.push_str(&match format {
                Format::Plain => py_str(value),
                Format::Dictionary | Format::Headers => dumps_pretty(value),
                Format::Body => body(value, &payload),
            });
            line.push('\n');
            if let Format::Headers = format {
                line = signature
                    .replace_all(&line, "Signature=${1}...")
                    .into_owned();
            }
            out.push_str(&line);
        }
    }
    Ok(out)
}

/// A body as the detailed format shows it.
fn body(value: &Value, payload: &Value) -> String {
    let empty = match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
    };
    if empty {
        return "There is no associated body".to_owned();
    }
    if payload.get("streaming").and_then(Value::as_bool) == Some(true) {
        return "The body is a stream and will not be displayed".to_owned();
    }
    let Value::String(text) = value else {
        return py_str(value);
    };
    if let Some(pretty) = super::xml::pretty(text) {
        return pretty;
    }
    if text.starts_with('{') {
        if let Ok(json) = serde_json::from_str::<Value>(text) {
            return dumps_pretty(&json);
        }
    }
    text.clone()
}
