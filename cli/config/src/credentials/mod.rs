//! Credential providers and the chain that tries them in the AWS CLI's order:
//! environment, assume-role profiles, web identity, SSO, the shared credentials file,
//! `credential_process`, config-file keys, container credentials, instance metadata.
//!
//! Providers that need an AWS API call (STS, SSO, the container endpoint, IMDS) get it
//! through the small client traits of [`clients`]; the HTTP implementations live with the
//! core client. Without a client such a provider reports that it cannot run.

pub mod assume_role;
pub mod cache;
pub mod clients;
pub mod env;
pub mod process;
pub mod profile_keys;
pub mod sso;
pub mod validate;

use std::time::{Duration, SystemTime};

pub use aws2_http::Credentials;

use crate::error::Result;
use crate::session::Session;
pub use clients::RemoteClients;

/// Credentials and the provider that produced them (botocore's method names: `env`,
/// `assume-role`, `assume-role-with-web-identity`, `sso`, `shared-credentials-file`,
/// `custom-process`, `config-file`, `container-role`, `iam-role`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedCredentials {
    /// The credentials.
    pub credentials: Credentials,
    /// The provider's method name.
    pub method: &'static str,
}

/// One way of finding credentials.
pub trait ProvideCredentials {
    /// The provider's method name.
    fn method(&self) -> &'static str;
    /// `Ok(None)` when this provider has nothing configured; an error when it has
    /// configuration that does not work.
    fn provide(&self, session: &Session, clients: &RemoteClients) -> Result<Option<Credentials>>;
}

/// The default chain of providers for a session.
pub struct CredentialChain {
    providers: Vec<Box<dyn ProvideCredentials>>,
}

impl CredentialChain {
    /// The AWS CLI's order for `session`'s profile. The environment provider is left out
    /// when `--profile` was given.
    pub fn default_for(session: &Session) -> Self {
        let profile = session.profile().name;
        let explicit = session.profile_on_command_line();
        let mut providers: Vec<Box<dyn ProvideCredentials>> = Vec::new();
        if !explicit {
            providers.push(Box::new(env::EnvProvider));
        }
        providers.push(Box::new(assume_role::AssumeRoleProvider::new(&profile)));
        providers.extend(profile_providers(&profile, explicit));
        providers.push(Box::new(clients::ContainerProvider));
        providers.push(Box::new(clients::InstanceMetadataProvider));
        CredentialChain { providers }
    }

    /// A chain of exactly these providers.
    pub fn from_providers(providers: Vec<Box<dyn ProvideCredentials>>) -> Self {
        CredentialChain { providers }
    }

    /// The method names, in order.
    pub fn methods(&self) -> Vec<&'static str> {
        self.providers.iter().map(|p| p.method()).collect()
    }

    /// The first credentials found; `Ok(None)` when no provider has any.
    pub fn resolve(
        &self,
        session: &Session,
        clients: &RemoteClients,
    ) -> Result<Option<ResolvedCredentials>> {
        let mut checked = false;
        for provider in &self.providers {
            if !checked && provider.method() != "env" {
                validate::check_profile(session)?;
                checked = true;
            }
            if let Some(credentials) = provider.provide(session, clients)? {
                return Ok(Some(ResolvedCredentials {
                    credentials,
                    method: provider.method(),
                }));
            }
        }
        Ok(None)
    }
}

/// The providers that read one profile, in order (also used for a role's `source_profile`).
pub fn profile_providers(profile: &str, disable_env: bool) -> Vec<Box<dyn ProvideCredentials>> {
    vec![
        Box::new(assume_role::WebIdentityProvider::new(profile, disable_env)),
        Box::new(sso::SsoProvider::new(profile)),
        Box::new(profile_keys::SharedCredentialsProvider::new(profile)),
        Box::new(process::ProcessProvider::new(profile)),
        Box::new(profile_keys::ConfigFileProvider::new(profile)),
    ]
}

/// How long before expiry temporary credentials are fetched again (botocore's advisory
/// refresh window).
pub const REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Whether credentials should be fetched again at `now`.
pub fn needs_refresh(credentials: &Credentials, now: SystemTime) -> bool {
    match credentials.expiration {
        None => false,
        Some(exp) => now + REFRESH_WINDOW >= exp,
    }
}

/// Credentials resolved once and resolved again when they come close to expiring.
pub struct RefreshingCredentials {
    chain: CredentialChain,
    current: std::sync::Mutex<Option<ResolvedCredentials>>,
}

impl RefreshingCredentials {
    /// Wrap a chain.
    pub fn new(chain: CredentialChain) -> Self {
        RefreshingCredentials {
            chain,
            current: std::sync::Mutex::new(None),
        }
    }

    /// Valid credentials at `now`, resolving the chain again when the cached ones expire
    /// within [`REFRESH_WINDOW`].
    pub fn get(
        &self,
        session: &Session,
        clients: &RemoteClients,
        now: SystemTime,
    ) -> Result<Option<ResolvedCredentials>> {
        let mut guard = self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(c) = guard.as_ref() {
            if !needs_refresh(&c.credentials, now) {
                return Ok(Some(c.clone()));
            }
        }
        let fresh = self.chain.resolve(session, clients)?;
        guard.clone_from(&fresh);
        Ok(fresh)
    }
}

/// `****************MPLE`: sixteen stars and the last four characters, as the CLI masks
/// secrets; `None` is shown as `None`.
pub fn mask(value: Option<&str>) -> String {
    match value {
        None => "None".to_string(),
        Some(v) => {
            let chars: Vec<char> = v.chars().collect();
            let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
            format!("{}{tail}", "*".repeat(16))
        }
    }
}
