//! EC2 instance metadata credentials: an IMDSv2 session token first (`PUT
//! /latest/api/token`), IMDSv1 when the token cannot be had (unless
//! `ec2_metadata_v1_disabled`), then the role name and its credentials. The endpoint comes
//! from `ec2_metadata_service_endpoint` or the endpoint mode; timeout and attempts from
//! `metadata_service_timeout` and `metadata_service_num_attempts` (1 second, 1 attempt).

use std::time::Duration;

use aws2_http::{HttpClient, ProxySettings, Request, Response, TransportConfig};

use crate::credentials::clients::InstanceMetadataClient;
use crate::credentials::Credentials;
use crate::error::{ConfigError, Result};
use crate::session::Session;
use crate::time::parse_iso8601;

const PROVIDER: &str = "iam-role";
/// The IPv4 endpoint.
pub const IPV4_ENDPOINT: &str = "http://169.254.169.254/";
/// The IPv6 endpoint.
pub const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]/";
/// The token path.
pub const TOKEN_PATH: &str = "latest/api/token";
/// The role listing path.
pub const ROLE_PATH: &str = "latest/meta-data/iam/security-credentials/";
/// The token lifetime asked for, in seconds.
pub const TOKEN_TTL: &str = "21600";

/// [`InstanceMetadataClient`] over HTTP.
pub struct HttpImdsClient {
    proxies: ProxySettings,
}

impl HttpImdsClient {
    /// Connects through `proxies` (subject to `NO_PROXY`).
    pub fn new(proxies: ProxySettings) -> Self {
        HttpImdsClient { proxies }
    }
}

fn fail(message: impl Into<String>) -> ConfigError {
    ConfigError::CredentialRetrieval {
        provider: PROVIDER.into(),
        message: message.into(),
    }
}

/// The base URL, ending in `/`.
pub fn base_url(session: &Session) -> Result<String> {
    let base = match session.value("ec2_metadata_service_endpoint")? {
        Some(url) if !url.is_empty() => url,
        _ => match session
            .value("ec2_metadata_service_endpoint_mode")?
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("ipv6") => IPV6_ENDPOINT.to_string(),
            None | Some("ipv4") => IPV4_ENDPOINT.to_string(),
            Some(other) => {
                return Err(ConfigError::InvalidValue {
                    name: "ec2_metadata_service_endpoint_mode".into(),
                    problem: format!("\"{other}\" is not IPv4 or IPv6"),
                })
            }
        },
    };
    Ok(format!("{}/", base.trim_end_matches('/')))
}

/// `metadata_service_timeout` (seconds, may be fractional) and
/// `metadata_service_num_attempts` (at least 1).
pub fn timeout_and_attempts(session: &Session) -> Result<(Duration, u32)> {
    let timeout = match session.value("metadata_service_timeout")? {
        None => 1.0,
        Some(t) => t
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|t| t.is_finite() && *t > 0.0)
            .ok_or_else(|| ConfigError::InvalidValue {
                name: "metadata_service_timeout".into(),
                problem: format!("expected a positive number of seconds, got \"{t}\""),
            })?,
    };
    let attempts = session
        .integer("metadata_service_num_attempts")?
        .unwrap_or(1)
        .max(1);
    Ok((Duration::from_secs_f64(timeout), attempts))
}

struct Imds {
    http: HttpClient,
    base: String,
    attempts: u32,
}

enum Token {
    /// An IMDSv2 token.
    V2(String),
    /// No token: use IMDSv1.
    V1,
}

impl Imds {
    fn send(&self, request: &Request) -> Option<Response> {
        (0..self.attempts).find_map(|_| self.http.send(request, false).ok())
    }

    fn token(&self) -> Result<Token> {
        let mut request = Request::new("PUT", format!("{}{TOKEN_PATH}", self.base));
        request.set_header("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL);
        match self.send(&request) {
            Some(r) if r.status == 200 => Ok(Token::V2(
                String::from_utf8_lossy(r.bytes()).trim().to_string(),
            )),
            Some(r) if r.status == 400 => Err(fail("Bad IMDS request (400) for the session token")),
            _ => Ok(Token::V1),
        }
    }

    fn get(&self, path: &str, token: &Token) -> Option<Vec<u8>> {
        let mut request = Request::new("GET", format!("{}{path}", self.base));
        if let Token::V2(t) = token {
            request.set_header("x-aws-ec2-metadata-token", t.clone());
        }
        (0..self.attempts).find_map(|_| match self.http.send(&request, false) {
            Ok(r) if r.status == 200 && !r.bytes().is_empty() => Some(r.bytes().to_vec()),
            _ => None,
        })
    }
}

/// Credentials from the role document; `None` when its `Code` is not `Success` or keys
/// are missing.
pub fn parse_role_document(body: &[u8]) -> Option<Credentials> {
    let doc: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = |k: &str| doc.get(k).and_then(|v| v.as_str()).map(str::to_string);
    if text("Code").is_some_and(|c| c != "Success") {
        return None;
    }
    let mut creds = Credentials::new(text("AccessKeyId")?, text("SecretAccessKey")?);
    creds.session_token = text("Token");
    creds.expiration = text("Expiration").and_then(|e| parse_iso8601(&e));
    Some(creds)
}

impl InstanceMetadataClient for HttpImdsClient {
    fn instance_credentials(&self, session: &Session) -> Result<Option<Credentials>> {
        let base = base_url(session)?;
        let (timeout, attempts) = timeout_and_attempts(session)?;
        let v1_disabled = session.boolean("ec2_metadata_v1_disabled")?;
        let http = HttpClient::new(&TransportConfig {
            proxies: self.proxies.clone(),
            connect_timeout: Some(timeout),
            read_timeout: Some(timeout),
            ..TransportConfig::default()
        })
        .map_err(|e| fail(e.to_string()))?;
        let imds = Imds {
            http,
            base,
            attempts,
        };
        let token = imds.token()?;
        if matches!(token, Token::V1) && v1_disabled {
            return Ok(None);
        }
        let Some(names) = imds.get(ROLE_PATH, &token) else {
            return Ok(None);
        };
        let names = String::from_utf8_lossy(&names);
        let Some(role) = names.lines().map(str::trim).find(|l| !l.is_empty()) else {
            return Ok(None);
        };
        Ok(imds
            .get(&format!("{ROLE_PATH}{role}"), &token)
            .and_then(|body| parse_role_document(&body)))
    }
}
