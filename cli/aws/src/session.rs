//! Builds what a service call needs from the global options, the environment and the config
//! files: settings, credentials, the HTTP sender and the client.

use crate::error::CliError;
use crate::globals::GlobalOptions;
use aws2_client::{Client, ClientConfig, EndpointSettings, Signing};
use aws2_config::credentials::{CredentialChain, RemoteClients};
use aws2_config::remote::{http_clients, RemoteSettings, ServiceClients};
use aws2_config::{CommandLine, Env, Session};
use aws2_core::model::Service;
use aws2_http::{HttpClient, ProxySettings, RetryConfig, RetryMode, Sender, TransportConfig};
use std::sync::Arc;

/// The configuration session for the global options.
pub fn config_session(globals: &GlobalOptions) -> Session {
    let mut cli = CommandLine::new();
    if let Some(p) = &globals.profile {
        cli = cli.with_profile(p.clone());
    }
    if let Some(r) = &globals.region {
        cli = cli.with("region", r.clone());
    }
    if let Some(o) = &globals.output {
        cli = cli.with("output", o.clone());
    }
    if let Some(c) = &globals.ca_bundle {
        cli = cli.with("ca_bundle", c.clone());
    }
    if let Some(f) = &globals.cli_error_format {
        cli = cli.with("cli_error_format", f.clone());
    }
    if let Some(f) = &globals.binary_format {
        cli = cli.with("cli_binary_format", f.clone());
    }
    Session::new(Env::from_process(), cli)
}

fn flag(session: &Session, name: &str) -> Result<bool, CliError> {
    session.boolean(name).map_err(CliError::from)
}

/// Builds the client of a service.
pub fn client(
    globals: &GlobalOptions,
    session: &Session,
    service: Arc<Service>,
) -> Result<Client, CliError> {
    let meta = service.metadata();
    let endpoint_url = match &globals.endpoint_url {
        Some(url) => Some(url.clone()),
        None => session
            .endpoint_url(&meta.service_id)
            .map_err(CliError::from)?
            .map(|r| r.value),
    };
    let mut settings = EndpointSettings {
        // As the AWS CLI v2, `--region ""` is the empty region, not an unset one.
        region: match &globals.region {
            Some(region) => Some(region.clone()),
            None => session.region_opt().map_err(CliError::from)?,
        },
        endpoint_url,
        use_fips_endpoint: flag(session, "use_fips_endpoint")?,
        use_dualstack_endpoint: flag(session, "use_dualstack_endpoint")?,
        sts_regional_endpoints: session
            .value("sts_regional_endpoints")
            .map_err(CliError::from)?,
        ..Default::default()
    };
    log::debug!(
        "Settings for {}: region {:?}, endpoint URL {:?}, FIPS {}, dual-stack {}",
        service.model_name(),
        settings.region,
        settings.endpoint_url,
        settings.use_fips_endpoint,
        settings.use_dualstack_endpoint
    );
    // As botocore, a client needs a region even when the endpoint URL is given; only S3's
    // client falls back to its global endpoint's region.
    if settings.region.is_none() && service.model_name() != "s3" {
        return Err(CliError::NoRegion);
    }
    let s3 = |key: &str| session.s3(key).map_err(CliError::from);
    settings.s3.addressing_style = s3("addressing_style")?;
    settings.s3.use_accelerate_endpoint = s3("use_accelerate_endpoint")?.as_deref() == Some("true");
    settings.s3.use_dualstack_endpoint = s3("use_dualstack_endpoint")?.as_deref() == Some("true");
    let s3_payload_signing =
        s3("payload_signing_enabled")?.map(|v| v.trim().eq_ignore_ascii_case("true"));
    let signing = if globals.no_sign_request {
        Signing::Anonymous
    } else {
        // Credentials with an expiry are fetched again before they expire, for every
        // request of the command.
        let chain = CredentialChain::default_for(session);
        match chain
            .resolve_for_command(
                session,
                remote_clients(globals, session, service.model_name())?,
            )
            .map_err(CliError::from)?
        {
            Some(found) => {
                log::debug!(
                    "Found credentials with method {} for profile {}",
                    found.method,
                    session.profile().name
                );
                Signing::Credentials(found.source)
            }
            None => return Err(CliError::NoCredentials),
        }
    };
    let sender = sender(globals, session, service.model_name())?;
    Ok(Client::new(
        service,
        ClientConfig {
            endpoint: settings,
            signing,
            s3_payload_signing,
        },
        Arc::new(sender),
    ))
}

/// The network clients of the credential providers (STS, SSO, container, IMDS, the MFA
/// prompt) for a command of the service `model_name`.
pub fn remote_clients(
    globals: &GlobalOptions,
    session: &Session,
    model_name: &str,
) -> Result<RemoteClients, CliError> {
    Ok(http_clients(
        session,
        &remote_settings(globals, session, model_name)?,
    ))
}

/// The STS, SSO and SSO OIDC clients of `aws sso` and `aws configure sso`, with the
/// command's transport settings (a profile that does not exist yet uses the defaults).
pub fn service_clients(
    globals: &GlobalOptions,
    session: &Session,
) -> Result<ServiceClients, CliError> {
    let settings = match remote_settings(globals, session, "sso") {
        Ok(s) => s,
        Err(_)
            if session
                .files()
                .profile(&session.profile().name)
                .ok()
                .flatten()
                .is_none() =>
        {
            RemoteSettings {
                transport: transport_config(
                    globals,
                    &Session::new(Env::from_process(), CommandLine::new()),
                )?,
                ..RemoteSettings::default()
            }
        }
        Err(e) => return Err(e),
    };
    Ok(ServiceClients::new(session, &settings))
}

/// What the credential providers' STS, SSO, container and IMDS clients need: the
/// command's transport and retry settings; `--endpoint-url` also applies to STS when the
/// command is an STS command.
fn remote_settings(
    globals: &GlobalOptions,
    session: &Session,
    model_name: &str,
) -> Result<RemoteSettings, CliError> {
    Ok(RemoteSettings {
        transport: transport_config(globals, session)?,
        retry_mode: retry_mode(session)?,
        max_attempts: session.max_attempts().map_err(CliError::from)?,
        sts_endpoint_url: globals.endpoint_url.clone().filter(|_| model_name == "sts"),
    })
}

fn retry_mode(session: &Session) -> Result<RetryMode, CliError> {
    Ok(
        match session.retry_mode().map_err(CliError::from)?.as_str() {
            "legacy" => RetryMode::Legacy,
            "adaptive" => RetryMode::Adaptive,
            _ => RetryMode::Standard,
        },
    )
}

fn sender(
    globals: &GlobalOptions,
    session: &Session,
    model_name: &str,
) -> Result<Sender, CliError> {
    let http = HttpClient::new(&transport_config(globals, session)?)
        .map_err(|e| CliError::other(e.to_string()))?;
    let retry = RetryConfig {
        mode: retry_mode(session)?,
        max_attempts: session.max_attempts().map_err(CliError::from)?,
        service: model_name.to_owned(),
    };
    Sender::new(http, retry).map_err(|e| CliError::other(e.to_string()))
}

fn transport_config(
    globals: &GlobalOptions,
    session: &Session,
) -> Result<TransportConfig, CliError> {
    let ca_bundle = session.value("ca_bundle").map_err(CliError::from)?;
    let env: std::collections::HashMap<String, String> = std::env::vars().collect();
    Ok(TransportConfig {
        cli_version: env!("CARGO_PKG_VERSION").to_owned(),
        user_agent_extra: String::new(),
        ca_bundle: ca_bundle.map(Into::into),
        verify_ssl: !globals.no_verify_ssl,
        proxies: ProxySettings::from_env(&env),
        connect_timeout: aws2_http::timeout_from_secs(
            globals
                .connect_timeout
                .unwrap_or(aws2_http::DEFAULT_TIMEOUT_SECS) as f64,
        ),
        read_timeout: aws2_http::timeout_from_secs(
            globals
                .read_timeout
                .unwrap_or(aws2_http::DEFAULT_TIMEOUT_SECS) as f64,
        ),
        tcp_keepalive: flag(session, "tcp_keepalive")?,
    })
}
