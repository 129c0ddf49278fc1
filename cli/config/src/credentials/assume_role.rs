//! Role profiles: `role_arn` with `source_profile` (chains allowed, loops refused) or
//! `credential_source`, `mfa_serial`, `external_id`, `role_session_name`, `duration_seconds`;
//! and web identity (`web_identity_token_file`, or `AWS_ROLE_ARN` +
//! `AWS_WEB_IDENTITY_TOKEN_FILE`). Results are cached in `~/.aws/cli/cache`.

use std::time::UNIX_EPOCH;

use super::cache::{cache_key, fresh_credentials, role_response_json, JsonFileCache, KeyArg};
use super::clients::{AssumeRoleRequest, RemoteClients, RoleCredentials, WebIdentityRequest};
use super::env::EnvProvider;
use super::{profile_providers, Credentials, ProvideCredentials};
use crate::error::{ConfigError, Result};
use crate::files::Profile;
use crate::session::Session;

/// The `credential_source` values the CLI accepts.
pub const CREDENTIAL_SOURCES: &[&str] = &["Environment", "Ec2InstanceMetadata", "EcsContainer"];

/// The role configuration of one profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleConfig {
    /// `role_arn`.
    pub role_arn: String,
    /// `source_profile`.
    pub source_profile: Option<String>,
    /// `credential_source`.
    pub credential_source: Option<String>,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `mfa_serial`.
    pub mfa_serial: Option<String>,
    /// `role_session_name`.
    pub role_session_name: Option<String>,
    /// `duration_seconds` (ignored when not a number, as botocore does).
    pub duration_seconds: Option<u32>,
}

/// Whether a profile is an assume-role profile (and not a web identity one).
pub fn is_role_profile(profile: &Profile) -> bool {
    profile.has("role_arn") && !profile.has("web_identity_token_file")
}

fn has_static_keys(profile: &Profile) -> bool {
    profile.has("aws_access_key_id") || profile.has("aws_secret_access_key")
}

fn in_file(session: &Session) -> String {
    format!(" (in {})", session.files().config_location().display)
}

/// Read and check the role configuration of `name`, following botocore's rules.
pub fn role_config(session: &Session, name: &str, visited: &[String]) -> Result<RoleConfig> {
    let profile = session
        .files()
        .profile(name)?
        .ok_or_else(|| ConfigError::ProfileNotFound(name.to_string()))?;
    let text = |k: &str| profile.get_text(k).map(str::to_string);
    let cfg = RoleConfig {
        role_arn: text("role_arn").unwrap_or_default(),
        source_profile: text("source_profile"),
        credential_source: text("credential_source"),
        external_id: text("external_id"),
        mfa_serial: text("mfa_serial"),
        role_session_name: text("role_session_name"),
        duration_seconds: text("duration_seconds").and_then(|d| d.trim().parse().ok()),
    };
    match (&cfg.source_profile, &cfg.credential_source) {
        (Some(_), Some(_)) => Err(ConfigError::InvalidConfig(format!(
            "The profile \"{name}\" contains both source_profile and credential_source.{}",
            in_file(session)
        ))),
        (None, None) => Err(ConfigError::InvalidConfig(format!(
            "The profile \"{name}\" has role_arn but neither source_profile nor credential_source{}",
            in_file(session)
        ))),
        (None, Some(source)) => {
            if CREDENTIAL_SOURCES.contains(&source.as_str()) {
                Ok(cfg)
            } else {
                Err(ConfigError::InvalidConfig(format!(
                    "The credential source \"{source}\" referenced in profile \"{name}\" is not valid.{}",
                    in_file(session)
                )))
            }
        }
        (Some(source), None) => {
            let Some(source_profile) = session.files().profile(source)? else {
                return Err(ConfigError::InvalidConfig(format!(
                    "The source_profile \"{source}\" referenced in the profile \"{name}\" does not exist.{}",
                    in_file(session)
                )));
            };
            if visited.iter().any(|v| v == source)
                && (source != name || !has_static_keys(source_profile))
            {
                let mut chain: Vec<String> = visited.to_vec();
                chain.push(source.clone());
                return Err(ConfigError::InvalidConfig(format!(
                    "Infinite loop in credential configuration detected: profile \"{source}\" was already visited ({}){}",
                    chain.join(" -> "),
                    in_file(session)
                )));
            }
            Ok(cfg)
        }
    }
}

/// Check a role profile and its whole `source_profile` chain without calling anything.
pub fn check_role_chain(session: &Session, name: &str) -> Result<()> {
    let mut visited = vec![name.to_string()];
    let mut current = name.to_string();
    loop {
        let cfg = role_config(session, &current, &visited)?;
        let Some(source) = cfg.source_profile else {
            return Ok(());
        };
        if source == current {
            return Ok(());
        }
        let profile = session.files().profile(&source)?;
        match profile {
            Some(p) if is_role_profile(p) && !has_static_keys(p) => {
                visited.push(source.clone());
                current = source;
            }
            _ => return Ok(()),
        }
    }
}

/// The assume-role provider for one profile.
pub struct AssumeRoleProvider {
    profile: String,
}

impl AssumeRoleProvider {
    /// For one profile.
    pub fn new(profile: &str) -> Self {
        AssumeRoleProvider {
            profile: profile.to_string(),
        }
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn method(&self) -> &'static str {
        "assume-role"
    }

    fn provide(&self, session: &Session, clients: &RemoteClients) -> Result<Option<Credentials>> {
        match session.files().profile(&self.profile)? {
            Some(p) if is_role_profile(p) => {}
            _ => return Ok(None),
        }
        let mut visited = vec![self.profile.clone()];
        assume_for_profile(session, clients, &self.profile, &mut visited).map(Some)
    }
}

fn assume_for_profile(
    session: &Session,
    clients: &RemoteClients,
    name: &str,
    visited: &mut Vec<String>,
) -> Result<Credentials> {
    let cfg = role_config(session, name, visited)?;
    let source = source_credentials(session, clients, name, &cfg, visited)?;
    assume_role(session, clients, &cfg, &source)
}

fn source_credentials(
    session: &Session,
    clients: &RemoteClients,
    name: &str,
    cfg: &RoleConfig,
    visited: &mut Vec<String>,
) -> Result<Credentials> {
    if let Some(source) = &cfg.credential_source {
        let found = match source.as_str() {
            "Environment" => EnvProvider.provide(session, clients)?,
            "EcsContainer" => super::clients::ContainerProvider.provide(session, clients)?,
            _ => super::clients::InstanceMetadataProvider.provide(session, clients)?,
        };
        return found.ok_or_else(|| ConfigError::CredentialRetrieval {
            provider: source.clone(),
            message: format!(
                "No credentials found in credential_source referenced in profile {name}"
            ),
        });
    }
    let source = cfg.source_profile.clone().unwrap_or_default();
    visited.push(source.clone());
    let profile = session
        .files()
        .profile(&source)?
        .ok_or_else(|| ConfigError::ProfileNotFound(source.clone()))?;
    if has_static_keys(profile) || !is_role_profile(profile) {
        for provider in profile_providers(&source, true) {
            if let Some(c) = provider.provide(session, clients)? {
                return Ok(c);
            }
        }
        return Err(ConfigError::InvalidConfig(format!(
            "The source profile \"{source}\" must have credentials.{}",
            in_file(session)
        )));
    }
    assume_for_profile(session, clients, &source, visited)
}

fn default_session_name(clients: &RemoteClients) -> String {
    let secs = clients
        .now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("botocore-session-{secs}")
}

/// The cache key botocore computes for these role arguments.
pub fn role_cache_key(
    role_arn: &str,
    role_session_name: Option<&str>,
    external_id: Option<&str>,
    serial_number: Option<&str>,
    duration_seconds: Option<u32>,
) -> String {
    let mut args: Vec<(&str, KeyArg)> = vec![("RoleArn", KeyArg::Str(role_arn.to_string()))];
    if let Some(n) = role_session_name {
        args.push(("RoleSessionName", KeyArg::Str(n.to_string())));
    }
    if let Some(e) = external_id {
        args.push(("ExternalId", KeyArg::Str(e.to_string())));
    }
    if let Some(s) = serial_number {
        args.push(("SerialNumber", KeyArg::Str(s.to_string())));
    }
    if let Some(d) = duration_seconds {
        args.push(("DurationSeconds", KeyArg::Int(i64::from(d))));
    }
    cache_key(&args)
}

fn assume_role(
    session: &Session,
    clients: &RemoteClients,
    cfg: &RoleConfig,
    source: &Credentials,
) -> Result<Credentials> {
    let cache = JsonFileCache::cli_cache(session.env());
    let key = role_cache_key(
        &cfg.role_arn,
        cfg.role_session_name.as_deref(),
        cfg.external_id.as_deref(),
        cfg.mfa_serial.as_deref(),
        cfg.duration_seconds,
    );
    if let Some(creds) = cache
        .get(&key)
        .and_then(|doc| fresh_credentials(&doc, clients.now()))
    {
        return Ok(creds);
    }
    let sts = clients.sts_for("assume-role")?;
    let token_code = match &cfg.mfa_serial {
        Some(serial) => match &clients.mfa {
            Some(prompt) => Some(prompt.mfa_code(serial)?),
            None => {
                return Err(ConfigError::CredentialRetrieval {
                    provider: "assume-role".into(),
                    message: format!(
                        "an MFA code is needed for {serial} but no terminal is available"
                    ),
                })
            }
        },
        None => None,
    };
    let request = AssumeRoleRequest {
        role_arn: cfg.role_arn.clone(),
        role_session_name: cfg
            .role_session_name
            .clone()
            .unwrap_or_else(|| default_session_name(clients)),
        external_id: cfg.external_id.clone(),
        serial_number: cfg.mfa_serial.clone(),
        token_code,
        duration_seconds: cfg.duration_seconds,
    };
    let region = session.region_opt()?;
    let role = sts.assume_role(source, region.as_deref(), &request)?;
    store(&cache, &key, &role);
    Ok(role.credentials)
}

fn store(cache: &JsonFileCache, key: &str, role: &RoleCredentials) {
    // A cache that cannot be written only costs a new call next time.
    let _ = cache.put(key, &role_response_json(role));
}

/// Web identity: a token file and a role, from the profile or the environment.
pub struct WebIdentityProvider {
    profile: String,
    disable_env: bool,
}

impl WebIdentityProvider {
    /// For one profile; `disable_env` ignores `AWS_ROLE_ARN` and friends.
    pub fn new(profile: &str, disable_env: bool) -> Self {
        WebIdentityProvider {
            profile: profile.to_string(),
            disable_env,
        }
    }

    fn config(&self, session: &Session, key: &str, env_var: &str) -> Result<Option<String>> {
        if !self.disable_env {
            if let Some(v) = session.env().get(env_var) {
                return Ok(Some(v.to_string()));
            }
        }
        Ok(session
            .files()
            .profile(&self.profile)?
            .and_then(|p| p.get_text(key))
            .map(str::to_string))
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn method(&self) -> &'static str {
        "assume-role-with-web-identity"
    }

    fn provide(&self, session: &Session, clients: &RemoteClients) -> Result<Option<Credentials>> {
        let Some(token_file) = self.config(
            session,
            "web_identity_token_file",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
        )?
        else {
            return Ok(None);
        };
        let Some(role_arn) = self.config(session, "role_arn", "AWS_ROLE_ARN")? else {
            return Err(ConfigError::InvalidConfig(
                "The provided profile or the current environment is configured to assume role with web identity but has no role ARN configured. Ensure that the profile has the role_arn configuration set or the AWS_ROLE_ARN env var is set.".into(),
            ));
        };
        let session_name = self.config(session, "role_session_name", "AWS_ROLE_SESSION_NAME")?;
        let duration = session
            .files()
            .profile(&self.profile)?
            .and_then(|p| p.get_text("duration_seconds"))
            .and_then(|d| d.trim().parse().ok());
        let cache = JsonFileCache::cli_cache(session.env());
        let key = role_cache_key(&role_arn, session_name.as_deref(), None, None, None);
        if let Some(c) = cache
            .get(&key)
            .and_then(|d| fresh_credentials(&d, clients.now()))
        {
            return Ok(Some(c));
        }
        let path = session.env().expand_user(&token_file);
        let token = std::fs::read_to_string(&path).map_err(|e| ConfigError::read(&path, &e))?;
        let sts = clients.sts_for(self.method())?;
        let request = WebIdentityRequest {
            role_arn,
            role_session_name: session_name.unwrap_or_else(|| default_session_name(clients)),
            web_identity_token: token.trim().to_string(),
            duration_seconds: duration,
        };
        let region = session.region_opt()?;
        let role = sts.assume_role_with_web_identity(region.as_deref(), &request)?;
        store(&cache, &key, &role);
        Ok(Some(role.credentials))
    }
}
