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
pub mod refresh;
pub mod sso;
pub mod validate;

pub use aws2_http::Credentials;

use crate::error::Result;
use crate::session::Session;
pub use clients::RemoteClients;
pub use refresh::{
    expires_within, needs_refresh, CommandCredentials, RefreshingCredentials, ADVISORY_REFRESH,
    MANDATORY_REFRESH,
};

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
pub trait ProvideCredentials: Send + Sync {
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
        Ok(self
            .find(session, clients)?
            .map(|(index, credentials)| ResolvedCredentials {
                credentials,
                method: self.providers[index].method(),
            }))
    }

    /// The first credentials found, for the requests of a whole command: credentials with an
    /// expiry are fetched again from the provider that found them (with `clients`) before
    /// they expire; others are used as they are.
    pub fn resolve_for_command(
        mut self,
        session: &Session,
        clients: RemoteClients,
    ) -> Result<Option<CommandCredentials>> {
        let Some((index, credentials)) = self.find(session, &clients)? else {
            return Ok(None);
        };
        let provider = self.providers.swap_remove(index);
        Ok(Some(CommandCredentials::new(
            session,
            clients,
            provider,
            credentials,
        )))
    }

    /// The index of the first provider with credentials, and its credentials.
    fn find(
        &self,
        session: &Session,
        clients: &RemoteClients,
    ) -> Result<Option<(usize, Credentials)>> {
        let mut checked = false;
        for (index, provider) in self.providers.iter().enumerate() {
            if !checked && provider.method() != "env" {
                validate::check_profile(session)?;
                checked = true;
            }
            if let Some(credentials) = provider.provide(session, clients)? {
                return Ok(Some((index, credentials)));
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
