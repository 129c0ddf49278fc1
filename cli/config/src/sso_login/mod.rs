//! `aws sso login`, `aws sso logout` and `aws configure sso`: the device authorization flow
//! of the `sso-oidc` API (RegisterClient, StartDeviceAuthorization, CreateToken polling),
//! the token cache of `~/.aws/sso/cache` in the shared JSON format, account and role
//! selection through the `sso` API, and the profile written at the end.
//!
//! The terminal is reached only through [`LoginUi`], which the binary implements (and
//! tests script), so this module neither prints nor sleeps by itself.

pub mod configure;
pub mod flow;
pub mod oidc;
pub mod terminal;
pub mod token;

use std::time::Duration;

use crate::error::{ConfigError, Result};
use crate::files::Profile;
use crate::session::Session;

pub use configure::{configure_sso, configure_sso_session};
pub use flow::{login, logout};

/// Everything the login flow needs to talk to the user.
pub trait LoginUi {
    /// Show text as is (it carries its own newlines).
    fn print(&mut self, text: &str);
    /// Show `text` and read one line (without its newline).
    fn prompt(&mut self, text: &str) -> Result<String>;
    /// Let the user pick one of `items` (arrow keys on a terminal); the index picked.
    fn select(&mut self, items: &[String]) -> Result<usize>;
    /// Open `url` in the user's browser; whether that worked.
    fn open_browser(&mut self, url: &str) -> bool;
    /// Wait between two polls of the token endpoint.
    fn sleep(&mut self, duration: Duration);
}

/// The SSO portal a login is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginConfig {
    /// `sso_start_url`.
    pub start_url: String,
    /// `sso_region`.
    pub region: String,
    /// The `[sso-session name]`, when the configuration uses one.
    pub session_name: Option<String>,
    /// `sso_registration_scopes` of the session (`sso:account:access` by default).
    pub scopes: Vec<String>,
}

/// The default registration scope of an `sso-session`.
pub const DEFAULT_SCOPE: &str = "sso:account:access";

fn missing(keys: &[&str]) -> ConfigError {
    ConfigError::Sso(format!(
        "Missing the following required SSO configuration values: {}. To make sure this profile is properly configured to use SSO, please run: aws configure sso",
        keys.join(", ")
    ))
}

fn from_section(name: &str, get: impl Fn(&str) -> Option<String>) -> Result<LoginConfig> {
    let start_url = get("sso_start_url");
    let region = get("sso_region");
    let mut absent = Vec::new();
    if start_url.is_none() {
        absent.push("sso_start_url");
    }
    if region.is_none() {
        absent.push("sso_region");
    }
    if !absent.is_empty() {
        return Err(missing(&absent));
    }
    let scopes = get("sso_registration_scopes")
        .map(|s| {
            s.split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| vec![DEFAULT_SCOPE.to_string()]);
    Ok(LoginConfig {
        start_url: start_url.unwrap_or_default(),
        region: region.unwrap_or_default(),
        session_name: Some(name.to_string()),
        scopes,
    })
}

/// The login configuration of `[sso-session name]`.
pub fn session_config(session: &Session, name: &str) -> Result<LoginConfig> {
    let section = session
        .files()
        .config()?
        .and_then(|c| c.sso_session(name))
        .ok_or_else(|| {
            ConfigError::Sso(format!(
                "The specified sso-session does not exist: \"{name}\""
            ))
        })?;
    from_section(name, |k| {
        section.get(k).and_then(|v| v.as_text()).map(str::to_string)
    })
}

/// The login configuration of the session's profile: its `sso_session`, or the older
/// `sso_start_url` / `sso_region` keys.
pub fn profile_config(session: &Session) -> Result<LoginConfig> {
    let profile: Option<&Profile> = session.scoped_profile()?;
    let Some(profile) = profile else {
        return Err(missing(&["sso_start_url", "sso_region"]));
    };
    if let Some(name) = profile.get_text("sso_session") {
        return session_config(session, name);
    }
    let mut cfg = from_section(&profile.name, |k| profile.get_text(k).map(str::to_string))?;
    cfg.session_name = None;
    cfg.scopes = Vec::new();
    Ok(cfg)
}
