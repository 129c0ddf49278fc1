//! `aws configure sso`: start URL and region prompts, login, account and role selection
//! (automatic when there is only one), region / output / profile name prompts, and the
//! profile written to the config file.

use aws2_client::{Client, Signing};
use aws2_core::Value;
use serde_json::json;

use super::flow::{login, LoginOptions};
use super::{LoginConfig, LoginUi};
use crate::configure::profile_to_section;
use crate::error::{ConfigError, Result};
use crate::remote::{text_member, ServiceClients};
use crate::session::{Session, Source};
use crate::writer::{update_config, WriteValue};

/// One account of the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `accountId`.
    pub id: String,
    /// `accountName`.
    pub name: String,
    /// `emailAddress`.
    pub email: String,
}

fn fail(operation: &str, e: impl std::fmt::Display) -> ConfigError {
    ConfigError::Sso(format!("Error when calling {operation}: {e}"))
}

/// Every item of a paginated `sso` list call.
fn list_all(
    client: &Client,
    operation: &str,
    input: serde_json::Value,
    key: &str,
) -> Result<Vec<Value>> {
    let op = client
        .service()
        .operation(operation)
        .map_err(|e| fail(operation, e))?;
    let mut items = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let mut page = input.clone();
        if let Some(t) = &next {
            page["nextToken"] = json!(t);
        }
        let out = client
            .call(&op, &Value::from_json(&page))
            .map_err(|e| fail(operation, e))?;
        if let Some(Value::List(list)) = out.get(key) {
            items.extend(list.iter().cloned());
        }
        match text_member(&out, "nextToken") {
            Some(t) if Some(&t) != next.as_ref() => next = Some(t),
            _ => return Ok(items),
        }
    }
}

/// The accounts the token gives access to.
pub fn list_accounts(client: &Client, token: &str) -> Result<Vec<Account>> {
    let items = list_all(
        client,
        "ListAccounts",
        json!({"accessToken": token}),
        "accountList",
    )?;
    Ok(items
        .iter()
        .filter_map(|a| {
            Some(Account {
                id: text_member(a, "accountId")?,
                name: text_member(a, "accountName").unwrap_or_default(),
                email: text_member(a, "emailAddress").unwrap_or_default(),
            })
        })
        .collect())
}

/// The role names of an account.
pub fn list_roles(client: &Client, token: &str, account: &str) -> Result<Vec<String>> {
    let input = json!({"accessToken": token, "accountId": account});
    let items = list_all(client, "ListAccountRoles", input, "roleList")?;
    Ok(items
        .iter()
        .filter_map(|r| text_member(r, "roleName"))
        .collect())
}

fn prompt_value(
    ui: &mut dyn LoginUi,
    label: &str,
    current: Option<&str>,
) -> Result<Option<String>> {
    let answer = ui.prompt(&format!("{label} [{}]: ", current.unwrap_or("None")))?;
    let answer = answer.trim();
    Ok(if answer.is_empty() {
        current.map(str::to_string)
    } else {
        Some(answer.to_string())
    })
}

fn choose<T>(
    ui: &mut dyn LoginUi,
    items: &[T],
    what: &str,
    one: impl Fn(&T) -> String,
    label: impl Fn(&T) -> String,
) -> Result<usize> {
    match items.len() {
        0 => Err(ConfigError::Sso(format!("No {what}s were found"))),
        1 => {
            ui.print(&format!(
                "The only {what} available to you is: {}\n",
                one(&items[0])
            ));
            Ok(0)
        }
        n => {
            ui.print(&format!("There are {n} {what}s available to you.\n"));
            let labels: Vec<String> = items.iter().map(label).collect();
            let picked = ui.select(&labels)?;
            if picked < n {
                Ok(picked)
            } else {
                Err(ConfigError::Sso(format!("No {what} was selected")))
            }
        }
    }
}

/// Run `aws configure sso`; returns the name of the profile written.
pub fn configure_sso(
    session: &Session,
    clients: &ServiceClients,
    ui: &mut dyn LoginUi,
    options: &LoginOptions,
) -> Result<String> {
    let choice = session.profile();
    let explicit = matches!(choice.source, Source::CommandLine(_));
    let existing = match session.files().profile(&choice.name) {
        Ok(p) if explicit => p,
        _ => None,
    };
    let current = |k: &str| existing.and_then(|p| p.get_text(k)).map(str::to_string);
    let start_url = prompt_value(ui, "SSO start URL", current("sso_start_url").as_deref())?
        .ok_or_else(|| ConfigError::Sso("An SSO start URL is required".into()))?;
    let sso_region = prompt_value(ui, "SSO region", current("sso_region").as_deref())?
        .ok_or_else(|| ConfigError::Sso("An SSO region is required".into()))?;
    let cfg = LoginConfig {
        start_url: start_url.clone(),
        region: sso_region.clone(),
        session_name: None,
        scopes: Vec::new(),
    };
    let token = login(session, clients, &cfg, ui, options)?;
    let sso = clients.client("sso", "sso", Some(&sso_region), Signing::Anonymous)?;
    let accounts = list_accounts(&sso, &token)?;
    let picked = choose(
        ui,
        &accounts,
        "AWS account",
        |a| a.id.clone(),
        |a| format!("{}, {} ({})", a.name, a.email, a.id),
    )?;
    let account = accounts[picked].id.clone();
    ui.print(&format!("Using the account ID {account}\n"));
    let roles = list_roles(&sso, &token, &account)?;
    let picked = choose(ui, &roles, "role", |r| r.clone(), |r| r.clone())?;
    let role = roles[picked].clone();
    ui.print(&format!("Using the role name \"{role}\"\n"));
    let region = prompt_value(
        ui,
        "CLI default client Region",
        current("region").as_deref(),
    )?;
    let output = prompt_value(
        ui,
        "CLI default output format",
        current("output").as_deref(),
    )?;
    let name = if explicit {
        choice.name.clone()
    } else {
        let default = format!("{account}_{role}");
        prompt_value(ui, "CLI profile name", Some(&default))?.unwrap_or(default)
    };
    let mut values = vec![
        ("sso_start_url".to_string(), WriteValue::Text(start_url)),
        ("sso_region".to_string(), WriteValue::Text(sso_region)),
        ("sso_account_id".to_string(), WriteValue::Text(account)),
        ("sso_role_name".to_string(), WriteValue::Text(role)),
    ];
    if let Some(r) = region {
        values.push(("region".into(), WriteValue::Text(r)));
    }
    if let Some(o) = output {
        values.push(("output".into(), WriteValue::Text(o)));
    }
    update_config(
        &session.files().config_location().path,
        &profile_to_section(&name),
        &values,
        false,
    )?;
    let shown = if name.contains(char::is_whitespace) {
        crate::shell::quote(&name)
    } else {
        name.clone()
    };
    ui.print(&format!(
        "\nTo use this profile, specify the profile name using --profile, as shown:\n\naws s3 ls --profile {shown}\n"
    ));
    Ok(name)
}

/// Run `aws configure sso-session`: name, start URL, region and registration scopes
/// prompts, then the `[sso-session name]` section written; returns the session name.
pub fn configure_sso_session(session: &Session, ui: &mut dyn LoginUi) -> Result<String> {
    let name = ui.prompt("SSO session name: ")?.trim().to_string();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(ConfigError::Sso(
            "An SSO session name without spaces is required".into(),
        ));
    }
    let section = session
        .files()
        .config()
        .ok()
        .flatten()
        .and_then(|c| c.sso_session(&name));
    let current = |k: &str| {
        section
            .and_then(|s| s.get(k))
            .and_then(|v| v.as_text())
            .map(str::to_string)
    };
    let start_url = prompt_value(ui, "SSO start URL", current("sso_start_url").as_deref())?
        .ok_or_else(|| ConfigError::Sso("An SSO start URL is required".into()))?;
    let region = prompt_value(ui, "SSO region", current("sso_region").as_deref())?
        .ok_or_else(|| ConfigError::Sso("An SSO region is required".into()))?;
    let scopes = current("sso_registration_scopes").unwrap_or_else(|| super::DEFAULT_SCOPE.into());
    let scopes = prompt_value(ui, "SSO registration scopes", Some(&scopes))?.unwrap_or(scopes);
    update_config(
        &session.files().config_location().path,
        &format!("sso-session {name}"),
        &[
            ("sso_start_url".into(), WriteValue::Text(start_url)),
            ("sso_region".into(), WriteValue::Text(region)),
            ("sso_registration_scopes".into(), WriteValue::Text(scopes)),
        ],
        false,
    )?;
    ui.print(&format!(
        "\nCompleted configuring SSO session: {name}\nRun the following to login and refresh access token for this session:\n\naws sso login --sso-session {name}\n"
    ));
    Ok(name)
}
