//! SSO `GetRoleCredentials` with the access token cached by `aws sso login` in
//! `~/.aws/sso/cache`; role credentials are cached in `~/.aws/cli/cache` as the AWS CLI
//! caches them (`"ProviderType": "sso"`), so `aws sso logout` can remove them.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use aws2_client::Signing;
use aws2_core::Value;
use serde_json::json;
use sha1::{Digest, Sha1};

use super::{call, text_member, time_member, ServiceClients};
use crate::credentials::cache::{fresh_credentials, py_json_string, JsonFileCache};
use crate::credentials::clients::SsoClient;
use crate::credentials::Credentials;
use crate::env::Env;
use crate::error::{ConfigError, Result};
use crate::session::Session;
use crate::time::{format_cache, parse_iso8601};

const PROVIDER: &str = "sso";

/// The message the AWS CLI gives when the SSO token is missing or expired.
pub const EXPIRED_TOKEN: &str = "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.";

/// [`SsoClient`] over HTTP.
pub struct HttpSsoClient {
    clients: Arc<ServiceClients>,
    token_dir: PathBuf,
    role_cache: JsonFileCache,
}

/// The SSO token cache directory, `~/.aws/sso/cache`.
pub fn token_cache_dir(env: &Env) -> PathBuf {
    env.expand_user("~/.aws/sso/cache")
}

/// The token file of a start URL or of an `sso-session` name (the SHA-1 of either).
pub fn token_cache_path(dir: &std::path::Path, start_url: &str, session: Option<&str>) -> PathBuf {
    let key = session.unwrap_or(start_url);
    dir.join(format!(
        "{}.json",
        hex::encode(Sha1::digest(key.as_bytes()))
    ))
}

/// The cache key of SSO role credentials: the SHA-1 of the compact sorted JSON of the
/// account, role and start URL or session name, as the AWS CLI computes it.
pub fn role_cache_key(start_url: &str, session: Option<&str>, account: &str, role: &str) -> String {
    let mut pairs = vec![("accountId", account), ("roleName", role)];
    match session {
        Some(s) => pairs.push(("sessionName", s)),
        None => pairs.push(("startUrl", start_url)),
    }
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}:{}", py_json_string(k), py_json_string(v)))
        .collect();
    hex::encode(Sha1::digest(format!("{{{}}}", body.join(",")).as_bytes()))
}

/// The cached access token, if present and not expired at `now`.
pub fn cached_token(path: &std::path::Path, now: SystemTime) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let expires = parse_iso8601(doc.get("expiresAt")?.as_str()?)?;
    if expires <= now {
        return None;
    }
    doc.get("accessToken")?.as_str().map(str::to_string)
}

impl HttpSsoClient {
    /// Uses the shared endpoint settings and sender, and the caches under the session's home.
    pub fn new(clients: Arc<ServiceClients>, session: &Session) -> Self {
        HttpSsoClient {
            clients,
            token_dir: token_cache_dir(session.env()),
            role_cache: JsonFileCache::cli_cache(session.env()),
        }
    }
}

fn credentials_from_output(output: &Value) -> Result<Credentials> {
    let missing = || ConfigError::CredentialRetrieval {
        provider: PROVIDER.into(),
        message: "the SSO response has no complete roleCredentials".into(),
    };
    let c = output.get("roleCredentials").ok_or_else(missing)?;
    let mut creds = Credentials::new(
        text_member(c, "accessKeyId").ok_or_else(missing)?,
        text_member(c, "secretAccessKey").ok_or_else(missing)?,
    );
    creds.session_token = text_member(c, "sessionToken");
    creds.expiration = time_member(c, "expiration", true);
    Ok(creds)
}

fn cache_document(c: &Credentials) -> serde_json::Value {
    json!({
        "ProviderType": "sso",
        "Credentials": {
            "AccessKeyId": c.access_key_id,
            "SecretAccessKey": c.secret_access_key,
            "SessionToken": c.session_token,
            "Expiration": c.expiration.map(format_cache),
        }
    })
}

impl SsoClient for HttpSsoClient {
    fn get_role_credentials(
        &self,
        sso_region: &str,
        start_url: &str,
        session_name: Option<&str>,
        account_id: &str,
        role_name: &str,
    ) -> Result<Credentials> {
        let now = SystemTime::now();
        let key = role_cache_key(start_url, session_name, account_id, role_name);
        if let Some(c) = self
            .role_cache
            .get(&key)
            .and_then(|d| fresh_credentials(&d, now))
        {
            return Ok(c);
        }
        let token_path = token_cache_path(&self.token_dir, start_url, session_name);
        let token =
            cached_token(&token_path, now).ok_or_else(|| ConfigError::CredentialRetrieval {
                provider: PROVIDER.into(),
                message: EXPIRED_TOKEN.into(),
            })?;
        let client = self
            .clients
            .client(PROVIDER, "sso", Some(sso_region), Signing::Anonymous)?;
        let input = Value::from_json(&json!({
            "roleName": role_name,
            "accountId": account_id,
            "accessToken": token,
        }));
        let output = call(&client, PROVIDER, "GetRoleCredentials", &input)?;
        let creds = credentials_from_output(&output)?;
        // A cache that cannot be written only costs a new call next time.
        let _ = self.role_cache.put(&key, &cache_document(&creds));
        Ok(creds)
    }
}
