//! The seams for providers that need a network call. Each is a small trait; the HTTP
//! implementations (STS and SSO through the core client, the container endpoint, IMDS)
//! plug in through [`RemoteClients`].

use std::time::SystemTime;

use super::{Credentials, ProvideCredentials};
use crate::clock::Clock;
use crate::error::{ConfigError, Result};
use crate::session::Session;

/// Parameters of STS `AssumeRole`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssumeRoleRequest {
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`.
    pub role_session_name: String,
    /// `ExternalId`.
    pub external_id: Option<String>,
    /// `SerialNumber` (the MFA device).
    pub serial_number: Option<String>,
    /// `TokenCode` (the MFA code typed by the user).
    pub token_code: Option<String>,
    /// `DurationSeconds`.
    pub duration_seconds: Option<u32>,
}

/// Parameters of STS `AssumeRoleWithWebIdentity`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WebIdentityRequest {
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`.
    pub role_session_name: String,
    /// `WebIdentityToken` (the contents of the token file).
    pub web_identity_token: String,
    /// `DurationSeconds`.
    pub duration_seconds: Option<u32>,
}

/// What STS returned for a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleCredentials {
    /// The temporary credentials (with their expiration).
    pub credentials: Credentials,
    /// `AssumedRoleUser.Arn`, when returned.
    pub assumed_role_arn: Option<String>,
    /// `AssumedRoleUser.AssumedRoleId`, when returned.
    pub assumed_role_id: Option<String>,
}

/// STS calls, signed with `source` credentials where the operation needs them.
pub trait StsClient: Send + Sync {
    /// `AssumeRole`.
    fn assume_role(
        &self,
        source: &Credentials,
        region: Option<&str>,
        request: &AssumeRoleRequest,
    ) -> Result<RoleCredentials>;
    /// `AssumeRoleWithWebIdentity` (unsigned).
    fn assume_role_with_web_identity(
        &self,
        region: Option<&str>,
        request: &WebIdentityRequest,
    ) -> Result<RoleCredentials>;
}

/// SSO `GetRoleCredentials` with a cached SSO access token.
pub trait SsoClient: Send + Sync {
    /// Role credentials for the account and role of a profile's SSO settings.
    fn get_role_credentials(&self, sso: &crate::credentials::sso::SsoConfig)
        -> Result<Credentials>;
}

/// The ECS/EKS container credentials endpoint.
pub trait ContainerClient: Send + Sync {
    /// Credentials from `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`
    /// (`Ok(None)` when neither is set).
    fn container_credentials(&self, session: &Session) -> Result<Option<Credentials>>;
}

/// The EC2 instance metadata service.
pub trait InstanceMetadataClient: Send + Sync {
    /// The instance role's credentials (`Ok(None)` when there is no role or no IMDS).
    fn instance_credentials(&self, session: &Session) -> Result<Option<Credentials>>;
}

/// Asks the user for an MFA code without echoing it.
pub trait MfaPrompt: Send + Sync {
    /// Show `Enter MFA code for <serial>: ` and read the code.
    fn mfa_code(&self, serial: &str) -> Result<String>;
}

/// The network clients available to the providers; any may be absent.
#[derive(Default)]
pub struct RemoteClients {
    /// STS.
    pub sts: Option<Box<dyn StsClient>>,
    /// SSO.
    pub sso: Option<Box<dyn SsoClient>>,
    /// The container endpoint.
    pub container: Option<Box<dyn ContainerClient>>,
    /// IMDS.
    pub imds: Option<Box<dyn InstanceMetadataClient>>,
    /// The MFA prompt.
    pub mfa: Option<Box<dyn MfaPrompt>>,
    /// The clock of cache and credential expiry (`None`: [`crate::clock::now`]).
    pub now: Option<Clock>,
}

impl RemoteClients {
    /// No clients at all: only providers without network calls work.
    pub fn none() -> Self {
        RemoteClients::default()
    }

    /// The current time.
    pub fn now(&self) -> SystemTime {
        match &self.now {
            Some(clock) => clock.now(),
            None => crate::clock::now(),
        }
    }

    /// The STS client or a clear error naming the provider that needed it.
    pub fn sts_for(&self, provider: &str) -> Result<&dyn StsClient> {
        self.sts
            .as_deref()
            .ok_or_else(|| ConfigError::ClientUnavailable {
                provider: provider.into(),
                service: "sts".into(),
            })
    }
}

/// Container credentials (`container-role`), through [`ContainerClient`].
pub struct ContainerProvider;

/// Whether the environment points at a container credentials endpoint.
pub fn container_configured(session: &Session) -> bool {
    let env = session.env();
    env.get_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        .is_some()
        || env
            .get_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI")
            .is_some()
}

impl ProvideCredentials for ContainerProvider {
    fn method(&self) -> &'static str {
        "container-role"
    }

    fn provide(&self, session: &Session, clients: &RemoteClients) -> Result<Option<Credentials>> {
        if !container_configured(session) {
            return Ok(None);
        }
        match &clients.container {
            Some(c) => c.container_credentials(session),
            None => Err(ConfigError::ClientUnavailable {
                provider: self.method().into(),
                service: "container".into(),
            }),
        }
    }
}

/// Instance metadata credentials (`iam-role`), through [`InstanceMetadataClient`].
pub struct InstanceMetadataProvider;

impl ProvideCredentials for InstanceMetadataProvider {
    fn method(&self) -> &'static str {
        "iam-role"
    }

    fn provide(&self, session: &Session, clients: &RemoteClients) -> Result<Option<Credentials>> {
        if session.boolean("ec2_metadata_disabled")? {
            return Ok(None);
        }
        match &clients.imds {
            Some(c) => c.instance_credentials(session),
            // Without an IMDS client there is no instance to ask: nothing found.
            None => Ok(None),
        }
    }
}
