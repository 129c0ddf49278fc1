//! The three `sso-oidc` calls of the device authorization flow.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws2_client::{CallError, Client};
use aws2_core::Value;
use serde_json::json;

use crate::error::{ConfigError, Result};
use crate::remote::text_member;

/// A registered OIDC client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// `clientId`.
    pub client_id: String,
    /// `clientSecret`.
    pub client_secret: String,
    /// When the registration expires (`clientSecretExpiresAt`).
    pub expires_at: Option<SystemTime>,
}

/// A started device authorization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceAuthorization {
    /// `deviceCode`.
    pub device_code: String,
    /// `userCode`, shown to the user.
    pub user_code: String,
    /// `verificationUri`.
    pub verification_uri: String,
    /// `verificationUriComplete` (with the code filled in).
    pub verification_uri_complete: Option<String>,
    /// Seconds the device code is valid.
    pub expires_in: u64,
    /// Seconds between polls.
    pub interval: u64,
}

/// An access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// `accessToken`.
    pub access_token: String,
    /// Seconds until it expires.
    pub expires_in: u64,
    /// `refreshToken`, when issued.
    pub refresh_token: Option<String>,
}

/// One poll of `CreateToken`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poll {
    /// The user approved: the token.
    Token(Token),
    /// Not approved yet.
    Pending,
    /// Polling too fast: wait longer.
    SlowDown,
}

fn fail(operation: &str, e: impl std::fmt::Display) -> ConfigError {
    ConfigError::Sso(format!("Error when calling {operation}: {e}"))
}

fn int_member(value: &Value, key: &str) -> Option<i64> {
    match value.get(key)? {
        Value::Integer(n) => Some(*n),
        Value::Float(f) => Some(*f as i64),
        _ => None,
    }
}

fn call(
    client: &Client,
    operation: &str,
    input: serde_json::Value,
) -> std::result::Result<Value, CallError> {
    let op = client
        .service()
        .operation(operation)
        .map_err(|e| CallError::Endpoint(e.to_string()))?;
    client.call(&op, &Value::from_json(&input))
}

fn required(value: &Value, operation: &str, key: &str) -> Result<String> {
    text_member(value, key).ok_or_else(|| fail(operation, format!("the response has no {key}")))
}

/// `RegisterClient` (public client; `scopes` only for `sso-session` logins).
pub fn register(client: &Client, name: &str, scopes: &[String]) -> Result<Registration> {
    let mut input = json!({"clientName": name, "clientType": "public"});
    if !scopes.is_empty() {
        input["scopes"] = json!(scopes);
    }
    let out = call(client, "RegisterClient", input).map_err(|e| fail("RegisterClient", e))?;
    Ok(Registration {
        client_id: required(&out, "RegisterClient", "clientId")?,
        client_secret: required(&out, "RegisterClient", "clientSecret")?,
        expires_at: int_member(&out, "clientSecretExpiresAt")
            .and_then(|s| u64::try_from(s).ok())
            .map(|s| UNIX_EPOCH + Duration::from_secs(s)),
    })
}

/// `StartDeviceAuthorization`.
pub fn start(client: &Client, reg: &Registration, start_url: &str) -> Result<DeviceAuthorization> {
    let op = "StartDeviceAuthorization";
    let input = json!({
        "clientId": reg.client_id,
        "clientSecret": reg.client_secret,
        "startUrl": start_url,
    });
    let out = call(client, op, input).map_err(|e| fail(op, e))?;
    let number = |k: &str, default: u64| {
        int_member(&out, k)
            .and_then(|n| u64::try_from(n).ok())
            .filter(|n| *n > 0)
            .unwrap_or(default)
    };
    Ok(DeviceAuthorization {
        device_code: required(&out, op, "deviceCode")?,
        user_code: required(&out, op, "userCode")?,
        verification_uri: required(&out, op, "verificationUri")?,
        verification_uri_complete: text_member(&out, "verificationUriComplete"),
        expires_in: number("expiresIn", 600),
        interval: number("interval", 5),
    })
}

/// The grant type of the device flow.
pub const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// One `CreateToken` poll.
pub fn create_token(client: &Client, reg: &Registration, device_code: &str) -> Result<Poll> {
    let op = "CreateToken";
    let input = json!({
        "clientId": reg.client_id,
        "clientSecret": reg.client_secret,
        "grantType": DEVICE_GRANT,
        "deviceCode": device_code,
    });
    match call(client, op, input) {
        Ok(out) => Ok(Poll::Token(Token {
            access_token: required(&out, op, "accessToken")?,
            expires_in: int_member(&out, "expiresIn")
                .and_then(|n| u64::try_from(n).ok())
                .unwrap_or(0),
            refresh_token: text_member(&out, "refreshToken"),
        })),
        Err(CallError::Service { error, .. }) if error.code == "AuthorizationPendingException" => {
            Ok(Poll::Pending)
        }
        Err(CallError::Service { error, .. }) if error.code == "SlowDownException" => {
            Ok(Poll::SlowDown)
        }
        Err(e) => Err(fail(op, e)),
    }
}

/// `CreateToken` with a refresh token (the `refresh_token` grant).
pub fn refresh(client: &Client, reg: &Registration, refresh_token: &str) -> Result<Token> {
    let op = "CreateToken";
    let input = json!({
        "clientId": reg.client_id,
        "clientSecret": reg.client_secret,
        "grantType": "refresh_token",
        "refreshToken": refresh_token,
    });
    let out = call(client, op, input).map_err(|e| fail(op, e))?;
    Ok(Token {
        access_token: required(&out, op, "accessToken")?,
        expires_in: int_member(&out, "expiresIn")
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0),
        refresh_token: text_member(&out, "refreshToken"),
    })
}
