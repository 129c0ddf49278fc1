//! SSO profiles: `sso_account_id` and `sso_role_name` with either `sso_session` (pointing at
//! an `[sso-session name]` section with `sso_start_url` and `sso_region`) or the older
//! `sso_start_url` / `sso_region` keys in the profile itself. Role credentials come from
//! [`super::clients::SsoClient`].

use super::clients::RemoteClients;
use super::{Credentials, ProvideCredentials};
use crate::error::{ConfigError, Result};
use crate::files::Profile;
use crate::session::Session;

/// Keys that make a profile an SSO profile.
pub const SSO_PROFILE_KEYS: &[&str] = &[
    "sso_start_url",
    "sso_region",
    "sso_role_name",
    "sso_account_id",
];

/// A complete SSO configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoConfig {
    /// The portal's start URL.
    pub start_url: String,
    /// The region of the SSO service.
    pub region: String,
    /// The `sso-session` name, when one is used.
    pub session_name: Option<String>,
    /// The account.
    pub account_id: String,
    /// The role.
    pub role_name: String,
}

/// The SSO configuration of a profile: `Ok(None)` when it has no SSO keys.
pub fn sso_config(session: &Session, profile: &Profile) -> Result<Option<SsoConfig>> {
    if !SSO_PROFILE_KEYS.iter().any(|k| profile.has(k)) {
        return Ok(None);
    }
    let text = |k: &str| profile.get_text(k).map(str::to_string);
    let mut start_url = text("sso_start_url");
    let mut region = text("sso_region");
    let session_name = text("sso_session");
    if let Some(section) = session.sso_session(profile)? {
        let name = session_name.clone().unwrap_or_default();
        for (key, slot) in [
            ("sso_start_url", &mut start_url),
            ("sso_region", &mut region),
        ] {
            let from_session = section
                .get(key)
                .and_then(|v| v.as_text())
                .map(str::to_string);
            if let (Some(a), Some(b)) = (slot.as_ref(), from_session.as_ref()) {
                if a != b {
                    return Err(ConfigError::InvalidConfig(format!(
                        "The value for {key} is inconsistent between profile ({}) and sso-session ({name}).",
                        profile.name
                    )));
                }
            }
            if slot.is_none() {
                *slot = from_session;
            }
        }
    }
    let account_id = text("sso_account_id");
    let role_name = text("sso_role_name");
    let missing: Vec<&str> = [
        ("sso_start_url", start_url.is_none()),
        ("sso_region", region.is_none()),
        ("sso_account_id", account_id.is_none()),
        ("sso_role_name", role_name.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(k, _)| *k)
    .collect();
    if !missing.is_empty() {
        return Err(ConfigError::InvalidConfig(format!(
            "The profile \"{}\" is configured to use SSO but is missing required configuration: {} (in {})",
            profile.name,
            missing.join(", "),
            session.files().config_location().display
        )));
    }
    Ok(Some(SsoConfig {
        start_url: start_url.unwrap_or_default(),
        region: region.unwrap_or_default(),
        session_name,
        account_id: account_id.unwrap_or_default(),
        role_name: role_name.unwrap_or_default(),
    }))
}

/// The SSO provider for one profile.
pub struct SsoProvider {
    profile: String,
}

impl SsoProvider {
    /// For one profile.
    pub fn new(profile: &str) -> Self {
        SsoProvider {
            profile: profile.to_string(),
        }
    }
}

impl ProvideCredentials for SsoProvider {
    fn method(&self) -> &'static str {
        "sso"
    }

    fn provide(&self, session: &Session, clients: &RemoteClients) -> Result<Option<Credentials>> {
        let Some(profile) = session.files().profile(&self.profile)? else {
            return Ok(None);
        };
        let Some(cfg) = sso_config(session, profile)? else {
            return Ok(None);
        };
        let Some(sso) = &clients.sso else {
            return Err(ConfigError::ClientUnavailable {
                provider: self.method().into(),
                service: "sso".into(),
            });
        };
        sso.get_role_credentials(&cfg).map(Some)
    }
}
