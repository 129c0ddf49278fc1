//! `aws configure set varname value`: which file and section a name goes to, exactly as
//! the Python CLI decides it (credential keys go to the credentials file).

use super::{profile_to_section, PREDEFINED_SECTION_NAMES};
use crate::error::{ConfigError, Result};
use crate::session::{Session, Source};
use crate::writer::{update_config, WriteValue};

/// Keys written to the credentials file rather than the config file.
pub const CREDENTIALS_FILE_KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
];

/// Where a `configure set` lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetTarget {
    /// Whether the credentials file is written.
    pub credentials_file: bool,
    /// The section header text.
    pub section: String,
    /// The key.
    pub key: String,
    /// A sub-key inside a nested block (`s3.max_concurrent_requests`).
    pub sub_key: Option<String>,
}

/// Work out the file, section and key for `varname`.
pub fn set_target(session: &Session, varname: &str) -> SetTarget {
    let parts: Vec<&str> = varname.split('.').collect();
    // (section given explicitly as a profile name, raw profile name, key, sub-keys)
    let (explicit_profile, plain_section, key, rest): (
        Option<String>,
        Option<String>,
        String,
        Vec<&str>,
    ) = if parts.len() == 1 {
        (None, None, varname.to_string(), vec![])
    } else if parts[0] == "default" {
        (
            Some("default".into()),
            None,
            parts[1].to_string(),
            parts[2..].to_vec(),
        )
    } else if parts[0] == "profile" && parts.len() >= 3 {
        (
            Some(parts[1].into()),
            None,
            parts[2].to_string(),
            parts[3..].to_vec(),
        )
    } else if !PREDEFINED_SECTION_NAMES.contains(&parts[0]) {
        (None, None, parts[0].to_string(), parts[1..].to_vec())
    } else if parts.len() == 2 {
        (None, Some(parts[0].into()), parts[1].to_string(), vec![])
    } else {
        (None, None, varname.to_string(), vec![])
    };
    let sub_key = match rest.as_slice() {
        [one] => Some((*one).to_string()),
        _ => None,
    };
    let profile = explicit_profile.unwrap_or_else(|| {
        let choice = session.profile();
        if choice.source == Source::Default {
            "default".into()
        } else {
            choice.name
        }
    });
    let credentials_file = CREDENTIALS_FILE_KEYS.contains(&key.as_str());
    let section = match (plain_section, credentials_file) {
        (Some(s), _) => s,
        (None, true) => profile,
        (None, false) => profile_to_section(&profile),
    };
    SetTarget {
        credentials_file,
        section,
        key,
        sub_key,
    }
}

/// Run `configure set`.
pub fn configure_set(session: &Session, varname: &str, value: &str) -> Result<()> {
    if varname.is_empty() {
        return Err(ConfigError::Usage("varname must not be empty".into()));
    }
    let target = set_target(session, varname);
    let files = session.files();
    let path = if target.credentials_file {
        &files.credentials_location().path
    } else {
        &files.config_location().path
    };
    let write_value = match target.sub_key {
        Some(sub) => WriteValue::Nested(vec![(sub, value.to_string())]),
        None => WriteValue::Text(value.to_string()),
    };
    update_config(
        path,
        &target.section,
        &[(target.key, write_value)],
        target.credentials_file,
    )
}
