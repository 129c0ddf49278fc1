//! The `sso` commands `login` and `logout`, and `aws configure sso`, over
//! `aws2_config::sso_login` with the terminal user interface.

use aws2_config::sso_login::flow::LoginOptions;
use aws2_config::sso_login::terminal::TerminalUi;
use aws2_config::sso_login::{self, configure_sso, configure_sso_session, login, logout};

use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;

/// The subcommands this module runs.
pub const SUBCOMMANDS: &[&str] = &["login", "logout"];

/// The flags given and the `(name, value)` options given.
type Options = (Vec<String>, Vec<(String, String)>);

/// `--name` flags and `--name value` options of a subcommand.
fn options(words: &[String], flags: &[&str], valued: &[&str]) -> Result<Options, CliError> {
    let mut set = Vec::new();
    let mut values = Vec::new();
    let mut unknown = Vec::new();
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        if flags.contains(&word.as_str()) {
            set.push(word.clone());
        } else if valued.contains(&word.as_str()) {
            let value = iter.next().ok_or_else(|| {
                CliError::usage(format!("argument {word}: expected one argument"))
            })?;
            values.push((word.clone(), value.clone()));
        } else {
            unknown.push(word.clone());
        }
    }
    if unknown.is_empty() {
        Ok((set, values))
    } else {
        Err(CliError::unknown_custom_options(&unknown))
    }
}

/// Runs `aws sso ...` with the words after `sso`.
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let session = session::config_session(globals);
    match words.first().map(String::as_str) {
        Some("login") => {
            let (flags, values) = options(
                &words[1..],
                &["--no-browser", "--use-device-code"],
                &["--sso-session"],
            )?;
            let cfg = match values.iter().find(|(n, _)| n == "--sso-session") {
                Some((_, name)) => sso_login::session_config(&session, name),
                None => sso_login::profile_config(&session),
            }
            .map_err(CliError::from)?;
            let clients = session::service_clients(globals, &session)?;
            let opts = LoginOptions {
                no_browser: flags.iter().any(|f| f == "--no-browser"),
            };
            login(&session, &clients, &cfg, &mut TerminalUi, &opts).map_err(CliError::from)?;
            Ok(0)
        }
        Some("logout") => {
            options(&words[1..], &[], &[])?;
            let clients = session::service_clients(globals, &session)?;
            logout(&session, &clients).map_err(CliError::from)?;
            Ok(0)
        }
        Some(other) => Err(CliError::invalid_choice("operation", other, SUBCOMMANDS)),
        None => Err(CliError::usage(
            "the following arguments are required: operation",
        )),
    }
}

/// Runs `aws configure sso` / `aws configure sso-session` (`sub`) with the words after it.
pub fn configure(globals: &GlobalOptions, sub: &str, words: &[String]) -> Result<i32, CliError> {
    if sub == "sso-session" {
        options(words, &[], &[])?;
        let session = session::config_session(globals);
        configure_sso_session(&session, &mut TerminalUi).map_err(CliError::from)?;
        return Ok(0);
    }
    let (flags, _) = options(words, &["--no-browser", "--use-device-code"], &[])?;
    let session = session::config_session(globals);
    let clients = session::service_clients(globals, &session)?;
    let opts = LoginOptions {
        no_browser: flags.iter().any(|f| f == "--no-browser"),
    };
    configure_sso(&session, &clients, &mut TerminalUi, &opts).map_err(CliError::from)?;
    Ok(0)
}
