//! `aws rds generate-db-auth-token`, beside the operations of the RDS API: an IAM
//! authentication token for a database, which is a URL of the database's host and port
//! pre-signed for the `rds-db` signing name (`Action=connect`, `DBUser`), valid for 15
//! minutes and printed without its scheme.

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::presigned::{presign_now, python_int, token_client};

/// How long the token is valid, in seconds.
const EXPIRES: i64 = 900;

/// The `rds` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "rds",
    description: "Amazon Relational Database Service, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "generate-db-auth-token",
        description: "Generates an auth token used to connect to a db with IAM credentials.",
        options: &[
            O::value("hostname", "The hostname of the database to connect to.").required(),
            O::value("port", "The port number the database is listening on.")
                .typed("integer")
                .required(),
            O::value("username", "The username to log in as.").required(),
        ],
    }],
};

/// Runs `aws rds generate-db-auth-token` (`words` from `rds` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP
        .command("generate-db-auth-token")
        .expect("rds generate-db-auth-token is declared");
    let args = custom::parse(spec, &words[2..])?;
    let hostname = args.value("hostname").unwrap_or_default();
    let port = python_int(args.value("port").unwrap_or_default())?;
    let username = args.value("username").unwrap_or_default();
    let client = token_client(globals, "rds")?;
    let region = client.region().unwrap_or_default().to_owned();
    let base = format!("https://{hostname}:{port}");
    let signed = !globals.no_sign_request;
    if signed {
        check_port(port)?;
    }
    let params = [("Action", "connect"), ("DBUser", username)];
    let url = client
        .presign_url(&base, &params, "rds-db", &region, &presign_now(EXPIRES))
        .map_err(crate::call_error::call_error)?;
    println!("{}", url.strip_prefix("https://").unwrap_or(&url));
    Ok(0)
}

/// A port the URL of the token can have, with the messages of Python's URL parser.
fn check_port(port: i64) -> Result<(), CliError> {
    if port < 0 {
        return Err(CliError::other(format!(
            "Port could not be cast to integer value as '{port}'"
        )));
    }
    if port > 65535 {
        return Err(CliError::other("Port out of range 0-65535"));
    }
    Ok(())
}
