//! `aws sso login` (device authorization, token cached) and `aws sso logout` (tokens and
//! the role credentials derived from them removed).

use std::time::{Duration, SystemTime};

use aws2_client::Signing;
use aws2_core::Value;
use serde_json::json;

use super::oidc::{self, Poll, Registration};
use super::token::{
    is_sso_credentials, json_files, read_registration, registration_path, token_of,
    write_registration, write_token,
};
use super::{LoginConfig, LoginUi};
use crate::credentials::cache::JsonFileCache;
use crate::error::{ConfigError, Result};
use crate::remote::sso::token_cache_dir;
use crate::remote::ServiceClients;
use crate::session::Session;

/// Options of `aws sso login`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginOptions {
    /// `--no-browser`: only print the URL and code.
    pub no_browser: bool,
}

/// The text shown when the browser was opened (the user guide's wording).
pub const BROWSER_OPENED: &str = "SSO authorization page has automatically been opened in your default browser.\nFollow the instructions in the browser to complete this authorization request.\n";

/// The text shown when the user has to open the page.
pub fn manual_instructions(url: &str, code: &str) -> String {
    format!("Using a browser, open the following URL:\n\n{url}\n\nand enter the following code:\n{code}\n")
}

fn client_name(cfg: &LoginConfig, now: SystemTime) -> String {
    match &cfg.session_name {
        Some(name) => format!("botocore-client-{name}"),
        None => {
            let secs = now
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            format!("botocore-client-{secs}")
        }
    }
}

fn registration(
    session: &Session,
    client: &aws2_client::Client,
    cfg: &LoginConfig,
    now: SystemTime,
) -> Result<Registration> {
    let path = registration_path(&token_cache_dir(session.env()), cfg);
    if let Some(reg) = read_registration(&path, now) {
        return Ok(reg);
    }
    let reg = oidc::register(client, &client_name(cfg, now), &cfg.scopes)?;
    // A registration that cannot be cached is only registered again next time.
    let _ = write_registration(&path, &reg, &cfg.scopes);
    Ok(reg)
}

/// Log in to the portal of `cfg` and cache the token; returns the access token.
pub fn login(
    session: &Session,
    clients: &ServiceClients,
    cfg: &LoginConfig,
    ui: &mut dyn LoginUi,
    options: &LoginOptions,
) -> Result<String> {
    let now = SystemTime::now();
    let client = clients.client("sso", "sso-oidc", Some(&cfg.region), Signing::Anonymous)?;
    let reg = registration(session, &client, cfg, now)?;
    let auth = oidc::start(&client, &reg, &cfg.start_url)?;
    let page = auth
        .verification_uri_complete
        .clone()
        .unwrap_or_else(|| auth.verification_uri.clone());
    if !options.no_browser && ui.open_browser(&page) {
        ui.print(BROWSER_OPENED);
    } else {
        ui.print(&manual_instructions(
            &auth.verification_uri,
            &auth.user_code,
        ));
    }
    let mut interval = auth.interval;
    let mut waited = 0u64;
    let token = loop {
        match oidc::create_token(&client, &reg, &auth.device_code)? {
            Poll::Token(t) => break t,
            Poll::Pending => {}
            Poll::SlowDown => interval += 5,
        }
        if waited >= auth.expires_in {
            return Err(ConfigError::Sso(
                "The device authorization has expired before it was approved. Run aws sso login again.".into(),
            ));
        }
        ui.sleep(Duration::from_secs(interval));
        waited += interval;
    };
    write_token(
        &token_cache_dir(session.env()),
        cfg,
        &reg,
        &token,
        SystemTime::now(),
    )?;
    ui.print(&format!(
        "Successfully logged into Start URL: {}\n",
        cfg.start_url
    ));
    Ok(token.access_token)
}

/// Remove every cached SSO token (telling the portal to end each session) and every role
/// credential cached from SSO. Returns how many files were removed.
pub fn logout(session: &Session, clients: &ServiceClients) -> Result<usize> {
    let mut removed = 0;
    for path in json_files(&token_cache_dir(session.env())) {
        let Some((token, region)) = token_of(&path) else {
            continue;
        };
        if let Ok(client) = clients.client("sso", "sso", region.as_deref(), Signing::Anonymous) {
            if let Ok(op) = client.service().operation("Logout") {
                // The local files go whatever the portal answers.
                let _ = client.call(&op, &Value::from_json(&json!({ "accessToken": token })));
            }
        }
        std::fs::remove_file(&path).map_err(|e| ConfigError::write(&path, &e))?;
        removed += 1;
    }
    let cache = JsonFileCache::cli_cache(session.env());
    for path in json_files(cache.dir()) {
        if is_sso_credentials(&path) {
            std::fs::remove_file(&path).map_err(|e| ConfigError::write(&path, &e))?;
            removed += 1;
        }
    }
    Ok(removed)
}
