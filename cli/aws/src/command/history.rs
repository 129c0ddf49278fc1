//! `aws history list` and `aws history show`: the commands recorded in the history database
//! (see [`crate::history`]), shown as the AWS CLI v2 shows them.

use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::history::{db, list, show};

/// The subcommands of `history`, in the order the AWS CLI lists them.
pub const SUBCOMMANDS: &[&str] = &["show", "list"];

/// Runs `aws history show|list` (`words` from `history` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let words = &words[1..];
    let sub = match words.first().map(String::as_str) {
        Some(sub @ ("show" | "list")) => sub,
        Some(other) => return Err(CliError::invalid_choice("subcommand", other, SUBCOMMANDS)),
        None => {
            return Err(CliError::validation(
                "usage: aws [options] history <subcommand> [parameters]\naws: [ERROR]: too few arguments",
            ))
        }
    };
    let spec = GROUP.command(sub).expect("a declared history command");
    let args = custom::parse(spec, &words[1..])?;
    let include = args.values("include");
    let exclude = args.values("exclude");
    let path = db::path();
    if !path.exists() {
        return Err(CliError::other(
            "Could not locate history. Make sure cli_history is set to enabled in the ~/.aws/config file",
        ));
    }
    let connection = db::open(&path).map_err(|e| CliError::other(sqlite_message(&e)))?;
    if sub == "show" && !include.is_empty() && !exclude.is_empty() {
        return Err(CliError::validation(
            "Either --exclude or --include can be provided but not both",
        ));
    }
    let text = if sub == "list" {
        let summaries = db::summaries(&connection).map_err(|e| CliError::other(sqlite_message(&e)))?;
        if summaries.is_empty() {
            return Err(CliError::other(
                "No commands were found in your history. Make sure you have enabled history mode by adding \"cli_history = enabled\" to the config file.",
            ));
        }
        list::render(&summaries).map_err(CliError::other)?
    } else {
        let id = args.value("command_id").filter(|id| *id != "latest");
        let records = db::records(&connection, id).map_err(|e| CliError::other(sqlite_message(&e)))?;
        let owned = |v: Vec<&str>| (!v.is_empty()).then(|| v.into_iter().map(str::to_owned).collect());
        let filter = show::Filter {
            include: owned(include),
            exclude: owned(exclude),
        };
        show::render(&records, &filter, use_color(globals)).map_err(CliError::other)?
    };
    drop(connection);
    page(globals, &text, sub == "list")?;
    Ok(0)
}

/// SQLite's message, as Python's `sqlite3` reports it (`file is not a database`).
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        rusqlite::Error::SqliteFailure(code, None) => code.to_string(),
        other => other.to_string(),
    }
}

/// `--color`: on, off, or (auto) when stdout is a terminal.
fn use_color(globals: &GlobalOptions) -> bool {
    match globals.color.as_deref() {
        Some("on") => true,
        Some("off") => false,
        _ => cfg!(unix) && crate::pager::stdout_is_terminal(),
    }
}

/// Writes the text, through the `cli_pager` on a terminal (`less` flags `SR` for `list`).
fn page(globals: &GlobalOptions, text: &str, list: bool) -> Result<(), CliError> {
    let pager = if !globals.no_cli_pager && crate::pager::stdout_is_terminal() {
        let session = crate::session::config_session(globals);
        match session.value("cli_pager").map_err(|e| CliError::other(e.to_string()))? {
            Some(cmd) => Some(cmd),
            None => Some("less -R".to_owned()),
        }
    } else {
        None
    };
    if list && pager.is_some() && std::env::var_os("LESS").is_none() {
        std::env::set_var("LESS", "SR");
    }
    crate::pager::show_through(text, pager.as_deref()).map_err(|e| CliError::other(e.to_string()))
}

/// `aws history`: the commands recorded when `cli_history` is enabled.
pub const GROUP: GroupSpec = GroupSpec {
    name: "history",
    description: "Commands to interact with the history of AWS CLI commands ran over time. To record the history of AWS CLI commands set cli_history to enabled in the ~/.aws/config file. This can be done by running:\n\n$ aws configure set cli_history enabled",
    extends_service: false,
    own: None,
    commands: &[
        CommandSpec {
            name: "show",
            description: "Shows the various events related to running a specific CLI command. If this command is ran without any positional arguments, it will display the events for the last CLI command ran.",
            options: &[
                O {
                    doc: "The ID of the CLI command to show. If this positional argument is omitted, it will show the last the CLI command ran.",
                    required: false,
                    ..O::positional("command_id", Nargs::Optional("latest"), "command_id <value>")
                },
                O::value("include", "Specifies which events to only include when showing the CLI command. This argument is mutually exclusive with --exclude.").nargs(Nargs::OneOrMore),
                O::value("exclude", "Specifies which events to exclude when showing the CLI command. This argument is mutually exclusive with --include.").nargs(Nargs::OneOrMore),
                O::value("format", "Specifies which format to use in showing the events for the specified CLI command. The following formats are supported:\n\n- detailed - This the default format. It prints out a detailed overview of the CLI command ran. It displays all of the key events in the command lifecycle where each important event has a title and its important values underneath. The events are ordered by timestamp and events of the same API call are associated together with the [api_id] notation where events that share the same api_id belong to the lifecycle of the same API call.").choices(&["detailed"]),
            ],
        },
        CommandSpec {
            name: "list",
            description: "Shows a list of previously run commands and their command_ids. Each row shows only a bare minimum of details including the command_id, date, arguments and return code. You can use the history show with the command_id to see more details about a particular entry.",
            options: &[],
        },
    ],
};
