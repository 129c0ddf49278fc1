//! Checks of the selected profile before any provider runs: SSO keys mixed with other
//! credential keys, and assume-role chains (missing `source_profile`, loops).

use super::assume_role::{check_role_chain, is_role_profile};
use super::sso::SSO_PROFILE_KEYS;
use crate::error::{ConfigError, Result};
use crate::session::Session;

/// Keys that give a profile credentials of its own.
const CREDENTIAL_KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "credential_process",
];

/// Check the selected profile (a missing default profile is fine).
pub fn check_profile(session: &Session) -> Result<()> {
    let name = session.profile().name;
    let Some(profile) = session.files().profile(&name)? else {
        return Ok(());
    };
    let sso: Vec<&str> = SSO_PROFILE_KEYS
        .iter()
        .copied()
        .filter(|k| profile.has(k))
        .collect();
    let creds: Vec<&str> = CREDENTIAL_KEYS
        .iter()
        .copied()
        .filter(|k| profile.has(k))
        .collect();
    if !sso.is_empty() && !creds.is_empty() {
        return Err(ConfigError::InvalidConfig(format!(
            "The profile \"{name}\" mixes SSO settings ({}) with credential settings ({}); use one or the other (in {})",
            sso.join(", "),
            creds.join(", "),
            session.files().config_location().display
        )));
    }
    if is_role_profile(profile) {
        check_role_chain(session, &name)?;
    }
    Ok(())
}
