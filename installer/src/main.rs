//! The `install` program shipped in every aws2 bundle (`aws/install`).
//!
//! It keeps the interface of the AWS CLI v2 installer script (`-i`, `-b`, `-u`, `-h`) and adds
//! verification of the signed bundle, atomic side-by-side updates, pruning, `--rollback`,
//! `--uninstall`, `--verify-zip` and updates from a signed
//! channel (`--channel`). It depends only on the bundle format crate, never on the CLI.

mod channel;
mod checkpoint;
mod cli;
mod fetch;
mod fsops;
mod install;
mod layout;
mod lock;
mod remove;
mod rollback;
mod source;
mod state;
mod trusted;
mod uninstall;

use std::process::ExitCode;

use cli::Command;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("{message}");
            eprintln!("{}", cli::SHORT_USAGE);
            return ExitCode::from(1);
        }
    };
    let result = match command {
        Command::Help => {
            print!("{}", cli::HELP);
            Ok(())
        }
        Command::Install(opts) => install::run(&opts),
        Command::Channel(opts) => channel::run(&opts),
        Command::Rollback(dirs) => rollback::run(&dirs),
        Command::Uninstall(dirs) => uninstall::run(&dirs),
        Command::VerifyZip { zip, sig } => source::verify_zip(&zip, &sig),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}", one_line(&err));
            ExitCode::from(1)
        }
    }
}

/// Renders an error and its causes on one line.
fn one_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}
