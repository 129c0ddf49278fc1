//! SSO `GetRoleCredentials` with the access token cached by `aws sso login` in
//! `~/.aws/sso/cache`; role credentials are cached in `~/.aws/cli/cache` as the AWS CLI
//! caches them (`"ProviderType": "sso"`), so `aws sso logout` can remove them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws2_client::Signing;
use aws2_core::Value;
use serde_json::json;
use sha1::{Digest, Sha1};

use super::{call, text_member, time_member, ServiceClients};
use crate::credentials::cache::{fresh_credentials, py_json_string, JsonFileCache};
use crate::credentials::clients::SsoClient;
use crate::credentials::sso::SsoConfig;
use crate::credentials::Credentials;
use crate::env::Env;
use crate::error::{ConfigError, Result};
use crate::session::Session;
use crate::sso_login::oidc::{self, Registration};
use crate::time::{format_cache, format_iso8601, parse_iso8601};

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
    let doc = read_token_doc(path)?;
    let expires = parse_iso8601(doc.get("expiresAt")?.as_str()?)?;
    if expires <= now {
        return None;
    }
    doc.get("accessToken")?.as_str().map(str::to_string)
}

fn read_token_doc(path: &std::path::Path) -> Option<serde_json::Value> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// A token is refreshed when it has less than this left (botocore's window).
pub const TOKEN_REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// What an `sso-session` token file needs for a refresh: the refresh token and a client
/// registration that has not expired.
fn refresh_material(doc: &serde_json::Value, now: SystemTime) -> Option<(Registration, String)> {
    let text = |k: &str| doc.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let registration_expires = parse_iso8601(&text("registrationExpiresAt")?)?;
    if registration_expires <= now {
        return None;
    }
    Some((
        Registration {
            client_id: text("clientId")?,
            client_secret: text("clientSecret")?,
            expires_at: Some(registration_expires),
        },
        text("refreshToken")?,
    ))
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

impl HttpSsoClient {
    /// The access token of `path`, refreshed first when it is about to expire and the file
    /// has what a refresh needs; `None` when there is no usable token.
    fn token(&self, path: &Path, region: &str, now: SystemTime) -> Option<String> {
        let doc = read_token_doc(path)?;
        let expires = doc
            .get("expiresAt")
            .and_then(|v| v.as_str())
            .and_then(parse_iso8601);
        let current = doc
            .get("accessToken")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .filter(|_| expires.is_some_and(|e| e > now));
        if expires.is_some_and(|e| e > now + TOKEN_REFRESH_WINDOW) {
            return current;
        }
        match self.refresh(path, doc, region, now) {
            Some(fresh) => Some(fresh),
            None => current,
        }
    }

    fn refresh(
        &self,
        path: &Path,
        mut doc: serde_json::Value,
        region: &str,
        now: SystemTime,
    ) -> Option<String> {
        let (registration, refresh_token) = refresh_material(&doc, now)?;
        let client = self
            .clients
            .client(PROVIDER, "sso-oidc", Some(region), Signing::Anonymous)
            .ok()?;
        let token = oidc::refresh(&client, &registration, &refresh_token).ok()?;
        doc["accessToken"] = json!(token.access_token);
        doc["expiresAt"] = json!(format_iso8601(now + Duration::from_secs(token.expires_in)));
        if let Some(r) = &token.refresh_token {
            doc["refreshToken"] = json!(r);
        }
        // The new token is used even if it cannot be stored.
        let _ = crate::writer::atomic_write(path, doc.to_string().as_bytes(), true);
        Some(token.access_token)
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
    fn get_role_credentials(&self, sso: &SsoConfig) -> Result<Credentials> {
        let (sso_region, start_url, session_name) =
            (&sso.region, &sso.start_url, sso.session_name.as_deref());
        let (account_id, role_name) = (&sso.account_id, &sso.role_name);
        let now = crate::clock::now();
        let key = role_cache_key(start_url, session_name, account_id, role_name);
        if let Some(c) = self
            .role_cache
            .get(&key)
            .and_then(|d| fresh_credentials(&d, now))
        {
            return Ok(c);
        }
        let token_path = token_cache_path(&self.token_dir, start_url, session_name);
        let token = self.token(&token_path, sso_region, now).ok_or_else(|| {
            ConfigError::CredentialRetrieval {
                provider: PROVIDER.into(),
                message: EXPIRED_TOKEN.into(),
            }
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
