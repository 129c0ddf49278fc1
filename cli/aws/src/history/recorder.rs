//! Recording a command into the history database when the profile has
//! `cli_history = enabled`, as the AWS CLI v2 does: `CLI_VERSION` and `CLI_ARGUMENTS` before
//! the command runs, each API call's events while it runs (through `aws2_http::history`),
//! `CLI_RC` at its end. A failure to record never fails the command.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::globals::GlobalOptions;

/// The events of one API call share its request id.
const LIFECYCLE: &[&str] = &[
    "API_CALL",
    "HTTP_REQUEST",
    "HTTP_RESPONSE",
    "PARSED_RESPONSE",
];

struct State {
    connection: Connection,
    command_id: String,
    request_id: Option<String>,
    operation: Option<String>,
}

struct DbRecorder {
    state: Mutex<State>,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl aws2_http::history::Recorder for DbRecorder {
    fn record(&self, event_type: &str, payload: Value) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let mut payload = payload;
        if event_type == "API_CALL" {
            state.request_id = Some(uuid::Uuid::new_v4().to_string());
            state.operation = payload
                .get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        if event_type == "HTTP_RESPONSE" {
            payload = with_context(payload, state.operation.as_deref());
        }
        let request_id = LIFECYCLE
            .contains(&event_type)
            .then(|| state.request_id.clone())
            .flatten();
        let source = match event_type.starts_with("CLI_") {
            true => "CLI",
            false => "BOTOCORE",
        };
        let text = super::pyjson::dumps(&payload);
        let _ = state.connection.execute(
            "INSERT INTO records(id, request_id, source, event_type, timestamp, payload) \
             VALUES (?,?,?,?,?,?)",
            rusqlite::params![
                state.command_id,
                request_id,
                source,
                event_type,
                now_ms(),
                text
            ],
        );
    }
}

/// The response's payload with botocore's `context` after its status code.
fn with_context(payload: Value, operation: Option<&str>) -> Value {
    let Value::Object(map) = payload else {
        return payload;
    };
    let mut out = Map::new();
    for (key, value) in map {
        let after_status = key == "status_code";
        out.insert(key, value);
        if after_status {
            out.insert(
                "context".to_owned(),
                serde_json::json!({ "operation_name": operation }),
            );
        }
    }
    Value::Object(out)
}

/// Whether the selected profile turns history on (a missing profile does not).
fn enabled(globals: &GlobalOptions) -> bool {
    let session = crate::session::config_session(globals);
    matches!(
        session.profile_value("cli_history"),
        Ok(Some(found)) if found.value == "enabled"
    )
}

/// Starts recording `argv` when history is on and `words` run a command other than
/// `history`; true when recording. Costs one config lookup otherwise.
pub fn start(globals: &GlobalOptions, argv: &[String], words: &[String]) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    if first == "history" || globals.version || !enabled(globals) {
        return false;
    }
    if !crate::completer::command_choices()
        .iter()
        .any(|c| c == first)
    {
        return false;
    }
    let path = super::db::path();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
    let connection = match super::db::open(&path) {
        Ok(connection) => connection,
        Err(e) => {
            log::debug!("Unable to open history database: {e}");
            eprintln!(
                "Warning: Unable to record CLI history. Check file permissions for {}",
                path.display()
            );
            return false;
        }
    };
    aws2_http::history::install(Box::new(DbRecorder {
        state: Mutex::new(State {
            connection,
            command_id: uuid::Uuid::new_v4().to_string(),
            request_id: None,
            operation: None,
        }),
    }));
    let version = crate::version::version_string();
    aws2_http::history::record("CLI_VERSION", || Value::String(version));
    aws2_http::history::record("CLI_ARGUMENTS", || {
        Value::Array(argv.iter().cloned().map(Value::String).collect())
    });
    true
}

/// Records the command's exit code.
pub fn finish(code: i32) {
    aws2_http::history::record("CLI_RC", || Value::from(code));
}
