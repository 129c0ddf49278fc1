//! The files of `~/.aws/sso/cache`: access tokens (named by the SHA-1 of the session name
//! or start URL, shared with the AWS CLI and SDKs) and client registrations.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::{json, Map, Value};
use sha1::{Digest, Sha1};

use super::oidc::{Registration, Token};
use super::LoginConfig;
use crate::credentials::cache::py_json_string;
use crate::error::Result;
use crate::remote::sso::token_cache_path;
use crate::time::{format_iso8601, parse_iso8601};
use crate::writer::atomic_write;

/// The token file of a login.
pub fn token_path(dir: &Path, cfg: &LoginConfig) -> PathBuf {
    token_cache_path(dir, &cfg.start_url, cfg.session_name.as_deref())
}

/// The registration file of a login: `botocore-client-id-<region>.json` for the older
/// profile keys, the SHA-1 of the session's identity for an `sso-session`.
pub fn registration_path(dir: &Path, cfg: &LoginConfig) -> PathBuf {
    match &cfg.session_name {
        None => dir.join(format!("botocore-client-id-{}.json", cfg.region)),
        Some(name) => {
            let scopes: Vec<String> = cfg.scopes.iter().map(|s| py_json_string(s)).collect();
            let text = format!(
                "{{\"region\": {}, \"scopes\": [{}], \"session_name\": {}, \"startUrl\": {}, \"tool\": \"botocore\"}}",
                py_json_string(&cfg.region),
                scopes.join(", "),
                py_json_string(name),
                py_json_string(&cfg.start_url)
            );
            dir.join(format!(
                "{}.json",
                hex::encode(Sha1::digest(text.as_bytes()))
            ))
        }
    }
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// A cached registration still valid at `now`.
pub fn read_registration(path: &Path, now: SystemTime) -> Option<Registration> {
    let doc = read_json(path)?;
    let text = |k: &str| doc.get(k).and_then(Value::as_str).map(str::to_string);
    let expires_at = parse_iso8601(&text("expiresAt")?)?;
    if expires_at <= now + Duration::from_secs(15 * 60) {
        return None;
    }
    Some(Registration {
        client_id: text("clientId")?,
        client_secret: text("clientSecret")?,
        expires_at: Some(expires_at),
    })
}

/// Store a registration (mode 0600).
pub fn write_registration(path: &Path, reg: &Registration, scopes: &[String]) -> Result<()> {
    let mut doc = Map::new();
    doc.insert("clientId".into(), json!(reg.client_id));
    doc.insert("clientSecret".into(), json!(reg.client_secret));
    if let Some(e) = reg.expires_at {
        doc.insert("expiresAt".into(), json!(format_iso8601(e)));
    }
    if !scopes.is_empty() {
        doc.insert("scopes".into(), json!(scopes));
    }
    atomic_write(path, Value::Object(doc).to_string().as_bytes(), true)
}

/// Store the access token in the shared format (mode 0600).
pub fn write_token(
    dir: &Path,
    cfg: &LoginConfig,
    reg: &Registration,
    token: &Token,
    now: SystemTime,
) -> Result<PathBuf> {
    let mut doc = Map::new();
    doc.insert("startUrl".into(), json!(cfg.start_url));
    doc.insert("region".into(), json!(cfg.region));
    doc.insert("accessToken".into(), json!(token.access_token));
    doc.insert(
        "expiresAt".into(),
        json!(format_iso8601(now + Duration::from_secs(token.expires_in))),
    );
    if cfg.session_name.is_some() {
        doc.insert("clientId".into(), json!(reg.client_id));
        doc.insert("clientSecret".into(), json!(reg.client_secret));
        if let Some(e) = reg.expires_at {
            doc.insert("registrationExpiresAt".into(), json!(format_iso8601(e)));
        }
        if let Some(r) = &token.refresh_token {
            doc.insert("refreshToken".into(), json!(r));
        }
    }
    let path = token_path(dir, cfg);
    atomic_write(&path, Value::Object(doc).to_string().as_bytes(), true)?;
    Ok(path)
}

/// The `*.json` files of a directory (none when it does not exist).
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    out
}

/// The access token and region of a token file, if it is one.
pub fn token_of(path: &Path) -> Option<(String, Option<String>)> {
    let doc = read_json(path)?;
    let token = doc.get("accessToken")?.as_str()?.to_string();
    let region = doc
        .get("region")
        .and_then(Value::as_str)
        .map(str::to_string);
    Some((token, region))
}

/// Whether a file of `~/.aws/cli/cache` holds SSO role credentials.
pub fn is_sso_credentials(path: &Path) -> bool {
    read_json(path)
        .and_then(|d| {
            d.get("ProviderType")
                .and_then(Value::as_str)
                .map(|p| p == "sso")
        })
        .unwrap_or(false)
}
