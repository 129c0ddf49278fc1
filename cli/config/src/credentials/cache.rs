//! The JSON file cache of `~/.aws/cli/cache`, shared with the Python CLI: one
//! `<sha1>.json` file per role, holding the STS response.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::{json, Map, Value};
use sha1::{Digest, Sha1};

use super::clients::RoleCredentials;
use super::Credentials;
use crate::env::Env;
use crate::error::Result;
use crate::time::{format_cache, parse_iso8601};
use crate::writer::atomic_write;

/// Cached role credentials with less than this left are not used (botocore's window).
pub const CACHE_EXPIRY_WINDOW: Duration = Duration::from_secs(15 * 60);

/// A directory of JSON files keyed by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonFileCache {
    dir: PathBuf,
}

impl JsonFileCache {
    /// A cache in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        JsonFileCache { dir: dir.into() }
    }

    /// The CLI's role cache, `~/.aws/cli/cache`.
    pub fn cli_cache(env: &Env) -> Self {
        JsonFileCache::new(env.expand_user("~/.aws/cli/cache"))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `key`.
    pub fn path_of(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The JSON stored under `key` (`None` when absent or unreadable, as botocore treats it).
    pub fn get(&self, key: &str) -> Option<Value> {
        let bytes = std::fs::read(self.path_of(key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Store JSON under `key` (atomically, mode 0600).
    pub fn put(&self, key: &str, value: &Value) -> Result<()> {
        let text = value.to_string();
        atomic_write(&self.path_of(key), text.as_bytes(), true)
    }
}

/// A value of the role arguments that make up the cache key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyArg {
    /// A string argument.
    Str(String),
    /// An integer argument (`DurationSeconds`).
    Int(i64),
}

/// botocore's cache key: the SHA-1 (hex) of `json.dumps(args, sort_keys=True)`.
pub fn cache_key(args: &[(&str, KeyArg)]) -> String {
    let mut sorted: Vec<&(&str, KeyArg)> = args.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let body: Vec<String> = sorted
        .iter()
        .map(|(k, v)| {
            let value = match v {
                KeyArg::Str(s) => py_json_string(s),
                KeyArg::Int(i) => i.to_string(),
            };
            format!("{}: {value}", py_json_string(k))
        })
        .collect();
    let text = format!("{{{}}}", body.join(", "));
    let digest = Sha1::digest(text.as_bytes());
    hex::encode(digest)
}

/// A JSON string as Python's `json.dumps` writes it (`ensure_ascii=True`).
pub fn py_json_string(s: &str) -> String {
    aws2_text::json::string(s, aws2_text::json::Escape::Ascii)
}

/// The cache document for an STS role response.
pub fn role_response_json(role: &RoleCredentials) -> Value {
    let c = &role.credentials;
    let mut creds = Map::new();
    creds.insert("AccessKeyId".into(), json!(c.access_key_id));
    creds.insert("SecretAccessKey".into(), json!(c.secret_access_key));
    if let Some(t) = &c.session_token {
        creds.insert("SessionToken".into(), json!(t));
    }
    if let Some(exp) = c.expiration {
        creds.insert("Expiration".into(), json!(format_cache(exp)));
    }
    let mut doc = Map::new();
    doc.insert("Credentials".into(), Value::Object(creds));
    if role.assumed_role_arn.is_some() || role.assumed_role_id.is_some() {
        let mut user = Map::new();
        if let Some(id) = &role.assumed_role_id {
            user.insert("AssumedRoleId".into(), json!(id));
        }
        if let Some(arn) = &role.assumed_role_arn {
            user.insert("Arn".into(), json!(arn));
        }
        doc.insert("AssumedRoleUser".into(), Value::Object(user));
    }
    doc.insert("ResponseMetadata".into(), json!({}));
    Value::Object(doc)
}

/// Credentials from a cache document, if complete and valid for at least
/// [`CACHE_EXPIRY_WINDOW`] after `now`.
pub fn fresh_credentials(doc: &Value, now: SystemTime) -> Option<Credentials> {
    let c = doc.get("Credentials")?;
    let text = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_string);
    let expiration = parse_iso8601(&text("Expiration")?)?;
    if expiration < now + CACHE_EXPIRY_WINDOW {
        return None;
    }
    let mut creds = Credentials::new(text("AccessKeyId")?, text("SecretAccessKey")?);
    creds.session_token = text("SessionToken");
    creds.expiration = Some(expiration);
    Some(creds)
}
