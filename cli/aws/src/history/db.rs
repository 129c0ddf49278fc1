//! The history database as the AWS CLI v2 keeps it: `~/.aws/cli/history/history.db` (or
//! `AWS_CLI_HISTORY_FILE`), one `records` table of events, WAL journal, mode 0600.

use rusqlite::Connection;
use std::path::PathBuf;

/// The variable that names another database file.
pub const FILE_VAR: &str = "AWS_CLI_HISTORY_FILE";

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS records (
          id TEXT,
          request_id TEXT,
          source TEXT,
          event_type TEXT,
          timestamp INTEGER,
          payload TEXT
        )";

/// The database file: `AWS_CLI_HISTORY_FILE`, else under the home directory.
pub fn path() -> PathBuf {
    if let Some(file) = std::env::var_os(FILE_VAR) {
        return PathBuf::from(file);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".aws")
        .join("cli")
        .join("history")
        .join("history.db")
}

/// Opens (creating) the database: the file's mode set to 0600, the table made, WAL tried.
pub fn open(path: &std::path::Path) -> rusqlite::Result<Connection> {
    let connection = Connection::open(path)?;
    restrict_mode(path);
    connection.execute_batch(CREATE_TABLE)?;
    let _ = connection.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()));
    Ok(connection)
}

#[cfg(unix)]
fn restrict_mode(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::set_permissions(&name, std::fs::Permissions::from_mode(0o600));
    }
}

#[cfg(not(unix))]
fn restrict_mode(_path: &std::path::Path) {}

/// One stored event.
#[derive(Debug, Clone)]
pub struct Record {
    /// The command's id.
    pub id: String,
    /// The API call's id, for the events of one call.
    pub request_id: Option<String>,
    /// `CLI_VERSION`, `API_CALL`, ...
    pub event_type: String,
    /// Milliseconds since the epoch.
    pub timestamp: i64,
    /// The payload's JSON text.
    pub payload: String,
}

/// One row of `history list`: a command's id, time, arguments and return code (JSON texts).
#[derive(Debug, Clone)]
pub struct Summary {
    /// The command's id.
    pub id: String,
    /// When its arguments were recorded (milliseconds since the epoch).
    pub timestamp: i64,
    /// The `CLI_ARGUMENTS` payload.
    pub args: String,
    /// The `CLI_RC` payload.
    pub rc: String,
}

const LATEST: &str = "SELECT * FROM records WHERE id = (SELECT id FROM records WHERE timestamp = \
    (SELECT max(timestamp) FROM records)) ORDER BY timestamp";
const BY_ID: &str = "SELECT * from records where id = ? ORDER BY timestamp";
const ALL: &str = "SELECT a.id AS id_a, b.id AS id_b, a.timestamp as timestamp, \
    a.payload AS args, b.payload AS rc FROM records a, records b \
    where a.event_type == 'CLI_ARGUMENTS' AND b.event_type = 'CLI_RC' AND id_a == id_b \
    ORDER BY timestamp DESC";

fn text(row: &rusqlite::Row<'_>, name: &str) -> rusqlite::Result<String> {
    let value: rusqlite::types::Value = row.get(name)?;
    Ok(match value {
        rusqlite::types::Value::Text(t) => t,
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Real(r) => r.to_string(),
        rusqlite::types::Value::Blob(b) => String::from_utf8_lossy(&b).into_owned(),
        rusqlite::types::Value::Null => String::new(),
    })
}

fn record(row: &rusqlite::Row<'_>) -> rusqlite::Result<Record> {
    Ok(Record {
        id: text(row, "id")?,
        request_id: row.get::<_, Option<String>>("request_id")?,
        event_type: text(row, "event_type")?,
        timestamp: row.get("timestamp")?,
        payload: text(row, "payload")?,
    })
}

/// The events of one command (`None`: the latest), oldest first.
pub fn records(connection: &Connection, id: Option<&str>) -> rusqlite::Result<Vec<Record>> {
    match id {
        None => {
            let mut statement = connection.prepare(LATEST)?;
            let rows = statement.query_map([], record)?;
            rows.collect()
        }
        Some(id) => {
            let mut statement = connection.prepare(BY_ID)?;
            let rows = statement.query_map([id], record)?;
            rows.collect()
        }
    }
}

/// Every command with both its arguments and its return code, newest first.
pub fn summaries(connection: &Connection) -> rusqlite::Result<Vec<Summary>> {
    let mut statement = connection.prepare(ALL)?;
    let rows = statement.query_map([], |row| {
        Ok(Summary {
            id: text(row, "id_a")?,
            timestamp: row.get("timestamp")?,
            args: text(row, "args")?,
            rc: text(row, "rc")?,
        })
    })?;
    rows.collect()
}
