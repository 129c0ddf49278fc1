//! Static keys of a profile: `aws_access_key_id`, `aws_secret_access_key`,
//! `aws_session_token` (or the older `aws_security_token`), read from the credentials file
//! (provider `shared-credentials-file`) or from the config file (`config-file`).

use super::{clients::RemoteClients, Credentials, ProvideCredentials};
use crate::error::{ConfigError, Result};
use crate::ini::IniSection;
use crate::session::Session;

/// Static keys from one section; `None` without an access key id.
pub fn keys_from_section(
    section: &IniSection,
    provider: &str,
    file: &str,
) -> Result<Option<Credentials>> {
    let text = |k: &str| section.get(k).and_then(|v| v.as_text()).map(str::to_string);
    let Some(access) = text("aws_access_key_id") else {
        return Ok(None);
    };
    let Some(secret) = text("aws_secret_access_key") else {
        return Err(ConfigError::PartialCredentials {
            provider: provider.to_string(),
            missing: format!("aws_secret_access_key (profile {} in {file})", section.name),
        });
    };
    let mut creds = Credentials::new(access, secret);
    creds.session_token = text("aws_session_token").or_else(|| text("aws_security_token"));
    Ok(Some(creds))
}

/// Keys from the credentials file.
pub struct SharedCredentialsProvider {
    profile: String,
}

impl SharedCredentialsProvider {
    /// For one profile.
    pub fn new(profile: &str) -> Self {
        SharedCredentialsProvider {
            profile: profile.to_string(),
        }
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn method(&self) -> &'static str {
        "shared-credentials-file"
    }

    fn provide(&self, session: &Session, _: &RemoteClients) -> Result<Option<Credentials>> {
        let files = session.files();
        let Some(doc) = files.credentials()? else {
            return Ok(None);
        };
        match doc.sections.iter().find(|s| s.name == self.profile) {
            Some(section) => keys_from_section(
                section,
                self.method(),
                &files.credentials_location().display,
            ),
            None => Ok(None),
        }
    }
}

/// Keys from the config file.
pub struct ConfigFileProvider {
    profile: String,
}

impl ConfigFileProvider {
    /// For one profile.
    pub fn new(profile: &str) -> Self {
        ConfigFileProvider {
            profile: profile.to_string(),
        }
    }
}

impl ProvideCredentials for ConfigFileProvider {
    fn method(&self) -> &'static str {
        "config-file"
    }

    fn provide(&self, session: &Session, _: &RemoteClients) -> Result<Option<Credentials>> {
        let files = session.files();
        let Some(config) = files.config()? else {
            return Ok(None);
        };
        match config.profiles.iter().find(|s| s.name == self.profile) {
            Some(section) => {
                keys_from_section(section, self.method(), &files.config_location().display)
            }
            None => Ok(None),
        }
    }
}
