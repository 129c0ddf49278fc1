//! The `configure` command: `aws configure` (the four prompts), `get`, `set`, `list`,
//! `list-profiles`, `import --csv`, `export-credentials`, and `sso` / `sso-session`
//! (handed to the `sso` module). The logic lives in `aws2_config::configure`; this module
//! maps words to those calls and prints what they return.

use std::io::Write;

use aws2_config::configure::{self, CommandOutput, ExportFormat, ImportOptions};
use aws2_config::credentials::CredentialChain;
use aws2_config::Session;

use crate::args::argparse::Parsed;
use crate::args::custom;
use crate::command;
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
    let spec = command::command("configure", sub).expect("a declared configure subcommand");
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

/// Runs `aws configure ...` with the words after `configure`.
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
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
        "sso" | "sso-session" => crate::custom::sso::configure(globals, sub, rest),
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
