//! `aws dsql generate-db-connect-auth-token` and `generate-db-connect-admin-auth-token`,
//! beside the operations of the Aurora DSQL API: a URL of the cluster endpoint pre-signed
//! for the `dsql` signing name (`Action=DbConnect` or `DbConnectAdmin`), valid for
//! `--expires-in` seconds (900 by default) and printed without its scheme.

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::presigned::{presign_now, python_int, token_client};

/// The options of both commands.
const OPTIONS: &[O] = &[
    O::value("hostname", "Cluster endpoint e.g. http://test.example.com").required(),
    O::value(
        "expires-in",
        "Token expiry duration in seconds e.g. 3600. Default is 900 seconds.",
    )
    .typed("integer"),
];

/// The `dsql` commands the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "dsql",
    description: "Amazon Aurora DSQL, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[
        CommandSpec {
            name: "generate-db-connect-auth-token",
            description: "Generates an authorization token used to connect to a DSQL database with IAM credentials.",
            options: OPTIONS,
        },
        CommandSpec {
            name: "generate-db-connect-admin-auth-token",
            description: "Generates an Admin authorization token used to connect to a DSQL database with IAM credentials.",
            options: OPTIONS,
        },
    ],
};

/// Runs `aws dsql generate-db-connect[-admin]-auth-token` (`words` from `dsql` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let sub = words[1].as_str();
    let spec = GROUP.command(sub).expect("a declared dsql command");
    let action = match sub {
        "generate-db-connect-admin-auth-token" => "DbConnectAdmin",
        _ => "DbConnect",
    };
    let args = custom::parse(spec, &words[2..])?;
    let hostname = args.value("hostname").unwrap_or_default();
    let expires = match args.value("expires-in") {
        Some(text) => python_int(text)?,
        None => 900,
    };
    let client = token_client(globals, "dsql")?;
    let region = client.region().unwrap_or_default().to_owned();
    let base = format!("https://{hostname}");
    let url = client
        .presign_url(
            &base,
            &[("Action", action)],
            "dsql",
            &region,
            &presign_now(expires),
        )
        .map_err(crate::call_error::call_error)?;
    println!("{}", url.strip_prefix("https://").unwrap_or(&url));
    Ok(0)
}
