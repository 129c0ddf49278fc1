//! Parameter files: a value `file://path` is replaced by the text of that file and
//! `fileb://path` by its bytes. `~`, `~user` and `$VAR` in the path are expanded as the AWS CLI
//! expands them, and text is read as UTF-8 with universal newlines. Values starting with
//! `http://` or `https://` are not fetched (AWS CLI v2): they stay plain strings.

use crate::pyfmt::os_error_text;
use base64::Engine as _;
use serde_json::Value;
use std::path::PathBuf;

/// Prefix of a parameter read from a text file.
pub const FILE_PREFIX: &str = "file://";
/// Prefix of a parameter read from a binary file.
pub const FILEB_PREFIX: &str = "fileb://";

/// The contents of a parameter file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamFileContent {
    /// A `file://` file: UTF-8 text with line endings normalized to `\n`.
    Text(String),
    /// A `fileb://` file: its bytes, unchanged.
    Binary(Vec<u8>),
}

/// A parameter file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamFileError {
    /// The file could not be opened or read.
    #[error("Unable to load paramfile {value}: {reason}")]
    Io {
        /// The parameter value as given, prefix included.
        value: String,
        /// The operating system's reason, worded as the AWS CLI words it.
        reason: String,
    },
    /// A `file://` file is not valid UTF-8 text.
    #[error("Unable to load paramfile ({path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.")]
    NotText {
        /// The expanded path of the file.
        path: String,
    },
}

/// Loads `value` when it is a `file://` or `fileb://` reference; `Ok(None)` for any other value.
pub fn load(value: &str) -> Result<Option<ParamFileContent>, ParamFileError> {
    if let Some(rest) = value.strip_prefix(FILE_PREFIX) {
        let path = expand_path(rest);
        let bytes = read(value, &path)?;
        let text = String::from_utf8(bytes).map_err(|_| ParamFileError::NotText { path })?;
        return Ok(Some(ParamFileContent::Text(universal_newlines(&text))));
    }
    if let Some(rest) = value.strip_prefix(FILEB_PREFIX) {
        let path = expand_path(rest);
        return Ok(Some(ParamFileContent::Binary(read(value, &path)?)));
    }
    Ok(None)
}

fn read(value: &str, path: &str) -> Result<Vec<u8>, ParamFileError> {
    std::fs::read(path).map_err(|err| ParamFileError::Io {
        value: value.to_owned(),
        reason: os_error_text(&err, path),
    })
}

/// `\r\n` and lone `\r` become `\n`, as text-mode reads do in the AWS CLI.
fn universal_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Expands `~`/`~user`, then `$NAME`/`${NAME}` (unset variables are left as written).
pub fn expand_path(path: &str) -> String {
    expand_vars(&expand_user(path))
}

pub(crate) fn expand_user(path: &str) -> String {
    if !path.starts_with('~') {
        return path.to_owned();
    }
    let end = path[1..].find('/').map_or(path.len(), |i| i + 1);
    let home = if end == 1 {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .or_else(|| passwd_home(None))
    } else {
        passwd_home(Some(&path[1..end]))
    };
    let Some(home) = home else {
        return path.to_owned();
    };
    let home = home.to_string_lossy();
    let joined = format!("{}{}", home.trim_end_matches('/'), &path[end..]);
    if joined.is_empty() {
        "/".to_owned()
    } else {
        joined
    }
}

/// Home directory of `user` (or of the current user) from `/etc/passwd`.
fn passwd_home(user: Option<&str>) -> Option<PathBuf> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    let uid = current_uid();
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        if fields.len() < 6 {
            return None;
        }
        let matches = match user {
            Some(name) => fields[0] == name,
            None => uid.as_deref() == Some(fields[2]),
        };
        matches.then(|| PathBuf::from(fields[5]))
    })
}

fn current_uid() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(1).map(str::to_owned)
}

pub(crate) fn expand_vars(path: &str) -> String {
    if !path.contains('$') {
        return path.to_owned();
    }
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, len) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(close) => (&braced[..close], close + 2),
                None => ("", 0),
            }
        } else {
            let n = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..n], n)
        };
        let value = if len == 0 {
            None
        } else {
            std::env::var(name).ok().filter(|_| !name.is_empty())
        };
        match value {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[dollar..dollar + 1 + len]),
        }
        rest = &rest[dollar + 1 + len..];
    }
    out.push_str(rest);
    out
}

/// Turns a shorthand value that follows `@=` into its file's contents.
pub trait FileResolver {
    /// The contents `value` refers to, or `Ok(None)` when it is no file reference.
    fn resolve(&self, value: &str) -> Result<Option<Value>, ParamFileError>;
}

/// Resolves `@=` values from the local file system. `file://` text becomes a JSON string;
/// `fileb://` bytes become their standard base64 text (the form a blob member takes under the
/// default `--cli-binary-format base64`).
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalFiles;

impl FileResolver for LocalFiles {
    fn resolve(&self, value: &str) -> Result<Option<Value>, ParamFileError> {
        Ok(load(value)?.map(|content| match content {
            ParamFileContent::Text(text) => Value::String(text),
            ParamFileContent::Binary(bytes) => {
                Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
            }
        }))
    }
}
