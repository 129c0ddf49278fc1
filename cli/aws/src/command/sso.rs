//! `aws sso login` and `aws sso logout`, beside the operations of the SSO portal API: their
//! declaration, and their run over `aws2_config::sso_login` with the terminal user interface.

use aws2_config::sso_login::flow::LoginOptions;
use aws2_config::sso_login::terminal::TerminalUi;
use aws2_config::sso_login::{self, login, logout};

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::argparse::Parsed;
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;

/// The subcommands this module runs.
pub const SUBCOMMANDS: &[&str] = &["login", "logout"];

/// Parses the words after `group sub` against that command's declaration.
fn parse_args(sub: &str, words: &[String]) -> Result<Parsed, CliError> {
    let spec = GROUP.command(sub).expect("a declared sso command");
    custom::parse(spec, words)
}

/// Runs `aws sso login|logout` (`words` from `sso` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let words = &words[1..];
    let session = session::config_session(globals);
    match words.first().map(String::as_str) {
        Some("login") => {
            let args = parse_args("login", &words[1..])?;
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
            parse_args("logout", &words[1..])?;
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

/// `aws sso login` and `aws sso logout`, beside the operations of the SSO portal API.
pub const GROUP: GroupSpec = GroupSpec {
    name: "sso",
    description: "IAM Identity Center (SSO) sign-in for the CLI, besides the operations of the SSO portal API.",
    extends_service: true,
    own: None,
    commands: &[
        CommandSpec {
            name: "login",
            description: "Retrieves and caches an AWS IAM Identity Center access token to exchange for AWS credentials. Opens a browser (or prints a URL and code) to sign in; the token is cached under ~/.aws/sso/cache.",
            options: &[
                O::value("sso-session", "The name of the sso-session section to sign in with."),
                super::configure::NO_BROWSER,
                super::configure::USE_DEVICE_CODE,
            ],
        },
        CommandSpec {
            name: "logout",
            description: "Removes all cached IAM Identity Center access tokens and the AWS credentials retrieved with them.",
            options: &[],
        },
    ],
};
