//! The network implementations of the [`crate::credentials::clients`] traits: STS and SSO
//! through the core client, the container credentials endpoint, EC2 instance metadata, and
//! the MFA prompt on the terminal.
//!
//! Nothing here connects or loads a model until a provider actually needs it, so building
//! [`http_clients`] for every command costs nothing when credentials come from a file.

pub mod container;
pub mod imds;
pub mod mfa;
pub mod sso;
pub mod sts;

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws2_client::{Client, ClientConfig, EndpointSettings, Signing};
use aws2_core::model::Service;
use aws2_core::Value;
use aws2_http::{HttpClient, RetryConfig, RetryMode, Sender, TransportConfig};

use crate::credentials::RemoteClients;
use crate::error::{ConfigError, Result};
use crate::session::Session;

/// How the remote clients connect: the transport of the command (proxies, CA bundle,
/// timeouts), its retry settings, and an endpoint for STS given on the command line.
#[derive(Debug, Clone)]
pub struct RemoteSettings {
    /// The transport used for STS and SSO calls.
    pub transport: TransportConfig,
    /// The retry mode for STS and SSO calls.
    pub retry_mode: RetryMode,
    /// `max_attempts` for STS and SSO calls.
    pub max_attempts: Option<u32>,
    /// An STS endpoint that wins over the configured ones (the command's `--endpoint-url`
    /// when the command itself is an STS command).
    pub sts_endpoint_url: Option<String>,
}

impl Default for RemoteSettings {
    fn default() -> Self {
        RemoteSettings {
            transport: TransportConfig::default(),
            retry_mode: RetryMode::Standard,
            max_attempts: None,
            sts_endpoint_url: None,
        }
    }
}

/// Every network client, ready to be used by the credential chain of `session`.
pub fn http_clients(session: &Session, settings: &RemoteSettings) -> RemoteClients {
    let shared = Arc::new(ServiceClients::new(session, settings));
    RemoteClients {
        sts: Some(Box::new(sts::HttpStsClient::new(shared.clone()))),
        sso: Some(Box::new(sso::HttpSsoClient::new(shared, session))),
        container: Some(Box::new(container::HttpContainerClient::new(
            settings.transport.proxies.clone(),
        ))),
        imds: Some(Box::new(imds::HttpImdsClient::new(
            settings.transport.proxies.clone(),
        ))),
        mfa: Some(Box::new(mfa::TerminalMfaPrompt)),
        now: None,
    }
}

/// What STS and SSO clients share: the endpoint settings read from the session and a
/// sender built on first use.
pub struct ServiceClients {
    endpoint: std::result::Result<EndpointSettings, ConfigError>,
    sts_endpoint_url: std::result::Result<Option<String>, ConfigError>,
    sso_endpoint_url: std::result::Result<Option<String>, ConfigError>,
    oidc_endpoint_url: std::result::Result<Option<String>, ConfigError>,
    transport: TransportConfig,
    retry_mode: RetryMode,
    max_attempts: Option<u32>,
    sender: OnceLock<std::result::Result<Arc<Sender>, String>>,
}

fn endpoint_settings(session: &Session) -> Result<EndpointSettings> {
    Ok(EndpointSettings {
        region: session.region_opt()?,
        use_fips_endpoint: session.boolean("use_fips_endpoint")?,
        use_dualstack_endpoint: session.boolean("use_dualstack_endpoint")?,
        sts_regional_endpoints: session.value("sts_regional_endpoints")?,
        ..Default::default()
    })
}

fn configured_endpoint(session: &Session, service_id: &str) -> Result<Option<String>> {
    match session.endpoint_url(service_id) {
        Ok(found) => Ok(found.map(|r| r.value)),
        // Without the profile only the environment can name an endpoint.
        Err(ConfigError::ProfileNotFound(_)) => Ok(env_endpoint(session, service_id)),
        Err(e) => Err(e),
    }
}

fn env_endpoint(session: &Session, service_id: &str) -> Option<String> {
    let env = session.env();
    if env
        .get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return None;
    }
    let var = format!(
        "AWS_ENDPOINT_URL_{}",
        service_id.replace([' ', '-'], "_").to_uppercase()
    );
    [var.as_str(), "AWS_ENDPOINT_URL"]
        .iter()
        .find_map(|v| env.get_nonempty(v))
        .map(str::to_string)
}

/// A profile that does not exist yet (`aws configure sso --profile new`) has no settings.
fn tolerate_missing_profile<T: Default>(result: Result<T>) -> Result<T> {
    match result {
        Err(ConfigError::ProfileNotFound(_)) => Ok(T::default()),
        other => other,
    }
}

impl ServiceClients {
    /// Reads the endpoint settings of `session` (errors are kept for the first call).
    pub fn new(session: &Session, settings: &RemoteSettings) -> Self {
        let sts_endpoint_url = match &settings.sts_endpoint_url {
            Some(url) => Ok(Some(url.clone())),
            None => tolerate_missing_profile(configured_endpoint(session, "STS")),
        };
        ServiceClients {
            endpoint: tolerate_missing_profile(endpoint_settings(session)),
            sts_endpoint_url,
            sso_endpoint_url: tolerate_missing_profile(configured_endpoint(session, "SSO")),
            oidc_endpoint_url: tolerate_missing_profile(configured_endpoint(session, "SSO OIDC")),
            transport: settings.transport.clone(),
            retry_mode: settings.retry_mode,
            max_attempts: settings.max_attempts,
            sender: OnceLock::new(),
        }
    }

    fn sender(&self, service: &str) -> std::result::Result<Arc<Sender>, String> {
        self.sender
            .get_or_init(|| {
                let http = HttpClient::new(&self.transport).map_err(|e| e.to_string())?;
                let retry = RetryConfig {
                    mode: self.retry_mode,
                    max_attempts: self.max_attempts,
                    service: service.to_string(),
                };
                Sender::new(http, retry)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// A client of `model` (`sts`, `sso` or `sso-oidc`) in `region` (`None`: the session's region),
    /// signing with `signing`; errors name `provider`.
    pub fn client(
        &self,
        provider: &str,
        model: &str,
        region: Option<&str>,
        signing: Signing,
    ) -> Result<Client> {
        let fail = |message: String| ConfigError::CredentialRetrieval {
            provider: provider.to_string(),
            message,
        };
        let mut endpoint = self.endpoint.clone()?;
        if let Some(r) = region {
            endpoint.region = Some(r.to_string());
        }
        endpoint.endpoint_url = match model {
            "sso" => self.sso_endpoint_url.clone()?,
            "sso-oidc" => self.oidc_endpoint_url.clone()?,
            _ => self.sts_endpoint_url.clone()?,
        };
        if endpoint.region.is_none() {
            // botocore's STS client without a region talks to the global endpoint.
            endpoint.region = Some("us-east-1".into());
        }
        let service = Service::load(model).map_err(|e| fail(e.to_string()))?;
        let sender = self.sender(model).map_err(fail)?;
        Ok(Client::new(
            Arc::new(service),
            ClientConfig {
                endpoint,
                signing,
                s3_payload_signing: None,
            },
            sender,
        ))
    }
}

/// Calls `operation` of `client`, turning a failure into a one-line provider error.
pub fn call(client: &Client, provider: &str, operation: &str, input: &Value) -> Result<Value> {
    let fail = |message: String| ConfigError::CredentialRetrieval {
        provider: provider.to_string(),
        message,
    };
    let op = client
        .service()
        .operation(operation)
        .map_err(|e| fail(e.to_string()))?;
    client.call(&op, input).map_err(|e| fail(e.to_string()))
}

/// A text member of a response structure.
pub fn text_member(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_string)
}

/// A timestamp member as a time: a parsed timestamp, epoch seconds, or epoch milliseconds
/// when `millis` (SSO's `expiration`).
pub fn time_member(value: &Value, key: &str, millis: bool) -> Option<SystemTime> {
    match value.get(key)? {
        Value::Timestamp(t) => {
            let secs = u64::try_from(t.secs).ok()?;
            Some(UNIX_EPOCH + Duration::new(secs, t.nanos))
        }
        Value::Integer(n) => {
            let n = u64::try_from(*n).ok()?;
            Some(if millis {
                UNIX_EPOCH + Duration::from_millis(n)
            } else {
                UNIX_EPOCH + Duration::from_secs(n)
            })
        }
        Value::String(s) => crate::time::parse_iso8601(s),
        _ => None,
    }
}
