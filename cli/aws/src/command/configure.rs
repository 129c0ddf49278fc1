//! `aws configure` and its subcommands, declared with the options aws2 implements: `aws
//! configure` (the four prompts), `get`, `set`, `list`, `list-profiles`, `import --csv`,
//! `export-credentials`, `sso` and `sso-session`. The logic lives in `aws2_config::configure`
//! and `aws2_config::sso_login`; running a command maps its options to those calls and prints
//! what they return.

use std::io::Write;

use aws2_config::configure::{self, CommandOutput, ExportFormat, ImportOptions};
use aws2_config::credentials::CredentialChain;
use aws2_config::Session;

use aws2_config::sso_login::{self, flow::LoginOptions, terminal::TerminalUi};

use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O};
use crate::args::argparse::Parsed;
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;

/// The subcommands of `configure`, in the order the AWS CLI lists them.
pub const SUBCOMMANDS: &[&str] = &[
    "list",
    "get",
    "set",
    "add-model",
    "import",
    "list-profiles",
    "sso",
    "sso-session",
    "export-credentials",
];

/// Parses the words after `configure <sub>` against the subcommand's declaration.
fn parse_args(sub: &str, words: &[String]) -> Result<Parsed, CliError> {
    let spec = GROUP.command(sub).expect("a declared configure subcommand");
    custom::parse(spec, words)
}

fn print(output: &CommandOutput) -> i32 {
    let _ = std::io::stdout().write_all(output.stdout.as_bytes());
    let _ = std::io::stdout().flush();
    if !output.stderr.is_empty() {
        let mut err = std::io::stderr();
        // A failure's message is an error line; anything else (a warning) is printed as is.
        if output.exit_code != 0 {
            let _ = err.write_all(crate::error::error_line(&output.stderr).as_bytes());
        } else {
            let _ = err.write_all(output.stderr.as_bytes());
            if !output.stderr.ends_with('\n') {
                let _ = err.write_all(b"\n");
            }
        }
    }
    output.exit_code
}

fn print_text(text: &str) -> i32 {
    print(&CommandOutput {
        stdout: text.to_string(),
        ..CommandOutput::default()
    })
}

/// Runs `aws configure ...` (`words` from `configure` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let words = &words[1..];
    let session = session::config_session(globals);
    let Some(sub) = words.first() else {
        return interactive(&session);
    };
    let rest = &words[1..];
    match sub.as_str() {
        "get" => {
            let args = parse_args(sub, rest)?;
            let varname = args.value("varname").unwrap_or_default();
            let out = configure::configure_get(&session, varname).map_err(CliError::from)?;
            Ok(print(&out))
        }
        "set" => {
            let args = parse_args(sub, rest)?;
            let (varname, value) = (args.value("varname"), args.value("value"));
            configure::configure_set(
                &session,
                varname.unwrap_or_default(),
                value.unwrap_or_default(),
            )
            .map_err(CliError::from)?;
            Ok(0)
        }
        "list" => {
            parse_args(sub, rest)?;
            let clients = session::remote_clients(globals, &session, "sts")?;
            Ok(print(&configure::configure_list(&session, &clients)))
        }
        "list-profiles" => {
            parse_args(sub, rest)?;
            let text = configure::list_profiles(&session).map_err(CliError::from)?;
            Ok(print_text(&text))
        }
        "import" => import(&session, rest),
        "export-credentials" => export(globals, &session, rest),
        "sso" | "sso-session" => configure_sso(globals, sub, rest),
        "add-model" => Err(CliError::other(
            "aws configure add-model is not supported by this version of the AWS CLI",
        )),
        other if other.starts_with("--") => Err(CliError::unknown_custom_options(words)),
        other => Err(CliError::invalid_choice("subcommand", other, SUBCOMMANDS)),
    }
}

fn interactive(session: &Session) -> Result<i32, CliError> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = std::io::stdout();
    configure::configure_interactive(session, &mut input, &mut output).map_err(CliError::from)?;
    Ok(0)
}

fn import(session: &Session, words: &[String]) -> Result<i32, CliError> {
    let args = parse_args("import", words)?;
    let Some(csv) = args.value("csv") else {
        return Err(CliError::usage(
            "the following arguments are required: --csv",
        ));
    };
    let contents = match aws2_params::paramfile::load(csv) {
        Ok(Some(aws2_params::ParamFileContent::Text(t))) => t,
        Ok(Some(aws2_params::ParamFileContent::Binary(b))) => {
            String::from_utf8_lossy(&b).into_owned()
        }
        Ok(None) => csv.to_string(),
        Err(e) => return Err(CliError::other(e.to_string())),
    };
    let options = ImportOptions {
        skip_invalid: args.flag("skip-invalid"),
        profile_prefix: args.value("profile-prefix").unwrap_or("").to_string(),
    };
    let text = configure::import_csv(session, &contents, &options).map_err(CliError::from)?;
    Ok(print_text(&text))
}

fn export(globals: &GlobalOptions, session: &Session, words: &[String]) -> Result<i32, CliError> {
    let args = parse_args("export-credentials", words)?;
    let format = ExportFormat::parse(args.value("format").unwrap_or("process"))
        .map_err(|e| CliError::usage(e.to_string()))?;
    let clients = session::remote_clients(globals, session, "sts")?;
    let found = CredentialChain::default_for(session)
        .resolve(session, &clients)
        .map_err(|e| CliError::other(format!("Unable to retrieve credentials: {e}")))?
        .ok_or_else(|| CliError::other("Unable to retrieve credentials: no credentials found"))?;
    Ok(print_text(&configure::export_credentials(
        &found.credentials,
        format,
    )))
}

/// Runs `aws configure sso` / `aws configure sso-session` (`sub`) with the words after it.
fn configure_sso(globals: &GlobalOptions, sub: &str, words: &[String]) -> Result<i32, CliError> {
    if sub == "sso-session" {
        parse_args(sub, words)?;
        let session = session::config_session(globals);
        sso_login::configure_sso_session(&session, &mut TerminalUi).map_err(CliError::from)?;
        return Ok(0);
    }
    let args = parse_args(sub, words)?;
    let session = session::config_session(globals);
    let clients = session::service_clients(globals, &session)?;
    let opts = LoginOptions {
        no_browser: args.flag("no-browser"),
    };
    sso_login::configure_sso(&session, &clients, &mut TerminalUi, &opts).map_err(CliError::from)?;
    Ok(0)
}


pub(crate) const NO_BROWSER: O = O::flag(
    "no-browser",
    "Do not open a browser; print the URL to open instead.",
);
pub(crate) const USE_DEVICE_CODE: O = O::flag(
    "use-device-code",
    "Use the device code flow even when a browser could be used.",
);

/// `aws configure`.
pub const GROUP: GroupSpec = GroupSpec {
    name: "configure",
    description: "Configure AWS CLI options. If this command is run with no arguments, you will be prompted for configuration values such as your AWS Access Key Id and your AWS Secret Access Key. You can configure a named profile using the --profile argument. If your config file does not exist (the default location is ~/.aws/config), the AWS CLI will create it for you. To keep an existing value, hit enter when prompted for the value. When you are prompted for information, the current value will be displayed in [brackets]. Note that the configure command only works with values from the config file. It does not use any configuration values from environment variables or the IAM role.",
    extends_service: false,
    own: None,
    commands: &[
        CommandSpec {
            name: "list",
            description: "Lists the profile, access key, secret key, and region configuration information used for the specified profile, and where each value comes from.",
            options: &[],
        },
        CommandSpec {
            name: "get",
            description: "Get a configuration value from the config file. The name is a key of the current profile (region), a dotted name for another profile (profile.dev.region) or a nested value (default.s3.max_concurrent_requests).",
            options: &[O::positional("varname", Nargs::One, "varname")],
        },
        CommandSpec {
            name: "set",
            description: "Set a configuration value in the config file (credentials keys go to the credentials file). Comments and order of the files are kept.",
            options: &[
                O::positional("varname", Nargs::One, "varname"),
                O::positional("value", Nargs::One, "value"),
            ],
        },
        CommandSpec {
            name: "import",
            description: "Import access keys from a CSV file generated by the IAM console.",
            options: &[
                O::value("csv", "The credentials in CSV format (file:// to read a file).").required(),
                O::flag("skip-invalid", "Skip entries that are not valid instead of failing."),
                O::value("profile-prefix", "A prefix added to the profile names."),
            ],
        },
        CommandSpec {
            name: "list-profiles",
            description: "List the profiles available to the AWS CLI.",
            options: &[],
        },
        CommandSpec {
            name: "export-credentials",
            description: "Export the credentials the CLI resolves for a profile in a format other tools read.",
            options: &[O::value("format", "process (the default, JSON for credential_process), env, env-no-export, powershell or windows-cmd.")
                .choices(&["process", "env", "env-no-export", "powershell", "windows-cmd"])],
        },
        CommandSpec {
            name: "sso",
            description: "Configure a profile to use IAM Identity Center (SSO) credentials: asks for the start URL and region, signs in, and lets you pick an account and role.",
            options: &[NO_BROWSER, USE_DEVICE_CODE],
        },
        CommandSpec {
            name: "sso-session",
            description: "Configure an [sso-session] section of the config file.",
            options: &[],
        },
    ],
};
