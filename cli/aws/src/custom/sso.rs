//! The `sso` commands `login` and `logout`, and `aws configure sso`, over
//! `aws2_config::sso_login` with the terminal user interface.

use aws2_config::sso_login::flow::LoginOptions;
use aws2_config::sso_login::terminal::TerminalUi;
use aws2_config::sso_login::{self, configure_sso, configure_sso_session, login, logout};

use crate::args::argparse::Parsed;
use crate::args::custom;
use crate::command;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;

/// The subcommands this module runs.
pub const SUBCOMMANDS: &[&str] = &["login", "logout"];

/// Parses the words after `group sub` against that command's declaration.
fn parse_args(group: &str, sub: &str, words: &[String]) -> Result<Parsed, CliError> {
    let spec = command::command(group, sub).expect("a declared sso command");
    custom::parse(spec, words)
}

/// Runs `aws sso ...` with the words after `sso`.
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let session = session::config_session(globals);
    match words.first().map(String::as_str) {
        Some("login") => {
            let args = parse_args("sso", "login", &words[1..])?;
            let cfg = match args.value("sso-session") {
                Some(name) => sso_login::session_config(&session, name),
                None => sso_login::profile_config(&session),
            }
            .map_err(CliError::from)?;
            let clients = session::service_clients(globals, &session)?;
            let opts = LoginOptions {
                no_browser: args.flag("no-browser"),
            };
            login(&session, &clients, &cfg, &mut TerminalUi, &opts).map_err(CliError::from)?;
            Ok(0)
        }
        Some("logout") => {
            parse_args("sso", "logout", &words[1..])?;
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
        parse_args("configure", sub, words)?;
        let session = session::config_session(globals);
        configure_sso_session(&session, &mut TerminalUi).map_err(CliError::from)?;
        return Ok(0);
    }
    let args = parse_args("configure", sub, words)?;
    let session = session::config_session(globals);
    let clients = session::service_clients(globals, &session)?;
    let opts = LoginOptions {
        no_browser: args.flag("no-browser"),
    };
    configure_sso(&session, &clients, &mut TerminalUi, &opts).map_err(CliError::from)?;
    Ok(0)
}
