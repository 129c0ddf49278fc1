//! Which user-configured endpoint URL a command uses.
//!
//! Precedence, highest first:
//! 1. `--endpoint-url` on the command line (never ignored);
//! 2. unless configured endpoints are ignored (`AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`, else the
//!    profile's `ignore_configured_endpoint_urls`):
//!    `AWS_ENDPOINT_URL_<SERVICE_ID>`, `AWS_ENDPOINT_URL`, the profile's `[services <name>]`
//!    section `<service_id> = \n endpoint_url = ...`, the profile's own `endpoint_url`.
//!
//! Empty values count as unset.

use std::collections::HashMap;

use crate::error::EndpointError;

/// The plain data that decides the configured endpoint URL of one service.
#[derive(Debug, Clone, Copy)]
pub struct EndpointConfig<'a> {
    /// The service's `serviceId` from its model metadata (`S3`, `DynamoDB`, `Elastic Beanstalk`).
    pub service_id: &'a str,
    /// `--endpoint-url`, if given.
    pub cli_endpoint_url: Option<&'a str>,
    /// An explicit ignore setting that outranks the environment and the profile (an SDK client
    /// option; the command line has none, so the CLI passes `None`).
    pub ignore_override: Option<bool>,
    /// The process environment.
    pub env: &'a HashMap<String, String>,
    /// The active profile's settings (plain `key = value` pairs).
    pub profile: &'a HashMap<String, String>,
    /// The `[services <name>]` section the profile's `services` setting names: sub-section key
    /// (e.g. `s3`, `dynamodb`) to its settings. `None` when the config file has no such section.
    pub services: Option<&'a HashMap<String, HashMap<String, String>>>,
}

/// The suffix of the service's environment variable: `AWS_ENDPOINT_URL_<suffix>`, the service
/// id upper-cased with spaces and hyphens turned into underscores (`Elastic Beanstalk` gives
/// `ELASTIC_BEANSTALK`).
pub fn service_env_suffix(service_id: &str) -> String {
    snake(service_id).to_ascii_uppercase()
}

/// The service's key inside a `[services]` section: the service id lower-cased with spaces and
/// hyphens turned into underscores (`Elastic Beanstalk` gives `elastic_beanstalk`).
pub fn service_section_key(service_id: &str) -> String {
    snake(service_id).to_ascii_lowercase()
}

fn snake(service_id: &str) -> String {
    service_id.replace([' ', '-'], "_")
}

fn non_empty(value: Option<&String>) -> Option<&str> {
    value.map(String::as_str).filter(|v| !v.is_empty())
}

fn is_true(value: &str) -> bool {
    value.trim().eq_ignore_ascii_case("true")
}

/// The configured endpoint URL for a service, or `None` when the endpoint rules decide. Fails
/// only when the profile names a `[services ...]` section that does not exist.
pub fn configured_endpoint_url(
    config: &EndpointConfig<'_>,
) -> Result<Option<String>, EndpointError> {
    if let Some(url) = config.cli_endpoint_url.filter(|u| !u.is_empty()) {
        return Ok(Some(url.to_owned()));
    }
    let ignore = match config.ignore_override {
        Some(ignore) => ignore,
        None => match config.env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") {
            Some(v) => is_true(v),
            None => config
                .profile
                .get("ignore_configured_endpoint_urls")
                .is_some_and(|v| is_true(v)),
        },
    };
    if ignore {
        return Ok(None);
    }
    let env_name = format!("AWS_ENDPOINT_URL_{}", service_env_suffix(config.service_id));
    if let Some(url) = non_empty(config.env.get(&env_name)) {
        return Ok(Some(url.to_owned()));
    }
    if let Some(url) = non_empty(config.env.get("AWS_ENDPOINT_URL")) {
        return Ok(Some(url.to_owned()));
    }
    if let Some(section_name) = config.profile.get("services") {
        let services = config.services.ok_or_else(|| {
            EndpointError::Config(format!(
                "The profile is configured to use the services section but the \"{section_name}\" services configuration does not exist."
            ))
        })?;
        let url = services
            .get(&service_section_key(config.service_id))
            .and_then(|settings| non_empty(settings.get("endpoint_url")));
        if let Some(url) = url {
            return Ok(Some(url.to_owned()));
        }
    }
    Ok(non_empty(config.profile.get("endpoint_url")).map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_id_transforms() {
        assert_eq!(service_env_suffix("Elastic Beanstalk"), "ELASTIC_BEANSTALK");
        assert_eq!(service_env_suffix("S3"), "S3");
        assert_eq!(service_section_key("DynamoDB"), "dynamodb");
        assert_eq!(service_section_key("IoT Data-Plane"), "iot_data_plane");
    }

    #[test]
    fn missing_services_section_is_an_error() {
        let env = HashMap::new();
        let profile = HashMap::from([("services".to_string(), "dev".to_string())]);
        let config = EndpointConfig {
            service_id: "S3",
            cli_endpoint_url: None,
            ignore_override: None,
            env: &env,
            profile: &profile,
            services: None,
        };
        let err = configured_endpoint_url(&config).unwrap_err().to_string();
        assert!(err.contains("\"dev\" services configuration does not exist"));
    }
}
