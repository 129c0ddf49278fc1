//! The ECS/EKS container credentials endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
//! (on 169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI` (HTTPS, or HTTP to a loopback
//! or container host), with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN` sent as `Authorization`.

use std::time::Duration;

use aws2_http::{HttpClient, ProxySettings, Request, TransportConfig};

use crate::credentials::clients::ContainerClient;
use crate::credentials::Credentials;
use crate::error::{ConfigError, Result};
use crate::session::Session;
use crate::time::parse_iso8601;

const PROVIDER: &str = "container-role";
/// The host of relative URIs.
pub const CONTAINER_HOST: &str = "169.254.170.2";
/// Hosts a plain-HTTP full URI may name besides loopback addresses.
pub const ALLOWED_HOSTS: &[&str] = &[
    "localhost",
    "169.254.170.2",
    "169.254.170.23",
    "fd00:ec2::23",
];
/// Seconds to wait for the endpoint (botocore's value).
pub const TIMEOUT_SECS: u64 = 2;
/// Attempts before giving up (botocore's value).
pub const ATTEMPTS: u32 = 3;

/// [`ContainerClient`] over HTTP.
pub struct HttpContainerClient {
    proxies: ProxySettings,
}

impl HttpContainerClient {
    /// Connects through `proxies` (subject to `NO_PROXY`).
    pub fn new(proxies: ProxySettings) -> Self {
        HttpContainerClient { proxies }
    }
}

fn fail(message: impl Into<String>) -> ConfigError {
    ConfigError::CredentialRetrieval {
        provider: PROVIDER.into(),
        message: message.into(),
    }
}

/// The scheme and host of an absolute URL (`None` when it is not one).
pub fn scheme_and_host(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next()?.to_string()
    } else {
        authority.split(':').next()?.to_string()
    };
    (!host.is_empty()).then(|| (scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

fn is_loopback(host: &str) -> bool {
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => false,
    }
}

/// Checks a full URI as botocore does: HTTPS anywhere, HTTP only to loopback or the
/// container hosts.
pub fn check_full_uri(url: &str) -> Result<()> {
    let (scheme, host) =
        scheme_and_host(url).ok_or_else(|| fail(format!("Invalid container URI: {url}")))?;
    if scheme == "https" || is_loopback(&host) || ALLOWED_HOSTS.contains(&host.as_str()) {
        return Ok(());
    }
    Err(fail(format!(
        "Unsupported host '{host}'. Can only retrieve metadata from a loopback address or one of these hosts: {}",
        ALLOWED_HOSTS.join(", ")
    )))
}

/// The endpoint URL of the session's environment (`Ok(None)` when not configured).
pub fn endpoint(session: &Session) -> Result<Option<String>> {
    let env = session.env();
    if let Some(rel) = env.get_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
        return Ok(Some(format!("http://{CONTAINER_HOST}{rel}")));
    }
    match env.get_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        Some(full) => {
            check_full_uri(full)?;
            Ok(Some(full.to_string()))
        }
        None => Ok(None),
    }
}

/// The authorization token: the token file wins over the variable.
pub fn authorization(session: &Session) -> Result<Option<String>> {
    let env = session.env();
    let token = match env.get_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        Some(file) => {
            let path = env.expand_user(file);
            let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::read(&path, &e))?;
            Some(text.trim_end_matches(['\r', '\n']).to_string())
        }
        None => env
            .get_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN")
            .map(str::to_string),
    };
    if token.as_deref().is_some_and(|t| t.contains(['\r', '\n'])) {
        return Err(fail("Auth token value is not a legal header value"));
    }
    Ok(token)
}

/// Credentials from the endpoint's JSON (`AccessKeyId`, `SecretAccessKey`, `Token`,
/// `Expiration`).
pub fn parse_credentials(body: &[u8]) -> Result<Credentials> {
    let doc: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| fail("the container endpoint did not return JSON"))?;
    let text = |k: &str| doc.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let (Some(akid), Some(secret)) = (text("AccessKeyId"), text("SecretAccessKey")) else {
        return Err(fail(
            "the container endpoint's response has no AccessKeyId or SecretAccessKey",
        ));
    };
    let mut creds = Credentials::new(akid, secret);
    creds.session_token = text("Token");
    creds.expiration = text("Expiration").and_then(|e| parse_iso8601(&e));
    Ok(creds)
}

impl ContainerClient for HttpContainerClient {
    fn container_credentials(&self, session: &Session) -> Result<Option<Credentials>> {
        let Some(url) = endpoint(session)? else {
            return Ok(None);
        };
        let token = authorization(session)?;
        let timeout = Some(Duration::from_secs(TIMEOUT_SECS));
        let http = HttpClient::new(&TransportConfig {
            proxies: self.proxies.clone(),
            connect_timeout: timeout,
            read_timeout: timeout,
            ..TransportConfig::default()
        })
        .map_err(|e| fail(e.to_string()))?;
        let mut request = Request::new("GET", url.clone());
        request.set_header("Accept", "application/json");
        if let Some(t) = token {
            request.set_header("Authorization", t);
        }
        let mut last = String::new();
        for _ in 0..ATTEMPTS {
            match http.send(&request, false) {
                Ok(resp) if resp.status == 200 => return parse_credentials(resp.bytes()).map(Some),
                Ok(resp) => {
                    last = format!(
                        "Received non 200 response ({}) from container metadata",
                        resp.status
                    );
                }
                Err(e) => last = e.to_string(),
            }
        }
        Err(fail(last))
    }
}
